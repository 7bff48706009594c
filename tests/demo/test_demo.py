"""The alliance demo (demo.builder), built on a small synthetic registry imported through the
real GIAS and Ofsted path: every alliance follows the type rules, schools are in one alliance
at a time, and the demo accounts can do what the demo promises.

The registry and the demo are built once for the package (tests/demo/conftest.py; twice, in
fact: the first build is rolled back, to check that the same seed gives the same demo), and
flushed afterwards.
"""
from collections import Counter, defaultdict
from datetime import date

import pytest

from accounts.models import Affiliation, User
from alliances.agreements import agreement_status
from alliances.alliance_types import type_problems
from alliances.models import (
    AgreementSignature,
    Alliance,
    AllianceRole,
    Designation,
    MemorandumSignature,
    MembershipRequest,
)
from alliances.permissions import (
    COUNCIL_GROUP,
    MANAGING_ROLES,
    can_manage,
    can_see_members_only,
    is_council_member,
)
from registry.models import School
from tests.demo.conftest import SMALL

Role = AllianceRole.Role


@pytest.fixture
def today_roles(demo, db):
    return AllianceRole.objects.filter(starts_on__lte=date.today()).exclude(ends_on__lt=date.today())


def test_every_alliance_passes_the_type_rules(demo, db):
    for alliance in Alliance.objects.all():
        assert type_problems(alliance.alliance_type, alliance.lead_schools()) == [], alliance.name


def test_all_three_types_in_roughly_the_asked_shares(demo, db):
    types = Counter(Alliance.objects.values_list("alliance_type", flat=True))
    assert sum(types.values()) == SMALL["alliances"]
    assert types[Alliance.Type.JOB_SHARE] >= 2
    assert types[Alliance.Type.MULTIPLE] >= 8
    assert types[Alliance.Type.SINGLE] > types[Alliance.Type.MULTIPLE] > types[Alliance.Type.JOB_SHARE]


def test_every_lead_has_an_active_designation(demo, db):
    active = set(
        Designation.objects.filter(status__in=Designation.ACTIVE_STATUSES).values_list("school_id", flat=True)
    )
    leads = set(AllianceRole.objects.filter(role=Role.LEAD).values_list("school_id", flat=True))
    assert leads and leads <= active


def test_job_share_leads_are_small_or_special(demo, db):
    for alliance in Alliance.objects.filter(alliance_type=Alliance.Type.JOB_SHARE):
        leads = list(alliance.lead_schools())
        assert len(leads) == 2
        assert all(school.is_small or school.is_special for school in leads), alliance.name


def test_most_open_state_funded_schools_are_in_exactly_one_alliance(demo, today_roles):
    schools = School.objects.open().state_funded().count()
    per_school = Counter(today_roles.filter(role=Role.MEMBER).values_list("school_id", flat=True))
    assert max(per_school.values()) == 1
    assert len(per_school) / schools > 0.75


def test_no_school_has_overlapping_member_periods(demo, db):
    periods = defaultdict(list)
    for school, starts_on, ends_on in AllianceRole.objects.filter(role=Role.MEMBER).values_list(
        "school_id", "starts_on", "ends_on"
    ):
        periods[school].append((starts_on, ends_on or date.max))
    assert any(len(found) > 1 for found in periods.values()), "some schools should have a history"
    for found in periods.values():
        found.sort()
        for (_, ended), (started, _) in zip(found, found[1:]):
            assert ended < started


def test_some_members_join_an_alliance_led_from_another_local_authority(demo, today_roles):
    lead_las = defaultdict(set)
    for alliance, la in today_roles.filter(role=Role.LEAD).values_list("alliance_id", "school__local_authority_id"):
        lead_las[alliance].add(la)
    members = today_roles.filter(role=Role.MEMBER).values_list("alliance_id", "school__local_authority_id")
    elsewhere = sum(1 for alliance, la in members if la not in lead_las[alliance])
    assert elsewhere > 0.05 * len(members)


def test_alliances_have_deliverers_and_details(demo, today_roles):
    deliverers = Counter(today_roles.filter(role=Role.DELIVERER).values_list("alliance_id", flat=True))
    assert len(deliverers) == SMALL["alliances"]
    assert set(deliverers.values()) <= {1, 2, 3, 4}
    assert all(role.responsibilities for role in AllianceRole.objects.filter(role=Role.DELIVERER))
    for alliance in Alliance.objects.all():
        assert alliance.name.endswith("Teaching School Alliance")
        assert 2 <= len(alliance.specialism_list()) <= 5
        assert len(alliance.delivery_areas) >= 2


def test_signatures_and_requests_come_from_people_acting_for_the_school(demo, db):
    acting = set(Affiliation.objects.values_list("user_id", "school_id"))
    managing = set(Affiliation.objects.filter(role__in=MANAGING_ROLES).values_list("user_id", "school_id"))
    assert set(AgreementSignature.objects.values_list("signed_by_id", "school_id")) <= managing
    assert set(MemorandumSignature.objects.values_list("signed_by_id", "school_id")) <= acting
    assert set(MembershipRequest.objects.values_list("requested_by_id", "school_id")) <= acting
    for request in MembershipRequest.objects.filter(status=MembershipRequest.Status.PENDING):
        assert not request.alliance.member_schools().filter(pk=request.school_id).exists()


def test_counts_match_what_was_built(demo, db):
    assert demo.counts["alliances"] == SMALL["alliances"]
    assert demo.counts["teaching_schools"] == SMALL["teaching_schools"]
    assert demo.counts["applications_waiting"] >= 3
    assert demo.counts["networks"] >= 2


def test_the_same_seed_builds_the_same_demo(demo, db):
    assert demo.first == demo.second


@pytest.fixture
def accounts(demo, db):
    return {user.email: user for user in User.objects.filter(email__endswith="@demo.example")}


def _school(user):
    return user.affiliations.get().school


def test_demo_leaders_manage_a_multiple_alliance_with_an_agreement_to_sign(accounts):
    leader, manager = accounts["leader@demo.example"], accounts["business.manager@demo.example"]
    assert leader.affiliations.get().role == Affiliation.Role.LEADER
    assert manager.affiliations.get().role == Affiliation.Role.BUSINESS_MANAGER
    school = _school(leader)
    assert school == _school(manager)
    alliance = Alliance.objects.get(roles__role=Role.LEAD, roles__school=school)
    assert alliance.alliance_type == Alliance.Type.MULTIPLE
    assert can_manage(leader, alliance) and can_manage(manager, alliance)
    status = agreement_status(alliance)
    assert status.agreement is not None and status.unsigned_leads == [school]
    assert MembershipRequest.objects.filter(alliance=alliance, status=MembershipRequest.Status.PENDING).exists()


def test_demo_member_school_has_a_memorandum_to_sign(accounts):
    user = accounts["member.school@demo.example"]
    school = _school(user)
    alliance = Alliance.objects.get(roles__role=Role.LEAD, roles__school=_school(accounts["leader@demo.example"]))
    assert alliance.member_schools().filter(pk=school.pk).exists()
    assert can_see_members_only(user, alliance) and not can_manage(user, alliance)
    latest = alliance.memoranda.order_by("-version").first()
    assert latest is not None and not latest.signatures.filter(school=school).exists()


def test_demo_head_school_is_in_no_alliance(accounts):
    user = accounts["member.head@demo.example"]
    school = _school(user)
    assert school.is_open and school.is_state_funded
    assert not AllianceRole.objects.filter(school=school).exists()
    assert not MembershipRequest.objects.filter(school=school).exists()
    assert not any(can_see_members_only(user, alliance) for alliance in Alliance.objects.all())


def test_demo_trust_staff_and_council(accounts):
    staff, council = accounts["trust.staff@demo.example"], accounts["council@demo.example"]
    alliance = Alliance.objects.get(roles__role=Role.LEAD, roles__school=_school(accounts["leader@demo.example"]))
    assert can_see_members_only(staff, alliance) and not can_manage(staff, alliance)
    assert council.groups.filter(name=COUNCIL_GROUP).exists() and is_council_member(council)
    # The Council reads every alliance but does not run any.
    assert can_see_members_only(council, alliance) and not can_manage(council, alliance)
    assert accounts["admin@demo.example"].is_superuser
    assert all(user.check_password("demo-password-2026") for user in accounts.values())


def test_network_libraries_hold_real_documents_served_only_to_those_allowed(demo, client, accounts, settings):
    from alliances.models import NetworkResource

    settings.MEDIA_ROOT = demo.media
    resource = NetworkResource.objects.select_related("network").first()
    assert resource.document and not resource.url
    url = f"/networks/{resource.network.slug}/documents/{resource.pk}/"
    assert client.get(url).status_code in (302, 403)  # not for everyone
    client.force_login(accounts["council@demo.example"])  # the Council reads every library
    response = client.get(url)
    assert response.status_code == 200
    assert resource.title in b"".join(response.streaming_content).decode()


def test_demo_accounts_can_sign_in_and_the_council_account_has_two_factor(accounts):
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    from demo.builder.people import COUNCIL_TOTP_SECRET
    from tests.sign_in import has_two_factor, totp_code

    for user in accounts.values():
        assert EmailAddress.objects.filter(user=user, email=user.email, verified=True, primary=True).exists()
    council = accounts["council@demo.example"]
    assert has_two_factor(council) and not has_two_factor(accounts["admin@demo.example"])
    # The key the README documents gives the codes the site accepts.
    app = Authenticator.objects.get(user=council, type=Authenticator.Type.TOTP).wrap()
    assert app.validate_code(totp_code(COUNCIL_TOTP_SECRET))


def test_demo_requests_to_act_for_schools_wait_for_the_leader_and_for_support(accounts):
    from accounts.affiliation_requests import support_queue, waiting_for_leaders
    from accounts.affiliation_invitations import find
    from demo.builder.acting_for import DEMO_INVITATION_TOKEN

    leader = accounts["leader@demo.example"]
    assert [r.user.email for r in waiting_for_leaders(leader)] == ["new.teacher@demo.example"]
    queue = list(support_queue())
    assert {r.user.email for r in queue} == {"new.teacher@demo.example", "new.head@demo.example"}
    assert any(r.is_proposal for r in queue)
    invitation = find(DEMO_INVITATION_TOKEN)
    assert invitation.status == "pending" and invitation.school == _school(leader)


def test_demo_people_find_what_waits_for_them_on_their_landing_page(accounts, client):
    from notices.models import Notice

    assert not Notice.objects.exclude(emailed_at=None).exists()  # the demo's notices are in the site only
    leader, member = accounts["leader@demo.example"], accounts["member.school@demo.example"]
    assert Notice.objects.filter(recipient=leader, kind=Notice.Kind.JOIN_REQUEST, done_at=None).exists()
    assert Notice.objects.filter(recipient=leader, kind=Notice.Kind.ACT_FOR_REQUEST, done_at=None).exists()
    assert Notice.objects.filter(recipient=member, kind=Notice.Kind.MEMORANDUM_TO_SIGN, done_at=None).exists()
    signed = alliance_members_who_signed(member)
    assert not Notice.objects.filter(kind=Notice.Kind.MEMORANDUM_TO_SIGN, done_at=None, recipient__affiliations__school__in=signed).exists()
    client.force_login(leader)
    assert "asks to join" in client.get("/alliances/yours/").content.decode()


def alliance_members_who_signed(member):
    alliance = Alliance.objects.get(roles__role=Role.MEMBER, roles__school=_school(member), roles__ends_on=None)
    return [signature.school for signature in alliance.memoranda.order_by("-version").first().signatures.all()]


def test_itt_has_three_years_of_cohorts_trainees_in_every_state_and_placements(demo, db):
    from delivery.models import NationalRate, Placement, Trainee, TraineeCohort

    alliances = set(TraineeCohort.objects.values_list("alliance", flat=True))
    assert len(alliances) >= 2
    assert len(set(TraineeCohort.objects.values_list("academic_year", flat=True))) == 3  # demo/builder/delivery_years
    assert set(Trainee.objects.values_list("state", flat=True)) == set(Trainee.State.values)
    assert Trainee.objects.filter(employed_within_six_months="yes", employing_school__isnull=False).exists()
    assert Placement.objects.exists() and NationalRate.objects.count() == 3


def test_demo_support_in_every_state_and_ledger_entries_in_every_state(accounts):
    from delivery.models import Contribution, SupportAssignment

    assert set(SupportAssignment.objects.values_list("state", flat=True)) >= {"planned", "in_progress", "completed"}
    assert SupportAssignment.objects.filter(rating__isnull=False).exists()
    member = User.objects.get(email="member.school@demo.example")
    assert SupportAssignment.objects.filter(supported_school__affiliations__user=member, state="completed", rating__isnull=True).exists()
    assert set(Contribution.objects.values_list("state", flat=True)) == set(Contribution.State.values)


def test_demo_support_waits_for_the_school_by_a_known_link(accounts, client):
    from delivery.models import SupportAssignment

    assert SupportAssignment.objects.filter(school_check="awaiting").exists()
    page = client.get("/support-confirmation/demo-support-confirmation-2026/")
    assert page.status_code == 200 and "Phonics screening pass rate up from 72% to 85%." in page.content.decode()
