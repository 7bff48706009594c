"""Alliances left without the designated leads their type needs are told, and leads settle it."""
from datetime import date, timedelta

import pytest

from alliances import designation as designating
from alliances.leadership import alliances_needing_leads, leadership_warning, settle_leadership
from alliances.roles import add_lead
from alliances.models import Alliance, AllianceRole
from alliances.rules import NotAllowed, RuleBroken

pytestmark = pytest.mark.django_db


@pytest.fixture
def multiple(single_alliance, teaching_school, make_inspection, person):
    """Hilltop Alliance, led by Hilltop and Valley teaching schools."""
    second = teaching_school(name="Valley Teaching School")
    add_lead(single_alliance, second, starts_on=date(2021, 9, 1), new_type=Alliance.Type.MULTIPLE)
    for school in single_alliance.lead_schools():
        make_inspection(school, date(2022, 1, 10), overall_effectiveness=2)
    return single_alliance, second


def _de_designate(school, council_member):
    designation = school.designations.get()
    designating.review_due_designations(designation.review_due_on)
    return designating.de_designate(designation, council_member, "No ITT for two years")


def test_a_multiple_alliance_left_with_one_designated_lead_is_told_to_become_single(multiple, council_member):
    alliance, valley = multiple
    assert leadership_warning(alliance) is None and alliances_needing_leads() == []
    _de_designate(valley, council_member)
    warning = leadership_warning(alliance)
    assert warning == (
        "Hilltop Alliance is a multiple alliance with one designated lead (Hilltop Teaching School): "
        "become a single alliance or add a lead teaching school."
    )
    assert alliances_needing_leads() == [(alliance, warning)]


def test_a_single_alliance_left_with_no_designated_lead_is_flagged(single_alliance, council_member):
    _de_designate(single_alliance.lead_schools().get(), council_member)
    assert leadership_warning(single_alliance) == (
        "Hilltop Alliance has no designated lead teaching school. Its members and the Council are told."
    )


def test_a_closed_lead_no_longer_counts(single_alliance):
    lead = single_alliance.lead_schools().get()
    lead.status = "closed"
    lead.save()
    assert "no designated lead" in leadership_warning(single_alliance)


def test_leads_settle_by_becoming_single_and_history_keeps_the_old_lead(multiple, council_member, person):
    alliance, valley = multiple
    _de_designate(valley, council_member)
    hilltop_head = person("head@hilltop.example", alliance.lead_schools().get(name="Hilltop Teaching School"))
    with pytest.raises(NotAllowed):
        settle_leadership(council_member, alliance, Alliance.Type.SINGLE)
    with pytest.raises(RuleBroken, match="A job-share alliance is led by exactly two"):
        settle_leadership(hilltop_head, alliance, Alliance.Type.JOB_SHARE)

    settle_leadership(hilltop_head, alliance, Alliance.Type.SINGLE)
    alliance.refresh_from_db()
    assert alliance.alliance_type == Alliance.Type.SINGLE
    assert [s.name for s in alliance.lead_schools()] == ["Hilltop Teaching School"]
    ended = AllianceRole.objects.get(alliance=alliance, school=valley)
    assert ended.ends_on == date.today() - timedelta(days=1) and ended.end_reason == "No longer a designated teaching school"
    assert valley in alliance.lead_schools(date.today() - timedelta(days=1))
    assert leadership_warning(alliance) is None


def test_profile_shows_the_warning_to_the_alliance_and_the_button_to_its_leads(client, multiple, council_member, person):
    alliance, valley = multiple
    _de_designate(valley, council_member)
    hilltop_head = person("head@hilltop.example", alliance.lead_schools().get(name="Hilltop Teaching School"))
    assert "one designated lead" not in client.get(alliance.get_absolute_url()).content.decode()
    client.force_login(council_member)
    page = client.get(alliance.get_absolute_url()).content.decode()
    assert "one designated lead" in page and "Become a single alliance" not in page
    client.force_login(hilltop_head)
    page = client.get(alliance.get_absolute_url()).content.decode()
    assert "Become a single alliance" in page
    response = client.post(f"/alliances/{alliance.slug}/leadership/", {"alliance_type": "single"}, follow=True)
    assert "Hilltop Alliance is now a single alliance" in response.content.decode()
