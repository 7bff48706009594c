"""The matching engine's input read from the database: a `MatchingProblem` for one scope.

Needs: the open needs (`SchoolNeed` OPEN) of one school, of an alliance's current lead, member and deliverer
schools, or of every school. Offers, whatever the scope: every designated SLE and every active
school offer in the country with whole days left. A need part-covered by deployments still
under way asks only for the rest of its days; one fully covered is left out.

- **Days.** Whole days: a need asks for its days rounded up (2.5 wanted is 3); an offer gives its
  days left rounded down, so nobody is ever promised half a day more than they have.
- **An SLE in several areas** is one offer row an area, each able to give all the SLE's remaining
  days, sharing one pool of those days (`MatchingProblem.offer_pool`): the engine (a pool node in
  its flow), the greedy baseline and the yardstick never let the rows of one pool give more than
  it holds, so the SLE is never promised twice, and the engine is free to put all their days where
  they do most good. Only areas some need in the scope asks for get a row.
- **A school offer that names a designated SLE** is that SLE's time: it is not counted a second
  time as the school's (the SLE's own rows stand for it).
- **Where.** Coordinates are the registry's easting and northing in metres. Needs and offers of
  schools without them are left out, and the notes say "N schools have no location in the registry".
- **Phase.** A need's phase is the one recorded on it; an offer serves its school's phase.
- **Priority** (the engine's levels, brokerage.matching.priority_levels) rests on the school's
  latest graded inspection if it started within the last RECENT_INSPECTION_YEARS years (an older
  grade says little of the school today): 2 inadequate (old framework grade 4, or 4 in any key
  judgement, ineffective safeguarding, or on a report card Urgent improvement in any area or
  safeguarding standards not met), 1 requires improvement (grade 3, a key judgement of 3, or Needs
  attention), else 0. It is raised one level when the school has no current support: no
  school-to-school support planned or in progress and no live deployment.
- **Reciprocity.** A school *gives* when it has an active offer, a designated SLE, or has given
  school-to-school support (planned, in progress or completed).
- **Alliances** are the school's current roles (any role) in alliances, for the engine's tie-break.

Everything is read in bulk (a dozen queries whatever the scope; no query per row).
"""
import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import numpy as np
from django.db.models import Sum
from django.db.models.functions import Coalesce

from alliances.models import AllianceRole
from brokerage.capacity import offer_days_held, with_capacity
from brokerage.matching import MatchingProblem
from brokerage.models import Deployment, MatchingRun, SchoolNeed, SchoolOffer, SpecialistLeader
from delivery.models import ExpertiseArea, SupportAssignment
from registry.models import Inspection, School

RECENT_INSPECTION_YEARS = 4
SLE, SCHOOL_OFFER = 0, 1
# A school is supported by a deployment once its SLE or offer is released for it, until it ends:
# merely asking does not lower its priority.
SUPPORTING_DEPLOYMENTS = tuple(s for s in Deployment.DEPLOYED_STATES if s != Deployment.State.COMPLETED)
SUPPORT_NOW = (SupportAssignment.State.PLANNED, SupportAssignment.State.IN_PROGRESS)
SUPPORT_GIVEN = (*SUPPORT_NOW, SupportAssignment.State.COMPLETED)
NO_PHASE = "phase not recorded"


@dataclass
class MatchingInputs:
    """The problem, and what each of its rows stands for: `need_ids` are SchoolNeed ids (also
    problem.need_ids); `offer_sle` and `offer_offer` give each offer row's SLE id or SchoolOffer
    id (0 for the other). `notes` say what was left out and why."""

    problem: MatchingProblem
    offer_sle: list  # an SLE in several areas has several rows (one pool)
    offer_offer: list
    notes: list = field(default_factory=list)


def scope_needs(scope, school=None, alliance=None):
    """The open needs in a run's scope."""
    needs = SchoolNeed.objects.filter(state=SchoolNeed.State.OPEN)
    if scope == MatchingRun.Scope.SCHOOL:
        return needs.filter(school=school)
    if scope == MatchingRun.Scope.ALLIANCE:
        schools = AllianceRole.objects.on().filter(alliance=alliance, school__isnull=False).values("school_id")
        return needs.filter(school_id__in=schools)
    return needs


def _less_days_covered(needs):
    """Each need row asking only for the days its live deployments (asked for, released, agreed,
    reported) do not already cover; needs fully covered are left out. The deployments are few
    beside the needs, so they are read whole, grouped by need, in one query."""
    covered = dict(
        Deployment.objects.filter(state__in=Deployment.LIVE_STATES).values("need_id")
        .annotate(days=Sum(Coalesce("days", "days_requested"))).order_by().values_list("need_id", "days")
    )
    rows = []
    for pk, school_id, area_id, phase, wanted in needs:
        left = wanted - (covered.get(pk) or 0)
        if left > 0:
            rows.append((pk, school_id, area_id, phase, left))
    return rows


def _whole_days_down(days):
    return int(math.floor(Decimal(days)))


def _whole_days_up(days):
    return int(math.ceil(Decimal(days)))


def inspection_level(regime, overall, judgements, safeguarding_effective, report_card, safeguarding_met):
    """0, 1 (requires improvement) or 2 (inadequate) for one graded inspection (see the notes)."""
    if regime == Inspection.Regime.OEIF_GRADED:
        return {3: 1, 4: 2}.get(overall, 0)
    if regime == Inspection.Regime.OEIF_NO_OVERALL:
        if safeguarding_effective is False or 4 in judgements:
            return 2
        return 1 if 3 in judgements else 0
    if safeguarding_met is False or "urgent_improvement" in report_card:
        return 2
    return 1 if "needs_attention" in report_card else 0


def inspection_levels(school_ids, today=None):
    """{school id: level} from each school's latest graded inspection in the recent years."""
    today = today or date.today()
    try:
        since = today.replace(year=today.year - RECENT_INSPECTION_YEARS)
    except ValueError:  # 29 February
        since = today.replace(year=today.year - RECENT_INSPECTION_YEARS, day=28)
    columns = ("school_id", "regime", "overall_effectiveness", *Inspection.KEY_JUDGEMENTS, "safeguarding_effective",
               *Inspection.REPORT_CARD_AREAS, "safeguarding_standards_met")
    rows = (
        Inspection.objects.filter(school_id__in=school_ids, regime__in=Inspection.GRADED_REGIMES, start_date__gte=since)
        .order_by("school_id", "start_date", "publication_date").values_list(*columns)
    )
    keys, areas = len(Inspection.KEY_JUDGEMENTS), len(Inspection.REPORT_CARD_AREAS)
    levels = {}
    for row in rows:  # oldest first, so the latest stays
        judgements = row[3:3 + keys]
        report_card = row[4 + keys:4 + keys + areas]
        levels[row[0]] = inspection_level(row[1], row[2], judgements, row[3 + keys], report_card, row[-1])
    return levels


# Beyond this many ids, read every row and keep the wanted ones: building and running an IN of
# tens of thousands of ids (every school with an offer) costs more than the rows themselves.
MANY_IDS = 2000


def _among(queryset, field, ids):
    return queryset if len(ids) > MANY_IDS else queryset.filter(**{f"{field}__in": list(ids)})


def _schools(school_ids):
    """{id: (easting, northing, phase)} of these schools."""
    rows = _among(School.objects.all(), "pk", school_ids).values_list("pk", "easting", "northing", "phase")
    return {pk: (x, y, phase) for pk, x, y, phase in rows if pk in school_ids}


def build_inputs(scope, *, school=None, alliance=None, travel_limit_km, road_factor=1.0, today=None):
    """Read the scope's needs and the country's offers into a MatchingInputs (see the notes)."""
    needs = list(
        scope_needs(scope, school, alliance).order_by("id").values_list("id", "school_id", "area_id", "phase", "days_wanted")
    )
    needs = _less_days_covered(needs)
    need_areas_wanted = {row[2] for row in needs}  # the areas some need in the scope asks for

    sles = with_capacity(list(SpecialistLeader.objects.filter(state=SpecialistLeader.State.DESIGNATED).order_by("id")), every=True)
    sle_areas = defaultdict(list)
    for sle_id, area_id in SpecialistLeader.areas.through.objects.filter(
        specialistleader__state=SpecialistLeader.State.DESIGNATED
    ).order_by("specialistleader_id", "expertisearea_id").values_list("specialistleader_id", "expertisearea_id"):
        sle_areas[sle_id].append(area_id)
    designated = {sle.pk for sle in sles}
    offers = [
        row for row in SchoolOffer.objects.filter(active=True).order_by("id")
        .values_list("id", "school_id", "area_id", "days_per_year", "specialist_leader_id")
        if row[4] not in designated
    ]
    held = offer_days_held()  # every offer's: a few hundred deployments, not tens of thousands of ids

    # Offer rows: (sle id, offer id, school id, area id, whole days, pool). An SLE's rows share
    # one pool holding their remaining days; a school offer is its own limit (pool -1).
    offer_rows, pool_days = [], []
    for sle in sles:
        days = _whole_days_down(sle.remaining)
        areas = [a for a in sle_areas[sle.pk] if a in need_areas_wanted]
        if days > 0 and areas:
            offer_rows += [(sle.pk, 0, sle.school_id, area, days, len(pool_days)) for area in areas]
            pool_days.append(days)
    for pk, school_id, area, per_year, _ in offers:
        days = _whole_days_down(max(per_year - held.get(pk, Decimal(0)), Decimal(0)))
        if days > 0:
            offer_rows.append((0, pk, school_id, area, days, -1))

    school_ids = {row[1] for row in needs} | {row[2] for row in offer_rows}
    places = _schools(school_ids)
    unplaced = {pk for pk, (x, y, _) in places.items() if x is None or y is None}
    notes = []
    if unplaced:
        notes.append(f"{len(unplaced)} school{'s have' if len(unplaced) != 1 else ' has'} no location in the registry, "
                     f"so {'their' if len(unplaced) != 1 else 'its'} needs and offers are left out.")
    needs = [row for row in needs if row[1] not in unplaced]
    offer_rows = [row for row in offer_rows if row[2] not in unplaced]

    need_schools = [row[1] for row in needs]
    levels = inspection_levels(need_schools, today)
    supported = set(SupportAssignment.objects.filter(supported_school_id__in=need_schools, state__in=SUPPORT_NOW)
                    .values_list("supported_school_id", flat=True))
    supported |= set(Deployment.objects.filter(receiving_school_id__in=need_schools, state__in=SUPPORTING_DEPLOYMENTS)
                     .values_list("receiving_school_id", flat=True))
    gives = {sle.school_id for sle in sles}
    gives |= set(SchoolOffer.objects.filter(active=True, school_id__in=need_schools).values_list("school_id", flat=True))
    gives |= set(SupportAssignment.objects.filter(supporting_school_id__in=need_schools, state__in=SUPPORT_GIVEN)
                 .values_list("supporting_school_id", flat=True))
    alliances = defaultdict(list)
    for school_id, alliance_id in _among(AllianceRole.objects.on().filter(school__isnull=False), "school_id", school_ids).order_by(
        "school_id", "alliance_id"
    ).values_list("school_id", "alliance_id").distinct():
        if school_id in school_ids:
            alliances[school_id].append(alliance_id)

    # Indexes: areas by id, phases by their words (case and spacing aside).
    area_ids = sorted({row[2] for row in needs} | {row[3] for row in offer_rows})
    area_index = {pk: i for i, pk in enumerate(area_ids)}
    area_names = dict(ExpertiseArea.objects.filter(pk__in=area_ids).values_list("pk", "name"))
    phase_index, phase_names = {}, []

    def phase_of(words):
        key = " ".join((words or "").split()).casefold()
        if key not in phase_index:
            phase_index[key] = len(phase_names)
            phase_names.append((words or "").strip() or NO_PHASE)
        return phase_index[key]

    need_phase = [phase_of(row[3]) for row in needs]
    offer_phase_bits = [1 << phase_of(places[row[2]][2]) for row in offer_rows]
    width = max([1] + [len(alliances[s]) for s in school_ids])

    def padded(schools):
        return np.array([(alliances[s] + [-1] * width)[:width] for s in schools], dtype=np.int64).reshape(len(schools), width)

    problem = MatchingProblem(
        need_ids=[row[0] for row in needs],
        need_area=[area_index[row[2]] for row in needs],
        need_phase=need_phase,
        need_days=[_whole_days_up(row[4]) for row in needs],
        need_x=[places[row[1]][0] for row in needs],
        need_y=[places[row[1]][1] for row in needs],
        need_school=need_schools,
        need_inspection=[levels.get(s, 0) for s in need_schools],
        need_has_support=[s in supported for s in need_schools],
        need_gives=[s in gives for s in need_schools],
        need_alliances=padded(need_schools),
        offer_ids=np.arange(len(offer_rows)),
        offer_area=[area_index[row[3]] for row in offer_rows],
        offer_phases=offer_phase_bits,
        offer_capacity=[row[4] for row in offer_rows],
        offer_x=[places[row[2]][0] for row in offer_rows],
        offer_y=[places[row[2]][1] for row in offer_rows],
        offer_school=[row[2] for row in offer_rows],
        offer_kind=[SLE if row[0] else SCHOOL_OFFER for row in offer_rows],
        offer_alliances=padded([row[2] for row in offer_rows]),
        offer_pool=[row[5] for row in offer_rows],
        pool_capacity=pool_days,
        travel_limit_km=float(travel_limit_km),
        road_factor=float(road_factor),
        area_names=tuple(area_names.get(pk, f"area {pk}") for pk in area_ids),
        phase_names=tuple(phase_names),
    )
    return MatchingInputs(problem, [row[0] for row in offer_rows], [row[1] for row in offer_rows], notes)
