"""Starting on the platform alone: sign-up, the emailed link that confirms the address (once,
and only for three days), and sign-in before and after."""
import re
import time
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from accounts.models import User
from tests.sign_in import verified

pytestmark = pytest.mark.django_db
PASSWORD = "mossy stones by the river"
LINK = re.compile(r"http://testserver(/confirm-email/[^/\s]+/)")


def sign_up(client, email="Nia.Jones@School.example", password=PASSWORD, **extra):
    return client.post(
        reverse("account_signup"),
        {"full_name": "Nia Jones", "email": email, "password1": password, "password2": password, **extra},
    )


def link_in(message):
    return LINK.search(message.body).group(1)


def test_sign_up_sends_one_email_with_a_link_that_confirms_the_address_and_signs_in(client):
    response = sign_up(client)

    assert response.status_code == 302 and response.url == reverse("account_email_verification_sent")
    assert "Check your email" in client.get(response.url).content.decode()
    assert "_auth_user_id" not in client.session  # not until the address is confirmed
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nia.jones@school.example"]
    user = User.objects.get(email="nia.jones@school.example")
    assert user.full_name == "Nia Jones"

    link = link_in(mail.outbox[0])
    page = client.get(link)
    assert "Confirm your email address" in page.content.decode() and "nia.jones@school.example" in page.content.decode()
    response = client.post(link, follow=True)

    assert response.redirect_chain[-1][0] == reverse("alliances:yours")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert EmailAddress.objects.get(user=user).verified


def test_the_link_works_once(client):
    sign_up(client)
    link = link_in(mail.outbox[0])
    client.post(link)

    again = client.get(link).content.decode()
    assert "This link cannot be used" in again and "already been used" in again
    assert client.post(link).status_code in (200, 302, 404)  # refused without an error page


def test_a_link_older_than_three_days_is_refused(client):
    sign_up(client)
    link = link_in(mail.outbox[0])

    four_days_on = time.time() + 4 * 24 * 60 * 60
    with mock.patch("django.core.signing.time.time", return_value=four_days_on):
        page = client.get(link).content.decode()
        client.post(link)

    assert "This link cannot be used" in page and "expired" in page
    assert not EmailAddress.objects.get(email="nia.jones@school.example").verified


def test_a_made_up_link_is_refused_without_an_error(client):
    for key in ("nonsense", "MQ:1abcde:" + "x" * 43, "-" * 300):
        response = client.get(f"/confirm-email/{key}/")
        assert response.status_code == 200 and "This link cannot be used" in response.content.decode()
        assert client.post(f"/confirm-email/{key}/").status_code < 500


def test_an_unverified_account_cannot_sign_in_and_is_sent_a_new_link(client):
    sign_up(client)
    mail.outbox.clear()
    client.cookies.clear()
    cache.clear()  # some minutes later: a new link is sent at most every three minutes

    response = client.post(reverse("account_login"), {"login": "NIA.JONES@school.example", "password": PASSWORD})

    assert response.status_code == 302 and response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nia.jones@school.example"]
    client.post(link_in(mail.outbox[0]))
    response = client.post(reverse("account_login"), {"login": "nia.jones@school.example", "password": PASSWORD})
    assert response.url == reverse("alliances:yours")


def test_the_sign_up_form_explains_each_problem(client):
    verified(User.objects.create_user("taken@school.example", PASSWORD))

    response = sign_up(client, email="not an address", password="password", full_name="")

    text = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in text
    assert "<title>Error: Create an account" in text
    assert 'aria-describedby="id_full_name_error"' in text and 'id="id_full_name_error"' in text
    assert "Enter a valid email address" in text
    assert "This password is too common" in text
    assert mail.outbox == []


def test_signing_up_with_an_address_already_used_reveals_nothing_and_creates_nothing(client):
    existing = verified(User.objects.create_user("taken@school.example", PASSWORD))

    response = sign_up(client, email="Taken@School.example")

    assert response.url == reverse("account_email_verification_sent")  # as for a new address
    assert User.objects.filter(email__iexact="taken@school.example").count() == 1
    assert existing.check_password(PASSWORD)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["taken@school.example"]  # told someone tried
