"""An alliance's managers run its programmes: create, edit, add sessions, publish, see who
booked, take attendance and read the evaluations."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from alliances.permissions import MANAGING_ROLES, can_run_programme, require, schools_acting_for
from alliances.rules import RuleBroken
from alliances.views.membership import managed_alliance
from alliances.views.refusals import carried_out, show_refusal
from delivery import attendance, evaluations, programmes
from delivery.forms import AttendanceForm, ProgrammeForm, ReasonForm, SessionForm
from delivery.models import Attendance, Booking, Programme, Session


def run_programme(request, pk):
    """The programme at this address, for its alliance's managers only (403 for anyone else)."""
    programme = get_object_or_404(Programme.objects.select_related("alliance"), pk=pk)
    require(can_run_programme(request.user, programme), f"Only the leads of {programme.alliance.name} run its programmes.")
    return programme


@login_required
@require_safe
def alliance_programmes(request, slug):
    alliance = managed_alliance(request, slug)
    rows = programmes.with_places(alliance.programmes.all()).annotate(
        waiting=Count("bookings", filter=Q(bookings__state=Booking.State.WAITING_LIST), distinct=True),
    ).order_by("-first_date", "title")
    return render(request, "delivery/alliance_programmes.html", {"alliance": alliance, "rows": rows})


@login_required
def new_programme(request, slug):
    alliance = managed_alliance(request, slug)
    form = ProgrammeForm(request.POST or None, roles=programmes.leading_roles(alliance))
    if carried_out(
        request, form, lambda data: programmes.create_programme(request.user, alliance, **form.service_arguments()),
        done=lambda programme: f"{programme.title} is saved. Add its sessions, then publish it.",
    ):
        return redirect("delivery:edit-programme", pk=form.outcome.pk)
    return render(request, "delivery/programme_form.html", {"alliance": alliance, "form": form, "programme": None})


def _edit_page(request, programme, form=None, session_form=None):
    roles = programmes.leading_roles(programme.alliance)
    return render(request, "delivery/programme_form.html", {
        "alliance": programme.alliance, "programme": programme,
        "form": form or ProgrammeForm(initial=ProgrammeForm.initial_for(programme), roles=roles),
        "session_form": session_form or SessionForm(), "sessions": programme.sessions.all(),
    })


@login_required
def edit_programme(request, pk):
    programme = run_programme(request, pk)
    if request.method != "POST":
        return _edit_page(request, programme)
    form = ProgrammeForm(request.POST, roles=programmes.leading_roles(programme.alliance))
    if carried_out(
        request, form, lambda data: programmes.edit_programme(request.user, programme, **form.service_arguments()),
        done=lambda _: f"{form.cleaned_data['title']} is saved.",
    ):
        return redirect("delivery:edit-programme", pk=programme.pk)
    return _edit_page(request, programme, form=form)


@login_required
@require_POST
def add_session(request, pk):
    programme = run_programme(request, pk)
    form = SessionForm(request.POST)
    if carried_out(
        request, form, lambda data: programmes.add_session(request.user, programme, **data),
        done=lambda _: f"Session on {form.cleaned_data['date']:%-d %B %Y} added.",
    ):
        return redirect("delivery:edit-programme", pk=programme.pk)
    return _edit_page(request, programme, session_form=form)


@login_required
@require_POST
def remove_session(request, pk):
    session = get_object_or_404(Session.objects.select_related("programme__alliance"), pk=pk)
    run_programme(request, session.programme_id)
    try:
        programmes.remove_session(request.user, session)
    except RuleBroken as refused:
        show_refusal(request, refused)
    else:
        messages.success(request, f"The session on {session.date:%-d %B %Y} was removed.")
    return redirect("delivery:edit-programme", pk=session.programme_id)


@login_required
@require_POST
def publish(request, pk):
    programme = run_programme(request, pk)
    try:
        programmes.publish(request.user, programme)
    except RuleBroken as refused:
        show_refusal(request, refused)
        return redirect("delivery:edit-programme", pk=programme.pk)
    messages.success(request, f"{programme.title} is published: staff of any school can book.")
    return redirect(programme)


@login_required
@require_safe
def programme_bookings(request, pk):
    """Who booked: named, because the alliance needs to know who is coming."""
    programme = run_programme(request, pk)
    rows = programme.bookings.select_related("participant", "school", "decided_by", "programme").annotate(attended=Count("attendance", filter=Q(attendance__present=True))).order_by("state", "requested_at", "pk")
    sessions = list(programme.sessions.all())
    # The schools this manager commits: their own staff's bookings they may decide here too.
    committing = schools_acting_for(request.user, MANAGING_ROLES)
    decides = [(b, b.school_id in committing) for b in rows]
    # Uploaded attendance of people who booked elsewhere: with how many sessions they were at.
    external = programme.external_participants.select_related("school").annotate(
        present=Count("attendance", filter=Q(attendance__present=True)),
    )
    return render(request, "delivery/programme_bookings.html", {
        "programme": programme, "rows": decides, "sessions": sessions, "refuse_form": ReasonForm(), "external": external,
        "places_left": programmes.places_left(programme, sessions), "capacity": programmes.capacity(programme, sessions),
    })


@login_required
def take_attendance(request, pk):
    session = get_object_or_404(Session.objects.select_related("programme__alliance"), pk=pk)
    programme = run_programme(request, session.programme_id)
    session.programme = programme
    expected = attendance.expected(session)
    recorded = set(Attendance.objects.filter(session=session, present=True).values_list("booking_id", flat=True))
    form = AttendanceForm(request.POST or None, bookings=expected, initial={"present": list(recorded)})
    if carried_out(
        request, form, lambda data: attendance.take_attendance(request.user, session, {b.pk for b in data["present"]}),
        done=lambda count: f"Attendance saved: {count} of {len(expected)} present.",
    ):
        return redirect("delivery:programme-bookings", pk=programme.pk)
    taken = Attendance.objects.filter(session=session).exists()
    elsewhere = session.external_attendance.select_related("participant__school").order_by("participant__name")
    return render(request, "delivery/attendance.html", {
        "session": session, "programme": programme, "form": form, "taken": taken, "elsewhere": elsewhere,
    })


@login_required
@require_safe
def evaluation_summary(request, pk):
    programme = run_programme(request, pk)
    return render(request, "delivery/evaluation_summary.html", {
        "programme": programme, "summary": evaluations.summarise(programme), "target": int(evaluations.NATIONAL_TARGET * 100),
    })
