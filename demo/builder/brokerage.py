"""The demo's brokerage: about 3,000 specialist leaders of education (one for every eight demo
schools), needs and offers for every demo school, and a few hundred deployments of SLEs in every
state, with their support records, progress reviews and ledger entries. Runs after the delivery
years (demo/builder/build.py), from its own seeded random numbers, so the same seed gives the same
brokerage.

Written in bulk like the delivery years (delivery_rows: ids given up front, one prepared INSERT a
table, and one '+' simple-history row for each row of a model that keeps history, dated when the
row's story begins) rather than through the services: the national demo writes over 100,000
rows. The services' rules are kept by construction (brokerage_sles, brokerage_profiles,
brokerage_deployments say how) and tests/demo/test_brokerage.py checks them.

The demo accounts' part:
- `member.school@demo.example`'s school has open needs, one of them high priority, and none
  brokered yet: the matching journey starts there;
- `sle@demo.example` is a designated SLE of the demo lead school, in the areas of two weaker
  schools' needs: agreed and in progress at one (with a progress review), and asked for by the
  other, waiting for the headteacher's release;
- so `leader@demo.example`, the lead school's headteacher, has that release to decide;
- and the lead school has a deployment of another school's SLE reported, waiting for it
  (`leader@demo.example`, `business.manager@demo.example`) to confirm the impact.
The notices of what waits and the demo's matching runs come last (brokerage_runs).
"""
import random
from datetime import date, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from accounts.models import Affiliation, User
from brokerage import sle_notices
from brokerage.models import Deployment, ProgressReview, SchoolNeed, SpecialistLeader
from delivery.models import Contribution, ExpertiseArea, SupportAssignment
from demo.synthetic.names import FIRST_NAMES, LAST_NAMES
from notices.sending import without_email

from . import delivery_rows as rows
from .brokerage_areas import Areas
from .brokerage_deployments import (
    NEEDS_A_DEPLOYMENT, OFFER_SHARE, Deployments, deployment_order, plan_deployments, plan_offer_deployments,
)
from .brokerage_profiles import plan_needs, write_needs, write_offers
from .brokerage_sles import PlannedSle, plan_sle, plan_sles, write_sles
from .brokerage_texts import track_record
from .brokerage_world import read_brokerage_world
from .delivery_entries import moment
from .delivery_rows import Ids

DEMO_SLE_EMAIL = "sle@demo.example"
SEED_OFFSET = 14  # the brokerage's random numbers are its own: adding it changes nothing built before


def write_brokerage(seed, story, password, *, today=None, sles=None):
    """Write the brokerage; returns [(email, what it shows)] for the demo accounts it gives a part."""
    rng = random.Random(seed + SEED_OFFSET)
    today = today or date.today()
    now = timezone.now()
    world = read_brokerage_world(today)
    areas = Areas(ExpertiseArea.objects.filter(active=True).order_by("pk"))
    ids = Ids()
    member_id, lead_id = story.member_school.id, story.lead_school.id
    needs = plan_needs(rng, world, areas, ids, today=today, story_school_id=member_id)
    planned = plan_sles(rng, world, areas, today=today, now=now, count=sles)
    demo_sle = _demo_sle(rng, world, story, needs, password, today=today, now=now)
    if demo_sle is not None:
        planned.append(demo_sle.planned)
    applications = _story_applications(rng, world, areas, story, today=today, now=now)
    planned += applications
    ordered = deployment_order(rng, world, needs, skip_school_ids={member_id, lead_id})
    designated = [p for p in planned if p.record.state == SpecialistLeader.State.DESIGNATED]
    count = max(len(Deployment.State), round(len(designated) * NEEDS_A_DEPLOYMENT))
    _ensure_leaders(rng, world, {p.record.school_id for p in planned} | {n.school_id for n in ordered[: count * 4]}, ids)
    _fill_in_leaders(world, planned, today=today)
    write_sles(planned, ids, rows)
    offers = write_offers(rng, world, areas, planned, needs, ids, today=today)
    plan = Deployments(world, areas, today=today, now=now, content_type_id=ContentType.objects.get_for_model(SupportAssignment).pk)
    if demo_sle is not None:
        demo_sle.deploy(rng, plan)
    confirm = _reported_to_lead(rng, plan, planned, needs, lead_id) if demo_sle is not None else None
    plan_deployments(rng, plan, planned, ordered, count=count)
    plan_offer_deployments(rng, plan, offers, ordered, count=max(len(Deployment.State), round(count * OFFER_SHARE)))
    write_needs(needs, ids)  # after the deployments, which mark the needs they met
    for model, objects in ((SupportAssignment, plan.support), (Deployment, plan.deployments), (ProgressReview, plan.reviews)):
        rows.write(model, objects, ids, history=True)
    for entry in plan.entries:
        entry.object_id = entry._record.pk
    rows.write(Contribution, plan.entries, ids, history=True)
    ids.reset_sequences()
    _tell_about(applications)
    if demo_sle is None:
        return []
    return [(DEMO_SLE_EMAIL, demo_sle.what), ("leader@demo.example", demo_sle.release),
            ("member.school@demo.example", "its school has open needs, one of them high priority: find support for them"),
            ("leader@demo.example", "an SLE application from the school's staff to consent to, and one from a member school to assess")] + (
            [("leader@demo.example", "a deployment its school received is reported: confirm its impact (so may business.manager@demo.example)")]
            if confirm is not None else [])


def _story_applications(rng, world, areas, story, *, today, now):
    """Two SLE applications for the demo leader: one by the lead school's own staff, waiting for
    its headteacher's consent; one from the member school, consented, waiting for the lead school
    (a teaching school) to assess it."""
    if story.lead_school.id not in world.led_by:
        return []
    by_id, password = world.by_id(), make_password(None)
    return [
        plan_sle(rng, world, areas, by_id[school_id], "demo", story.lead_school.id, state, password=password, today=today, now=now)
        for school_id, state in ((story.lead_school.id, SpecialistLeader.State.AWAITING_CONSENT),
                                 (story.member_school.id, SpecialistLeader.State.AWAITING_ASSESSMENT))
        if school_id in by_id
    ]


def _tell_about(applications):
    """The notices the application service would have written (in the site only: no email)."""
    records = SpecialistLeader.objects.filter(pk__in=[p.record.pk for p in applications]).select_related("person", "school", "teaching_school")
    with without_email():
        for sle in records:
            (sle_notices.applied if sle.state == SpecialistLeader.State.AWAITING_CONSENT else sle_notices.consent_given)(sle)


def _ensure_leaders(rng, world, school_ids, ids):
    """A headteacher on the site (who cannot sign in, as people.SchoolLeaders makes them) for the
    schools that take part in deployments and host SLEs: they consent, release, ask and confirm."""
    by_id = world.by_id()
    missing = [by_id[pk] for pk in sorted(school_ids) if pk in by_id and pk not in world.leaders]
    password = make_password(None)
    users = [User(email=f"head.{school.urn}@schools.demo.example", full_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                  password=password) for school in missing]
    rows.write(User, users, ids, history=False)
    affiliations = [Affiliation(user_id=user.pk, school_id=school.id, role=Affiliation.Role.LEADER) for user, school in zip(users, missing)]
    rows.write(Affiliation, affiliations, ids, history=True)
    world.leaders.update((school.id, user.pk) for school, user in zip(missing, users))


def _fill_in_leaders(world, planned, *, today):
    """Leaders made after the SLEs were planned answer their applications."""
    for p in planned:
        sle = p.record
        if sle.consent_at and sle.consent_by_id is None:
            sle.consent_by_id = world.leaders.get(sle.school_id)
        if sle.assessed_at and sle.assessed_by_id is None:
            sle.assessed_by_id = world.leaders.get(sle.teaching_school_id)
        if sle.ended_on and sle.ended_by_id is None:
            sle.ended_by_id = world.leaders.get(sle.teaching_school_id)


def _reported_to_lead(rng, plan, planned, needs, lead_id):
    """A deployment of another school's SLE to one of the demo lead school's needs, reported and
    waiting for the school (`leader@demo.example`, `business.manager@demo.example`) to confirm its
    impact: the last step of the workflow, for a visitor to take."""
    open_needs = [n for n in needs if n.school_id == lead_id and n.state == SchoolNeed.State.OPEN]
    for need in open_needs:
        sles = [p for p in planned if p.record.state == SpecialistLeader.State.DESIGNATED and not p.reserved
                and need.area_id in p.area_ids and p.record.school_id != lead_id]
        for candidate in rng.sample(sles, min(len(sles), 30)):
            for _ in range(3):  # the dates are drawn at random: draw again if they do not fit
                deployment = plan.add(rng, need, candidate, Deployment.State.REPORTED)
                if deployment is not None:
                    return deployment
    return None


class _DemoSle:
    """sle@demo.example: a designated SLE of the demo lead school, with two deployments."""

    def __init__(self, planned, agreed_need, requested_need, lead_name):
        self.planned, self.agreed_need, self.requested_need = planned, agreed_need, requested_need
        self.what = (f"designated SLE of {lead_name}: an agreed deployment in progress (with a progress review) and a "
                     "request waiting for the headteacher's release")
        self.release = f"headteacher of {lead_name}: its SLE (sle@demo.example) is asked for and waits for the school's release"

    def deploy(self, rng, plan):
        for need, state, days in ((self.agreed_need, Deployment.State.AGREED, Decimal(6)),
                                  (self.requested_need, Deployment.State.REQUESTED, Decimal(4))):
            deployment = None
            for _ in range(20):  # the dates are drawn at random: draw again if they do not fit
                deployment = plan.add(rng, need, self.planned, state, days=min(days, need.days_wanted))
                if deployment is not None:
                    break
            if deployment is None:
                raise AssertionError(f"The demo SLE could not be deployed to {need.school_id}'s need")


def _demo_sle(rng, world, story, needs, password, *, today, now):
    lead_id, member_id = story.lead_school.id, story.member_school.id
    alliance_ids = world.led_by.get(lead_id)
    if not alliance_ids:
        return None
    alliance_id = alliance_ids[0]
    by_id = world.by_id()
    # Two weaker schools of the lead school's alliance (any if none is weaker), with open needs.
    schools = [pk for pk, roles in world.roles.items() if any(a == alliance_id for a, _, _ in roles) and pk not in (lead_id, member_id)]
    schools.sort(key=lambda pk: (not by_id[pk].weak, by_id[pk].urn))
    chosen = []
    for pk in schools:
        found = next((n for n in needs if n.school_id == pk and n.state == SchoolNeed.State.OPEN
                      and n.area_id not in [c.area_id for c in chosen]), None)
        if found is not None:
            chosen.append(found)
        if len(chosen) == 2:
            break
    if len(chosen) < 2:
        return None
    user = User.objects.create(email=DEMO_SLE_EMAIL, full_name="Jordan Reid", password=password)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    area_ids = [n.area_id for n in chosen]
    designated_on = today - timedelta(days=420)
    record = SpecialistLeader(
        school_id=lead_id, teaching_school_id=lead_id, current_role="senior_leader", leadership_years=6,
        evidence=track_record(rng, "senior_leader", 6, [ExpertiseArea.objects.get(pk=pk).name for pk in area_ids]),
        state=SpecialistLeader.State.DESIGNATED, designated_on=designated_on, yearly_capacity_days=Decimal(15),
        applied_at=moment(rng, designated_on - timedelta(days=45), now),
        consent_by_id=world.leaders.get(lead_id), assessed_by_id=world.leaders.get(lead_id),
        assessment_reasons="Strong evidence of impact beyond the school.",
    )
    record.consent_at = record.applied_at + timedelta(days=5)
    record.assessed_at = record.applied_at + timedelta(days=45)
    record._history_date = record.applied_at
    planned = PlannedSle(record, user, area_ids, user.full_name, reserved=True)
    return _DemoSle(planned, chosen[0], chosen[1], story.lead_school.name)
