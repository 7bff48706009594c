"""Teaching school networks: the public list and pages, proposing one, inviting, asking to join,
answering, leaving, and the shared resource library (members only)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from alliances import networks as rules
from alliances.forms import AskToJoinNetworkForm, InviteAllianceForm, NetworkRegionForm, ProposeNetworkForm, ResourceForm
from alliances.models import Alliance, Network, NetworkInvitation, NetworkResource
from alliances.permissions import managed_alliance_ids, require
from alliances.rules import RuleBroken
from alliances.views.refusals import carried_out, show_form_errors, show_refusal

Direction, Status = NetworkInvitation.Direction, NetworkInvitation.Status


def network_list(request):
    form = NetworkRegionForm(request.GET or None)
    found = Network.objects.with_current_alliances().order_by("name")
    region = form.cleaned_data["region"] if form.is_bound and form.is_valid() else ""
    if region:
        found = found.filter(region=region)
    return render(request, "alliances/network_list.html", {"networks": found, "form": form, "region": region})


@login_required
def propose(request):
    alliances = Alliance.objects.filter(pk__in=managed_alliance_ids(request.user)).order_by("name")
    require(alliances.exists(), "Only the leaders and business managers of an alliance's lead schools can propose a network.")
    form = ProposeNetworkForm(request.POST or None, alliances=alliances)
    if carried_out(
        request, form,
        lambda data: rules.propose_network(request.user, data["alliance"], data["name"], data["region"], data["description"], data["sub_region"]),
        done=lambda network: f"{network.name} has started, with {form.cleaned_data['alliance'].name} as its first member.",
    ):
        return redirect(form.outcome)
    return render(request, "alliances/network_propose.html", {"form": form})


def network(request, slug):
    network = get_object_or_404(Network, slug=slug)
    user = request.user
    memberships = list(network.memberships.select_related("alliance").order_by("alliance__name"))
    current = [m for m in memberships if m.left_on is None]
    member = rules.can_use_library(user, network)
    runs = rules.can_run_network(user, network)
    form = ResourceForm(request.POST or None, request.FILES or None) if runs else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            rules.add_resource(user, network, data["title"], data["url"], data["document"], data["description"])
            messages.success(request, f"“{form.cleaned_data['title']}” added to the library.")
            return redirect(network)
    managed = managed_alliance_ids(user)
    in_network = {m.alliance_id for m in current}
    outside = Alliance.objects.filter(pk__in=managed - in_network).order_by("name")
    pending = network.invitations.filter(status=Status.PENDING).select_related("alliance", "sent_by") if runs else []
    return render(
        request,
        "alliances/network.html",
        {
            "network": network,
            "memberships": current,
            # Who left, and when, is for the network's own people, like an alliance's history.
            "former": [m for m in memberships if m.left_on is not None] if member else [],
            "member": member,
            "resources": network.resources.all() if member else [],
            "form": form,
            "yours_in": [m.alliance for m in current if m.alliance_id in managed],
            # Prefixed: both forms can be on the page, and their fields' ids must differ.
            "invite_form": InviteAllianceForm(prefix="invite") if runs else None,
            "ask_form": AskToJoinNetworkForm(prefix="ask", alliances=outside) if outside.exists() else None,
            "asked": [inv for inv in pending if inv.direction == Direction.ASKED],
            "invited": [inv for inv in pending if inv.direction == Direction.INVITED],
        },
    )


@login_required
@require_POST
def invite(request, slug):
    network = get_object_or_404(Network, slug=slug)
    require(rules.can_run_network(request.user, network), f"Only the leads of an alliance in {network.name} can invite another alliance.")
    form = InviteAllianceForm(request.POST, prefix="invite")
    if not form.is_valid():
        show_form_errors(request, form)
        return redirect(network)
    alliance = form.cleaned_data["alliance"]
    try:
        rules.invite_alliance(request.user, network, alliance, form.cleaned_data["message"])
    except RuleBroken as refused:
        show_refusal(request, refused)
    else:
        messages.success(request, f"{alliance.name} is invited to join {network.name}. It joins once one of its leads accepts.")
    return redirect(network)


@login_required
@require_POST
def ask(request, slug):
    network = get_object_or_404(Network, slug=slug)
    alliances = Alliance.objects.filter(pk__in=managed_alliance_ids(request.user)).order_by("name")
    require(alliances.exists(), "Only the leaders and business managers of an alliance's lead schools can ask for it to join a network.")
    form = AskToJoinNetworkForm(request.POST, prefix="ask", alliances=alliances)
    if not form.is_valid():
        show_form_errors(request, form)
        return redirect(network)
    alliance = form.cleaned_data["alliance"]
    try:
        rules.ask_to_join(request.user, network, alliance, form.cleaned_data["message"])
    except RuleBroken as refused:
        show_refusal(request, refused)
    else:
        messages.success(request, f"{alliance.name} has asked to join {network.name}. A lead of one of its alliances will answer.")
    return redirect(network)


@login_required
@require_POST
def leave(request, slug):
    network = get_object_or_404(Network, slug=slug)
    yours = rules.runs_alliances_in(request.user, network)
    require(yours, f"Only the leads of an alliance in {network.name} can take their alliance out of it.")
    choice = request.POST.get("alliance", "")
    is_id = choice.isascii() and choice.isdigit()  # "²" is a digit to isdigit(), not to int()
    alliance = Alliance.objects.filter(pk__in=yours, pk=int(choice)).first() if is_id else None
    if alliance is None:
        messages.error(request, "Choose which of your alliances leaves the network.")
        return redirect(network)
    rules.leave_network(request.user, network, alliance)
    messages.success(request, f"{alliance.name} has left {network.name}.")
    return redirect(network)


def _invitation(request, pk, allowed, refusal):
    invitation = get_object_or_404(NetworkInvitation.objects.select_related("network", "alliance"), pk=pk)
    require(allowed(request.user, invitation), refusal(invitation))
    return invitation


@login_required
@require_POST
def accept(request, pk):
    invitation = _invitation(request, pk, rules.can_answer, rules.answer_refusal)
    try:
        rules.accept(request.user, invitation)
    except RuleBroken as refused:
        show_refusal(request, refused)
        return redirect("alliances:yours")
    messages.success(request, f"{invitation.alliance.name} has joined {invitation.network.name}.")
    return redirect(invitation.network)


@login_required
@require_POST
def decline(request, pk):
    invitation = _invitation(request, pk, rules.can_answer, rules.answer_refusal)
    try:
        rules.decline(request.user, invitation, request.POST.get("reason", ""))
    except RuleBroken as refused:
        show_refusal(request, refused)
    else:
        messages.success(request, f"Declined: {invitation.alliance.name} does not join {invitation.network.name}.")
    # Each side goes back to where it answered: the invited alliance's leads to their own page.
    return redirect("alliances:yours" if invitation.direction == Direction.INVITED else invitation.network.get_absolute_url())


@login_required
@require_POST
def withdraw(request, pk):
    invitation = _invitation(request, pk, rules.can_withdraw, rules.withdraw_refusal)
    try:
        rules.withdraw(request.user, invitation)
    except RuleBroken as refused:
        show_refusal(request, refused)
    else:
        alliance, network = invitation.alliance.name, invitation.network.name
        if invitation.direction == Direction.INVITED:
            messages.success(request, f"The invitation to {alliance} to join {network} is withdrawn.")
        else:
            messages.success(request, f"{alliance}'s request to join {network} is withdrawn.")
    return redirect(invitation.network)


def network_document(request, slug, pk):
    """A shared document, sent only to the network's own people (never from a public folder)."""
    resource = get_object_or_404(NetworkResource, pk=pk, network__slug=slug)
    if not rules.can_use_library(request.user, resource.network):
        raise PermissionDenied
    if not resource.document:
        raise Http404
    try:
        stored = resource.document.open("rb")
    except FileNotFoundError:  # the record outlived its file (a restore without the media folder)
        raise Http404("The document is no longer stored.") from None
    return FileResponse(stored, as_attachment=True, filename=resource.document_name or resource.title)
