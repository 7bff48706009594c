"""Asking to act for a school or organisation (find it, choose, say your role), proposing an
organisation the registry lacks, and Your schools: what you act for and what you have asked."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts import affiliation_requests, colleagues
from accounts.affiliation_forms import AskForm, FindForm, ProposeForm
from accounts.emails import people_url
from accounts.models import Affiliation, AffiliationRequest
from alliances.rules import RuleBroken
from alliances.views.refusals import carried_out, show_refusal
from registry.filters import SchoolFilter
from registry.models import Organisation, School

FOUND_AT_MOST = 20


def site_root(request):
    """The address emails link from: this site, as the person reached it."""
    return request.build_absolute_uri("/")[:-1]


@login_required
def act_for(request):
    form = FindForm(request.GET or None)
    schools = organisations = None
    if form.is_valid():
        if q := form.cleaned_data["q"].strip():
            # The school search's own matching (name, URN, postcode); open schools only.
            found = SchoolFilter({"q": q, "status": "open"}, queryset=School.objects.all()).qs
            schools = list(found.select_related("local_authority")[:FOUND_AT_MOST])
        if name := form.cleaned_data["organisation"].strip():
            organisations = list(Organisation.objects.filter(name__icontains=name).order_by("name")[:FOUND_AT_MOST])
    return render(request, "accounts/act_for.html", {"form": form, "schools": schools, "organisations": organisations})


def _ask(request, body, template_context):
    form = AskForm(request.POST or None)
    if carried_out(
        request, form, lambda data: affiliation_requests.ask_to_act_for(request.user, body, data["role"], data["note"]),
        done=f"You have asked to act for {body.name}. You will get an email when it is decided.",
    ):
        return redirect("accounts:your-schools")
    return render(request, "accounts/ask.html", {"form": form, "body": body, **template_context})


@login_required
def act_for_school(request, urn):
    school = get_object_or_404(School, urn=urn)
    return _ask(request, school, {"closed": not school.is_open})


@login_required
def act_for_organisation(request, pk):
    return _ask(request, get_object_or_404(Organisation, pk=pk), {"closed": False})


@login_required
def propose_organisation(request):
    form = ProposeForm(request.POST or None)
    if carried_out(
        request, form,
        lambda data: affiliation_requests.propose_organisation(request.user, data["name"], data["kind"], data["website"], data["role"], data["note"]),
        done=lambda _: f"You have proposed {form.cleaned_data['name']}. The support team will decide, and email you.",
    ):
        return redirect("accounts:your-schools")
    return render(request, "accounts/propose_organisation.html", {"form": form})


@login_required
def your_schools(request):
    user = request.user
    affiliations = user.affiliations.select_related("school", "organisation").order_by("created_at")
    requests = AffiliationRequest.objects.filter(user=user).select_related("school", "organisation", "decided_by")
    return render(
        request,
        "accounts/your_schools.html",
        {
            "affiliations": affiliations,
            "pending": [r for r in requests if r.status == AffiliationRequest.Status.PENDING],
            "decided": [r for r in requests if r.status != AffiliationRequest.Status.PENDING][:20],
            "deciding": affiliation_requests.waiting_for(user),
        },
    )


@login_required
@require_POST
def withdraw_request(request, pk):
    asked = get_object_or_404(AffiliationRequest, pk=pk)
    try:
        affiliation_requests.withdraw(request.user, asked)
    except RuleBroken as refused:
        show_refusal(request, refused)
    else:
        messages.success(request, f"Your request to act for {asked.body_name} is withdrawn.")
    return redirect("accounts:your-schools")


@login_required
@require_POST
def remove(request, pk):
    """A leader removes a colleague, or a person leaves; back to where they were."""
    affiliation = get_object_or_404(Affiliation.objects.select_related("user", "school", "organisation"), pk=pk)
    leaving = affiliation.user_id == request.user.pk
    try:
        colleagues.remove(request.user, affiliation)
    except RuleBroken as refused:
        show_refusal(request, refused)
    else:
        body = affiliation.body.name
        messages.success(request, f"You no longer act for {body}." if leaving else f"{affiliation.user} no longer acts for {body}.")
    if leaving:
        return redirect("accounts:your-schools")
    return redirect(people_url(affiliation.body))
