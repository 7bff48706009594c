"""Bookings as the participant and their school see them: a participant's own bookings (cancel,
evaluate), and a school's staff bookings for its leaders and business managers (approve, refuse,
and whether approval is needed at all)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from alliances.permissions import can_commit_school, can_decide_booking, require
from alliances.rules import RuleBroken
from alliances.views.refusals import carried_out, show_refusal
from delivery import bookings, evaluations
from delivery.forms import EvaluationForm, PolicyForm, ReasonForm
from delivery.models import Booking, BookingPolicy, Evaluation
from registry.models import School

@login_required
@require_safe
def your_bookings(request):
    mine = Booking.objects.filter(participant=request.user).select_related(
        "programme__alliance", "school", "decided_by", "evaluation"
    ).prefetch_related("programme__sessions").annotate(attended=Count("attendance", filter=Q(attendance__present=True)))
    now = timezone.now()
    rows = []
    for booking in mine.order_by("-requested_at", "-pk"):
        sessions = list(booking.programme.sessions.all())
        first = sessions[0] if sessions else None
        started = first is not None and first.starts <= now
        can_evaluate = (
            booking.state == Booking.State.CONFIRMED and first is not None and first.ends <= now and not has_evaluation(booking)
        )
        can_cancel = booking.is_active and not (booking.state == Booking.State.CONFIRMED and started)
        rows.append((booking, first, can_cancel, can_evaluate))
    return render(request, "delivery/your_bookings.html", {"rows": rows})


def has_evaluation(booking):
    try:
        return booking.evaluation is not None
    except Evaluation.DoesNotExist:
        return False


def _own_booking(request, pk):
    booking = get_object_or_404(Booking.objects.select_related("programme__alliance", "school"), pk=pk)
    require(booking.participant_id == request.user.pk, "This booking is someone else's.")
    return booking


@login_required
@require_POST
def cancel(request, pk):
    booking = _own_booking(request, pk)
    try:
        bookings.cancel(request.user, booking)
    except RuleBroken as refused:
        show_refusal(request, refused)
    else:
        messages.success(request, f"Your booking on {booking.programme.title} is cancelled.")
    return redirect("delivery:your-bookings")


@login_required
def evaluate(request, pk):
    booking = _own_booking(request, pk)
    form = EvaluationForm(request.POST or None)
    if carried_out(
        request, form, lambda data: evaluations.evaluate(request.user, booking, **data),
        done=f"Thank you: your evaluation of {booking.programme.title} is sent.",
    ):
        return redirect("delivery:your-bookings")
    return render(request, "delivery/evaluate.html", {"booking": booking, "form": form})


@login_required
def school_bookings(request, urn):
    school = get_object_or_404(School, urn=urn)
    require(can_commit_school(request.user, school), f"Only {school.name}'s leaders and business managers see its staff's bookings.")
    requires = BookingPolicy.requires_approval(school)
    form = PolicyForm(request.POST or None, initial={"approval_required": "yes" if requires else "no"})
    if request.method == "POST" and form.is_valid():
        bookings.set_policy(request.user, school, form.cleaned_data["approval_required"] == "yes")
        messages.success(request, "Saved: " + dict(form.fields["approval_required"].choices)[form.cleaned_data["approval_required"]].lower() + ".")
        return redirect("delivery:school-bookings", urn=school.urn)
    staff_bookings = school.bookings.select_related("programme__alliance", "participant", "decided_by").annotate(attended=Count("attendance", filter=Q(attendance__present=True))).order_by("-requested_at", "-pk")
    waiting = [b for b in staff_bookings if b.state == Booking.State.AWAITING_APPROVAL]
    others = [b for b in staff_bookings if b.state != Booking.State.AWAITING_APPROVAL][:100]
    return render(request, "delivery/school_bookings.html", {
        "school": school, "form": form, "waiting": waiting, "others": others, "refuse_form": ReasonForm(),
    })


def _deciding(request, pk):
    booking = get_object_or_404(Booking.objects.select_related("programme__alliance", "school", "participant"), pk=pk)
    require(can_decide_booking(request.user, booking), f"Only {booking.school.name}'s leaders and business managers decide its staff's bookings.")
    return booking


def _back(request, booking):
    # Back to where the decision was made: the school's page, or the programme's bookings.
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect("delivery:school-bookings", urn=booking.school.urn)


@login_required
@require_POST
def approve(request, pk):
    booking = _deciding(request, pk)
    try:
        bookings.approve(request.user, booking)
    except RuleBroken as refused:
        show_refusal(request, refused)
    else:
        messages.success(request, f"{booking.participant}'s place on {booking.programme.title} is confirmed.")
    return _back(request, booking)


@login_required
@require_POST
def refuse(request, pk):
    booking = _deciding(request, pk)
    try:
        bookings.refuse(request.user, booking, request.POST.get("reason", ""))
    except RuleBroken as refused:
        show_refusal(request, refused)
    else:
        messages.success(request, f"{booking.participant}'s booking on {booking.programme.title} was refused.")
    return _back(request, booking)
