"""Initial teacher training (delivery/itt.py's models): for the demo alliance and two others, a
cohort in each of the last two academic years with trainees in every state, placements at their
schools and outcomes with employment, and national rates for both years. Written directly (the
rules are for people); the dates keep to what the rules allow."""
from datetime import date, timedelta
from decimal import Decimal

from delivery.models import NationalRate, Placement, Trainee, TraineeCohort
from registry.models import Organisation

ROUTES = list(TraineeCohort.Route.values)
SUBJECTS = ["Primary", "Mathematics", "English", "Science", "History", "Modern languages"]


def write_itt(rng, plans, story, council):
    today = date.today()
    this_year = today.year if today.month >= 9 else today.year - 1
    years = (this_year - 1, this_year)
    university = Organisation.objects.filter(kind=Organisation.Kind.UNIVERSITY).first() or Organisation.objects.create(
        name="University of the Demo Region", kind=Organisation.Kind.UNIVERSITY,
    )
    others = [p for p in plans if p is not story.plan and p.members][:2]
    for n, plan in enumerate([story.plan, *others]):
        lead = plan.alliance.lead_schools().first()
        # With the day each became the alliance's: a placement is only at a school that was one on every day of it.
        schools = [(lead, plan.created_on), *((period.school, period.starts_on) for period in plan.members if period.ends_on is None)][:5]
        for k, year in enumerate(years):
            route = ROUTES[(n + k) % len(ROUTES)]
            cohort = TraineeCohort.objects.create(
                alliance=plan.alliance, academic_year=year, route=route, lead_school=lead,
                accredited_provider=university if route == TraineeCohort.Route.UNIVERSITY_PARTNERSHIP else None,
                accredited_provider_name="" if route == TraineeCohort.Route.UNIVERSITY_PARTNERSHIP else f"{lead.name} SCITT",
                partner_university=university if route != TraineeCohort.Route.SCITT else None,
                subject_phase="Primary and secondary",
            )
            finished = year < this_year  # last year's trainees have outcomes; this year's are mostly in training
            for t in range(rng.randint(12, 18) if n == 0 else rng.randint(6, 10)):
                _trainee(rng, cohort, t, finished, schools, today)
    for year, value in zip(years, ("81.0", "79.5")):
        NationalRate.objects.update_or_create(year=year, measure=NationalRate.Measure.EMPLOYED_WITHIN_SIX_MONTHS,
                                              defaults={"value": Decimal(value), "recorded_by": council})


def _trainee(rng, cohort, t, finished, schools, today):
    start = cohort.starts_on
    if finished:
        state = rng.choices(["qts_awarded", "withdrawn", "deferred"], weights=[8, 1, 1])[0]
    else:
        state = "withdrawn" if t == 0 else "in_training"
    outcome_on = None
    if state != "in_training":
        outcome_on = min(today, start + timedelta(days=300 if state == "qts_awarded" else 90 + t))
    employed, employer = "unknown", None
    if state == "qts_awarded":
        employed = rng.choices(["yes", "no", "unknown"], weights=[7, 2, 1])[0]
        employer = rng.choice(schools)[0] if employed == "yes" else None
    trainee = Trainee.objects.create(
        cohort=cohort, reference=f"{cohort.academic_year}-{cohort.route[:3].upper()}-{t + 1:03d}", subject=rng.choice(SUBJECTS),
        state=state, outcome_on=outcome_on, employed_within_six_months=employed, employing_school=employer,
    )
    # Two placements a trainee, one after the other; a withdrawn trainee's end when they left.
    first_end = start + timedelta(days=110)
    first_start = start + timedelta(days=7)
    Placement.objects.create(trainee=trainee, school=_placed(rng, schools, first_start), starts_on=first_start,
                             ends_on=max(first_start, min(first_end, outcome_on)) if outcome_on else first_end)
    if state in ("qts_awarded", "in_training") and (outcome_on or today) > first_end + timedelta(days=14):
        Placement.objects.create(trainee=trainee, school=_placed(rng, schools, first_end + timedelta(days=14)), starts_on=first_end + timedelta(days=14),
                                 ends_on=outcome_on)


def _placed(rng, schools, day):
    """One of the schools that was the alliance's by the day (the lead always was)."""
    return rng.choice([school for school, since in schools if since <= day] or [schools[0][0]])
