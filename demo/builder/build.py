"""The build: every step of the alliance demo, in turn, and counts of what it made."""
import random
from datetime import date

from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts.models import User
from brokerage.models import Deployment, MatchingRun, MatchProposal, SchoolNeed, SchoolOffer, SpecialistLeader
from delivery.models import Contribution, Programme, SupportAssignment, TraineeCohort
from alliances.models import (
    Agreement,
    Alliance,
    AllianceRole,
    Designation,
    Memorandum,
    MemorandumSignature,
    MembershipRequest,
    Network,
    NetworkResource,
)

from .acting_for import write_acting_for_requests
from .agreements import write_agreements
from .alliance_details import check_alliance_types, describe_alliances, write_alliances
from .dates import DEMO_DATE
from .brokerage import write_brokerage
from .brokerage_runs import tell_about_deployments, write_matching_runs
from .deliverers import write_deliverers
from .delivery_years import write_delivery_years
from .designations import choose_teaching_schools, designate_teaching_schools, record_other_applications
from .itt import write_itt
from .lead_groups import plan_lead_groups
from .memberships import plan_memberships, write_member_roles
from .membership_requests import write_membership_requests
from .memoranda import write_memoranda
from .networks import write_networks
from .notices import write_notices
from .programmes import write_programmes
from .support import write_support
from .people import DEMO_PASSWORD, SchoolLeaders, create_council_member, create_demo_people
from .registry_snapshot import read_registry
from .story import choose_demo_story

DEMO_SEED = 2026


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
        accounts += write_acting_for_requests(rng, registry, leaders, story, password)
        accounts += write_programmes(rng, plans, story, password)
        write_itt(rng, plans, story, council)
        accounts += write_support(story)
        write_delivery_years(seed, as_at=as_at)
        accounts += write_brokerage(seed, story, password)
        write_notices(story)
        # Last, so that they are the newest in "For you": the waiting deployments' notices, then the
        # matching runs (the deployment taken up from one tells its home school itself).
        tell_about_deployments()
        run_accounts, timings, _ = write_matching_runs(story)
        accounts += run_accounts
    counts = count_demo_rows()
    _say(stdout, "Alliance demo: " + ", ".join(f"{value:,} {name.replace('_', ' ')}" for name, value in counts.items()))
    _say(stdout, "Matching runs carried out: " + ", ".join(f"{scope} {seconds:.2f} s" for scope, seconds in timings.items()))
    _say(stdout, f"Demo accounts (password {DEMO_PASSWORD}):")
    for email, what in accounts:
        _say(stdout, f"  {email}: {what}")
    return counts


def _say(stdout, text):
    if stdout is not None:
        stdout.write(text if text.endswith("\n") else text + "\n")


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
        "programmes": Programme.objects.count(),
        "support_assignments": SupportAssignment.objects.count(),
        "trainee_cohorts": TraineeCohort.objects.count(),
        "ledger_entries": Contribution.objects.count(),
        "specialist_leaders": SpecialistLeader.objects.count(),
        "designated_specialist_leaders": SpecialistLeader.objects.filter(state=SpecialistLeader.State.DESIGNATED).count(),
        "school_needs": SchoolNeed.objects.count(),
        "school_offers": SchoolOffer.objects.count(),
        "deployments": Deployment.objects.count(),
        "deployments_of_offers": Deployment.objects.filter(offer__isnull=False).count(),
        "matching_runs": MatchingRun.objects.count(),
        "match_proposals": MatchProposal.objects.count(),
    }
