"""Days of capacity: an SLE's yearly capacity, or a school offer's days a year, less the days its
deployments hold this academic year, is what remains to broker.

A deployment holds days while it is in Deployment.COMMITTING_STATES (asked for, released,
agreed, reported, completed) and starts in the current academic year (its agreed start, else the
day it was asked for). It holds its agreed days once agreed, the days asked for before that, and
for a completed deployment the days delivered when they are known. Lists count every row in one
query (`with_capacity`, `offers_with_capacity`)."""
from decimal import Decimal

from django.db.models import Case, DecimalField, F, Sum, When
from django.db.models.functions import Coalesce, TruncDate

from delivery.kpis import academic_year_bounds, current_academic_year

ZERO = Decimal(0)


def _held_days():
    from brokerage.models import Deployment

    return Case(
        When(state=Deployment.State.COMPLETED, days_delivered__isnull=False, then=F("days_delivered")),
        When(days__isnull=False, then=F("days")),
        default=F("days_requested"),
        output_field=DecimalField(max_digits=6, decimal_places=1),
    )


def committing_this_year(today=None):
    """Deployments holding days of capacity in the current academic year."""
    from brokerage.models import Deployment

    first, last = academic_year_bounds(current_academic_year(today))
    return (
        Deployment.objects.filter(state__in=Deployment.COMMITTING_STATES)
        .annotate(starts=Coalesce("starts_on", TruncDate("requested_at")))
        .filter(starts__gte=first, starts__lte=last)
    )


def _committed_by(field, ids, exclude=None):
    """{id: days held} for SLEs or offers (`field` is "specialist_leader" or "offer"); `ids` None
    for every one with days held (tens of thousands of ids in one IN make a slow query)."""
    rows = committing_this_year()
    if ids is None:
        rows = rows.filter(**{f"{field}__isnull": False})
    else:
        ids = [pk for pk in ids if pk is not None]
        if not ids:
            return {}
        rows = rows.filter(**{f"{field}_id__in": ids})
    if exclude is not None:
        rows = rows.exclude(pk=exclude.pk)
    rows = rows.values(f"{field}_id").annotate(days=Sum(_held_days())).order_by()
    return {row[f"{field}_id"]: Decimal(row["days"] or 0) for row in rows}


def days_committed(sle, exclude=None):
    """Days of the SLE's capacity its deployments hold this academic year (`exclude`: one
    deployment left out, for agreeing it against the days it already holds)."""
    return _committed_by("specialist_leader", [sle.pk], exclude).get(sle.pk, ZERO)


def days_remaining(sle, exclude=None):
    return max(sle.yearly_capacity_days - days_committed(sle, exclude), ZERO)


def with_capacity(sles, *, every=False):
    """Each SLE with `committed` and `remaining` set, counted for the whole list in one query
    (`every`: the list is every SLE that may hold days, so no list of ids is needed)."""
    sles = list(sles)
    held = _committed_by("specialist_leader", None if every else [sle.pk for sle in sles])
    for sle in sles:
        sle.committed = held.get(sle.pk, ZERO)
        sle.remaining = max(sle.yearly_capacity_days - sle.committed, ZERO)
    return sles


def offer_days_committed(offer, exclude=None):
    return _committed_by("offer", [offer.pk], exclude).get(offer.pk, ZERO)


def offer_days_remaining(offer, exclude=None):
    return max(offer.days_per_year - offer_days_committed(offer, exclude), ZERO)


def offer_days_held(offer_ids=None):
    """{offer id: days held this year} for many offers at once (None: every offer), in one query."""
    return _committed_by("offer", offer_ids)


def offers_with_capacity(offers):
    """Each offer with `committed` and `remaining` set, in one query for the list."""
    offers = list(offers)
    held = _committed_by("offer", [offer.pk for offer in offers])
    for offer in offers:
        offer.committed = held.get(offer.pk, ZERO)
        offer.remaining = max(offer.days_per_year - offer.committed, ZERO)
    return offers


def remaining_of(supporter, exclude=None):
    """Days remaining of an SLE or an offer."""
    from brokerage.models import SpecialistLeader

    if isinstance(supporter, SpecialistLeader):
        return days_remaining(supporter, exclude)
    return offer_days_remaining(supporter, exclude)

