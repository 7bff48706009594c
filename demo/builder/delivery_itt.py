"""A year of an alliance's initial teacher training, as delivery/itt.py would have left it: a
cohort (sometimes two routes) led by a lead school whose role had begun, with its accredited
provider; trainees known by reference; outcomes dated inside the year and never in the future,
employment only after QTS; placements at the alliance's lead and member schools, inside the
cohort's dates (from the year's start, ending by the outcome or the year's end), one after
the other. When the ledger knows cohorts (delivery.ledger.KINDS: counted on the first day of their
year), each cohort is shared among its lead school, the other leads and a university deliverer."""
from datetime import timedelta

from alliances.models import DeliveryArea
from delivery.models import Placement, Trainee, TraineeCohort

from .delivery_entries import ledger_entries, moment, shared, split

Route = TraineeCohort.Route
SUBJECTS = ["Primary", "Mathematics", "English", "Science", "History", "Geography", "Modern languages", "Computing", "Physical education"]


def itt_year(rng, batch, world, year, *, cohorts, trainees, universities, ledger, today, now):
    start = year.starts
    leads = world.on(world.working_leads, start)
    schools = [h for h in world.on([*world.leads, *world.members], start) if h.school_id]
    if not leads or not schools:
        return
    finished = year.ends < today
    routes = rng.sample(list(Route.values), k=min(cohorts, len(Route.values)))
    for route in routes:
        lead = rng.choice(leads)
        university = rng.choice(universities) if universities else None
        by_university = route == Route.UNIVERSITY_PARTNERSHIP and university
        cohort = TraineeCohort(
            alliance_id=world.alliance_id, academic_year=year.year, route=route, lead_school_id=lead.school_id,
            accredited_provider_id=university if by_university else None,
            accredited_provider_name="" if by_university else "Alliance SCITT partnership",
            partner_university_id=university if route != Route.SCITT else None,
            subject_phase=rng.choice(("Primary", "Secondary", "Primary and secondary")), created_by_id=world.manager_id,
        )
        cohort._history_date = moment(rng, start - timedelta(days=rng.randint(30, 120)), now)
        batch.add(cohort)
        for t in range(rng.randint(*trainees)):
            _trainee(rng, batch, cohort, year, t, finished, schools, world, today)
        if ledger is not None:
            # The cohort's lead school most, the other working leads (who mentor and host) and a
            # university deliverer less.
            others = [h for h in leads if h.key != lead.key]
            helpers = [h for h in world.deliverers if h.organisation_kind == "university" and h.starts_on <= start][:1]
            holders = [lead, *others, *helpers]
            weights = [3, *[2] * len(others), *[1] * len(helpers)]
            ledger_entries(
                rng, batch, cohort, content_type_id=ledger.content_type_id, alliance_id=world.alliance_id, unit=ledger.unit,
                area=DeliveryArea.ITT, delivered_on=start, world=world, now=now, recent=not finished,
                amounts=shared(holders, split(ledger.total, weights, step=ledger.step)),
            )


def _trainee(rng, batch, cohort, year, t, finished, schools, world, today):
    start = year.starts
    if finished:
        state = rng.choices(["qts_awarded", "withdrawn", "deferred"], weights=[86, 9, 5])[0]
    else:
        state = rng.choices(["in_training", "withdrawn"], weights=[95, 5])[0]
    outcome_on = None
    if state == "qts_awarded":
        outcome_on = min(today, start + timedelta(days=rng.randint(290, 320)))
    elif state != "in_training":
        outcome_on = min(today, start + timedelta(days=rng.randint(30, 250)))
        if outcome_on < start:
            state, outcome_on = "in_training", None
    employed, employer = "unknown", None
    if state == "qts_awarded":
        employed = rng.choices(["yes", "no", "unknown"], weights=[78, 12, 10])[0]
        if employed == "yes":
            employer = rng.choice(schools).school_id if rng.random() < 0.7 else None
    trainee = Trainee(
        cohort=cohort, reference=f"{cohort.academic_year}-{cohort.route[:3].upper()}-{t + 1:03d}",
        subject=rng.choice(SUBJECTS), state=state, outcome_on=outcome_on, employed_within_six_months=employed,
        employing_school_id=employer,
    )
    batch.add(trainee)
    # Two placements, one after the other, inside the cohort's dates; none after leaving.
    last_day = outcome_on or year.ends
    spans = [(start + timedelta(days=7), start + timedelta(days=110)), (start + timedelta(days=124), year.ends - timedelta(days=40))]
    for first_day, end_day in spans:
        if first_day > min(last_day, today):
            break
        placed = [h for h in schools if h.starts_on <= first_day]
        batch.add(Placement(
            trainee=trainee, school_id=rng.choice(placed).school_id, starts_on=first_day, ends_on=min(end_day, last_day),
            created_by_id=world.manager_id,
        ))
