"""Days of capacity: an SLE's yearly capacity, or a school offer's days a year, less the days its
deployments hold in an academic year, is what remains to broker.

A deployment holds days while it is in Deployment.COMMITTING_STATES (asked for, released,
agreed, reported, completed), in the academic year it starts (its agreed start, else the day it
was asked for): pages show the current year; a request or an agreement is checked against the
year its deployment starts. A deployment of a school offer given by an SLE holds the SLE's days
as well as the offer's. It holds its agreed days once agreed, the days asked for before that, and
for a completed deployment the days delivered when they are known. Lists count every row in one
query (`with_capacity`, `offers_with_capacity`)."""
from decimal import Decimal

from django.db.models import Case, DecimalField, F, Q, Sum, When
from django.db.models.functions import Coalesce, TruncDate

from delivery.kpis import academic_year_bounds, current_academic_year
from delivery.models import academic_year_label

ZERO = Decimal(0)


def _held_days():
    from brokerage.models import Deployment

    return Case(
        When(state=Deployment.State.COMPLETED, days_delivered__isnull=False, then=F("days_delivered")),
        When(days__isnull=False, then=F("days")),
        default=F("days_requested"),
        output_field=DecimalField(max_digits=6, decimal_places=1),
    )


def year_label(on):
    return academic_year_label(current_academic_year(on))


def committing_this_year(today=None):
    """Deployments holding days of capacity in the academic year of `today` (today by default)."""
    from brokerage.models import Deployment

    first, last = academic_year_bounds(current_academic_year(today))
    return (
        Deployment.objects.filter(state__in=Deployment.COMMITTING_STATES)
        .annotate(starts=Coalesce("starts_on", TruncDate("requested_at")))
        .filter(starts__gte=first, starts__lte=last)
    )


def _committed_by(field, ids, exclude=None, on=None):
    """{id: days held} for SLEs or offers (`field` is "specialist_leader" or "offer") in the
    academic year of `on` (today by default); `ids` None for every one with days held (tens of
    thousands of ids in one IN make a slow query). An SLE's days include those of deployments of
    a school offer the SLE gives: it is their time either way."""
    rows = committing_this_year(on)
    if ids is not None:
        ids = [pk for pk in ids if pk is not None]
        if not ids:
            return {}
    if field == "specialist_leader":
        if ids is not None:
            rows = rows.filter(Q(specialist_leader_id__in=ids) | Q(offer__specialist_leader_id__in=ids))
        rows = rows.annotate(holder=Coalesce("specialist_leader_id", "offer__specialist_leader_id")).filter(holder__isnull=False)
    else:
        rows = rows.filter(offer_id__in=ids) if ids is not None else rows.filter(offer__isnull=False)
        rows = rows.annotate(holder=F("offer_id"))
    if exclude is not None:
        rows = rows.exclude(pk=exclude.pk)
    rows = rows.values("holder").annotate(days=Sum(_held_days())).order_by()
    return {row["holder"]: Decimal(row["days"] or 0) for row in rows}


def days_committed(sle, exclude=None, on=None):
    """Days of the SLE's capacity its deployments hold in the academic year of `on` (today by
    default; `exclude`: one deployment left out, for agreeing it against the days it holds)."""
    return _committed_by("specialist_leader", [sle.pk], exclude, on).get(sle.pk, ZERO)


def days_remaining(sle, exclude=None, on=None):
    return max(sle.yearly_capacity_days - days_committed(sle, exclude, on), ZERO)


def _with_capacity(items, field, capacity, every=False):
    """Each item with `committed` and `remaining` set, counted for the whole list in one query."""
    items = list(items)
    held = _committed_by(field, None if every else [item.pk for item in items])
    for item in items:
        item.committed = held.get(item.pk, ZERO)
        item.remaining = max(getattr(item, capacity) - item.committed, ZERO)
    return items


def with_capacity(sles, *, every=False):
    """Each SLE with `committed` and `remaining` set, counted for the whole list in one query
    (`every`: the list is every SLE that may hold days, so no list of ids is needed)."""
    return _with_capacity(sles, "specialist_leader", "yearly_capacity_days", every=every)


def offer_days_committed(offer, exclude=None, on=None):
    return _committed_by("offer", [offer.pk], exclude, on).get(offer.pk, ZERO)


def offer_days_remaining(offer, exclude=None, on=None):
    return max(offer.days_per_year - offer_days_committed(offer, exclude, on), ZERO)


def offer_days_held(offer_ids=None):
    """{offer id: days held this year} for many offers at once (None: every offer), in one query."""
    return _committed_by("offer", offer_ids)


def offers_with_capacity(offers):
    """Each offer with `committed` and `remaining` set, in one query for the list."""
    return _with_capacity(offers, "offer", "days_per_year")


def remaining_of(supporter, exclude=None, on=None):
    """Days remaining of an SLE or an offer in the academic year of `on` (today by default)."""
    from brokerage.models import SpecialistLeader

    if isinstance(supporter, SpecialistLeader):
        return days_remaining(supporter, exclude, on)
    return offer_days_remaining(supporter, exclude, on)

