"""Asking to join, deciding on requests, memoranda, agreements and moves to successor schools."""
from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from alliances import agreements, joining, lead_removal, member_list, memoranda, roles, successors
from alliances.forms import AcceptForm, AgreementForm, DelivererForm, EndRoleConfirmForm, InviteLeadForm, JoinForm, MemorandumForm, ReasonForm, SignForm
from alliances.models import Agreement, Alliance, AllianceRole, LeadInvitation, Memorandum, MembershipRequest, SuccessorMove
from alliances.permissions import MANAGING_ROLES, can_manage, can_see_members_only, require, schools_acting_for
from alliances.rules import RuleBroken
from alliances.views.refusals import carried_out, show_refusal
from registry.models import School


@login_required
def join(request, slug):
    alliance = get_object_or_404(Alliance, slug=slug)
    # Asking binds the whole school, so only its leader or business manager can.
    schools = School.objects.open().filter(pk__in=schools_acting_for(request.user, MANAGING_ROLES)).order_by("name")
    if not schools.exists():
        return render(request, "alliances/join.html", {"alliance": alliance, "form": None}, status=403)
    form = JoinForm(request.POST or None, schools=schools)
    if carried_out(
        request, form, lambda data: joining.request_membership(alliance, data["school"], request.user, data["message"]),
        done=lambda _: f"{form.cleaned_data['school'].name} has asked to join {alliance.name}. Its leads will decide.",
    ):
        return redirect(alliance)
    return render(request, "alliances/join.html", {"alliance": alliance, "form": form})


def _require_manager(user, alliance):
    require(can_manage(user, alliance), f"Only the leaders and business managers of {alliance.name}'s lead schools run it.")


def managed_alliance(request, slug):
    """The alliance at this address, for its managers only (403 for anyone else)."""
    alliance = get_object_or_404(Alliance, slug=slug)
    _require_manager(request.user, alliance)
    return alliance


@login_required
def requests(request, slug):
    return _requests_page(request, managed_alliance(request, slug))


def _requests_page(request, alliance, refused_form=None, refused_pk=None):
    """The requests page; a refused accept or decline form is shown again as it was filled in,
    with the error summary at the top naming the school."""
    pending = alliance.membership_requests.filter(status=MembershipRequest.Status.PENDING).select_related("school", "school__trust")
    decided = alliance.membership_requests.exclude(status=MembershipRequest.Status.PENDING).select_related("school")[:25]
    moves = SuccessorMove.objects.filter(role__alliance=alliance, status=SuccessorMove.Status.PENDING).select_related(
        "role__school", "successor"
    )
    rows = []
    for join_request in pending:
        accept_form = AcceptForm(prefix=f"accept-{join_request.pk}", school=join_request.school)
        decline_form = ReasonForm(prefix=f"decline-{join_request.pk}")
        if join_request.pk == refused_pk:
            accept_form = refused_form if isinstance(refused_form, AcceptForm) else accept_form
            decline_form = refused_form if isinstance(refused_form, ReasonForm) else decline_form
        rows.append((join_request, accept_form, decline_form))
    refused_school = next((r.school for r in pending if r.pk == refused_pk), None)
    return render(
        request,
        "alliances/requests.html",
        {"alliance": alliance, "pending": rows, "decided": decided, "moves": moves,
         "refused_form": refused_form, "refused_school": refused_school},
    )


@login_required
@require_POST
def accept(request, pk):
    join_request = get_object_or_404(MembershipRequest.objects.select_related("school", "alliance"), pk=pk)
    _require_manager(request.user, join_request.alliance)
    form = AcceptForm(request.POST, prefix=f"accept-{pk}", school=join_request.school)
    if carried_out(
        request, form,
        lambda data: joining.accept_request(
            join_request,
            request.user,
            subscription_pence=int((data["subscription"] or Decimal(0)) * 100),
            period=data["period"],
            renewal_due_on=data["renewal_due_on"],
        ),
        done=f"{join_request.school.name} is now a member of {join_request.alliance.name}.",
    ):
        return redirect("alliances:requests", slug=join_request.alliance.slug)
    return _requests_page(request, join_request.alliance, form, pk)


@login_required
@require_POST
def decline(request, pk):
    join_request = get_object_or_404(MembershipRequest.objects.select_related("school", "alliance"), pk=pk)
    _require_manager(request.user, join_request.alliance)
    form = ReasonForm(request.POST, prefix=f"decline-{pk}")
    try:
        joining.decline_request(join_request, request.user, form.data.get(f"decline-{pk}-reason", ""))
    except RuleBroken as refused:
        form.is_valid()
        about_reason = form.has_error("reason")
        form.errors.pop("reason", None)
        form.add_error("reason" if about_reason else None, refused)
        return _requests_page(request, join_request.alliance, form, pk)
    messages.success(request, f"The request from {join_request.school.name} was declined.")
    return redirect("alliances:requests", slug=join_request.alliance.slug)


@login_required
@require_POST
def confirm_move(request, pk):
    move = get_object_or_404(SuccessorMove.objects.select_related("role__alliance"), pk=pk)
    _require_manager(request.user, move.role.alliance)
    try:
        successors.confirm_successor_move(move, request.user)
    except RuleBroken as refused:
        show_refusal(request, refused)
    else:
        messages.success(request, f"{move.successor.name} has taken over from {move.role.school.name}.")
    return redirect("alliances:requests", slug=move.role.alliance.slug)


@login_required
def memorandum(request, slug):
    alliance = get_object_or_404(Alliance, slug=slug)
    if not can_see_members_only(request.user, alliance):
        raise PermissionDenied
    current = Memorandum.latest_of(alliance)
    signable = alliance.member_schools().filter(pk__in=schools_acting_for(request.user, MANAGING_ROLES))
    if current:
        signable = signable.exclude(pk__in=current.signatures.values("school_id"))
    sign_form = SignForm(schools=signable) if current and signable.exists() else None
    manager = can_manage(request.user, alliance)
    publish_form = MemorandumForm(
        initial={"text": current.text if current else "", "fees": MemorandumForm.initial_fees(current)}
    ) if manager else None
    if request.method == "POST":
        _require_publisher_or_signatory(request.user, alliance, manager)
        try:
            if "publish" in request.POST and publish_form is not None:
                publish_form = MemorandumForm(request.POST)
                if publish_form.is_valid():
                    new = memoranda.publish_memorandum(
                        alliance, request.user, publish_form.cleaned_data["text"], publish_form.membership_is_free()
                    )
                    messages.success(request, f"Version {new.version} published. Member schools are asked to sign it.")
                    return redirect("alliances:memorandum", slug=slug)
            elif "sign" in request.POST and sign_form is not None:
                sign_form = SignForm(request.POST, schools=signable)
                if sign_form.is_valid():
                    school = sign_form.cleaned_data["school"]
                    memoranda.sign_memorandum(current, school, request.user)
                    messages.success(request, f"{school.name} has signed version {current.version} of the memorandum of understanding.")
                    return redirect("alliances:memorandum", slug=slug)
            else:
                raise RuleBroken("There is nothing here for you to publish or sign.")
        except RuleBroken as refused:
            form = publish_form if "publish" in request.POST and publish_form is not None else sign_form
            if form is not None and form.is_bound:
                form.add_error(None, refused)
            else:
                show_refusal(request, refused)
    return render(
        request,
        "alliances/memorandum.html",
        {
            "alliance": alliance,
            "memorandum": current,
            "signatures": current.signatures.select_related("school", "signed_by") if current else [],
            "sign_form": sign_form,
            "publish_form": publish_form,
        },
    )


def _require_publisher_or_signatory(user, alliance, manager):
    signatories = alliance.member_schools().filter(pk__in=schools_acting_for(user, MANAGING_ROLES))
    require(
        manager or signatories.exists(),
        f"Only {alliance.name}'s leads publish its memorandum, and only member schools' leaders or business managers sign it.",
    )


@login_required
def agreement(request, slug):
    alliance = get_object_or_404(Alliance, slug=slug)
    if not can_see_members_only(request.user, alliance):
        raise PermissionDenied
    leads = list(alliance.lead_schools())
    status = agreements.agreement_status(alliance)
    current = status.agreement
    my_unsigned = [s for s in status.unsigned_leads if s.pk in schools_acting_for(request.user, MANAGING_ROLES)]
    manager = can_manage(request.user, alliance)
    form = AgreementForm(leads=leads, current=current) if manager and len(leads) > 1 else None
    if request.method == "POST":
        require(
            manager or any(lead.pk in schools_acting_for(request.user, MANAGING_ROLES) for lead in leads),
            f"Only the leads of {alliance.name} record and sign its agreement.",
        )
        try:
            if "record" in request.POST and form is not None:
                form = AgreementForm(request.POST, leads=leads, current=current)
                if form.is_valid():
                    new = agreements.record_agreement(
                        alliance, request.user, form.cleaned_data["roles_and_responsibilities"],
                        form.cleaned_data["governance"], form.accountable(leads), form.cleaned_data["lead_removal"],
                        minimum_lead_share=form.cleaned_data["minimum_lead_share"],
                    )
                    messages.success(request, f"Version {new.version} recorded. Each lead school now signs it.")
                    return redirect("alliances:agreement", slug=slug)
            elif "sign" in request.POST and current is not None:
                # Only a lead school that has not signed can be chosen; anything else is refused.
                school = next((s for s in status.unsigned_leads if str(s.pk) == request.POST.get("school")), None)
                if school is None:
                    raise RuleBroken("Choose a lead school that has not yet signed this version.")
                agreements.sign_agreement(current, school, request.user)
                messages.success(request, f"{school.name} has signed version {current.version}.")
                return redirect("alliances:agreement", slug=slug)
            else:
                raise RuleBroken("There is nothing here for you to record or sign.")
        except RuleBroken as refused:
            if "record" in request.POST and form is not None and form.is_bound:
                form.add_error(None, refused)
            else:
                show_refusal(request, refused)
    return render(
        request,
        "alliances/agreement.html",
        {
            "alliance": alliance,
            "status": status,
            "agreement": current,
            "accountabilities": current.accountabilities.select_related("accountable_school") if current else [],
            "signatures": current.signatures.select_related("school", "signed_by") if current else [],
            "my_unsigned": my_unsigned,
            "form": form,
            "versions": Agreement.objects.filter(alliance=alliance).count(),
        },
    )


@login_required
def manage(request, slug):
    """Members (searched, filtered and flagged) and deliverers: record payments, add deliverers;
    ending a period is confirmed on its own page."""
    alliance = managed_alliance(request, slug)
    deliverer_form = DelivererForm(request.POST or None)
    if carried_out(
        request, deliverer_form, lambda data: roles.add_deliverer_for(request.user, alliance, data["holder"], data["responsibilities"]),
        done=lambda _: f"{deliverer_form.cleaned_data['holder'].name} is now a deliverer in {alliance.name}.",
    ):
        return redirect("alliances:manage", slug=slug)
    memorandum = member_list.current_memorandum(alliance)
    members = member_list.members(alliance, memorandum)
    member_filter = member_list.MemberFilter(request.GET, queryset=members)
    page = Paginator(member_filter.qs if member_filter.is_valid() else members.none(), member_list.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    deliverers = alliance.roles_on().filter(role=AllianceRole.Role.DELIVERER).select_related("school", "organisation")
    return render(
        request,
        "alliances/manage.html",
        {
            "alliance": alliance,
            "memorandum": memorandum,
            "counts": member_list.counts(alliance, memorandum),
            "filter_form": member_filter.form,
            "filtered": any(request.GET.get(name) for name in ("q", "show")),
            "page": page,
            "query": query.urlencode(),
            "today": date.today(),
            "deliverers": deliverers.order_by("starts_on", "pk"),
            "deliverer_form": deliverer_form,
            "invite_lead_form": InviteLeadForm(prefix=None),
            "pending_lead_invitations": alliance.lead_invitations.filter(status=LeadInvitation.Status.PENDING).select_related("school"),
            **lead_removal.for_alliance(request.user, alliance),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def end(request, pk):
    """Ending a member's or deliverer's period: a page that asks for the last day and a reason."""
    role = get_object_or_404(AllianceRole.objects.select_related("alliance", "school", "organisation"), pk=pk)
    _require_manager(request.user, role.alliance)
    form = EndRoleConfirmForm(request.POST or None, initial={"ends_on": date.today()})
    if carried_out(
        request, form, lambda data: roles.end_role_for(request.user, role, data["ends_on"], data["reason"]),
        done=lambda _: f"{role.holder.name}'s time as {role.get_role_display().lower()} ends on {form.cleaned_data['ends_on']:%-d %B %Y}.",
    ):
        return redirect("alliances:manage", slug=role.alliance.slug)
    return render(request, "alliances/end_role.html", {"role": role, "alliance": role.alliance, "form": form})


@login_required
@require_POST
def payment(request, pk):
    role = get_object_or_404(AllianceRole.objects.select_related("terms", "school", "alliance"), pk=pk)
    _require_manager(request.user, role.alliance)
    if request.POST.get("paid") not in ("yes", "no"):
        messages.error(request, "Say whether the subscription is paid.")
        return redirect("alliances:manage", slug=role.alliance.slug)
    paid = request.POST.get("paid") == "yes"
    try:
        joining.record_payment(request.user, role, paid)
    except RuleBroken as refused:
        show_refusal(request, refused)
    else:
        messages.success(request, f"{role.school.name}'s subscription is marked as {'paid' if paid else 'not paid'}.")
    return redirect("alliances:manage", slug=role.alliance.slug)
