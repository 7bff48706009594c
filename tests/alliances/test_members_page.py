"""The members page: searching and filtering members, who has not signed the current memorandum,
terms that contradict it, and ending a membership on a page that asks for confirmation."""
import html
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from alliances import joining, member_list, memoranda, roles
from alliances.models import Alliance, AllianceRole, MemorandumSignature

pytestmark = pytest.mark.django_db
TODAY = date.today()


@pytest.fixture
def world(single_alliance, lead_user, make_school, person, teaching_school):
    """Hilltop Alliance's members, one of each kind, and the current memorandum (version 2)."""
    alliance = single_alliance

    def member(name, **terms):
        return roles.add_member(alliance, make_school(name=name), date(2024, 9, 1), **terms)

    members = {
        "paid": member("Ash Paid Primary", subscription_pence=50000, period="annual", renewal_due_on=TODAY + timedelta(days=200)),
        "unpaid": member("Beech Unpaid Primary", subscription_pence=50000, period="annual", renewal_due_on=TODAY + timedelta(days=200)),
        "due": member("Cedar Due Primary", renewal_due_on=TODAY + timedelta(days=30)),
        "overdue": member("Damson Overdue Primary", renewal_due_on=TODAY - timedelta(days=3)),
        "not_yet_due": member("Elm Later Primary", renewal_due_on=TODAY + timedelta(days=31)),
    }
    for role in members.values():
        if role.terms.subscription_pence and role is not members["unpaid"]:
            joining.record_payment(lead_user, role, True)
    memoranda.publish_memorandum(alliance, lead_user, "Version one.")
    current = memoranda.publish_memorandum(alliance, lead_user, "Version two: membership is free.", membership_is_free=True)
    signer = person("head@ash.example", members["paid"].school)
    memoranda.sign_memorandum(current, members["paid"].school, signer)
    memoranda.sign_memorandum(current, members["due"].school, person("head@cedar.example", members["due"].school))
    # Signing an older version does not count as signing the current one.
    MemorandumSignature.objects.create(memorandum=alliance.memoranda.get(version=1), school=members["overdue"].school, signed_by=signer)
    # Another alliance's lead, and a member that left, must not appear.
    riverside = Alliance.objects.create(name="Riverside Alliance", alliance_type="single")
    AllianceRole.objects.create(alliance=riverside, role="lead", school=teaching_school(name="Riverside Teaching School"), starts_on=date(2021, 1, 1))
    roles.add_member(alliance, make_school(name="Fir Former Primary"), date(2020, 9, 1), date(2023, 8, 31))
    return {"alliance": alliance, "roles": members, "memorandum": current, "riverside": riverside, "lead_user": lead_user}


def members_page(client, world, query=""):
    client.force_login(world["lead_user"])
    response = client.get(reverse("alliances:manage", args=[world["alliance"].slug]) + query)
    assert response.status_code == 200
    return response.content.decode()


def shown(page):
    """The member schools listed in the members table, in order."""
    table = page.split('aria-labelledby="members-heading"', 2)[-1].split("</table>")[0]
    return re.findall(r'class="govuk-link" href="/schools/\d+/">([^<]+)</a>', table)


ALL = ["Ash Paid Primary", "Beech Unpaid Primary", "Cedar Due Primary", "Damson Overdue Primary", "Elm Later Primary"]


def test_every_current_member_is_listed_with_the_count(client, world):
    page = members_page(client, world)
    assert shown(page) == ALL
    assert "5 members" in page and "Fir Former Primary" not in page


@pytest.mark.parametrize(
    "query, expected",
    [
        ("?q=beech", ["Beech Unpaid Primary"]),
        ("?q=primary&show=unpaid", ["Beech Unpaid Primary"]),
        ("?show=renewal_due", ["Cedar Due Primary", "Damson Overdue Primary"]),
        ("?show=unsigned", ["Beech Unpaid Primary", "Damson Overdue Primary", "Elm Later Primary"]),
        ("?show=unsigned&show=renewal_due", ["Damson Overdue Primary"]),
        ("?show=contradicts", ["Ash Paid Primary", "Beech Unpaid Primary"]),
        ("?q=nowhere", []),
    ],
)
def test_each_filter_finds_its_members(client, world, query, expected):
    page = members_page(client, world, query)
    assert shown(page) == expected
    assert f"{len(expected)} of 5 members" in page


def test_a_school_is_found_by_its_urn(client, world):
    school = world["roles"]["due"].school
    assert shown(members_page(client, world, f"?q={school.urn}")) == ["Cedar Due Primary"]


def test_members_are_paged_fifty_at_a_time(client, world, make_school):
    for n in range(member_list.PAGE_SIZE):
        roles.add_member(world["alliance"], make_school(name=f"Zz Extra {n:02d} Primary"), date(2025, 9, 1))
    first, second = members_page(client, world), members_page(client, world, "?q=Primary&page=2")
    assert len(shown(first)) == 50 and "page 1 of 2" in first
    assert shown(second) == ["Zz Extra 45 Primary", "Zz Extra 46 Primary", "Zz Extra 47 Primary", "Zz Extra 48 Primary", "Zz Extra 49 Primary"]
    assert "?q=Primary&amp;page=1" in second  # the search is kept from page to page


def test_a_search_too_long_is_refused_in_words(client, world):
    page = members_page(client, world, "?q=" + "x" * 201)
    assert "Search must be 200 characters or fewer" in page and shown(page) == []
    assert "<title>Error: " in page


def test_the_summary_says_who_has_not_signed_the_current_version(client, world):
    page = members_page(client, world)
    assert '<a class="govuk-link" href="?show=unsigned">3 members have not signed version 2</a>' in page
    assert "Not signed version 2" in page and "Signed version 2" in page


def test_when_everyone_has_signed_the_summary_says_so(client, world, person):
    for key in ("unpaid", "overdue", "not_yet_due"):
        school = world["roles"][key].school
        memoranda.sign_memorandum(world["memorandum"], school, person(f"head{school.urn}@example.org", school))
    page = members_page(client, world)
    assert "have not signed version" not in page and "Every member has signed version 2" in page


def test_no_memorandum_means_nothing_is_unsigned(client, world):
    world["alliance"].memoranda.all().delete()
    page = members_page(client, world, "?show=unsigned")
    assert shown(page) == [] and "has not published a" in page


def test_charged_terms_are_flagged_when_the_memorandum_says_membership_is_free(client, world):
    page = members_page(client, world)
    assert "2 members pay a subscription</a>, but version 2 of the memorandum says membership is free" in page
    assert page.count("Contradicts the memorandum:") == 2


@pytest.mark.parametrize("membership_is_free", [False, None])
def test_nothing_is_flagged_when_the_memorandum_does_not_say_membership_is_free(client, world, membership_is_free):
    memoranda.publish_memorandum(world["alliance"], world["lead_user"], "Version three.", membership_is_free=membership_is_free)
    page = members_page(client, world)
    assert "Contradicts the memorandum" not in page and "says membership is free" not in page
    assert "5 members have not signed version 3" in page


def test_leads_state_what_a_version_says_about_fees_when_publishing(client, world):
    client.force_login(world["lead_user"])
    url = reverse("alliances:memorandum", args=[world["alliance"].slug])
    assert '<option value="free" selected>' in client.get(url).content.decode()  # starts from the current version
    client.post(url, {"publish": "1", "text": "Version three: members pay.", "fees": "charged"})
    latest = world["alliance"].memoranda.get(version=3)
    assert latest.membership_is_free is False
    assert "under this version members pay a subscription" in client.get(url).content.decode()


def test_renewal_words_say_due_or_overdue(client, world):
    page = members_page(client, world, "?show=renewal_due")
    assert f"Renewal due {(TODAY + timedelta(days=30)):%-d %b %Y}" in page
    assert f"Renewal overdue since {(TODAY - timedelta(days=3)):%-d %b %Y}" in page


def test_end_membership_leads_to_a_confirmation_page(client, world):
    role = world["roles"]["unpaid"]
    page = members_page(client, world)
    end_url = reverse("alliances:end-role", args=[role.pk])
    assert f'href="{end_url}"' in page
    confirm = client.get(end_url).content.decode()
    assert "Are you sure you want to end Beech Unpaid Primary's membership of Hilltop Alliance?" in confirm
    assert f'value="{TODAY.day}"' in confirm  # the last day starts as today
    role.refresh_from_db()
    assert role.ends_on is None  # looking changes nothing


def test_a_missing_reason_is_refused_and_what_was_typed_is_kept(client, world):
    role = world["roles"]["unpaid"]
    client.force_login(world["lead_user"])
    last_day = TODAY + timedelta(days=10)
    response = client.post(
        reverse("alliances:end-role", args=[role.pk]),
        {"ends_on_day": str(last_day.day), "ends_on_month": str(last_day.month), "ends_on_year": str(last_day.year), "reason": "  "},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: End Beech Unpaid Primary's membership" in page
    assert '<a href="#id_reason">Reason: Enter the reason for ending it</a>' in page
    assert f'name="ends_on_day" type="text" inputmode="numeric" value="{last_day.day}"' in page
    assert f'value="{last_day.year}"' in page
    role.refresh_from_db()
    assert role.ends_on is None


def test_a_date_out_of_bounds_and_a_missing_reason_are_reported_together(client, world):
    role = world["roles"]["unpaid"]
    client.force_login(world["lead_user"])
    page = client.post(reverse("alliances:end-role", args=[role.pk]), {"ends_on": "2099-01-01", "reason": ""}).content.decode()
    assert "Last day: An end date can be at most two years ahead" in page and "Reason: Enter the reason for ending it" in page


def test_a_confirmed_end_with_a_reason_ends_the_membership(client, world):
    role = world["roles"]["unpaid"]
    client.force_login(world["lead_user"])
    last_day = TODAY + timedelta(days=10)
    response = client.post(
        reverse("alliances:end-role", args=[role.pk]),
        {"ends_on_day": str(last_day.day), "ends_on_month": str(last_day.month), "ends_on_year": str(last_day.year),
         "reason": "Joined an alliance nearer home"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("alliances:manage", args=[world["alliance"].slug])
    assert f"Beech Unpaid Primary's time as member school ends on {last_day:%-d %B %Y}" in html.unescape(response.content.decode())
    role.refresh_from_db()
    assert (role.ends_on, role.end_reason, role.ended_by) == (last_day, "Joined an alliance nearer home", world["lead_user"])


def test_a_deliverer_is_ended_through_the_same_page(client, world):
    from registry.models import Organisation

    trust = Organisation.objects.create(name="Moor Learning Trust", kind=Organisation.Kind.ACADEMY_TRUST, code="4321")
    role = roles.add_deliverer(world["alliance"], trust, "Subject networks", date(2024, 1, 1))
    client.force_login(world["lead_user"])
    page = client.get(reverse("alliances:end-role", args=[role.pk])).content.decode()
    assert "end Moor Learning Trust's role as alliance deliverer in Hilltop Alliance?" in page


def test_another_alliances_lead_is_refused(client, world, person):
    role = world["roles"]["unpaid"]
    client.force_login(person("lead@riverside.example", world["riverside"].lead_schools().get()))
    url = reverse("alliances:end-role", args=[role.pk])
    refused = client.get(url)
    assert refused.status_code == 403 and "Only the leaders and business managers of Hilltop Alliance" in refused.content.decode()
    assert client.post(url, {"ends_on": TODAY.isoformat(), "reason": "Not ours"}).status_code == 403
    assert client.get(reverse("alliances:manage", args=[world["alliance"].slug]) + "?show=unpaid").status_code == 403
    role.refresh_from_db()
    assert role.ends_on is None


def test_a_member_school_cannot_see_the_confirmation_page(client, world, person):
    role = world["roles"]["paid"]
    client.force_login(person("head2@ash.example", role.school))
    assert client.get(reverse("alliances:end-role", args=[role.pk])).status_code == 403
