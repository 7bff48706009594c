"""The review pages: an alliance's review (flags as warnings, charts with their tables, disputed
entries marked), its success criteria, the Council's list of every alliance and the summary on
the public profile."""
import json
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from delivery import kpis
from delivery.models import SuccessCriterion
from tests.delivery.test_review import entry, job_share  # noqa: F401

pytestmark = pytest.mark.django_db
THIS_YEAR = kpis.current_academic_year()
IN_THIS_YEAR = kpis.academic_year_bounds(THIS_YEAR)[0]


@pytest.fixture
def delivered(job_share):
    """This year: East all the CPD, the trust most support, West a little; West disputes ITT."""
    entry(job_share, job_share.east, "cpd", "share", 100, on=IN_THIS_YEAR)
    entry(job_share, job_share.trust, "school_support", "days", 19, on=IN_THIS_YEAR, record_id=2)
    entry(job_share, job_share.west, "school_support", "days", 1, on=IN_THIS_YEAR, record_id=2)
    entry(job_share, job_share.west, "itt", "share", 100, state="disputed", on=IN_THIS_YEAR, record_id=3)
    return job_share


def test_the_leads_review_shows_flags_charts_with_tables_and_disputes(client, delivered):
    client.force_login(delivered.east_head)
    response = client.get(f"/alliances/{delivered.slug}/review/")
    page = response.content.decode()
    assert response.status_code == 200
    assert f"Academic year {THIS_YEAR} to {THIS_YEAR + 1}" in page
    flags = [flag.kind for flag in response.context["review"].flags]
    assert flags == ["lead_below_minimum", "area_missing", "disputed"]
    assert page.count('class="govuk-warning-text"') == 3
    assert "West Teaching School&#x27;s share of the alliance&#x27;s delivery is 2.5%, below the minimum of 25%" in page
    assert "1 disputed" in page and "?state=disputed&amp;start=" in page
    shares = json.loads(page.split('id="shares-chart-data" type="application/json">')[1].split("</script>")[0])
    assert shares["labels"] == ["Initial teacher training", "CPD and leadership development", "School-to-school support"]
    assert {d["label"]: d["data"] for d in shares["datasets"]} == {
        "East Teaching School": [0, 100, 0], "West Teaching School": [0, 0, 5], "Delta Trust": [0, 0, 95],
    }
    assert 'aria-describedby="shares-table"' in page and 'id="shares-table"' in page
    assert 'id="kpi-chart-data"' in page and 'id="kpi-table"' in page
    assert "chartjs/chart.umd.min.js" in page
    assert f"/alliances/{delivered.slug}/success-criteria/?year={THIS_YEAR}" in page


def test_a_period_can_be_chosen_and_a_half_given_one_is_explained(client, delivered, council_member):
    client.force_login(council_member)
    earlier = client.get(f"/alliances/{delivered.slug}/review/?year={THIS_YEAR - 1}")
    assert [f.kind for f in earlier.context["review"].flags] == ["area_missing"] * 3
    assert "set the success criteria" not in earlier.content.decode()
    days = client.get(f"/alliances/{delivered.slug}/review/?start={IN_THIS_YEAR}&end={IN_THIS_YEAR}")
    assert days.context["review"].start == IN_THIS_YEAR == days.context["review"].end
    half = client.get(f"/alliances/{delivered.slug}/review/?start=2025-09-01")
    assert "Give both the first and the last day of the period, or choose an academic year." in half.content.decode()
    assert half.status_code == 200 and half.context["review"].year == THIS_YEAR
    backwards = client.get(f"/alliances/{delivered.slug}/review/?start=2026-09-01&end=2025-09-01&year=banana")
    assert "The period must end on or after the day it starts." in backwards.content.decode()


def test_only_leads_and_the_council_see_the_review(client, delivered, person, make_school):
    from alliances.models import AllianceRole

    member = make_school(name="Member Primary")
    AllianceRole.objects.create(alliance=delivered, role="member", school=member, starts_on=date(2021, 9, 1))
    client.force_login(person("head@member.example", member))
    assert client.get(f"/alliances/{delivered.slug}/review/").status_code == 403
    client.force_login(person("staff@east.example", delivered.east, "staff"))
    assert client.get(f"/alliances/{delivered.slug}/review/").status_code == 403
    client.logout()
    assert client.get(f"/alliances/{delivered.slug}/review/").status_code == 302


def test_managers_set_the_success_criteria_for_a_year(client, delivered, council_member):
    url = f"/alliances/{delivered.slug}/success-criteria/"
    client.force_login(council_member)
    assert client.get(url).status_code == 403
    client.force_login(delivered.west_head)
    page = client.get(f"{url}?year={THIS_YEAR}").content.decode()
    assert "Use the national KPIs" in page and "No success criteria set" in page
    response = client.post(url, {"year": THIS_YEAR, "national": "1"}, follow=True)
    assert f"6 national KPIs set for {THIS_YEAR} to {THIS_YEAR + 1}." in response.content.decode()
    assert SuccessCriterion.objects.filter(alliance=delivered, academic_year=THIS_YEAR).count() == 6
    assert "Use the national KPIs" not in response.content.decode()
    form = {"year": THIS_YEAR, "save": "1"}
    for measure in SuccessCriterion.Measure.values:
        form[f"target_{measure}"] = {"trainees": "20", "employment": "", "cpd_days": "40", "cpd_positive": "85", "support_days": "25", "support_good": "90"}[measure]
        form[f"school_{measure}"] = delivered.west.pk
    response = client.post(url, form, follow=True)
    assert f"Success criteria for {THIS_YEAR} to {THIS_YEAR + 1} saved." in response.content.decode()
    criterion = SuccessCriterion.objects.get(alliance=delivered, academic_year=THIS_YEAR, measure="support_days")
    assert (criterion.target, criterion.accountable_school, criterion.changed_by) == (25, delivered.west, delivered.west_head)
    review_page = client.get(f"/alliances/{delivered.slug}/review/")
    kpi = next(k for k in review_page.context["review"].kpis if k.measure == "support_days")
    assert (kpi.target_text, kpi.accountable_school, kpi.set_by_alliance) == ("At least 25 days", "West Teaching School", True)
    refused = client.post(url, {**form, "target_cpd_positive": "120", "school_trainees": "999999"})
    text = refused.content.decode()
    assert "Ensure this value is less than or equal to 100" in text and "Select a valid choice" in text
    assert SuccessCriterion.objects.get(alliance=delivered, academic_year=THIS_YEAR, measure="cpd_positive").target == 85


def test_the_council_lists_every_alliance_filtered_by_flag(client, delivered, council_member, single_alliance, lead_user):
    client.force_login(council_member)
    everyone = client.get("/council/reviews/")
    assert [row.alliance_name for row in everyone.context["rows"]] == ["Hilltop Alliance", "Riverside Alliance"]
    disputed = client.get("/council/reviews/?flag=disputed")
    assert [row.alliance_name for row in disputed.context["rows"]] == ["Riverside Alliance"]
    assert "Disputed entries" in disputed.content.decode()
    below = client.get("/council/reviews/?flag=lead_below_minimum")
    assert [row.alliance_name for row in below.context["rows"]] == ["Riverside Alliance"]
    assert [row.alliance_name for row in client.get("/council/reviews/?flag=none").context["rows"]] == []
    assert client.get("/council/reviews/?flag=nonsense").status_code == 200
    client.force_login(lead_user)
    assert client.get("/council/reviews/").status_code == 403


def test_the_council_list_runs_a_fixed_number_of_queries(client, council_member, teaching_school, person):
    from alliances.models import Alliance, AllianceRole

    def another(n):
        school = teaching_school(name=f"Lead {n} Teaching School")
        alliance = Alliance.objects.create(name=f"Alliance {n:02d}", alliance_type="single")
        AllianceRole.objects.create(alliance=alliance, role="lead", school=school, starts_on=date(2020, 9, 1))
        entry(alliance, school, "cpd", "share", 100, on=IN_THIS_YEAR)
        entry(alliance, school, "itt", "share", 50, on=IN_THIS_YEAR, state="disputed", record_id=2)

    another(0)
    client.force_login(council_member)
    counts = []
    for flag in ("", "?flag=area_missing"):
        with CaptureQueriesContext(connection) as few:
            client.get(f"/council/reviews/{flag}")
        counts.append(len(few))
    for n in range(1, 6):
        another(n)
    for i, flag in enumerate(("", "?flag=area_missing")):
        with CaptureQueriesContext(connection) as many:
            response = client.get(f"/council/reviews/{flag}")
        assert len(many) == counts[i] and len(many) <= 22
        assert len(response.context["rows"]) == 6


def test_the_public_profile_sums_up_this_years_delivery(client, delivered):
    page = client.get(f"/alliances/{delivered.slug}/").content.decode()
    assert f"Delivery in {THIS_YEAR} to {THIS_YEAR + 1}" in page
    assert "Delivered: 1 record, 20 days" in page and "No delivery recorded yet" in page
    assert "KPIs met" in page and "Accountable" not in page
    assert page.count('class="govuk-warning-text"') >= 3
    # A change to the ledger shows to visitors at once, though their pages are kept.
    entry(delivered, delivered.west, "itt", "share", 100, on=IN_THIS_YEAR, record_id=9)
    assert "No delivery recorded yet" not in client.get(f"/alliances/{delivered.slug}/").content.decode()


def test_the_review_page_runs_a_fixed_number_of_queries(client, delivered):
    client.force_login(delivered.east_head)
    with CaptureQueriesContext(connection) as few:
        client.get(f"/alliances/{delivered.slug}/review/")
    for i in range(20):
        entry(delivered, [delivered.east, delivered.west, delivered.trust][i % 3], "school_support", "days", Decimal(1), on=IN_THIS_YEAR, record_id=50 + i)
    with CaptureQueriesContext(connection) as many:
        client.get(f"/alliances/{delivered.slug}/review/")
    assert len(many) == len(few) <= 24


def test_managers_share_an_itt_cohort_on_its_page(client, single_alliance, lead_user, member_school, outside_school):
    from delivery import itt, review
    from delivery.models import TraineeCohort

    lead = single_alliance.lead_schools().get()
    cohort = itt.create_cohort(lead_user, single_alliance, academic_year=2025, route=TraineeCohort.Route.SCITT, lead_school=lead, accredited_provider_name="Moor SCITT")
    trainee = itt.add_trainee(lead_user, cohort, reference="T1")
    itt.add_placement(lead_user, trainee, school=member_school, starts_on=date(2025, 9, 8))
    client.force_login(lead_user)
    page = client.get(f"/itt/cohorts/{cohort.pk}/").content.decode()
    assert "100% not yet attributed" in page and "Hilltop Teaching School: 100%" in page
    url = f"/itt/cohorts/{cohort.pk}/entries/"
    refused = client.post(url, {"contributor": f"school-{outside_school.pk}", "amount": "10"})
    assert refused.status_code == 200 and "Select a valid choice" in refused.content.decode()
    client.post(url, {"contributor": f"school-{lead.pk}", "amount": "70"})
    too_much = client.post(url, {"contributor": f"school-{member_school.pk}", "amount": "40"})
    assert "more than its 100%" in too_much.content.decode()
    assert client.post(url, {"contributor": f"school-{member_school.pk}", "amount": "30"}).status_code == 302
    page = client.get(f"/itt/cohorts/{cohort.pk}/").content.decode()
    assert "0% not yet attributed" in page and "Record an entry" not in page
    result = review.review_for(single_alliance, *review.academic_year_bounds(2025))
    assert {c.name: c.area("itt").share for c in result.contributors} == {"Hilltop Teaching School": 70, "Brookside Primary": 30}


def test_the_year_chosen_is_the_one_shown(client, delivered):
    client.force_login(delivered.east_head)
    page = client.get(f"/alliances/{delivered.slug}/review/").content.decode()
    assert f'<option value="{THIS_YEAR}" selected>' in page
    page = client.get(f"/alliances/{delivered.slug}/review/?year={THIS_YEAR - 2}").content.decode()
    assert f'<option value="{THIS_YEAR - 2}" selected>' in page
