"""Refused forms: what was typed stays, the error summary names the school and field, hints and
errors have the ids the inputs point at, and dates are the GOV.UK day, month and year boxes."""
import re
from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Affiliation, User
from alliances import agreements, joining, roles
from alliances.forms import AcceptForm, EndRoleForm
from alliances.models import Alliance, DeliveryArea, MembershipRequest

pytestmark = pytest.mark.django_db


def _ids(html):
    return set(re.findall(r'\bid="([^"]+)"', html))


def test_every_aria_describedby_names_an_element_on_the_page():
    form = AcceptForm({"accept-1-subscription": "250", "accept-1-renewal_due_on_day": "31", "accept-1-renewal_due_on_month": "2",
                       "accept-1-renewal_due_on_year": "2027"}, prefix="accept-1")
    from django.template.loader import render_to_string

    html = "".join(render_to_string("includes/field.html", {"field": field}) for field in form)
    described = {i for value in re.findall(r'aria-describedby="([^"]+)"', html) for i in value.split()}
    assert described and described <= _ids(html)
    assert 'class="govuk-select govuk-select--error"' in html
    assert "govuk-input--error" in html and html.count("govuk-form-group--error") == 2


@pytest.mark.parametrize(
    "day, month, year, error",
    [("31", "2", "2026", "Last day must be a real date"), ("1", "", "2026", "Last day must include a month"),
     ("", "", "", "Enter the last day"), ("1", "13", "99999", "Last day must be a real date")],
)
def test_impossible_dates_are_refused_in_words(day, month, year, error):
    form = EndRoleForm({"ends_on_day": day, "ends_on_month": month, "ends_on_year": year})
    assert not form.is_valid()
    assert error in form.errors["ends_on"][0]


def test_a_date_can_be_typed_in_boxes_or_given_as_an_iso_date():
    assert EndRoleForm({"ends_on_day": "1", "ends_on_month": "9", "ends_on_year": "2026"}).is_valid()
    form = EndRoleForm({"ends_on": "2026-09-01"})
    assert form.is_valid() and form.cleaned_data["ends_on"] == date(2026, 9, 1)


@pytest.fixture
def lead_user(single_alliance, person):
    return person("lead@hilltop.example", single_alliance.lead_schools().get())


@pytest.fixture
def asking(single_alliance, make_school, lead_user):
    school = make_school(name="Moorside Primary")
    head = User.objects.create_user("head@moorside.example", "a long test password")
    Affiliation.objects.create(user=head, school=school, role="leader")
    return joining.request_membership(single_alliance, school, head)


def test_a_refused_acceptance_keeps_the_subscription_and_names_the_school_and_field(client, single_alliance, lead_user, asking):
    client.force_login(lead_user)
    response = client.post(reverse("alliances:accept", args=[asking.pk]), {f"accept-{asking.pk}-subscription": "250"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert f'<a href="#id_accept-{asking.pk}-period">Moorside Primary: Paid every: Choose how often Moorside Primary pays' in page
    assert 'value="250"' in page
    asking.refresh_from_db()
    assert asking.status == MembershipRequest.Status.PENDING


def test_the_profile_on_an_impossible_date_says_so_and_iso_links_still_work(client, single_alliance):
    page = client.get(single_alliance.get_absolute_url(), {"on_day": "31", "on_month": "2", "on_year": "2024"}).content.decode()
    assert "<title>Error: " in page and "Date must be a real date" in page
    page = client.get(single_alliance.get_absolute_url(), {"on": "2024-02-01"}).content.decode()
    assert "as it was on 1 February 2024" in page


def test_a_new_agreement_version_starts_from_the_current_one(client, teaching_school, person):
    leads = [teaching_school(name="Hill Teaching School"), teaching_school(name="Valley Teaching School")]
    lead_user = person("lead@hill.example", leads[0])
    alliance = roles.create_alliance("Hill and Valley", Alliance.Type.MULTIPLE, leads, starts_on=date(2023, 9, 1))
    accountable = {**{area: leads[0] for area in DeliveryArea.values}, "Every trainee placed near home": leads[1]}
    agreements.record_agreement(alliance, lead_user, "Hilltop runs ITT.", "A joint board.", accountable)
    client.force_login(lead_user)
    page = client.get(reverse("alliances:agreement", args=[alliance.slug])).content.decode()
    assert "Hilltop runs ITT.</textarea>" in page and "A joint board.</textarea>" in page
    assert "Accountable for Every trainee placed near home" in page
    form = re.search(r'<select name="criterion_0".*?</select>', page, re.S).group(0)
    assert f'<option value="{leads[1].pk}" selected>' in form
