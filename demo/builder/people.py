"""People: the demo accounts, the Council member, and the leaders who act for schools."""
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from accounts.models import Affiliation, User
from alliances.permissions import COUNCIL_GROUP
from demo.synthetic.names import FIRST_NAMES, LAST_NAMES
from registry.models import School

DEMO_PASSWORD = "demo-password-2026"
# The Council demo account has two-factor set up already: adding this key to an authenticator
# app gives its codes (README, demo accounts). Public, like the demo password: demo data only.
COUNCIL_TOTP_SECRET = "TEACHINGSCHOOLSCOUNCILDEMOKEYAAA"


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
    accounts.append((council.email, f"member of the {COUNCIL_GROUP} (decides designations and reviews; reads every alliance, runs none); two-factor key {COUNCIL_TOTP_SECRET}"))
    User.objects.create(
        email="admin@demo.example", full_name="Demo administrator", password=password, is_staff=True, is_superuser=True
    )
    accounts.append(("admin@demo.example", "site administrator (/admin/); sets up two-factor at first sign-in"))
    # Signing in needs a verified address; the Council must also use two-factor.
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True)
        for user in User.objects.filter(email__in=[email for email, _ in accounts])
    )
    TOTP.activate(council, COUNCIL_TOTP_SECRET)
    return accounts
