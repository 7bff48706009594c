"""Looking after an account: password reset and change, a new email address (verified before it
replaces the old), and the lockout after wrong passwords."""
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.sign_in import verified

pytestmark = pytest.mark.django_db
PASSWORD = "mossy stones by the river"


@pytest.fixture
def person():
    return verified(User.objects.create_user("ada@school.example", PASSWORD, full_name="Ada Head"))


def sign_in(client, email="ada@school.example", password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_password_reset_by_emailed_link(client, person):
    response = client.post(reverse("account_reset_password"), {"email": "ADA@school.example"})
    assert response.url == reverse("account_reset_password_done")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ada@school.example"]
    link = re.search(r"http://testserver(/password-reset/key/\S+/)", mail.outbox[0].body).group(1)

    form = client.get(link, follow=True)  # allauth moves the key into the session first
    assert "Choose a new password" in form.content.decode()
    weak = client.post(form.redirect_chain[-1][0], {"password1": "password", "password2": "password"})
    assert "This password is too common" in weak.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"password1": "a brand new long phrase", "password2": "a brand new long phrase"})

    assert done.url == reverse("account_reset_password_from_key_done")
    assert sign_in(client, password=PASSWORD).status_code == 200  # the old one no longer works
    assert sign_in(client, password="a brand new long phrase").url == reverse("alliances:yours")
    client.logout()
    used_again = client.get(link, follow=True).content.decode()
    assert "This link cannot be used" in used_again


def test_password_reset_for_an_unknown_address_says_the_same(client, person):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@school.example"})
    assert response.url == reverse("account_reset_password_done")


def test_change_password(client, person):
    sign_in(client)
    wrong = client.post(
        reverse("account_change_password"),
        {"oldpassword": "not it", "password1": "another long phrase", "password2": "another long phrase"},
    )
    assert "Enter your current password" in wrong.content.decode()
    client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "another long phrase", "password2": "another long phrase"},
    )
    person.refresh_from_db()
    assert person.check_password("another long phrase")
    assert client.get(reverse("accounts:account")).status_code == 200  # still signed in


def test_a_new_email_address_replaces_the_old_only_once_verified(client, person):
    sign_in(client)
    response = client.post(reverse("account_email"), {"email": "Ada.Head@Trust.example", "action_add": ""})
    assert response.status_code == 302

    person.refresh_from_db()
    assert person.email == "ada@school.example"  # not yet
    page = client.get(reverse("account_email")).content.decode()
    assert "Changing to" in page and "ada.head@trust.example" in page
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ada.head@trust.example"]
    link = re.search(r"http://testserver(/confirm-email/[^/\s]+/)", mail.outbox[0].body).group(1)
    client.post(link)

    person.refresh_from_db()
    assert person.email == "ada.head@trust.example"
    assert list(EmailAddress.objects.filter(user=person).values_list("email", "verified", "primary")) == [
        ("ada.head@trust.example", True, True)
    ]
    client.logout()
    assert sign_in(client, email="Ada.Head@trust.example").url == reverse("alliances:yours")


def test_an_email_address_in_use_never_moves_to_another_account(client, person):
    other = verified(User.objects.create_user("other@school.example", PASSWORD))
    sign_in(client)
    # Said as for any address, so nobody learns which addresses have accounts.
    response = client.post(reverse("account_email"), {"email": "other@school.example", "action_add": ""})
    assert response.status_code == 302

    person.refresh_from_db()
    assert person.email == "ada@school.example"
    assert not EmailAddress.objects.filter(user=person, email="other@school.example", verified=True).exists()
    assert EmailAddress.objects.get(email="other@school.example", verified=True).user == other


def test_the_account_page_links_to_email_password_and_two_factor(client, person):
    sign_in(client)
    text = client.get(reverse("accounts:account")).content.decode()
    for name in ("account_email", "account_change_password", "mfa_index"):
        assert f'href="{reverse(name)}"' in text


def test_after_five_wrong_passwords_even_the_right_one_is_refused_for_a_while(client, person):
    for _ in range(5):
        assert sign_in(client, password="guess").status_code == 200

    response = sign_in(client)

    assert response.status_code == 200 and "_auth_user_id" not in client.session
    text = response.content.decode()
    assert "You have tried to sign in too many times with the wrong password. Wait 5 minutes, then try again" in text
    # Another account from the same place is not locked.
    verified(User.objects.create_user("bo@school.example", PASSWORD))
    assert sign_in(client, email="bo@school.example").url == reverse("alliances:yours")


def test_too_many_requests_get_the_sites_page_saying_when_to_retry(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reset_password": "2/m/ip"}
    for _ in range(2):
        client.post(reverse("account_reset_password"), {"email": "someone@school.example"})

    response = client.post(reverse("account_reset_password"), {"email": "someone@school.example"})

    assert response.status_code == 429 and response["Retry-After"] == "60"
    text = response.content.decode()
    assert "Too many attempts" in text and "Wait a minute, then try again" in text
    assert 'class="govuk-heading-xl"' in text
