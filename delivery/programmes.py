"""Programmes: an alliance's managers create, edit and publish them; places and prices follow
from the programme and the school booking."""
from datetime import date

from django.db import transaction
from django.db.models import Count, Min, Q
from django.utils import timezone

from alliances.models import AllianceRole
from alliances.permissions import can_manage, require
from alliances.rules import RuleBroken
from delivery.models import Booking, Programme, Session

LEADING_ROLES = (AllianceRole.Role.LEAD, AllianceRole.Role.DELIVERER)


def leading_roles(alliance):
    """The alliance's current lead schools and deliverers: who may lead its programmes."""
    return alliance.roles_on().filter(role__in=LEADING_ROLES).select_related("school", "organisation")


def _require_manager(user, alliance):
    require(can_manage(user, alliance), f"Only the leaders and business managers of {alliance.name}'s lead schools run its programmes.")


def _programme_problems(alliance, places, price_pence, led_by):
    problems = []
    if not led_by:
        problems.append("Choose at least one lead school or deliverer to lead the programme.")
    current = set(leading_roles(alliance).values_list("pk", flat=True))
    strangers = [role for role in led_by if role.pk not in current]
    if strangers:
        names = ", ".join(role.holder.name for role in strangers)
        problems.append(f"{names} is not a current lead school or deliverer of {alliance.name}.")
    if places is None or places < 1:
        problems.append("A programme needs at least one place.")
    if price_pence is None or price_pence < 0:
        problems.append("The price cannot be less than nothing.")
    return problems


@transaction.atomic
def create_programme(user, alliance, *, title, kind, description="", led_by, places, price_pence=0, free_to_members=False):
    _require_manager(user, alliance)
    problems = _programme_problems(alliance, places, price_pence, led_by)
    if not title.strip():
        problems.insert(0, "Give the programme a title.")
    if problems:
        raise RuleBroken(problems)
    programme = Programme.objects.create(
        alliance=alliance, title=title.strip(), kind=kind, description=description, places=places,
        price_pence=price_pence, free_to_members=free_to_members, created_by=user,
    )
    programme.led_by.set(led_by)
    return programme


@transaction.atomic
def edit_programme(user, programme, *, title, kind, description="", led_by, places, price_pence=0, free_to_members=False):
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    _require_manager(user, programme.alliance)
    problems = _programme_problems(programme.alliance, places, price_pence, led_by)
    if not title.strip():
        problems.insert(0, "Give the programme a title.")
    held = places_held(programme)
    if places is not None and places < held:
        problems.append(f"{held} places are already taken: the programme cannot have fewer.")
    if problems:
        raise RuleBroken(problems)
    programme.title, programme.kind, programme.description = title.strip(), kind, description
    programme.places, programme.price_pence, programme.free_to_members = places, price_pence, free_to_members
    programme.save()
    programme.led_by.set(led_by)
    from delivery.bookings import offer_freed_places  # more places may let the waiting list in

    offer_freed_places(programme)
    return programme


@transaction.atomic
def add_session(user, programme, *, date, starts_at, ends_at, venue="", online=False, online_link="", places=None):
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    _require_manager(user, programme.alliance)
    problems = []
    if starts_at and ends_at and ends_at <= starts_at:
        problems.append("The session must end after it starts.")
    if not online and not venue.strip():
        problems.append("Give the venue, or say the session is online.")
    if online and not online_link:
        problems.append("Give the link to join the online session.")
    if places is not None and places < places_held(programme):
        problems.append(f"{places_held(programme)} places are already taken: this session cannot have fewer.")
    if problems:
        raise RuleBroken(problems)
    return Session.objects.create(
        programme=programme, date=date, starts_at=starts_at, ends_at=ends_at, venue=venue.strip(), online=online,
        online_link=online_link if online else "", places=places,
    )


@transaction.atomic
def remove_session(user, session):
    programme = Programme.objects.select_for_update().get(pk=session.programme_id)
    _require_manager(user, programme.alliance)
    if session.attendance.exists():
        raise RuleBroken("Attendance has been taken at this session, so it stays.")
    session.delete()
    from delivery.bookings import offer_freed_places  # a small room removed may free places

    offer_freed_places(programme)


@transaction.atomic
def publish(user, programme):
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    _require_manager(user, programme.alliance)
    problems = []
    if programme.published:
        problems.append(f"{programme.title} is already published.")
    first = programme.sessions.first()
    if first is None:
        problems.append("Add at least one session before publishing.")
    elif first.starts <= timezone.now():
        problems.append("The first session has already started: nobody could book.")
    if not programme.led_by.exists():
        problems.append("Choose who leads the programme before publishing.")
    if problems:
        raise RuleBroken(problems)
    programme.published, programme.published_at = True, timezone.now()
    programme.save(update_fields=["published", "published_at"])
    return programme


# --- Places and prices ---------------------------------------------------------------------------


def capacity(programme, sessions=None):
    """The programme's places, or fewer when a session's room is smaller."""
    sessions = programme.sessions.all() if sessions is None else sessions
    return min([programme.places, *(s.places for s in sessions if s.places)])


def _held_places():
    """Places taken: bookings holding one, and people who booked elsewhere (uploaded attendance)."""
    return Count("bookings", filter=Q(bookings__state__in=Booking.HOLDING_A_PLACE), distinct=True) + Count(
        "external_participants", distinct=True
    )


def places_held(programme):
    return Programme.objects.filter(pk=programme.pk).aggregate(held=_held_places())["held"]


def places_left(programme, sessions=None, held=None):
    held = places_held(programme) if held is None else held
    return max(0, capacity(programme, sessions) - held)


def is_free_for(programme, school, day=None):
    """Free when the programme says so for member schools and this school is one of the alliance's
    member schools (or one of its lead schools, which run it)."""
    if not programme.free_to_members:
        return False
    return programme.alliance.roles_on(day).filter(
        role__in=(AllianceRole.Role.MEMBER, AllianceRole.Role.LEAD), school=school
    ).exists()


def price_for(programme, school):
    """The price in pence a place costs this school."""
    return 0 if is_free_for(programme, school) else programme.price_pence


def pounds(pence):
    return "Free" if not pence else f"£{pence / 100:,.2f}"


def with_places(queryset):
    """Programmes with their first session's date, places held and sessions, in a fixed number of queries."""
    return queryset.annotate(
        first_date=Min("sessions__date"),
        held=_held_places(),
    ).prefetch_related("sessions")


def upcoming(queryset, day=None):
    """Programmes with a session today or later (by id, so the first-date annotation sees every session)."""
    return queryset.filter(pk__in=Session.objects.filter(date__gte=day or date.today()).values("programme"))
