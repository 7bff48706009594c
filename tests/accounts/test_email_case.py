"""An email address is the same whatever its case (addresses are stored lower-cased); the
password is not."""
import base64

import pytest
from django.contrib.auth import authenticate
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings as hypothesis_settings
from hypothesis import strategies as st

from accounts.models import User
from tests.sign_in import totp_code, verified, with_two_factor

pytestmark = pytest.mark.django_db
EMAIL = "leader@demo.example"
PASSWORD = "Correct Horse battery staple"


@pytest.fixture
def leader(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, for many tries
    return verified(User.objects.create_user(EMAIL, PASSWORD, full_name="Lee Leader"))


def recased(text, uppers):
    return "".join(char.upper() if upper else char for char, upper in zip(text, uppers))


@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(uppers=st.lists(st.booleans(), min_size=len(EMAIL), max_size=len(EMAIL)))
def test_any_case_of_the_email_address_signs_in(leader, uppers):
    assert authenticate(username=recased(EMAIL, uppers), password=PASSWORD) == leader


def test_the_sign_in_page_takes_an_upper_case_email_address(leader):
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": "Leader@Demo.Example", "password": PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("alliances:yours")
    assert client.session["_auth_user_id"] == str(leader.pk)


def test_administrators_sign_in_through_the_site_page_whatever_the_case(settings):
    """/admin/ sends administrators to the site's own sign-in, which asks for their two-factor
    code: the admin's own password-only form is never used."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    admin = verified(User.objects.create_superuser("admin@demo.example", PASSWORD))
    secret = with_two_factor(admin)
    client = Client()

    to_sign_in = client.get("/admin/", follow=True)
    assert to_sign_in.redirect_chain[-1][0].startswith(reverse("account_login"))
    response = client.post(
        to_sign_in.redirect_chain[-1][0], {"login": "ADMIN@demo.example", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)}, follow=True)

    assert client.session["_auth_user_id"] == str(admin.pk)
    assert response.redirect_chain[-1][0] == "/admin/"
    assert response.status_code == 200


@pytest.mark.parametrize("password", [PASSWORD.lower(), PASSWORD.upper(), "correct horse battery staple"])
def test_the_password_is_still_case_sensitive(leader, password):
    response = Client().post(reverse("account_login"), {"login": "LEADER@demo.example", "password": password})

    assert response.status_code == 200
    text = response.content.decode()
    assert "Enter a correct email address and password. The password is case-sensitive." in text
    assert "Both are case-sensitive" not in text


def test_no_email_address_is_no_sign_in(leader):
    assert authenticate(username=None, password=PASSWORD) is None
    assert authenticate(email="LEADER@DEMO.EXAMPLE", password=PASSWORD) == leader


def test_credentials_holding_a_nul_character_are_refused_not_a_server_error(client, db):
    # PostgreSQL refuses text holding NUL; Basic credentials from any client may hold one.
    credentials = base64.b64encode(b"lead\x00@example.org:a password").decode()
    response = client.get("/api/alliances/", HTTP_AUTHORIZATION=f"Basic {credentials}")
    assert response.status_code in (401, 403)
