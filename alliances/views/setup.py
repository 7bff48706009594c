"""Starting an alliance, and keeping what it says about itself up to date."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from alliances import leadership
from alliances.forms import AllianceEditForm, StartAllianceForm
from alliances.roles import start_alliance, update_details
from alliances.models import Alliance, Designation
from alliances.permissions import MANAGING_ROLES, schools_acting_for
from alliances.rules import RuleBroken
from alliances.views.membership import managed_alliance
from alliances.views.refusals import carried_out, show_refusal
from registry.models import School

DETAILS = ("description", "ethos", "specialisms", "delivery_areas")
# Kept by the leads once the alliance has started.
CONTACT = ("contact_name", "contact_email", "contact_phone", "website")


@login_required
def start(request):
    """A teaching school's leader or business manager starts an alliance led by their school."""
    leads = School.objects.filter(
        pk__in=schools_acting_for(request.user, MANAGING_ROLES),
        designations__status__in=Designation.ACTIVE_STATUSES,
    ).order_by("name")
    form = StartAllianceForm(request.POST or None, leads=leads)
    if carried_out(
        request, form,
        lambda data: start_alliance(
            request.user, data["name"], data["alliance_type"], [data["lead"], *data["other_lead_urns"]],
            **{name: data[name] for name in DETAILS},
        ),
        done=lambda alliance: f"{alliance.name} has started. Schools can now find it and ask to join.",
    ):
        return redirect(form.outcome)
    return render(request, "alliances/start.html", {"form": form, "can_start": leads.exists()})


@login_required
def edit(request, slug):
    alliance = managed_alliance(request, slug)
    initial = {name: getattr(alliance, name) for name in (*DETAILS, *CONTACT)}
    form = AllianceEditForm(request.POST or None, initial={**initial, "patch": alliance.patch.all()})
    if request.method == "POST" and form.is_valid():
        details = {name: form.cleaned_data[name] for name in (*DETAILS, *CONTACT)}
        update_details(request.user, alliance, form.cleaned_data["patch"], **details)
        messages.success(request, "The alliance's details are saved.")
        return redirect(alliance)
    return render(request, "alliances/edit.html", {"alliance": alliance, "form": form})


@login_required
@require_POST
def settle_leadership(request, slug):
    """Leads of an alliance left with one designated lead end the others' roles and become single."""
    alliance = managed_alliance(request, slug)
    new_type = request.POST.get("alliance_type", "")
    if new_type not in Alliance.Type.values:
        messages.error(request, "Choose the type the alliance becomes.")
        return redirect(alliance)
    try:
        alliance = leadership.settle_leadership(request.user, alliance, new_type)
    except RuleBroken as refused:
        show_refusal(request, refused)
    else:
        messages.success(request, f"{alliance.name} is now a {alliance.get_alliance_type_display().lower()} alliance.")
    return redirect(alliance)
