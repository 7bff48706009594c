"""About one specialist leader of education for every eight demo schools (3,000 at the national
size), as brokerage/sle_applications.py and brokerage/designations.py would have left them.

Each is a person on the site (a staff member of their school, who cannot sign in), in a role
below headteacher with at least two years of leadership (brokerage.eligibility), with one to three
areas of expertise and a track record. Their teaching school leads an alliance their school belongs
to, or, for some, an alliance nearby (in the same local authority). Most are designated in the last
three years with a yearly capacity of 15 days (some 10 or 20); the rest are waiting for their
headteacher's consent or the teaching school's assessment, refused, not designated, ended or
withdrawn, as applications are. Schools with a good record host more of them, and teaching schools
most."""
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.apps import apps
from django.contrib.auth.hashers import make_password

from accounts.models import Affiliation, User
from brokerage.eligibility import MINIMUM_LEADERSHIP_YEARS
from brokerage.models import CurrentRole, SpecialistLeader
from demo.synthetic.names import FIRST_NAMES, LAST_NAMES
from registry.importers.bulk_sql import insert_rows
from registry.models import School

from .brokerage_texts import ASSESSMENT_REASONS, CONSENT_REFUSED_REASONS, END_REASONS, NOT_DESIGNATED_REASONS, track_record
from .delivery_entries import moment

State = SpecialistLeader.State
SCHOOLS_PER_SLE = 8
STATES = {
    State.DESIGNATED: 72, State.AWAITING_CONSENT: 4, State.AWAITING_ASSESSMENT: 6, State.CONSENT_REFUSED: 3,
    State.NOT_DESIGNATED: 6, State.ENDED: 6, State.WITHDRAWN: 3,
}
ROLES = {CurrentRole.SENIOR_LEADER: 35, CurrentRole.MIDDLE_LEADER: 40, CurrentRole.SENCO: 12,
         CurrentRole.BUSINESS_LEADER: 4, CurrentRole.OTHER_LEADER: 9}
CAPACITY = {Decimal(15): 75, Decimal(10): 15, Decimal(20): 10}
HOST_WEIGHT = {School.Outcome.OUTSTANDING: 4, School.Outcome.GOOD: 2}
MOST_A_SCHOOL = 4
NEARBY = 0.12  # designated by a teaching school of an alliance nearby, not their own


@dataclass
class PlannedSle:
    record: SpecialistLeader
    user: User
    area_ids: list
    name: str
    reserved: bool = False  # the demo SLE account: its deployments are written by hand


def _pick(rng, weights):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _hosts(rng, world, count):
    """Schools for `count` SLEs: schools in an alliance led by a teaching school, weighted by their
    record; teaching schools most of all; at most MOST_A_SCHOOL a school."""
    candidates = [s for s in world.schools if world.teaching_schools_of(s.id)]
    weights = [6 if s.id in world.led_by else HOST_WEIGHT.get(s.outcome, 1) for s in candidates]
    taken, hosts = {}, []
    while len(hosts) < count and candidates:
        for school in rng.choices(candidates, weights=weights, k=count - len(hosts)):
            if taken.get(school.id, 0) < MOST_A_SCHOOL:
                taken[school.id] = taken.get(school.id, 0) + 1
                hosts.append(school)
    return hosts


def _teaching_school(rng, world, school):
    own = world.teaching_schools_of(school.id)
    nearby = [t for t in world.teaching_by_la.get(school.la_id, []) if t not in own]
    if nearby and rng.random() < NEARBY:
        return rng.choice(nearby)
    return rng.choice(own)


def plan_sles(rng, world, areas, *, today, now, count=None):
    """[PlannedSle], not yet written."""
    count = round(len(world.schools) / SCHOOLS_PER_SLE) if count is None else count
    password = make_password(None)
    return [
        plan_sle(rng, world, areas, school, f"{k}", _teaching_school(rng, world, school), _pick(rng, STATES),
                 password=password, today=today, now=now)
        for k, school in enumerate(_hosts(rng, world, count))
    ]


def plan_sle(rng, world, areas, school, key, teaching_school, state, *, password, today, now):
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    user = User(email=f"sle.{school.urn}.{key}@schools.demo.example", full_name=f"{first} {last}", password=password)
    role = _pick(rng, ROLES)
    years = rng.randint(MINIMUM_LEADERSHIP_YEARS, 14)
    area_ids = areas.choose(rng, school.phase, rng.choices((1, 2, 3), weights=(3, 5, 2))[0])
    record = SpecialistLeader(
        school_id=school.id, teaching_school_id=teaching_school, current_role=role, leadership_years=years,
        evidence=track_record(rng, role, years, [areas.name[pk] for pk in area_ids]),
        yearly_capacity_days=_pick(rng, CAPACITY),
    )
    _decide(rng, record, state, world, today=today, now=now)
    return PlannedSle(record, user, area_ids, user.full_name)


def _decide(rng, sle, state, world, *, today, now):
    """The record's story up to `state`: applied, the headteacher's answer, the assessment, the end."""
    sle.state = state
    head, assessor = world.leaders.get(sle.school_id), world.leaders.get(sle.teaching_school_id)
    if state == State.AWAITING_CONSENT:
        applied = today - timedelta(days=rng.randint(1, 20))
    elif state in (State.AWAITING_ASSESSMENT, State.WITHDRAWN, State.CONSENT_REFUSED):
        applied = today - timedelta(days=rng.randint(15, 120))
    else:  # assessed: designated in the last three years (ended ones a while before today)
        earliest = 300 if state == State.ENDED else 14
        designated_on = today - timedelta(days=rng.randint(earliest, 3 * 365))
        applied = designated_on - timedelta(days=rng.randint(30, 90))
    sle.applied_at = moment(rng, applied, now)
    sle._history_date = sle.applied_at
    if state in (State.AWAITING_CONSENT, State.WITHDRAWN) and (state == State.AWAITING_CONSENT or rng.random() < 0.5):
        return
    sle.consent_by_id, sle.consent_at = head, moment(rng, applied + timedelta(days=rng.randint(2, 12)), now)
    if state == State.CONSENT_REFUSED:
        sle.consent_reason = rng.choice(CONSENT_REFUSED_REASONS)
        return
    if state in (State.AWAITING_ASSESSMENT, State.WITHDRAWN):
        return
    if state == State.NOT_DESIGNATED:
        sle.assessed_by_id, sle.assessed_at = assessor, moment(rng, applied + timedelta(days=rng.randint(20, 60)), now)
        sle.assessment_reasons = rng.choice(NOT_DESIGNATED_REASONS)
        return
    sle.designated_on = designated_on
    sle.assessed_by_id, sle.assessed_at = assessor, moment(rng, designated_on, now)
    sle.assessment_reasons = rng.choice(ASSESSMENT_REASONS)
    if state == State.ENDED:
        sle.ended_on = designated_on + timedelta(days=rng.randint(180, (today - designated_on).days))
        sle.ended_by_id, sle.end_reason = assessor, rng.choice(END_REASONS)


def write_sles(planned, ids, rows):
    """The people, their staff affiliations, the records, their areas, and simple-history's rows
    (one '+' row each, as delivery_years writes for its bulk rows, with the record's areas)."""
    users = [p.user for p in planned if p.user.pk is None]  # the demo SLE account is made already
    rows.write(User, users, ids, history=False)
    affiliations = [Affiliation(user_id=p.user.pk, school_id=p.record.school_id, role=Affiliation.Role.STAFF) for p in planned]
    for affiliation, p in zip(affiliations, planned):
        affiliation._history_date = p.record.applied_at
    rows.write(Affiliation, affiliations, ids, history=True)
    records = []
    for p in planned:
        p.record.person_id = p.user.pk
        records.append(p.record)
    historical = SpecialistLeader.history.model
    first_history = ids.take(historical, 0).start
    rows.write(SpecialistLeader, records, ids, history=True)
    through = SpecialistLeader.areas.through
    links = [through(specialistleader_id=p.record.pk, expertisearea_id=pk) for p in planned for pk in p.area_ids]
    rows.write(through, links, ids, history=False)
    history_of = {record.pk: first_history + n for n, record in enumerate(records)}
    _write_area_history(links, history_of, ids)
    return records


def _write_area_history(links, history_of, ids):
    """simple-history keeps the areas beside each historical record (m2m_fields=[areas])."""
    model = apps.get_model("brokerage", "HistoricalSpecialistLeader_areas")
    fields = ["id", "specialistleader_id", "expertisearea_id", "history_id", "m2m_history_id"]
    taken = ids.take(model, len(links))
    insert_rows(model, fields, [(link.pk, link.specialistleader_id, link.expertisearea_id, history_of[link.specialistleader_id], pk)
                                for link, pk in zip(links, taken)])
