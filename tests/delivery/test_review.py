"""The contribution review: each contributor's share of each area from the ledger (adding up to
100 %), the lead-below-minimum, missing-area and disputed flags, and a fixed number of queries."""
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings, strategies as st

from alliances import agreements
from alliances.models import Alliance, AllianceRole, DeliveryArea
from delivery import ledger, review, support
from delivery.models import Contribution, Programme, SupportAssignment
from registry.models import Organisation

pytestmark = pytest.mark.django_db
YEAR_START, YEAR_END = review.academic_year_bounds(2025)


@pytest.fixture
def job_share(teaching_school, person):
    """Two lead schools, a deliverer trust; each lead's leader."""
    east, west = teaching_school(name="East Teaching School"), teaching_school(name="West Teaching School")
    alliance = Alliance.objects.create(name="Riverside Alliance", alliance_type=Alliance.Type.JOB_SHARE)
    for school in (east, west):
        AllianceRole.objects.create(alliance=alliance, role="lead", school=school, starts_on=date(2020, 9, 1))
    trust = Organisation.objects.create(name="Delta Trust", kind=Organisation.Kind.ACADEMY_TRUST, code="DT1")
    AllianceRole.objects.create(alliance=alliance, role="deliverer", organisation=trust, starts_on=date(2020, 9, 1))
    alliance.east, alliance.west, alliance.trust = east, west, trust
    alliance.east_head, alliance.west_head = person("head@east.example", east), person("head@west.example", west)
    return alliance


def entry(alliance, holder, area, unit, amount, *, state="recorded", on=date(2026, 1, 15), record_id=1):
    """A ledger entry made directly: the review reads only the ledger's own columns."""
    field = "school" if holder.__class__.__name__ == "School" else "organisation"
    fields = {field: holder}
    if state == "disputed":
        fields["dispute_reason"] = "We did not deliver this."
    if state == "voided":
        fields["void_reason"] = "Mistyped."
    return Contribution.objects.create(
        content_type=ContentType.objects.get_for_model(Programme), object_id=record_id, alliance=alliance, unit=unit,
        amount=Decimal(amount), area=area, delivered_on=on, state=state, **fields,
    )


def test_shares_and_outputs_by_area(job_share):
    entry(job_share, job_share.east, "cpd", "share", 60, record_id=1)
    entry(job_share, job_share.trust, "cpd", "share", 40, record_id=1)
    entry(job_share, job_share.east, "cpd", "share", 100, record_id=2)
    entry(job_share, job_share.west, "school_support", "days", 9, record_id=3)
    entry(job_share, job_share.trust, "school_support", "days", 3, record_id=3)
    entry(job_share, job_share.west, "itt", "share", 100, record_id=4)
    result = review.review_for(job_share, YEAR_START, YEAR_END)
    by_name = {c.name: c for c in result.contributors}
    east, west, trust = by_name["East Teaching School"], by_name["West Teaching School"], by_name["Delta Trust"]
    # CPD: East 1.6 programmes' worth of 2, the trust 0.4.
    assert (east.area("cpd").records, east.area("cpd").share, trust.area("cpd").share) == (Decimal("1.60"), Decimal("80.0"), Decimal("20.0"))
    assert (west.area("school_support").days, west.area("school_support").share, trust.area("school_support").share) == (Decimal(9), Decimal("75.0"), Decimal("25.0"))
    assert west.area("itt").share == 100
    # Overall: the average of the three areas' shares.
    assert (east.overall_share, west.overall_share, trust.overall_share) == (Decimal("26.7"), Decimal("58.3"), Decimal("15.0"))
    assert (east.outputs, west.outputs, trust.outputs) == (2, 2, 2)
    assert [(a.area, a.outputs, a.contributors, a.delivered) for a in result.areas] == [
        ("itt", 1, 1, True), ("cpd", 2, 2, True), ("school_support", 1, 2, True)
    ]
    assert [c.name for c in result.contributors] == ["West Teaching School", "East Teaching School", "Delta Trust"]
    assert result.flags == ()


def test_only_the_period_and_counted_entries_count(job_share):
    entry(job_share, job_share.east, "cpd", "share", 100, on=date(2025, 8, 31))  # the year before
    entry(job_share, job_share.west, "cpd", "share", 100, on=date(2025, 9, 1), record_id=2)
    entry(job_share, job_share.east, "cpd", "share", 50, state="voided", record_id=3)
    entry(job_share, job_share.east, "cpd", "share", 50, state="signed_off", record_id=4, on=date(2026, 8, 31))
    result = review.review_for(job_share, YEAR_START, YEAR_END)
    assert result.area("cpd").records == Decimal("1.5")
    assert {c.name: c.area("cpd").share for c in result.contributors} == {
        "West Teaching School": Decimal("66.7"), "East Teaching School": Decimal("33.3")
    }


def test_days_and_shares_in_one_area_weigh_the_same(job_share):
    entry(job_share, job_share.east, "cpd", "share", 100)
    entry(job_share, job_share.west, "cpd", "days", 10, record_id=2)
    entry(job_share, job_share.east, "cpd", "days", 30, record_id=2)
    shares = {c.name: c.area("cpd").share for c in review.review_for(job_share, YEAR_START, YEAR_END).contributors}
    # East: all the programme and 3/4 of the days -> (100 + 75) / 2.
    assert shares == {"East Teaching School": Decimal("87.5"), "West Teaching School": Decimal("12.5")}  # the trust has no entries


amounts = st.lists(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("500"), places=2), min_size=1, max_size=6)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=amounts)
def test_rounded_shares_add_up_to_100(parts):
    from fractions import Fraction

    total = sum(Fraction(p) for p in parts)
    shares = review.rounded_shares([Fraction(p) / total for p in parts])
    assert sum(shares) == 100
    assert all(abs(Fraction(s) - Fraction(p) / total * 100) < Fraction(1, 10) for s, p in zip(shares, parts))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.lists(
        st.tuples(st.integers(0, 2), st.sampled_from(list(DeliveryArea.values)), st.sampled_from(["share", "days"]),
                  st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100"), places=2)),
        min_size=1, max_size=12,
    )
)
def test_every_area_with_delivery_adds_up_to_100(job_share, data):
    Contribution.objects.filter(alliance=job_share).update(state="voided", void_reason="Next example.")
    holders = [job_share.east, job_share.west, job_share.trust]
    for i, (who, area, unit, amount) in enumerate(data):
        entry(job_share, holders[who], area, unit, amount, record_id=i + 1)
    result = review.review_for(job_share, YEAR_START, YEAR_END)
    delivered = {area for _, area, _, _ in data}
    for total in result.areas:
        shares = [c.area(total.area).share for c in result.contributors]
        assert sum(shares) == (100 if total.area in delivered else 0)
        assert total.delivered == (total.area in delivered)
    assert sum(c.overall_share for c in result.contributors) == 100
    assert {f.area for f in result.flags if f.kind == "area_missing"} == set(DeliveryArea.values) - delivered


def test_a_lead_below_the_default_minimum_is_flagged(job_share):
    entry(job_share, job_share.east, "cpd", "share", 100)
    entry(job_share, job_share.east, "school_support", "days", 20, record_id=2)
    entry(job_share, job_share.west, "school_support", "days", 5, record_id=2)
    entry(job_share, job_share.trust, "itt", "share", 100, record_id=3)
    result = review.review_for(job_share, YEAR_START, YEAR_END)
    assert (result.minimum_share, result.minimum_share_agreement_version) == (Decimal("25.0"), None)
    assert result.minimum_share_source.startswith("Default: half of an equal split between the 2 lead schools")
    # West: 20 % of support only -> 6.7 % overall.
    [flag] = [f for f in result.flags if f.kind == "lead_below_minimum"]
    assert flag.contributor == "West Teaching School"
    assert flag.message == (
        "West Teaching School's share of the alliance's delivery is 6.7%, below the minimum of 25% "
        "(the default, half of an equal split between the 2 lead schools)."
    )
    assert not [f for f in result.flags if f.kind == "area_missing"]


def test_a_lead_with_no_entries_is_listed_and_flagged(job_share):
    entry(job_share, job_share.east, "cpd", "share", 100)
    result = review.review_for(job_share, YEAR_START, YEAR_END)
    west = next(c for c in result.contributors if c.name == "West Teaching School")
    assert (west.is_lead, west.overall_share, west.outputs) == (True, 0, 0)
    assert [f.contributor for f in result.flags if f.kind == "lead_below_minimum"] == ["West Teaching School"]
    assert [f.area for f in result.flags if f.kind == "area_missing"] == ["itt", "school_support"]
    assert next(f for f in result.flags if f.area == "itt").message == "No initial teacher training delivery counts in this period."


def _agree(alliance, minimum, sign=("east", "west")):
    agreement = agreements.record_agreement(
        alliance, alliance.east_head, "East runs CPD, West support.", "Termly board.",
        {area: alliance.east for area in DeliveryArea.values},
    )
    agreement.minimum_lead_share = minimum
    agreement.save()
    for side in sign:
        agreements.sign_agreement(agreement, getattr(alliance, side), getattr(alliance, f"{side}_head"))
    return agreement


def test_the_signed_agreement_sets_the_minimum(job_share):
    entry(job_share, job_share.east, "cpd", "share", 90)
    entry(job_share, job_share.west, "cpd", "share", 10)
    _agree(job_share, 5)
    result = review.review_for(job_share, YEAR_START, YEAR_END)
    assert (result.minimum_share, result.minimum_share_agreement_version) == (5, 1)
    assert result.minimum_share_source == "Version 1 of the agreement between the lead schools"
    assert not [f for f in result.flags if f.kind == "lead_below_minimum"]
    _agree(job_share, 15, sign=("east",))  # version 2, not signed by West: version 1 still stands
    assert review.review_for(job_share, YEAR_START, YEAR_END).minimum_share == 5
    agreements.sign_agreement(job_share.agreements.get(version=2), job_share.west, job_share.west_head)
    result = review.review_for(job_share, YEAR_START, YEAR_END)
    assert result.minimum_share == 15
    [flag] = [f for f in result.flags if f.kind == "lead_below_minimum"]
    assert flag.message == (
        "West Teaching School's share of the alliance's delivery is 10.0%, below the minimum of 15% "
        "(agreed in version 2 of the agreement between the lead schools)."
    )
    # The signed agreement makes East accountable for every area: the national KPIs say so too.
    assert {kpi.accountable_school for kpi in result.kpis} == {"East Teaching School"}


def test_disputed_entries_are_left_out_and_flagged(job_share):
    entry(job_share, job_share.east, "school_support", "days", 4)
    entry(job_share, job_share.west, "school_support", "days", 6, state="disputed")
    entry(job_share, job_share.west, "itt", "share", 100, state="disputed", record_id=2)
    result = review.review_for(job_share, YEAR_START, YEAR_END)
    west = next(c for c in result.contributors if c.name == "West Teaching School")
    assert (west.disputed, west.area("school_support").disputed_days, west.area("school_support").share) == (2, Decimal(6), 0)
    assert result.area("school_support").days == 4 and result.disputed == 2
    disputed = [f for f in result.flags if f.kind == "disputed"]
    assert [f.message for f in disputed] == ["2 entries for West Teaching School are disputed: left out of these figures until resolved."]
    itt = next(f for f in result.flags if f.kind == "area_missing" and f.area == "itt")
    assert itt.message.endswith("1 disputed entry waits to be resolved.")


def test_a_real_ledger_gives_the_same_figures(lead_user, support_for, member_school, single_alliance):
    assignment = support_for(lead_user, starts_on=date(2025, 10, 1), ends_on=date(2025, 12, 19))
    support.complete(lead_user, assignment, days_delivered=Decimal(6), outcome="Met")
    assignment.refresh_from_db()
    lead = single_alliance.lead_schools().get()
    ledger.record(lead_user, assignment, [(member_school, Decimal(4)), (lead, Decimal(2))])
    result = review.review_for(single_alliance, YEAR_START, YEAR_END)
    assert [(c.name, c.is_lead, c.area("school_support").share) for c in result.contributors] == [
        ("Hilltop Teaching School", True, Decimal("33.3")), ("Brookside Primary", False, Decimal("66.7"))
    ]
    assert result.minimum_share == 50 and result.area("school_support").outputs == 1
    assert SupportAssignment.objects.count() == 1


def test_queries_do_not_grow_with_the_ledger(job_share, single_alliance):
    entry(job_share, job_share.east, "cpd", "share", 50)
    entry(job_share, job_share.trust, "cpd", "share", 50)
    with CaptureQueriesContext(connection) as few:
        review.review_for(job_share, YEAR_START, YEAR_END)
    for i in range(30):
        entry(job_share, [job_share.east, job_share.west, job_share.trust][i % 3], ["cpd", "itt", "school_support"][i % 3], "days", 1, record_id=100 + i)
    with CaptureQueriesContext(connection) as many:
        review.review_for(job_share, YEAR_START, YEAR_END)
    assert len(many) == len(few) <= 16
    with CaptureQueriesContext(connection) as everyone:
        reviews = review.reviews_for_all(YEAR_START, YEAR_END)
    assert len(everyone) <= len(few) + 1
    assert [r.alliance_name for r in reviews] == ["Hilltop Alliance", "Riverside Alliance"]
    assert reviews[1] == review.review_for(job_share, YEAR_START, YEAR_END)


def test_leads_agree_a_minimum_share_on_the_agreement_page(client, job_share):
    client.force_login(job_share.east_head)
    url = f"/alliances/{job_share.slug}/agreement/"
    form = {
        "record": "1", "roles_and_responsibilities": "East runs CPD.", "governance": "A board.", "lead_removal": "own_decision",
        "accountable_itt": job_share.east.pk, "accountable_cpd": job_share.east.pk, "accountable_school_support": job_share.west.pk,
    }
    refused = client.post(url, {**form, "minimum_lead_share": "60"})
    assert "A minimum of 60% for each of the 2 lead schools adds up to more than 100%." in refused.content.decode()
    assert client.post(url, {**form, "minimum_lead_share": "101"}).status_code == 200
    assert not job_share.agreements.exists()
    client.post(url, {**form, "minimum_lead_share": "30"})
    agreement = job_share.agreements.get()
    assert agreement.minimum_lead_share == 30
    page = client.get(url).content.decode()
    assert "Each lead teaching school's share of the alliance's delivery is at least 30%." in page
    assert 'name="minimum_lead_share" value="30"' in page  # the next version starts from it
    client.post(url, {**form, "minimum_lead_share": ""})
    assert job_share.agreements.get(version=2).minimum_lead_share is None


def test_the_national_kpis_take_the_accountable_schools_from_the_signed_agreement(job_share):
    from delivery import kpis

    agreement = agreements.record_agreement(
        job_share, job_share.east_head, "Roles.", "Board.",
        {"itt": job_share.east, "cpd": job_share.east, "school_support": job_share.west},
    )
    made = kpis.use_national_kpis(job_share.east_head, job_share, 2025)
    assert {c.accountable_school.name for c in made} == {"East Teaching School"}  # not signed: the first lead by name
    job_share.success_criteria.all().delete()
    for side in ("east", "west"):
        agreements.sign_agreement(agreement, getattr(job_share, side), getattr(job_share, f"{side}_head"))
    made = kpis.use_national_kpis(job_share.west_head, job_share, 2025)
    assert {(c.measure, c.accountable_school.name) for c in made if c.area == "school_support"} == {
        ("support_days", "West Teaching School"), ("support_good", "West Teaching School")
    }
    assert {c.accountable_school.name for c in made if c.area != "school_support"} == {"East Teaching School"}
