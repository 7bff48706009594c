"""Signing in with email and password; what needs it and what does not."""
import pytest
from django.urls import reverse

from accounts.models import Affiliation, User
from tests.sign_in import verified

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


@pytest.fixture
def leader(make_school):
    user = verified(User.objects.create_user("Head@Example.org", PASSWORD, full_name="Ada Head"))
    Affiliation.objects.create(user=user, school=make_school(name="Hilltop Primary"), role=Affiliation.Role.LEADER)
    return user


def test_sign_in_lands_on_your_alliances_and_the_account_shows_your_organisations(client, leader):
    response = client.post(reverse("account_login"), {"login": "head@example.org", "password": PASSWORD}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("alliances:yours")
    assert "Your alliances" in response.content.decode()
    text = client.get(reverse("accounts:account")).content.decode()
    assert "Ada Head" in text and "Leader at" in text and "Hilltop Primary" in text


def test_wrong_password_says_so_without_saying_which_was_wrong(client, leader):
    response = client.post(reverse("account_login"), {"login": "head@example.org", "password": "nope"})

    assert response.status_code == 200
    text = response.content.decode()
    assert "There is a problem" in text and "Enter a correct email address and password" in text
    assert "_auth_user_id" not in client.session


def test_account_page_needs_sign_in(client, db):
    response = client.get(reverse("accounts:account"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_sign_in_returns_you_to_the_page_you_asked_for(client, leader):
    response = client.post(
        reverse("account_login"),
        {"login": "head@example.org", "password": PASSWORD, "next": reverse("accounts:account")},
    )
    assert response.url == reverse("accounts:account")


def test_sign_out(client, leader):
    client.force_login(leader)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert client.get(reverse("accounts:account")).status_code == 302


def test_an_affiliation_is_to_a_school_or_an_organisation_not_both(leader, make_school):
    from django.db import IntegrityError, transaction

    from registry.models import Organisation

    trust = Organisation.objects.create(kind="academy_trust", name="Trust", code="0001")
    with pytest.raises(IntegrityError), transaction.atomic():
        Affiliation.objects.create(user=leader, school=make_school(), organisation=trust, role="staff")
    with pytest.raises(IntegrityError), transaction.atomic():
        Affiliation.objects.create(user=leader, role="staff")
