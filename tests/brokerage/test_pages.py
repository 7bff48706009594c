"""The pages a teacher, headteacher, teaching school and Council use, and who sees an SLE's
personal details on the pages and in the API."""
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from brokerage import profiles
from brokerage.models import SpecialistLeader

pytestmark = pytest.mark.django_db
SECRET = "KS2 results up 12 points"  # in the track record: personal


def test_teacher_applies_through_the_page(client, teacher, member_school, tschool, maths, head):
    client.force_login(teacher)
    page = client.get("/specialist-leaders/apply/")
    assert "Brookside Primary" in page.text and "Hilltop Teaching School" in page.text
    response = client.post("/specialist-leaders/apply/", {
        "school": member_school.pk, "teaching_school": tschool.pk, "areas": [maths.pk], "current_role": "middle_leader",
        "leadership_years": "3", "evidence": f"Led maths. {SECRET}.",
    })
    sle = SpecialistLeader.objects.get(person=teacher)
    assert response.status_code == 302 and response["Location"] == sle.get_absolute_url()
    assert "Awaiting the headteacher" in client.get(sle.get_absolute_url()).text
    # The headteacher sees it in "For you" and in the school's queue.
    client.force_login(head)
    assert "asks your consent" in client.get("/notices/").text
    assert "Asha Patel" in client.get(f"/schools/{member_school.urn}/specialist-leaders/").text
    client.post(f"/specialist-leaders/{sle.pk}/consent/", {"consents": "yes"})
    sle.refresh_from_db()
    assert sle.state == "awaiting_assessment"


def test_ineligible_and_schoolless_applications_are_refused_on_the_page(client, teacher, member_school, tschool, maths, person):
    client.force_login(teacher)
    page = client.post("/specialist-leaders/apply/", {
        "school": member_school.pk, "teaching_school": tschool.pk, "areas": [maths.pk], "current_role": "hlta",
        "leadership_years": "5", "evidence": "Years of work",
    })
    assert page.status_code == 200 and "Higher level teaching assistants are not eligible" in page.text
    client.force_login(person("nobody@example.org"))
    page = client.post("/specialist-leaders/apply/", {"current_role": "senior_leader", "leadership_years": "5", "evidence": "x"})
    assert page.status_code == 200 and "There is a problem" in page.text
    assert "you do not act for a school on this site yet" in client.get("/specialist-leaders/apply/").text
    assert not SpecialistLeader.objects.exists()


def test_an_area_not_on_the_list_is_refused(client, teacher, member_school, tschool):
    client.force_login(teacher)
    page = client.post("/specialist-leaders/apply/", {
        "school": member_school.pk, "teaching_school": tschool.pk, "areas": ["999999"], "current_role": "senco",
        "leadership_years": "5", "evidence": "x",
    })
    assert page.status_code == 200 and "Select a valid choice" in page.text


def test_teaching_school_assesses_and_ends_through_the_pages(client, application, head, lead_user, teacher):
    from brokerage import sle_applications

    sle = sle_applications.decide_consent(head, application(), consents=True)
    client.force_login(lead_user)
    queue = client.get(f"/schools/{sle.teaching_school.urn}/specialist-leaders/assessment/")
    assert "Asha Patel" in queue.text
    page = client.post(f"/specialist-leaders/{sle.pk}/assess/", {"designate": "yes", "yearly_capacity_days": "0"})
    assert page.status_code == 200 and "yearly capacity" in page.text
    client.post(f"/specialist-leaders/{sle.pk}/assess/", {"designate": "yes", "yearly_capacity_days": "15"})
    record = client.get(f"/specialist-leaders/{sle.pk}/").text
    assert "Designated" in record and "15 days" in record and "Remaining" in record
    client.post(f"/specialist-leaders/{sle.pk}/capacity/", {"yearly_capacity_days": "10"})
    assert "10 days" in client.get(f"/specialist-leaders/{sle.pk}/").text
    client.post(f"/specialist-leaders/{sle.pk}/end/", {"reason": "Promoted to headteacher"})
    sle.refresh_from_db()
    assert sle.state == "ended" and sle.end_reason == "Promoted to headteacher"


def test_directory_shows_areas_and_schools_but_no_personal_details(client, designated, person, outside_school):
    client.force_login(person("head@faraway.example", outside_school))
    page = client.get("/specialist-leaders/").text
    assert "Brookside Primary" in page and "Maths" in page and "15" in page
    assert "Asha Patel" not in page and "maths.lead@brookside.example" not in page and SECRET not in page
    assert client.get(f"/specialist-leaders/{designated.pk}/").status_code == 403
    assert client.get("/api/specialist-leaders/").json()["count"] == 0
    assert client.get(f"/api/specialist-leaders/{designated.pk}/").status_code == 404


@pytest.mark.parametrize("who, sees", [
    ("teacher", True), ("head", True), ("bursar", True), ("lead_user", True), ("colleague", False),
    ("council_member", False), ("stranger", False), ("other_ts_head", False),
])
def test_who_sees_an_sles_personal_details(client, designated, request, person, member_school, outside_school, teaching_school, who, sees):
    made = {
        "bursar": lambda: person("bursar@brookside.example", member_school, role="business_manager"),
        "colleague": lambda: person("colleague@brookside.example", member_school, role="staff"),
        "stranger": lambda: person("head@faraway.example", outside_school),
        "other_ts_head": lambda: person("head@elsewhere.example", teaching_school(name="Elsewhere Teaching School")),
    }
    user = made[who]() if who in made else request.getfixturevalue(who)
    client.force_login(user)
    page = client.get(f"/specialist-leaders/{designated.pk}/")
    assert (page.status_code == 200) == sees
    assert (SECRET in page.text) == sees
    api = client.get("/api/specialist-leaders/").json()
    assert (api["count"] == 1) == sees
    if sees:
        assert api["results"][0]["email"] == "maths.lead@brookside.example"
        assert api["results"][0]["days_remaining"] == "15.0" and api["results"][0]["areas"] == ["Maths"]


def test_profile_page_and_api(client, head, member_school, maths, teacher, lead_user, person, outside_school, council_member):
    profiles.add_need(head, member_school, area=maths, phase="Primary", priority="high", wanted_by=None, days_wanted=Decimal(6))
    profiles.add_offer(head, member_school, area=maths, given_by="Maths team", days_per_year=Decimal(8))
    for user in (head, teacher, lead_user, council_member):
        client.force_login(user)
        page = client.get(f"/schools/{member_school.urn}/needs-and-offers/")
        assert page.status_code == 200 and "Maths team" in page.text and "8 a year" in page.text
        assert client.get("/api/school-needs/").json()["count"] == 1
        assert client.get("/api/school-offers/").json()["results"][0]["given_by"] == "Maths team"
    assert ("Add a need" in client.get(f"/schools/{member_school.urn}/needs-and-offers/").text) is False  # the Council reads only
    client.force_login(person("head@faraway.example", outside_school))
    assert client.get(f"/schools/{member_school.urn}/needs-and-offers/").status_code == 403
    assert client.get("/api/school-needs/").json()["count"] == 0


def test_quick_need_form(client, head, member_school, maths):
    client.force_login(head)
    form = client.get(f"/schools/{member_school.urn}/needs/new/")
    assert 'value="Primary"' in form.text  # the school's phase filled in
    response = client.post(f"/schools/{member_school.urn}/needs/new/", {
        "area": maths.pk, "phase": "Primary", "priority": "high", "days_wanted": "4",
    })
    assert response.status_code == 302
    need = member_school.needs.get()
    page = client.post(f"/needs/{need.pk}/edit/", {"area": maths.pk, "phase": "Primary", "priority": "high", "days_wanted": "4", "state": "met"})
    assert page.status_code == 302
    need.refresh_from_db()
    assert need.state == "met"
    bad = client.post(f"/schools/{member_school.urn}/needs/new/", {"area": maths.pk, "phase": "Primary", "priority": "high", "days_wanted": "abc"})
    assert bad.status_code == 200 and "Enter a number of days" in bad.text


def test_council_renames_and_retires_areas(client, council_member, maths):
    client.force_login(council_member)
    assert "Maths" in client.get("/expertise-areas/").text
    client.post(f"/expertise-areas/{maths.pk}/edit/", {"name": "Mathematics", "ofsted_focus": maths.ofsted_focus})
    maths.refresh_from_db()
    assert maths.name == "Mathematics" and not maths.active
    assert client.post("/expertise-areas/", {"name": "Oracy", "ofsted_focus": "Pupil achievement"}).status_code == 302


FIELD_TEXT = st.one_of(st.text(max_size=12), st.sampled_from(["", "0", "-1", "2", "15", "999999", "1.5", "abc", "hlta", "headteacher"]))


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(data=st.fixed_dictionaries({
    name: FIELD_TEXT for name in ("school", "teaching_school", "areas", "current_role", "leadership_years", "evidence")
}))
def test_any_application_form_is_answered_without_a_server_error(client, teacher, data):
    """Whatever is typed, the page answers (a redirect only when an application was made)."""
    client.force_login(teacher)
    response = client.post("/specialist-leaders/apply/", {k: v.replace("\x00", "") for k, v in data.items()})
    made = SpecialistLeader.objects.filter(person=teacher).exists()
    assert response.status_code == (302 if made else 200)
    SpecialistLeader.objects.filter(person=teacher).delete()


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(data=st.fixed_dictionaries({
    **{name: FIELD_TEXT for name in ("area", "phase", "days_wanted", "wanted_by_day", "wanted_by_month", "wanted_by_year")},
    "priority": st.sampled_from(["high", "low", "urgent", ""]),
}))
def test_any_need_form_is_answered_without_a_server_error(client, head, member_school, maths, data):
    client.force_login(head)
    if data["area"] == "15":
        data["area"] = str(maths.pk)  # a real area now and then, so some needs are made
    response = client.post(f"/schools/{member_school.urn}/needs/new/", {k: v.replace("\x00", "") for k, v in data.items()})
    assert response.status_code in (200, 302)
    assert (response.status_code == 302) == member_school.needs.exists()
    member_school.needs.all().delete()


def test_record_page_shows_each_step_once_and_the_apply_page_the_live_record(client, designated, teacher):
    client.force_login(teacher)
    record = client.get(designated.get_absolute_url()).text
    history = record.split("History", 1)[1]
    assert history.count("Awaiting the headteacher") == 1 and history.count("Designated") == 1
    assert "You already have" in client.get("/specialist-leaders/apply/").text


def test_a_headteacher_finds_the_schools_needs_offers_and_sles_from_your_alliances(client, head, member_school):
    client.force_login(head)
    yours = client.get("/alliances/yours/").text
    assert f'href="/schools/{member_school.urn}/needs-and-offers/">What Brookside Primary needs and offers' in yours
    assert f'href="/schools/{member_school.urn}/specialist-leaders/">Specialist leaders of education at Brookside Primary' in yours
    assert 'href="/specialist-leaders/">Specialist leaders</a>' in yours  # in the menu, for anyone signed in
    client.logout()
    assert 'href="/specialist-leaders/"' not in client.get("/").text
