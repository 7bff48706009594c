"""Demo data for alliances, at national scale, and the demo accounts.

`build_demo_alliances()` runs after load_demo has imported the synthetic national registry, so
schools already have their Ofsted standing, size, location, region and local authority. It builds:

- teaching schools: at-least-Good schools in every region, each with a designation and its
  history, plus a few applications waiting for the Council and a few declined ones;
- alliances of all three types (about 75% single, 5% job-share, 20% multiple), every one checked
  with `alliance_types.type_problems` before anything is written;
- member schools (most open state-funded schools, each in one alliance at a time, mostly the
  nearest), with their terms, earlier periods for history, and memoranda they sign;
- deliverers, agreements between leads, networks with shared resources, pending requests;
- the demo accounts, placed so that each one has something to do.

Everything comes from one `random.Random(seed)` and the registry read in URN order, so the same
seed gives the same demo. No date is later than `as_at` (1 September 2026, or today if earlier).
Rows are written with bulk_create: the national build writes tens of thousands of them.
"""
import heapq
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import combinations

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import Affiliation, User
from alliances.alliance_types import type_problems
from alliances.models import (
    Accountability,
    Agreement,
    AgreementSignature,
    Alliance,
    AllianceRole,
    DeliveryArea,
    Designation,
    DesignationEvent,
    Memorandum,
    MemorandumSignature,
    MembershipRequest,
    MembershipTerms,
    Network,
    NetworkResource,
)
from alliances.permissions import COUNCIL_GROUP
from registry.models import Organisation, School
from registry.synthetic.names import FIRST_NAMES, LAST_NAMES

DEMO_PASSWORD = "demo-password-2026"
DEMO_SEED = 2026
# The start of the 2026/27 school year, just after the synthetic Ofsted data (30 June 2026).
DEMO_DATE = date(2026, 9, 1)
# Teaching school alliances began work in 2011/12; a designation runs four years, so the current
# designations of working teaching schools date from 2019 on.
EARLIEST_ROLE = date(2012, 9, 1)
EARLIEST_DESIGNATION = date(2019, 1, 1)

JOB_SHARE_SHARE = 0.05
MULTIPLE_SHARE = 0.20
THREE_LEADS_SHARE = 0.3  # of multiple alliances; the rest have two leads
ALLIANCE_PREDATES_DESIGNATION_SHARE = 0.55  # re-designated teaching schools lead older alliances
PATCH_SHARE = 0.30
ALL_AREAS_SHARE = 0.85
# Of the open state-funded schools that do not lead one: with the leads, about 85% of all such
# schools are in an alliance.
MEMBER_SHARE = 0.87
BEYOND_BORDERS_SHARE = 0.10  # schools are not bound by county borders
MOVED_SHARE = 0.10  # members that were earlier in another alliance
LEFT_SHARE = 0.20  # of non-members: left an alliance, kept for history
FREE_ALLIANCE_SHARE = 0.35
FREE_MEMBER_SHARE = 0.08  # members of charging alliances let in free
TERMLY_SHARE = 0.15
PAID_SHARE = 0.8
MEMORANDUM_SHARE = 0.5
SIGNED_MEMORANDUM_SHARE = 0.6
NO_AGREEMENT_SHARE = 0.07
UNSIGNED_AGREEMENT_SHARE = 0.08
SECOND_VERSION_SHARE = 0.3
ENDED_DELIVERER_SHARE = 0.08

# A degree of longitude is about 0.61 of a degree of latitude across England (cos 52.5°), so
# squared distances in scaled degrees rank places as a map would.
LONGITUDE_SCALE = 0.61

# The 27 areas of expertise of specialist leaders of education (SLEs), grouped by Ofsted focus.
# Source: ../shared/data/reference/sle_areas_of_expertise.csv (copied here so nothing outside the
# project is read at run time).
SLE_AREAS = (
    # Leadership and management
    "Academies and academy transition",
    "Assessment",
    "Leadership of continuing professional development",
    "School business management and financial management",
    "Leadership of curriculum",
    # Pupil achievement
    "Art",
    "Closing the gap",
    "Drama",
    "Design and technology",
    "Early years",
    "English",
    "Geography",
    "History",
    "Information and communication technology",
    "Maths",
    "Modern foreign languages",
    "Music",
    "Phonics",
    "Physical education",
    "Personal, social and health education",
    "Religious education",
    "Science",
    "Special educational needs",
    "Support for the most able pupils",
    # Quality of teaching
    "Initial teacher training and newly qualified teacher development",
    # Behaviour and safety
    "Behaviour and discipline",
    "Attendance",
)
PHASE_SPECIALISMS = {
    "Primary": ("Phonics", "Early years", "Maths", "English"),
    "Secondary": ("Maths", "Science", "English", "Modern foreign languages"),
    "Nursery": ("Early years",),
}

# Partners that are entered by people, not imported: fictional universities and private
# providers, as the schools are. (kind, name, region; an empty region works nationally.)
UNIVERSITY, PRIVATE = Organisation.Kind.UNIVERSITY, Organisation.Kind.PRIVATE_PROVIDER
PARTNER_ORGANISATIONS = (
    (UNIVERSITY, "University of Northfield School of Education", "North West"),
    (UNIVERSITY, "Southgate University Institute of Teaching", "South East"),
    (UNIVERSITY, "Midshire University Centre for Teacher Education", "West Midlands"),
    (PRIVATE, "Brightpath Leadership Training Ltd", "London"),
    (PRIVATE, "Coastline Education Consultancy", "South West"),
    (UNIVERSITY, "University of Tyneford School of Education", "North East"),
    (UNIVERSITY, "Wearmouth University Institute for Teaching", "North East"),
    (UNIVERSITY, "Mersey Bank University Faculty of Education", "North West"),
    (UNIVERSITY, "University of Pendle and Ribble", "North West"),
    (UNIVERSITY, "University of Airedale School of Education", "Yorkshire and the Humber"),
    (UNIVERSITY, "Humberside Metropolitan University", "Yorkshire and the Humber"),
    (UNIVERSITY, "Don Valley University Centre for Teacher Education", "Yorkshire and the Humber"),
    (UNIVERSITY, "University of Sherwood Institute of Education", "East Midlands"),
    (UNIVERSITY, "Trent Vale University School of Teacher Education", "East Midlands"),
    (UNIVERSITY, "Soar Valley University", "East Midlands"),
    (UNIVERSITY, "University of Severnside Faculty of Education", "West Midlands"),
    (UNIVERSITY, "Black Country Metropolitan University", "West Midlands"),
    (UNIVERSITY, "Fenland University School of Education", "East of England"),
    (UNIVERSITY, "University of the Chiltern Vale", "East of England"),
    (UNIVERSITY, "Colne University Institute of Education", "East of England"),
    (UNIVERSITY, "Thameside Metropolitan University School of Education", "London"),
    (UNIVERSITY, "Lea Valley University Institute of Teaching", "London"),
    (UNIVERSITY, "Wandle University Centre for Urban Education", "London"),
    (UNIVERSITY, "University of the Weald Faculty of Education", "South East"),
    (UNIVERSITY, "Solent Shore University", "South East"),
    (UNIVERSITY, "University of Exmoor Faculty of Education", "South West"),
    (UNIVERSITY, "Avon Gorge University School of Teacher Education", "South West"),
    (UNIVERSITY, "Tamar University", "South West"),
    (PRIVATE, "Northern Lights Leadership Ltd", "North East"),
    (PRIVATE, "Pennine Curriculum Consultants", "North West"),
    (PRIVATE, "Quayside Training and Development", "North West"),
    (PRIVATE, "Ridings Maths Consultancy Ltd", "Yorkshire and the Humber"),
    (PRIVATE, "Castlegate Safeguarding Training", "East Midlands"),
    (PRIVATE, "Forest Edge Early Years Training", "West Midlands"),
    (PRIVATE, "Broadland Governance Services", "East of England"),
    (PRIVATE, "Open Page Literacy Ltd", "London"),
    (PRIVATE, "Evergreen SEND Consultancy", "South East"),
    (PRIVATE, "Ridgeway Behaviour Support", "South West"),
    (PRIVATE, "Chalkboard Professional Learning", ""),
    (PRIVATE, "Keystone Coaching Partners", ""),
    (PRIVATE, "Bursar Plus School Business Services", ""),
    (PRIVATE, "Clearview Assessment and Data Ltd", ""),
    (PRIVATE, "Mentor Matters Ltd", ""),
    (PRIVATE, "Horizon School Improvement Ltd", ""),
)

ITT_EVIDENCE = (
    "Leads a School Direct partnership that recruits {n} trainees a year; most are employed in partner schools.",
    "Has hosted and co-ordinated placements for {n} trainees a year since {year}, with its university partner.",
    "Runs the salaried route for {n} trainees a year and trains the mentors in its partner schools.",
)
SUPPORT_EVIDENCE = (
    "Its senior leaders supported {n} schools out of an Ofsted category between {year} and now.",
    "Deploys {n} specialist leaders of education; every supported school improved its next inspection outcome.",
    "Leads a cluster of {n} schools in joint moderation and subject networks, and brokers support within it.",
)
HEADTEACHER_EVIDENCE = (
    "The headteacher has led the school for {n} years and is a national leader of education.",
    "The headteacher has {n} years' headship experience across two schools and coaches new heads.",
    "The headteacher has led the school for {n} years and chairs the local headteachers' association.",
)
APPROVAL_REASONS = (
    "All five criteria met.",
    "All five criteria met; strong evidence of school-to-school support.",
    "All five criteria met; a well-established initial teacher training partnership.",
)
DECLINE_REASONS = (
    "The evidence on initial teacher training describes placements only: the school has not yet led "
    "training for trainees. Apply again once it has led a full year of initial teacher training.",
    "The school has not yet supported another school to improve; the evidence describes an informal "
    "network only. Apply again with the outcomes of a supported school.",
    "The headteacher has been in post for under two years; the Council needs evidence of sustained "
    "leadership of the school.",
)
NOT_GOOD_REASON = (
    "The school is not at least Good at its most recent inspection (criterion 1), so it cannot be designated."
)

ETHOS_BY_FAITH = {
    "Church of England": "Rooted in the Christian values of our church schools: every child and every adult is "
    "known, loved and able to flourish. We work closely with {diocese}.",
    "Roman Catholic": "Inspired by the Gospel and by Catholic social teaching, we serve the common good and the "
    "formation of the whole child, in partnership with {diocese}.",
    "Church of England/Methodist": "An ecumenical alliance of Anglican and Methodist schools: hospitality, "
    "service and hope, in partnership with {diocese}.",
    "Methodist": "In the Methodist tradition of service and inclusion, we welcome schools of every faith and none.",
    "Christian": "Christian values of love, service and forgiveness shape how we work with every partner school.",
    "Jewish": "Shaped by Jewish values of learning, community and repairing the world, and open to every school.",
    "Muslim": "Guided by Islamic values of knowledge, compassion and justice, and open to every school.",
    "Sikh": "Guided by the Sikh values of equality, service and honest work, and open to every school.",
    "Hindu": "Guided by Hindu values of respect, service and the pursuit of knowledge, and open to every school.",
}
ETHOS = (
    "Schools improve schools: we share what works, openly and without charge for advice.",
    "Every child deserves a great teacher. We grow our own teachers and leaders, and keep them in our schools.",
    "A partnership of equals: every member school both gives and receives support.",
    "Inclusive by design: what works for pupils with special educational needs works for every pupil.",
    "Research-informed practice, tested in our classrooms and shared with every member school.",
    "Small schools, big ambitions: we pool expertise so that no school and no teacher works alone.",
)
DESCRIPTION_ENDINGS = (
    "Together we train new teachers, develop leaders at every stage and support schools that need help to improve.",
    "We run a School Direct programme, a leadership programme for middle and senior leaders, and a termly CPD "
    "calendar.",
    "Our specialist leaders of education work alongside colleagues in member schools for a term at a time.",
    "We broker school-to-school support with the local authority and share a calendar of subject networks.",
)
LEAD_RESPONSIBILITIES = {
    DeliveryArea.ITT: "initial teacher training, with the alliance's university partners",
    DeliveryArea.CPD: "CPD and leadership development, including the alliance's leadership programmes",
    DeliveryArea.SCHOOL_SUPPORT: "school-to-school support, deploying specialist leaders of education",
}
DELIVERER_RESPONSIBILITIES = {
    "university": (
        "Initial teacher training: the postgraduate route, trainee assessment and recommendation for QTS.",
        "Mentor training for school-based trainers, and quality assurance of trainee placements.",
        "Masters-level modules for teachers in their first five years.",
        "Research and evaluation of the alliance's school-to-school support.",
    ),
    "private": (
        "National professional qualifications in senior leadership and headship.",
        "The middle leadership development programme.",
        "Coaching for new and acting headteachers.",
        "School business management and finance training.",
        "Governor training and clerking development.",
    ),
    "trust": (
        "School-to-school support for the trust's schools and their neighbours.",
        "Early career teacher induction across the trust's schools.",
        "Secondary subject networks in maths and science.",
    ),
    "local_authority": (
        "Brokering school-to-school support for maintained schools in the authority.",
        "Safeguarding and special educational needs training for the alliance's schools.",
        "Induction of early career teachers, as appropriate body.",
    ),
    "diocese": (
        "Religious education and collective worship training for church schools.",
        "Leadership development for church school leaders, including inspection preparation.",
    ),
    "school": (
        "Specialist leaders of education in {area}.",
        "Subject knowledge enhancement in {area} for trainees.",
        "Training placements and {area} expertise.",
    ),
}
GOVERNANCE = (
    "A strategic board of the headteachers of the lead schools meets every half term and decides by consensus; "
    "each lead school chairs it for a year in turn.",
    "A steering group of the lead schools' headteachers and a representative of the member schools meets "
    "termly. The business managers of the lead schools hold the alliance's budget jointly.",
    "The lead schools' governing boards each appoint one governor to an alliance committee, which agrees the "
    "annual plan and budget and reviews progress against the success criteria.",
)
SUCCESS_CRITERIA = (
    "At least 90% of trainees recommended for QTS",
    "Every member school takes part in at least one CPD programme a year",
    "Supported schools improve at their next inspection",
    "Half of the alliance's trainees employed in member schools",
)
MEMORANDUM_TEXT = (
    "Memorandum of understanding between {name} and its member schools.\n\n"
    "1. The alliance will offer every member school places on its CPD and leadership programmes, broker "
    "school-to-school support when a member asks for it, and publish its training calendar each term.\n"
    "2. Each member school will host trainees on placement when it can, release staff to share their "
    "expertise, and take part in the alliance's annual review.\n"
    "3. {fee}\n"
    "4. Either party may end membership at the end of a school year, with a term's notice."
)
MEMORANDUM_UPDATE = (
    "\n5. Added in version 2: early career teacher induction, and sharing assessment data for moderation."
)
REQUEST_MESSAGES = (
    "We would like our staff to join your leadership programmes, and we can host trainees.",
    "Our new headteacher would value support with curriculum development; we have strengths in early reading to share.",
    "We are looking for a partnership to train new teachers with; several of our staff would make good mentors.",
    "We would like to be part of a wider network of schools for moderation and subject networks.",
)
LEAVING_REASONS = (
    "Did not renew its membership",
    "Joined a trust with its own training programme",
    "Left at the end of the school year",
)
NETWORK_THEMES = (
    "Early Reading", "Maths", "Special Educational Needs", "Leadership", "Teacher Training", "Science",
    "Rural and Small Schools", "Church Schools", "Curriculum", "Early Career Teachers", "Behaviour and Attendance",
    "Research", "Coastal Schools",
)
# Themes that would make no sense in a region: London has no coast and few rural schools.
THEMES_NOT_IN = {
    "London": ("Coastal Schools", "Rural and Small Schools"),
    "West Midlands": ("Coastal Schools",),
}
# (title, last part of the link, description)
NETWORK_RESOURCES = (
    ("Mentor training handbook", "mentor-handbook",
     "The handbook every school-based mentor uses, with observation templates."),
    ("Shared CPD calendar", "cpd-calendar",
     "Every course and network meeting run by the network's alliances this year."),
    ("Deploying a specialist leader of education", "sle-deployment",
     "How to ask for, agree and review a deployment."),
    ("Early reading audit", "early-reading-audit",
     "A self-review of phonics teaching, with the network's moderation notes."),
    ("Trainee placement agreement", "placement-agreement",
     "The template agreement between a host school and the alliance."),
    ("Writing moderation exemplars", "writing-moderation",
     "Annotated pieces of pupils' writing, agreed across the network."),
    ("Leadership programme reading list", "leadership-reading",
     "What participants read before each session."),
    ("Provision map template", "provision-map",
     "A shared template for mapping support for pupils with special educational needs."),
)


@dataclass(eq=False)
class AlliancePlan:
    """An alliance as it is built: its leads first, the rest filled in step by step.
    `alliance` is the unsaved (then saved) model."""

    alliance_type: str
    leads: list
    alliance: Alliance | None = None
    fee_pence: int = 0
    patch: list = field(default_factory=list)
    accountable: dict = field(default_factory=dict)
    members: list = field(default_factory=list)

    @property
    def region(self):
        return self.leads[0].region

    @property
    def centre(self):
        return (
            sum(s.latitude for s in self.leads) / len(self.leads),
            sum(s.longitude for s in self.leads) / len(self.leads),
        )

    @property
    def lead_la_ids(self):
        return {s.local_authority_id for s in self.leads}

    @property
    def created_on(self):
        return self.alliance.created_on


@dataclass(eq=False)
class Period:
    """A school's planned period of membership of an alliance."""

    plan: AlliancePlan
    school: School
    starts_on: date
    ends_on: date | None = None
    end_reason: str = ""


@dataclass
class Registry:
    """What the build reads from the registry, once."""

    schools: list  # open, state-funded, with a location, in URN order
    independents: list  # open, not state-funded, with a location: they may deliver training
    la_names: dict
    diocese_names: dict
    partners: dict  # Organisation.Kind -> [Organisation]


@dataclass
class DemoStory:
    """Where the demo accounts sit: each has something to do."""

    plan: AlliancePlan  # a multiple alliance the demo leader manages
    lead_school: School
    member_school: School  # has a memorandum to sign
    joining_school: School  # in no alliance: can find one and ask to join
    trust: Organisation | None  # delivers training in the demo alliance

    @property
    def school_ids(self):
        return {self.lead_school.id, self.member_school.id, self.joining_school.id}


# ---------------------------------------------------------------------------------------------
# The build


def build_demo_alliances(seed=DEMO_SEED, stdout=None, teaching_schools=800, alliances=600, as_at=None):
    """Build the alliance demo on the imported registry; return counts of what was made.
    Does nothing (and returns {}) if there are alliances already."""
    if Alliance.objects.exists():
        _say(stdout, "Alliances are already loaded; the alliance demo was left as it is.")
        return {}
    rng = random.Random(seed)
    as_at = min(as_at or DEMO_DATE, date.today())
    # Hash the shared demo password once: hashing is deliberately slow.
    password = make_password(DEMO_PASSWORD)
    with transaction.atomic():
        registry = read_registry()
        council = create_council_member(password)
        leaders = SchoolLeaders(rng)
        chosen = choose_teaching_schools(rng, registry.schools, teaching_schools, as_at)
        designations = designate_teaching_schools(rng, chosen, council, as_at)
        plans = plan_lead_groups(rng, chosen, alliances)
        describe_alliances(rng, plans, registry, designations)
        check_alliance_types(plans)
        write_alliances(plans)
        periods = plan_memberships(rng, plans, registry.schools, as_at)
        story = choose_demo_story(rng, plans, periods, registry)
        accounts = create_demo_people(story, council, password, leaders)
        leaders.ensure(lead for plan in plans for lead in plan.leads)
        write_member_roles(rng, periods, as_at)
        write_deliverers(rng, plans, registry, story, as_at)
        write_agreements(rng, plans, leaders, story, as_at)
        write_memoranda(rng, plans, leaders, story, as_at)
        record_other_applications(rng, registry.schools, chosen, leaders, council, story, as_at)
        write_membership_requests(rng, plans, registry.schools, leaders, story, as_at)
        write_networks(rng, plans, leaders, story, as_at)
    counts = count_demo_rows()
    _say(stdout, "Alliance demo: " + ", ".join(f"{value:,} {name.replace('_', ' ')}" for name, value in counts.items()))
    _say(stdout, f"Demo accounts (password {DEMO_PASSWORD}):")
    for email, what in accounts:
        _say(stdout, f"  {email}: {what}")
    return counts


def _say(stdout, text):
    if stdout is not None:
        stdout.write(text if text.endswith("\n") else text + "\n")


def read_registry():
    schools = list(
        School.objects.open().state_funded().filter(latitude__isnull=False, longitude__isnull=False).order_by("urn")
    )
    independents = list(
        School.objects.open()
        .filter(is_state_funded=False, latitude__isnull=False, longitude__isnull=False)
        .order_by("urn")
    )
    names = dict(Organisation.objects.values_list("id", "name"))
    la_ids = Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY).values_list("id", flat=True)
    diocese_ids = Organisation.objects.filter(kind=Organisation.Kind.DIOCESE).values_list("id", flat=True)
    return Registry(
        schools=schools,
        independents=independents,
        la_names={pk: names[pk] for pk in la_ids},
        diocese_names={pk: names[pk] for pk in diocese_ids},
        partners=create_partner_organisations(),
    )


def create_partner_organisations():
    """The universities and private providers (load_demo used to make the first five)."""
    existing = set(Organisation.objects.filter(kind__in=[UNIVERSITY, PRIVATE]).values_list("kind", "name"))
    Organisation.objects.bulk_create(
        Organisation(kind=kind, name=name, region=region, description=_partner_description(kind, region))
        for kind, name, region in PARTNER_ORGANISATIONS
        if (kind, name) not in existing
    )
    partners = defaultdict(list)
    for organisation in Organisation.objects.filter(kind__in=[UNIVERSITY, PRIVATE]).order_by("name", "id"):
        partners[organisation.kind].append(organisation)
    return partners


def _partner_description(kind, region):
    where = f"schools in the {region}" if region else "schools across England"
    if kind == UNIVERSITY:
        return f"Trains teachers with partnership {where}, and offers masters-level study for teachers."
    return f"Training and consultancy for {where}."


# ---------------------------------------------------------------------------------------------
# People


class SchoolLeaders:
    """One headteacher for each school that needs someone to sign, apply or ask: the people
    behind the demo's signatures and requests. They cannot sign in (no usable password).
    The demo accounts are registered here too, so that they act for their own schools."""

    def __init__(self, rng):
        self.rng = rng
        self.users = {}

    def register(self, school, user):
        self.users[school.id] = user

    def __getitem__(self, school):
        return self.users[school.id]

    def ensure(self, schools):
        """Create leaders, in one go, for the schools that have none yet."""
        missing = list({school.id: school for school in schools if school.id not in self.users}.values())
        users = [
            User(
                email=f"head.{school.urn}@schools.demo.example",
                full_name=f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}",
                password=make_password(None),
            )
            for school in missing
        ]
        User.objects.bulk_create(users)
        Affiliation.objects.bulk_create(
            Affiliation(user=user, school=school, role=Affiliation.Role.LEADER) for user, school in zip(users, missing)
        )
        self.users.update((school.id, user) for school, user in zip(missing, users))


def create_council_member(password):
    group, _ = Group.objects.get_or_create(name=COUNCIL_GROUP)
    user = User.objects.create(email="council@demo.example", full_name="Morgan Ellis", password=password)
    user.groups.add(group)
    return user


def create_demo_people(story, council, password, leaders):
    """The demo accounts; returns (email, what it can do) for each, to print."""
    lead_school, plan = story.lead_school, story.plan
    people = [
        ("leader@demo.example", "Alex Morgan", Affiliation.Role.LEADER, lead_school,
         f"leader of {lead_school.name}, a lead school of {plan.alliance.name} (manages it; an agreement to sign)"),
        ("business.manager@demo.example", "Sam Patel", Affiliation.Role.BUSINESS_MANAGER, lead_school,
         f"business manager of {lead_school.name} (manages {plan.alliance.name})"),
        ("member.school@demo.example", "Priya Shah", Affiliation.Role.LEADER, story.member_school,
         f"leader of {story.member_school.name}, a member of {plan.alliance.name} (a memorandum to sign)"),
        ("member.head@demo.example", "Chris Taylor", Affiliation.Role.LEADER, story.joining_school,
         f"leader of {story.joining_school.name}, in no alliance yet (can ask to join one)"),
        ("trust.staff@demo.example", "Jo Williams", Affiliation.Role.STAFF, story.trust,
         f"staff at {story.trust}, a deliverer in {plan.alliance.name}"),
    ]
    accounts = []
    for email, full_name, role, body, what in people:
        if body is None:
            continue
        user = User.objects.create(email=email, full_name=full_name, password=password)
        holder = {"school": body} if isinstance(body, School) else {"organisation": body}
        Affiliation.objects.create(user=user, role=role, **holder)
        if role == Affiliation.Role.LEADER:
            leaders.register(body, user)
        accounts.append((email, what))
    accounts.append((council.email, f"member of the {COUNCIL_GROUP} (decides designations, sees everything)"))
    User.objects.create(
        email="admin@demo.example", full_name="Demo administrator", password=password, is_staff=True, is_superuser=True
    )
    accounts.append(("admin@demo.example", "site administrator (/admin/)"))
    return accounts


# ---------------------------------------------------------------------------------------------
# Teaching schools


def choose_teaching_schools(rng, schools, count, as_at):
    """At-least-Good schools spread over the regions in proportion to their schools. A school
    needs a year's track record, so very new schools are left out."""
    by_region = _group(schools, lambda s: s.region)
    quotas = share_out(count, {region: len(found) for region, found in by_region.items()})
    newest = as_at - timedelta(days=365)
    chosen = []
    for region in sorted(by_region):
        eligible = [s for s in by_region[region] if s.at_least_good and (s.open_date or newest) <= newest]
        chosen += rng.sample(eligible, min(quotas[region], len(eligible)))
    return chosen


def designate_teaching_schools(rng, schools, council, as_at):
    designations, stamps = [], []
    for school in schools:
        earliest = max(EARLIEST_DESIGNATION, (school.open_date or EARLIEST_DESIGNATION) + timedelta(days=365))
        designated_on = _random_day(rng, earliest, as_at - timedelta(days=30))
        applied_on = designated_on - timedelta(days=rng.randint(28, 120))
        designations.append(
            Designation(
                school=school,
                status=Designation.Status.DESIGNATED,
                applied_on=applied_on,
                designated_on=designated_on,
                review_due_on=_years_later(designated_on, Designation.TERM_YEARS),
                **_evidence(rng),
            )
        )
    Designation.objects.bulk_create(designations)
    for designation in designations:
        stamps.append(_event(designation, DesignationEvent.Kind.APPLIED, designation.applied_on))
        reason = rng.choice(APPROVAL_REASONS)
        stamps.append(_event(designation, DesignationEvent.Kind.APPROVED, designation.designated_on, council, reason))
    _create_stamped(rng, DesignationEvent, "at", stamps)
    return designations


def _event(designation, kind, day, by=None, reason=""):
    return DesignationEvent(designation=designation, kind=kind, by=by, reason=reason), day


def _evidence(rng, with_headteacher=True):
    def text(templates, low, high):
        return rng.choice(templates).format(n=rng.randint(low, high), year=rng.randint(2012, 2020))

    return {
        "itt_evidence": text(ITT_EVIDENCE, 4, 30),
        "support_evidence": text(SUPPORT_EVIDENCE, 2, 12),
        "headteacher_evidence": text(HEADTEACHER_EVIDENCE, 4, 20) if with_headteacher else "",
    }


def record_other_applications(rng, schools, teaching_schools, leaders, council, story, as_at):
    """Applications waiting for the Council (the last few weeks), and a few declined ones."""
    taken = {s.id for s in teaching_schools} | story.school_ids
    waiting_count = max(3, round(len(teaching_schools) / 80))
    declined_count = max(2, round(len(teaching_schools) / 200))
    good = [s for s in schools if s.at_least_good and s.id not in taken]
    not_good = [s for s in schools if s.at_least_good is False and s.id not in taken]
    # Most declined schools were Good but short of evidence; one was not at least Good.
    applicants = rng.sample(good, min(len(good), waiting_count + declined_count - 1))
    waiting, declined = applicants[:waiting_count], applicants[waiting_count:]
    declined += rng.sample(not_good, min(1, len(not_good)))
    leaders.ensure(waiting + declined)
    designations, stamps = [], []
    for index, school in enumerate(waiting):
        # One application lacks the headteacher's evidence, so the queue shows "needs evidence".
        applied_on = as_at - timedelta(days=rng.randint(3, 60))
        designations.append(
            Designation(school=school, applied_on=applied_on, applied_by=leaders[school], **_evidence(rng, index != 0))
        )
    for school in declined:
        applied_on = _random_day(rng, EARLIEST_DESIGNATION, as_at - timedelta(days=200))
        designations.append(
            Designation(
                school=school, status=Designation.Status.DECLINED, applied_on=applied_on, applied_by=leaders[school],
                **_evidence(rng),
            )
        )
    Designation.objects.bulk_create(designations)
    for designation in designations:
        applied = _event(designation, DesignationEvent.Kind.APPLIED, designation.applied_on, designation.applied_by)
        stamps.append(applied)
        if designation.status == Designation.Status.DECLINED:
            reason = NOT_GOOD_REASON if designation.school.at_least_good is False else rng.choice(DECLINE_REASONS)
            decided_on = designation.applied_on + timedelta(days=rng.randint(20, 90))
            stamps.append(_event(designation, DesignationEvent.Kind.DECLINED, decided_on, council, reason))
    _create_stamped(rng, DesignationEvent, "at", stamps)


# ---------------------------------------------------------------------------------------------
# Alliances and their leads


def plan_lead_groups(rng, teaching_schools, count):
    """Who leads which alliance: job-share pairs, multiple groups, then single leads. A few
    teaching schools may be left without an alliance (newly designated, still forming one)."""
    free = list(teaching_schools)
    rng.shuffle(free)
    plans = pair_job_share_leads(free, round(count * JOB_SHARE_SHARE))
    taken = {lead.id for plan in plans for lead in plan.leads}
    plans += group_multiple_leads(rng, [s for s in free if s.id not in taken], round(count * MULTIPLE_SHARE))
    taken = {lead.id for plan in plans for lead in plan.leads}
    singles = [s for s in free if s.id not in taken][: max(0, count - len(plans))]
    return plans + [AlliancePlan(Alliance.Type.SINGLE, [school]) for school in singles]


def pair_job_share_leads(schools, count):
    """The closest pairs of small or special teaching schools within a region, a few per region
    so that job-shares are found all over the country."""
    eligible = _group([s for s in schools if s.is_small or s.is_special], lambda s: s.region)
    pairs = sorted(
        (_distance2(a, b), a.urn, b.urn, a, b)
        for region in sorted(eligible)
        for a, b in combinations(eligible[region], 2)
    )
    per_region_cap = max(1, -(-2 * count // max(1, len(eligible))))
    used, per_region, plans = set(), Counter(), []
    for _, _, _, a, b in pairs:
        if len(plans) == count:
            break
        if a.id in used or b.id in used or per_region[a.region] == per_region_cap:
            continue
        used |= {a.id, b.id}
        per_region[a.region] += 1
        plans.append(AlliancePlan(Alliance.Type.JOB_SHARE, sorted([a, b], key=lambda s: s.urn)))
    return plans


def group_multiple_leads(rng, schools, count):
    """Each group starts from a teaching school and takes its one or two nearest free
    neighbours in the same region."""
    by_region = _group(schools, lambda s: s.region)
    used, plans = set(), []
    for first in schools:
        if len(plans) == count:
            break
        if first.id in used:
            continue
        size = 3 if rng.random() < THREE_LEADS_SHARE else 2
        free = [s for s in by_region[first.region] if s.id not in used and s is not first]
        neighbours = sorted(free, key=lambda s: (_distance2(first, s), s.urn))[: size - 1]
        if not neighbours:
            continue
        used |= {first.id, *(s.id for s in neighbours)}
        plans.append(AlliancePlan(Alliance.Type.MULTIPLE, [first, *neighbours]))
    return plans


def describe_alliances(rng, plans, registry, designations):
    """Name, dates, description, ethos, specialisms, delivery areas, fees and patch of each."""
    designated_on = {designation.school_id: designation.designated_on for designation in designations}
    used_names = set()
    la_centres = _local_authority_centres(registry.schools)
    for plan in sorted(plans, key=lambda p: p.leads[0].urn):
        name = _unique_alliance_name(plan, registry.la_names, used_names)
        specialisms = _specialisms(rng, plan)
        plan.alliance = Alliance(
            name=name,
            slug=slugify(name)[:200],
            alliance_type=plan.alliance_type,
            description=_description(rng, plan, registry.la_names),
            ethos=_ethos(rng, plan, registry.diocese_names),
            specialisms="\n".join(specialisms),
            delivery_areas=_delivery_areas(rng),
            created_on=_created_on(rng, plan, designated_on),
        )
        plan.fee_pence = 0 if rng.random() < FREE_ALLIANCE_SHARE else rng.randint(5, 50) * 50 * 100
        if rng.random() < PATCH_SHARE:
            plan.patch = _patch(rng, plan, la_centres)
        plan.accountable = {area: plan.leads[i % len(plan.leads)] for i, area in enumerate(DeliveryArea.values)}


def _unique_alliance_name(plan, la_names, used):
    lead = plan.leads[0]
    la = _plain_la_name(la_names.get(lead.local_authority_id, ""))
    # GIAS gives London schools the town "London": their boroughs make better names.
    town = (lead.town if lead.town and lead.town != "London" else la) or lead.region
    areas = []
    if plan.alliance_type == Alliance.Type.JOB_SHARE:
        kind = "Special Schools" if all(s.is_special for s in plan.leads) else "Small Schools"
        areas.append(f"{town} {kind}")
    other_towns = [s.town for s in plan.leads[1:] if s.town and s.town not in (town, "London")]
    if other_towns:
        areas.append(f"{town} and {other_towns[0]}")
    areas += [town, la, _school_stem(lead.name)]
    areas += [f"{side} {town}" for side in ("North", "South", "East", "West", "Central")]
    areas += [f"{town} {n}" for n in range(2, 100)]
    for area in areas:
        name = f"{area} Teaching School Alliance"
        if area and name.lower() not in used and slugify(name) not in used:
            used |= {name.lower(), slugify(name)}
            return name
    raise AssertionError(f"no free name for an alliance led by {lead.name}")


def _plain_la_name(name):
    """'Bristol, City of' reads as 'Bristol' in an alliance's name."""
    return name.split(",")[0].strip()


STEM_ENDINGS = {
    "primary", "junior", "infant", "infants", "school", "academy", "c", "ce", "cofe", "church", "catholic",
    "high", "community", "nursery", "college", "free", "specialist", "and", "special", "rc", "methodist",
}


def _school_stem(name):
    """'Goldcroft Primary School' -> 'Goldcroft': the words before the kind of school."""
    words = []
    for word in name.split():
        if word.lower() in STEM_ENDINGS:
            break
        words.append(word)
    return " ".join(words)


def _description(rng, plan, la_names):
    leads = [s.name for s in plan.leads]
    area = _plain_la_name(la_names.get(plan.leads[0].local_authority_id, "")) or plan.region
    if plan.alliance_type == Alliance.Type.SINGLE:
        opening = f"{leads[0]} leads this alliance of schools in and around {area}."
    elif plan.alliance_type == Alliance.Type.JOB_SHARE:
        kinds = " and ".join(sorted({"special" if s.is_special else "small" for s in plan.leads}))
        opening = f"Two {kinds} schools, {leads[0]} and {leads[1]}, share the lead of this alliance across {area}."
    else:
        opening = f"{_join(leads)} lead this alliance together, serving schools across {area}."
    return f"{opening} {rng.choice(DESCRIPTION_ENDINGS)}"


def _ethos(rng, plan, diocese_names):
    for lead in plan.leads:
        template = ETHOS_BY_FAITH.get(lead.religious_character)
        if template:
            diocese = diocese_names.get(lead.diocese_id, "diocese")
            return template.format(diocese=f"the {diocese}")
    return rng.choice(ETHOS)


def _specialisms(rng, plan):
    """Two to five SLE areas, led by what the lead schools are known for."""
    preferred = []
    for lead in plan.leads:
        if lead.is_special:
            preferred.append("Special educational needs")
        preferred += PHASE_SPECIALISMS.get(lead.phase, ())
    count = rng.randint(2, 5)
    picked = list(dict.fromkeys(rng.sample(preferred, min(len(preferred), 2)) if preferred else []))
    for area in rng.sample(SLE_AREAS, len(SLE_AREAS)):
        if len(picked) >= count:
            break
        if area not in picked:
            picked.append(area)
    return picked


def _delivery_areas(rng):
    areas = list(DeliveryArea.values)
    if rng.random() >= ALL_AREAS_SHARE:
        areas.remove(rng.choice(areas))
    return areas


def _created_on(rng, plan, designated_on):
    """The day the alliance began. A re-designated teaching school may have led it for years
    before its current designation (earlier designations are not recorded here)."""
    earliest = max([EARLIEST_ROLE] + [s.open_date for s in plan.leads if s.open_date])
    latest = min(designated_on[s.id] for s in plan.leads)
    if rng.random() < ALLIANCE_PREDATES_DESIGNATION_SHARE:
        return _random_day(rng, earliest, latest)
    return max(earliest, latest)


def _local_authority_centres(schools):
    places = defaultdict(list)
    for school in schools:
        if school.local_authority_id:
            places[school.local_authority_id].append(school)
    return {
        la: (found[0].region, sum(s.latitude for s in found) / len(found), sum(s.longitude for s in found) / len(found))
        for la, found in places.items()
    }


def _patch(rng, plan, la_centres):
    """The lead's local authority and up to two neighbouring ones in its region."""
    home = plan.leads[0].local_authority_id
    if home not in la_centres:
        return []
    _, lat, lon = la_centres[home]
    neighbours = sorted(
        (_distance2_points(lat, lon, c_lat, c_lon), la)
        for la, (region, c_lat, c_lon) in la_centres.items()
        if region == plan.region and la != home
    )
    return [home] + [la for _, la in neighbours[: rng.randint(0, 2)]]


def check_alliance_types(plans):
    """The demo follows the real rules: refuse to write an alliance its leads could not lead."""
    for plan in plans:
        problems = type_problems(plan.alliance_type, plan.leads)
        if problems:
            raise AssertionError(f"{plan.alliance.name}: {' '.join(problems)}")


def write_alliances(plans):
    Alliance.objects.bulk_create([plan.alliance for plan in plans])
    Alliance.patch.through.objects.bulk_create(
        Alliance.patch.through(alliance_id=plan.alliance.id, organisation_id=la) for plan in plans for la in plan.patch
    )
    AllianceRole.objects.bulk_create(
        AllianceRole(
            alliance=plan.alliance,
            role=AllianceRole.Role.LEAD,
            school=lead,
            starts_on=plan.created_on,
            responsibilities=_lead_responsibilities(plan, lead),
        )
        for plan in plans
        for lead in plan.leads
    )


def _lead_responsibilities(plan, lead):
    if len(plan.leads) == 1:
        return "Leads initial teacher training, CPD and leadership development, and school-to-school support."
    areas = [LEAD_RESPONSIBILITIES[area] for area, school in plan.accountable.items() if school is lead]
    return f"Accountable for {_join(areas)}." if areas else "Shares the leadership of the alliance's programmes."


# ---------------------------------------------------------------------------------------------
# Members


def plan_memberships(rng, plans, schools, as_at):
    """Most schools join the alliance of their nearest lead in their region; some deliberately
    join one beyond their local authority; some moved from another alliance; some left."""
    spots = [(lead.latitude, lead.longitude, plan) for plan in plans for lead in plan.leads]
    spots_by_region = _group(spots, lambda spot: spot[2].region)
    leading = {lead.id for plan in plans for lead in plan.leads}
    periods = []
    for school in schools:
        earliest = max(EARLIEST_ROLE, school.open_date or EARLIEST_ROLE)
        if school.id in leading or earliest > as_at or not spots:
            continue
        nearby = spots_by_region.get(school.region) or spots
        if rng.random() >= MEMBER_SHARE:
            if rng.random() < LEFT_SHARE:
                periods += _left_period(rng, school, _nearest_plans(school, nearby, 1)[0], earliest, as_at)
            continue
        if rng.random() < BEYOND_BORDERS_SHARE:
            plan = _alliance_beyond_borders(rng, school, spots)
        else:
            plan = _nearest_plans(school, nearby, 1)[0]
        current = Period(plan, school, _random_day(rng, max(plan.created_on, earliest), as_at))
        if rng.random() < MOVED_SHARE:
            periods += _moved_period(rng, school, current, _nearest_plans(school, nearby, 3), earliest)
        periods.append(current)
        plan.members.append(current)
    return periods


def _nearest_plans(school, spots, count):
    """The alliances of the nearest leads, nearest first (several leads may share one)."""
    lat, lon = school.latitude, school.longitude
    nearest = heapq.nsmallest(count * 3 + 2, spots, key=lambda spot: _distance2_points(lat, lon, spot[0], spot[1]))
    found = []
    for _, _, plan in nearest:
        if plan not in found:
            found.append(plan)
    return found[:count]


def _alliance_beyond_borders(rng, school, spots):
    """One of the nearest alliances whose leads are all in another local authority."""
    nearest = _nearest_plans(school, spots, 8)
    elsewhere = [plan for plan in nearest if school.local_authority_id not in plan.lead_la_ids]
    if elsewhere:
        return rng.choice(elsewhere[:3])
    return nearest[min(1, len(nearest) - 1)]


def _moved_period(rng, school, current, nearest, earliest):
    """An earlier membership of another alliance, ending the day before the current one began."""
    before = [plan for plan in nearest if plan is not current.plan]
    if not before:
        return []
    plan = before[0]
    starts_from, starts_by = max(plan.created_on, earliest), current.starts_on - timedelta(days=365)
    if starts_from > starts_by:
        return []
    return [
        Period(
            plan, school, _random_day(rng, starts_from, starts_by), current.starts_on - timedelta(days=1),
            f"Moved to {current.plan.alliance.name}",
        )
    ]


def _left_period(rng, school, plan, earliest, as_at):
    starts_from, starts_by = max(plan.created_on, earliest), as_at - timedelta(days=400)
    if starts_from > starts_by:
        return []
    starts_on = _random_day(rng, starts_from, starts_by)
    ends_on = _random_day(rng, starts_on + timedelta(days=180), as_at - timedelta(days=30))
    return [Period(plan, school, starts_on, ends_on, rng.choice(LEAVING_REASONS))]


def write_member_roles(rng, periods, as_at):
    roles = [
        AllianceRole(
            alliance=period.plan.alliance,
            role=AllianceRole.Role.MEMBER,
            school=period.school,
            starts_on=period.starts_on,
            ends_on=period.ends_on,
            end_reason=period.end_reason,
        )
        for period in periods
    ]
    AllianceRole.objects.bulk_create(roles)
    MembershipTerms.objects.bulk_create(_terms(rng, period, role, as_at) for period, role in zip(periods, roles))


def _terms(rng, period, role, as_at):
    """Free, or the alliance's fee scaled to the school's size, within £250 to £2,500 a year."""
    fee = period.plan.fee_pence
    if not fee or rng.random() < FREE_MEMBER_SHARE:
        return MembershipTerms(role=role)
    pupils = period.school.number_of_pupils or 0
    scale = 1.5 if pupils >= 700 else 0.6 if pupils < 150 else 1
    yearly = min(250_000, max(25_000, round(fee * scale / 5000) * 5000))
    ended = period.ends_on is not None
    if rng.random() < TERMLY_SHARE:
        return MembershipTerms(
            role=role, subscription_pence=round(yearly / 3 / 100) * 100, period=MembershipTerms.Period.TERMLY,
            renewal_due_on=None if ended else _next_term(as_at), paid=ended or rng.random() < PAID_SHARE,
        )
    return MembershipTerms(
        role=role, subscription_pence=yearly, period=MembershipTerms.Period.ANNUAL,
        renewal_due_on=None if ended else _next_anniversary(period.starts_on, as_at),
        paid=ended or rng.random() < PAID_SHARE,
    )


# ---------------------------------------------------------------------------------------------
# The demo accounts' story


def choose_demo_story(rng, plans, periods, registry):
    """A multiple alliance with a secondary lead and a fair number of members; one of its
    members; the nearest school that has never been in an alliance; a trust among its schools."""
    multiple = [p for p in plans if p.alliance_type == Alliance.Type.MULTIPLE] or plans
    suitable = [p for p in multiple if len(p.members) >= 8 and any(s.phase == "Secondary" for s in p.leads)]
    plan = rng.choice(suitable) if suitable else max(multiple, key=lambda p: len(p.members))
    lead_school = next((s for s in plan.leads if s.phase == "Secondary"), plan.leads[0])
    members = sorted((period.school for period in plan.members), key=lambda s: (s.phase != "Primary", s.urn))
    if not members:
        raise AssertionError(f"{plan.alliance.name} has no members for the demo accounts")
    in_alliances = {period.school.id for period in periods} | {s.id for p in plans for s in p.leads}
    lat, lon = plan.centre
    joining_school = min(
        (s for s in registry.schools if s.id not in in_alliances),
        key=lambda s: (_distance2_points(lat, lon, s.latitude, s.longitude), s.urn),
    )
    trusts = Counter(s.trust_id for s in [*plan.leads, *members] if s.trust_id)
    if trusts:
        trust = Organisation.objects.get(pk=min(trusts, key=lambda pk: (-trusts[pk], pk)))
    else:  # no trust among its schools: any trust (there may be none at all)
        trust = Organisation.objects.filter(kind=Organisation.Kind.ACADEMY_TRUST).order_by("code").first()
    return DemoStory(plan, lead_school, members[0], joining_school, trust)


# ---------------------------------------------------------------------------------------------
# Deliverers


def write_deliverers(rng, plans, registry, story, as_at):
    """One to four deliverers an alliance, each with the aspect of training it leads; a few
    alliances also had a deliverer whose contract has ended."""
    roles = []
    for plan in plans:
        candidates = _deliverer_candidates(rng, plan, registry, story)
        if plan is story.plan and story.trust is not None:
            # The demo trust delivers here, so trust.staff sees the members-only pages.
            candidates.insert(0, ("trust", {"organisation_id": story.trust.id}))
        candidates = _one_per_holder(candidates)
        wanted = rng.choice((1, 1, 2, 2, 2, 3, 3, 4))
        if plan is story.plan:
            wanted = max(wanted, 3)  # something to show on the demo leader's pages
        current, spare = candidates[:wanted], candidates[wanted:]
        roles += [_deliverer_role(rng, plan, kind, holder, as_at) for kind, holder in current]
        if spare and rng.random() < ENDED_DELIVERER_SHARE:
            roles.append(_deliverer_role(rng, plan, *spare[0], as_at, ended=True))
    AllianceRole.objects.bulk_create(role for role in roles if role is not None)


def _one_per_holder(candidates):
    """The same holder twice would be two overlapping deliverer periods: keep the first."""
    seen, unique = set(), []
    for kind, holder in candidates:
        key = tuple((name, getattr(value, "id", value)) for name, value in holder.items())
        if key not in seen:
            seen.add(key)
            unique.append((kind, holder))
    return unique


def _deliverer_candidates(rng, plan, registry, story):
    """(kind, holder) pairs, in a random order of preference; a holder is {"school": School}
    or {"organisation_id": id}."""
    universities = registry.partners.get(UNIVERSITY, [])
    local_universities = [u for u in universities if u.region == plan.region] or universities
    options = []
    if local_universities:
        options.append(("university", {"organisation_id": rng.choice(local_universities).id}))
    if registry.partners.get(PRIVATE):
        options.append(("private", {"organisation_id": rng.choice(registry.partners[PRIVATE]).id}))
    schools = [*plan.leads, *(period.school for period in plan.members)]
    trusts = sorted({s.trust_id for s in schools if s.trust_id})
    if trusts:
        options.append(("trust", {"organisation_id": rng.choice(trusts)}))
    if plan.leads[0].local_authority_id:
        options.append(("local_authority", {"organisation_id": plan.leads[0].local_authority_id}))
    dioceses = [s.diocese_id for s in plan.leads if s.diocese_id]
    if dioceses:
        options.append(("diocese", {"organisation_id": dioceses[0]}))
    strong_members = [p.school for p in plan.members if p.school.at_least_good and p.school.id not in story.school_ids]
    if strong_members:
        options.append(("school", {"school": rng.choice(strong_members)}))
    if registry.independents:
        lat, lon = plan.centre
        nearest = min(registry.independents, key=lambda s: _distance2_points(lat, lon, s.latitude, s.longitude))
        options.append(("school", {"school": nearest}))
    rng.shuffle(options)
    # Universities lead initial teacher training in most alliances: put theirs first more often.
    options.sort(key=lambda option: option[0] != "university" or rng.random() < 0.3)
    return options


def _deliverer_role(rng, plan, kind, holder, as_at, ended=False):
    area = rng.choice(plan.alliance.specialisms.splitlines())
    responsibilities = rng.choice(DELIVERER_RESPONSIBILITIES[kind]).format(area=_in_sentence(area))
    school = holder.get("school")
    earliest = max(plan.created_on, school.open_date or plan.created_on) if school else plan.created_on
    if ended:
        if earliest > as_at - timedelta(days=400):
            return None  # too new to have a finished contract
        starts_on = _random_day(rng, earliest, as_at - timedelta(days=400))
        ends_on = _random_day(rng, starts_on + timedelta(days=180), as_at - timedelta(days=30))
    else:
        starts_on, ends_on = _random_day(rng, earliest, as_at), None
    return AllianceRole(
        alliance=plan.alliance, role=AllianceRole.Role.DELIVERER, starts_on=starts_on, ends_on=ends_on,
        end_reason="Contract ended" if ended else "", responsibilities=responsibilities, **holder,
    )


def _in_sentence(area):
    """'Maths' -> 'maths', but 'English' stays capitalised."""
    return area if area.startswith("English") else area[0].lower() + area[1:]


# ---------------------------------------------------------------------------------------------
# Agreements between leads, and memoranda with members


def write_agreements(rng, plans, leaders, story, as_at):
    """Most job-share and multiple alliances have a current agreement signed by every lead;
    some are missing a lead's signature or have none, so the warning shows. The demo leader's
    school has not yet signed its alliance's current version."""
    shared = [plan for plan in plans if len(plan.leads) > 1]
    leaders.ensure(lead for plan in shared for lead in plan.leads)
    agreements, accountabilities, signatures = [], [], []
    for plan in shared:
        chance = rng.random()
        if plan is not story.plan and chance < NO_AGREEMENT_SHARE:
            continue
        unsigned = story.lead_school if plan is story.plan else (
            rng.choice(plan.leads) if chance < NO_AGREEMENT_SHARE + UNSIGNED_AGREEMENT_SHARE else None
        )
        versions = 2 if rng.random() < SECOND_VERSION_SHARE else 1
        day = min(as_at, plan.created_on + timedelta(days=rng.randint(14, 60)))
        for version in range(1, versions + 1):
            if version > 1:
                day = _random_day(rng, min(as_at, day + timedelta(days=90)), as_at)
            author = next(lead for lead in plan.leads if lead is not unsigned)
            agreement = Agreement(
                alliance=plan.alliance, version=version, created_by=leaders[author],
                roles_and_responsibilities=_roles_and_responsibilities(plan), governance=rng.choice(GOVERNANCE),
            )
            agreements.append((agreement, day))
            accountabilities += [
                Accountability(agreement=agreement, area=area, accountable_school=school)
                for area, school in plan.accountable.items()
            ]
            if rng.random() < 0.5:
                criterion = rng.choice(SUCCESS_CRITERIA)
                accountabilities.append(
                    Accountability(agreement=agreement, success_criterion=criterion, accountable_school=author)
                )
            for lead in plan.leads:
                if version == versions and lead is unsigned:
                    continue
                signature = AgreementSignature(agreement=agreement, school=lead, signed_by=leaders[lead])
                signatures.append((signature, min(as_at, day + timedelta(days=rng.randint(0, 21)))))
    _create_stamped(rng, Agreement, "created_at", agreements)
    Accountability.objects.bulk_create(accountabilities)
    _create_stamped(rng, AgreementSignature, "signed_at", signatures)


def _roles_and_responsibilities(plan):
    lines = [f"{lead.name}: {_lead_responsibilities(plan, lead)}" for lead in plan.leads]
    lines.append("Deliverers lead the aspects of training set out in their roles, and report to the leads termly.")
    return "\n".join(lines)


def write_memoranda(rng, plans, leaders, story, as_at):
    """About half of alliances publish a memorandum (version 1 or 2); some members sign it.
    The demo member school has not yet signed its alliance's current version."""
    published = []
    for plan in plans:
        if plan is story.plan or rng.random() < MEMORANDUM_SHARE:
            published.append((plan, 2 if rng.random() < SECOND_VERSION_SHARE else 1))
    memoranda, signing = [], []
    for plan, versions in published:
        day = _random_day(rng, plan.created_on, max(plan.created_on, as_at - timedelta(days=400)))
        current = [period for period in plan.members if period.ends_on is None]
        for version in range(1, versions + 1):
            if version > 1:
                day = _random_day(rng, min(as_at, day + timedelta(days=60)), as_at)
            memorandum = Memorandum(alliance=plan.alliance, version=version, text=_memorandum_text(plan, version))
            memoranda.append((memorandum, day))
            share = SIGNED_MEMORANDUM_SHARE if version == versions else SIGNED_MEMORANDUM_SHARE / 2
            for period in current:
                if period.school is story.member_school and version == versions:
                    continue
                if rng.random() < share:
                    signed_on = max(day, period.starts_on) + timedelta(days=rng.randint(0, 30))
                    signing.append((memorandum, period.school, min(signed_on, as_at)))
    _create_stamped(rng, Memorandum, "created_at", memoranda)
    leaders.ensure(school for _, school, _ in signing)
    signatures = [
        (MemorandumSignature(memorandum=memorandum, school=school, signed_by=leaders[school]), day)
        for memorandum, school, day in signing
    ]
    _create_stamped(rng, MemorandumSignature, "signed_at", signatures)


def _memorandum_text(plan, version):
    if plan.fee_pence:
        fee = f"Membership costs up to £{plan.fee_pence // 100:,} a year, depending on the size of the school."
    else:
        fee = "Membership is free."
    text = MEMORANDUM_TEXT.format(name=plan.alliance.name, fee=fee)
    return text + MEMORANDUM_UPDATE if version > 1 else text


# ---------------------------------------------------------------------------------------------
# Requests to join, and networks


def write_membership_requests(rng, plans, schools, leaders, story, as_at):
    """Requests waiting for a decision: three for the demo alliance (so the demo leader has
    some to decide), and a few for other alliances."""
    # Teaching schools lead rather than join; the demo accounts' schools keep their own story.
    left_out = {lead.id for plan in plans for lead in plan.leads} | story.school_ids
    wanted = [(story.plan, school) for school in _nearby_non_members(story.plan, schools, left_out, 3)]
    others = [plan for plan in plans if plan is not story.plan]
    for plan in rng.sample(others, min(len(others), max(3, len(plans) // 25))):
        nearby = _nearby_non_members(plan, schools, left_out, 20)
        if nearby:
            wanted.append((plan, rng.choice(nearby)))
    leaders.ensure(school for _, school in wanted)
    requests = [
        (
            MembershipRequest(
                alliance=plan.alliance, school=school, requested_by=leaders[school],
                message=rng.choice(REQUEST_MESSAGES),
            ),
            as_at - timedelta(days=rng.randint(1, 20)),
        )
        for plan, school in wanted
    ]
    _create_stamped(rng, MembershipRequest, "requested_at", requests)


def _nearby_non_members(plan, schools, left_out, count):
    """The nearest schools that are not members of the alliance, nor in `left_out`."""
    inside = {p.school.id for p in plan.members} | left_out
    lat, lon = plan.centre
    return heapq.nsmallest(
        count,
        (s for s in schools if s.id not in inside),
        key=lambda s: (_distance2_points(lat, lon, s.latitude, s.longitude), s.urn),
    )


def write_networks(rng, plans, leaders, story, as_at):
    """Networks of nearby alliances within each region, each with a few shared links. Every
    region has at least one network; the demo alliance is in one."""
    by_region = _group(plans, lambda p: p.region)
    total = max(2, round(len(plans) / 20))
    quotas = share_out(total, {region: len(found) for region, found in by_region.items()}, minimum=1)
    networks, memberships, regions = [], [], []
    for region in sorted(by_region):
        for network, members in _region_networks(rng, region, by_region[region], quotas[region]):
            networks.append(network)
            memberships.append(members)
            regions.append(region)
    if networks and not any(story.plan in members for members in memberships):
        home = regions.index(story.plan.region) if story.plan.region in regions else 0
        memberships[home].append(story.plan)
    Network.objects.bulk_create(networks)
    Network.alliances.through.objects.bulk_create(
        Network.alliances.through(network_id=network.id, alliance_id=plan.alliance.id)
        for network, members in zip(networks, memberships)
        for plan in members
    )
    resources = []
    for network, members in zip(networks, memberships):
        adder = leaders[members[0].leads[0]]
        for title, path, description in rng.sample(NETWORK_RESOURCES, rng.randint(2, 5)):
            resource = NetworkResource(
                network=network, title=title, url=f"https://example.org/networks/{network.slug}/{path}",
                description=description, added_by=adder,
            )
            resources.append((resource, as_at - timedelta(days=rng.randint(10, 700))))
    _create_stamped(rng, NetworkResource, "added_at", resources)


def _region_networks(rng, region, plans, count):
    """Up to `count` networks, each a randomly chosen alliance and its nearest free neighbours."""
    free = list(plans)
    themes = [theme for theme in NETWORK_THEMES if theme not in THEMES_NOT_IN.get(region, ())]
    rng.shuffle(themes)
    for theme in themes[:count]:
        if len(free) < 2:
            return
        first = rng.choice(free)
        lat, lon = first.centre
        size = rng.randint(3, 7)
        members = sorted(free, key=lambda p: (_distance2_points(lat, lon, *p.centre), p.alliance.name))[:size]
        free = [p for p in free if p not in members]
        name = f"{region} {theme} Network"
        description = (
            f"Alliances across the {region} sharing {theme.lower()} expertise, resources and a joint programme "
            "of events."
        )
        yield Network(name=name, slug=slugify(name), description=description), members


# ---------------------------------------------------------------------------------------------
# Counting


def count_demo_rows():
    roles = AllianceRole.objects
    return {
        "teaching_schools": Designation.objects.filter(status=Designation.Status.DESIGNATED).count(),
        "applications_waiting": Designation.objects.filter(status=Designation.Status.APPLIED).count(),
        "applications_declined": Designation.objects.filter(status=Designation.Status.DECLINED).count(),
        "alliances": Alliance.objects.count(),
        **{
            f"{kind}_alliances": Alliance.objects.filter(alliance_type=kind).count()
            for kind in Alliance.Type.values
        },
        "current_members": roles.filter(role=AllianceRole.Role.MEMBER, ends_on__isnull=True).count(),
        "past_memberships": roles.filter(role=AllianceRole.Role.MEMBER, ends_on__isnull=False).count(),
        "deliverers": roles.filter(role=AllianceRole.Role.DELIVERER).count(),
        "agreements": Agreement.objects.count(),
        "memoranda": Memorandum.objects.count(),
        "memorandum_signatures": MemorandumSignature.objects.count(),
        "membership_requests": MembershipRequest.objects.count(),
        "networks": Network.objects.count(),
        "network_resources": NetworkResource.objects.count(),
        "users": User.objects.count(),
    }


# ---------------------------------------------------------------------------------------------
# Small helpers: dates, distances, shares


def _random_day(rng, earliest, latest):
    if latest <= earliest:
        return earliest
    return earliest + timedelta(days=rng.randint(0, (latest - earliest).days))


def _years_later(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _next_anniversary(start, after):
    day = _years_later(start, max(0, after.year - start.year))
    return day if day > after else _years_later(day, 1)


def _next_term(after):
    """The next of the three English term starts (roughly 5 January, 20 April, 1 September)."""
    starts = [date(after.year, 1, 5), date(after.year, 4, 20), date(after.year, 9, 1), date(after.year + 1, 1, 5)]
    return next(day for day in starts if day > after)


def _create_stamped(rng, model, field_name, objects_and_days):
    """bulk_create, then give each row its place in the story: auto_now_add fields are
    stamped with the moment of writing, which would date all the demo's history today."""
    objects = [obj for obj, _ in objects_and_days]
    if not objects:
        return
    model.objects.bulk_create(objects)
    for obj, day in objects_and_days:
        moment = datetime.combine(day, time(rng.randint(8, 17), rng.randint(0, 59)))
        setattr(obj, field_name, timezone.make_aware(moment))
    model.objects.bulk_update(objects, [field_name], batch_size=500)


def _distance2(a, b):
    return _distance2_points(a.latitude, a.longitude, b.latitude, b.longitude)


def _distance2_points(lat1, lon1, lat2, lon2):
    """Squared distance in degrees of latitude: good enough to rank places by nearness."""
    dlat = lat1 - lat2
    dlon = (lon1 - lon2) * LONGITUDE_SCALE
    return dlat * dlat + dlon * dlon


def share_out(total, weights, minimum=0):
    """Split `total` in proportion to `weights` (largest remainder first), giving each at least
    `minimum` when there is enough to go round."""
    keys = sorted(weights)
    if not keys:
        return {}
    floor = minimum if total >= minimum * len(keys) else 0
    rest, whole = total - floor * len(keys), sum(weights.values()) or 1
    exact = {key: rest * weights[key] / whole for key in keys}
    shares = {key: floor + int(exact[key]) for key in keys}
    left = total - sum(shares.values())
    for key in sorted(keys, key=lambda k: (int(exact[k]) - exact[k], k))[:left]:
        shares[key] += 1
    return shares


def _group(items, key):
    groups = defaultdict(list)
    for item in items:
        groups[key(item)].append(item)
    return groups


def _join(names):
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
