"""Every list page and API list runs a fixed number of queries, however many rows it shows:
measured with a few alliances, then again with more, the count must not change, and must stay
within a small budget."""
from datetime import date
from itertools import count

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Affiliation, AffiliationInvitation, AffiliationRequest, User
from alliances import roles
from alliances.models import Alliance, Designation, Network
from alliances.permissions import COUNCIL_GROUP
from tests.sign_in import with_two_factor
from notices.models import Notice
from notices.sending import tell
from registry.models import Inspection, Organisation

pytestmark = pytest.mark.django_db
_numbers = count(1)

# (URL, who asks, most queries allowed). Budgets include the session and user lookups, and reading
# the data version that visitors' kept pages and kept summaries are keyed on (registry/data_version.py):
# each list is measured just after data changed, so nothing kept is used.
LISTS = [
    ("/schools/", None, 8),
    ("/schools/?q=Member", None, 8),
    ("/organisations/", None, 4),
    ("/alliances/", None, 9),
    ("/teaching-schools/", None, 7),
    ("/networks/", None, 3),
    ("/networks/?region=London", None, 3),
    ("/alliances/find/?urn={urn}", None, 7),
    ("/alliances/yours/", "member", 25),  # 2 for requests to act for the schools one leads, 2 for bookings, 2 for notices, 2 for support to rate
    ("/council/", "council", 10),
    ("/alliances/{slug}/manage/", "lead", 14),
    ("/alliances/{slug}/manage/?q=Primary&show=unpaid&show=unsigned&show=renewal_due", "lead", 14),
    ("/api/schools/", None, 8),
    ("/api/organisations/", None, 4),
    ("/api/alliances/", None, 9),
    ("/api/designations/", None, 7),
    ("/api/alliances/{slug}/memberships/", "member", 12),
    ("/api/alliances/{slug}/agreements/", "member", 10),
    ("/api/networks/", None, 4),
    ("/api/networks/?region=London", None, 4),
    ("/account/schools/", "lead", 10),
    ("/schools/{lead_urn}/people/", "lead", 13),
    ("/support/", "support", 8),
    ("/programmes/", None, 6),
    ("/programmes/?kind=leadership&region=London&upcoming=on&q=Alliance", None, 6),
    ("/alliances/{slug}/programmes/", "lead", 8),
    ("/programmes/{programme}/bookings/", "lead", 12),
    ("/account/bookings/", "member", 6),
    ("/schools/{member_urn}/bookings/", "member", 8),
    ("/alliances/{slug}/support/", "lead", 8),
    # The ledger: contributors for the filter, totals, records awaiting entries (3), the page of
    # entries, its count and one query per kind of record.
    ("/alliances/{slug}/contributions/", "lead", 19),
    ("/alliances/{slug}/contributions/?state=recorded&area=school_support&kind=supportassignment", "lead", 18),
    ("/schools/{lead_urn}/contributions/", "lead", 10),
    ("/notices/", "lead", 5),
    ("/notices/?show=all", "lead", 5),
    ("/alliances/{slug}/itt/", "lead", 12),  # 2 for the KPI table, 2 for the paged cohorts
    ("/itt/cohorts/{cohort}/", "lead", 17),  # with its ledger entries, the share left and suggested entries
    ("/schools/{member_urn}/trainees/", "member", 7),
    # Annual returns and the documents made in the background (each list shows each one's files).
    ("/alliances/{slug}/returns/", "lead", 9),
    ("/alliances/{slug}/evidence-packs/", "lead", 8),
    ("/returns/national/", "council", 8),
    ("/api/returns/", "lead", 9),
    ("/api/returns/", "council", 8),
    # The contribution review: the ledger grouped once, names, leads, agreements, criteria and
    # one query per KPI measure, whatever the number of entries or alliances.
    ("/alliances/{slug}/review/", "lead", 19),
    ("/api/alliances/{slug}/review/", "lead", 17),
    ("/council/reviews/", "council", 17),
    ("/council/reviews/?flag=area_missing", "council", 18),
    ("/api/reviews/", "council", 17),
    ("/api/reviews/?flag=kpi_not_met", "council", 18),
    ("/alliances/{slug}/", None, 22),  # the public profile, with its delivery summary
]


def add_alliance(make_school, network, la):
    n = next(_numbers)
    lead = make_school(name=f"Lead {n} Teaching School", number_of_pupils=400, local_authority=la, region="London")
    Inspection.objects.create(school=lead, inspection_number=f"Q{n}", regime=Inspection.Regime.OEIF_GRADED, start_date=date(2023, 1, 1), overall_effectiveness=2)
    Designation.objects.create(school=lead, status="designated", designated_on=date(2023, 9, 1), review_due_on=date(2027, 9, 1))
    alliance = roles.create_alliance(f"Alliance {n}", Alliance.Type.SINGLE, [lead], starts_on=date(2023, 9, 1))
    for m in range(3):
        school = make_school(name=f"Member {n}-{m} Primary", local_authority=la)
        roles.add_member(alliance, school, date(2024, 9, 1), subscription_pence=10000, period="annual")
    trust = Organisation.objects.create(name=f"Trust {n}", kind=Organisation.Kind.ACADEMY_TRUST, code=f"Q{n}")
    roles.add_deliverer(alliance, trust, "Subject CPD", date(2024, 1, 1))
    network.alliances.add(alliance)
    return alliance


def add_programme(alliance, booker):
    """A published programme of the alliance with two sessions, and a booking on it by `booker`
    (a leader of one of its member schools) and by a colleague."""
    from datetime import time, timedelta

    from delivery.models import Booking, Programme, Session

    n = next(_numbers)
    programme = Programme.objects.create(alliance=alliance, title=f"Programme {n}", kind="leadership", places=10, published=True)
    programme.led_by.add(alliance.roles.get(role="lead"))
    for days in (10, 20):
        Session.objects.create(programme=programme, date=date.today() + timedelta(days=days), starts_at=time(9), ends_at=time(12), venue="Hall")
    school = booker.affiliations.get().school
    colleague = User.objects.create_user(f"colleague{n}@member.example")
    Affiliation.objects.create(user=colleague, school=school, role="staff")
    for who, state in ((booker, "confirmed"), (colleague, "awaiting_approval")):
        Booking.objects.create(programme=programme, participant=who, school=school, state=state)
    return programme


def add_itt(alliance, cohort=None):
    """A cohort (or the one given) with trainees in every state, one employed at a member school,
    each placed at the first member school."""
    from delivery.models import Placement, Trainee, TraineeCohort

    n = next(_numbers)
    cohort = cohort or TraineeCohort.objects.create(
        alliance=alliance, academic_year=2020 + n % 5, route="scitt", lead_school=alliance.lead_schools().get(), accredited_provider_name="SCITT",
    )
    school = alliance.member_schools().first()
    for k, state in enumerate(Trainee.State.values):
        qts = state == Trainee.State.QTS_AWARDED
        trainee = Trainee.objects.create(
            cohort=cohort, reference=f"T{n}-{k}", state=state, outcome_on=None if state == "in_training" else date(2025, 7, 1),
            employed_within_six_months="yes" if qts else "unknown", employing_school=school if qts else None,
        )
        Placement.objects.create(trainee=trainee, school=school, starts_on=date(2024, 9, 9))
    return cohort


def add_support(alliance, programme, recorder):
    """Completed support by the alliance's lead school for one of its members, its days shared
    with the deliverer trust, and half the programme's share to the lead: entries in several states."""
    from decimal import Decimal

    from delivery import ledger
    from delivery.models import ExpertiseArea, SupportAssignment

    lead, trust = alliance.lead_schools().get(), alliance.roles.filter(role="deliverer").first().organisation
    assignment = SupportAssignment.objects.create(
        alliance=alliance, supported_school=alliance.member_schools().first(), supporting_school=lead,
        focus_area=ExpertiseArea.objects.get(name="English"), objectives="Reading", success_criteria="Scores up",
        starts_on=date(2025, 1, 6), ends_on=date(2025, 3, 28), days_planned=Decimal(4), days_delivered=Decimal(4), state="completed",
    )
    ledger.record(recorder, assignment, [(lead, Decimal(3)), (trust, Decimal(1))])
    ledger.record(recorder, programme, [(lead, Decimal(50))])
    ledger.void(recorder, ledger.entries_for(assignment).get(organisation=trust), "Counted twice")
    return assignment


def add_return_and_documents(alliance, lead):
    """A new version of the alliance's 2024 return (the earlier one superseded) and signed by its
    lead, an evidence pack with its PDF and a national roll-up with its two files."""
    from delivery import returns
    from delivery.models import DocumentFile, PreparedDocument

    returns.sign(lead, returns.prepare(lead, alliance, 2024))
    for kind, about, names in (("evidence_pack", alliance, ["pack.pdf"]), ("national_rollup", None, ["roll-up.xlsx", "roll-up.csv"])):
        document = PreparedDocument.objects.create(kind=kind, alliance=about, academic_year=2024, status="ready", requested_by=lead)
        for name in names:
            DocumentFile.objects.create(document=document, name=name, content_type="application/octet-stream", size=4, data=b"data")


@pytest.fixture
def world(make_school):
    la = Organisation.objects.create(name="Camden", kind=Organisation.Kind.LOCAL_AUTHORITY, code="202")
    network = Network.objects.create(name="London Network", region="London")
    first = add_alliance(make_school, network, la)
    add_alliance(make_school, network, la)
    member = User.objects.create_user("head@member.example", "a long test password")
    Affiliation.objects.create(user=member, school=first.member_schools().first(), role="leader")
    council = User.objects.create_user("council@example.org", "a long test password")
    council.groups.add(Group.objects.get_or_create(name=COUNCIL_GROUP)[0])
    with_two_factor(council)
    lead = User.objects.create_user("head@lead.example", "a long test password")
    Affiliation.objects.create(user=lead, school=first.lead_schools().get(), role="leader")
    support = User.objects.create_user("support@example.org", "a long test password", is_staff=True)
    with_two_factor(support)

    def asking_to_act(n):
        """A colleague, a request and an invitation at the first lead school, a request to act for a
        school with nobody on the platform, and a proposed organisation."""
        lead_school = first.lead_schools().get()
        Affiliation.objects.create(user=User.objects.create_user(f"colleague{n}@lead.example"), school=lead_school, role="staff")
        asking = User.objects.create_user(f"asking{n}@example.org")
        AffiliationRequest.objects.create(user=asking, school=lead_school, role="staff", note="Teacher")
        AffiliationRequest.objects.create(user=asking, school=first.member_schools().last(), role="leader", note="Head")
        AffiliationRequest.objects.create(user=asking, proposed_name=f"Institute {n}", proposed_kind="university", role="staff", note="Lecturer")
        AffiliationRequest.objects.create(user=lead, school=make_school(name=f"Wished {n} Primary"), role="staff", note="Governor")
        AffiliationInvitation.objects.create(school=lead_school, role="staff", email=f"invited{n}@example.org", invited_by=lead, token_digest=f"digest-{n}")
        tell([member, lead], Notice.Kind.JOIN_REQUEST, first, f"Request {n} to join", "/alliances/yours/")
        done = tell([member, lead], Notice.Kind.JOIN_DECISION, first, f"Decision {n}", "/alliances/yours/")
        Notice.objects.filter(pk__in=[notice.pk for notice in done]).update(done_at=timezone.now())

    asking_to_act(next(_numbers))
    first_programme = add_programme(first, member)
    first_cohort = add_itt(first)
    add_support(first, first_programme, lead)
    from decimal import Decimal

    from delivery import ledger

    ledger.record(lead, first_cohort, [(first.lead_schools().get(), Decimal(60))])  # ITT cohorts are in the ledger too
    add_return_and_documents(first, lead)

    def grow():
        asking_to_act(next(_numbers))
        add_alliance(make_school, network, la)
        roles.add_member(
            first, make_school(name=f"Late Joiner {next(_numbers)} Primary"), date(2025, 1, 1),
            subscription_pence=5000, period="annual", renewal_due_on=date.today(),
        )
        add_support(first, add_programme(first, member), lead)
        from delivery.models import Booking

        extra = User.objects.create_user(f"extra{next(_numbers)}@member.example")
        Booking.objects.create(programme=first_programme, participant=extra, school=first.member_schools().first(), state="waiting_list")
        add_itt(first)
        add_itt(first, first_cohort)
        add_return_and_documents(first, lead)

    return {"first": first, "programme": first_programme, "cohort": first_cohort, "people": {"member": member, "council": council, "lead": lead, "support": support}, "grow": grow}


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("url, who, budget", LISTS)
def test_lists_run_a_fixed_number_of_queries(client, world, url, who, budget):
    first = world["first"]
    url = url.format(
        urn=first.member_schools().first().urn, slug=first.slug, lead_urn=first.lead_schools().get().urn,
        programme=world["programme"].pk, cohort=world["cohort"].pk, member_urn=world["people"]["member"].affiliations.get().school.urn,
    )
    if who:
        client.force_login(world["people"][who])
    few = queries(client, url)
    for _ in range(4):
        world["grow"]()
    many = queries(client, url)
    assert many == few, f"{url}: {few} queries with 2 alliances, {many} with 6"
    assert many <= budget, f"{url}: {many} queries, budget {budget}"
