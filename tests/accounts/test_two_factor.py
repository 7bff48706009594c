"""Two-factor: offered to everyone, required of Council members and site administrators before
any other page."""
import pytest
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import User
from accounts.two_factor import WHY
from alliances.permissions import COUNCIL_GROUP
from tests.sign_in import has_two_factor, totp_code, verified, with_two_factor

pytestmark = pytest.mark.django_db
PASSWORD = "mossy stones by the river"


@pytest.fixture
def council_member():
    user = verified(User.objects.create_user("cara@council.example", PASSWORD, full_name="Cara Council"))
    user.groups.add(Group.objects.get_or_create(name=COUNCIL_GROUP)[0])
    return user


def sign_in(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def confirm_password(client, response):
    """Changing how one signs in asks for the password again first (allauth's rule)."""
    assert response.status_code == 302 and response.url.startswith(reverse("account_reauthenticate"))
    page = client.get(response.url)
    assert "Enter your password" in page.content.decode()
    return client.post(response.url, {"password": PASSWORD, "next": response.url.split("next=")[1].replace("%2F", "/")})


def set_up_app(client):
    """Confirms the password, scans the QR code (reads the secret the page offers) and enters the
    app's code."""
    page = client.get(reverse("mfa_activate_totp"))
    if page.status_code == 302:
        assert confirm_password(client, page).url == reverse("mfa_activate_totp")
        page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    assert secret in page.content.decode()  # the key to type in when the QR code cannot be scanned
    return secret, client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})


@pytest.mark.parametrize("path", ["/council/", "/alliances/yours/", "/account/", "/api/designations/"])
def test_a_council_member_without_two_factor_is_sent_to_set_it_up_first(client, council_member, path):
    assert sign_in(client, council_member.email).status_code == 302

    response = client.get(path)

    if path.startswith("/api/"):
        assert response.status_code == 403 and response.json() == {"detail": WHY}
    else:
        assert response.status_code == 302 and response.url == reverse("mfa_activate_totp")
        page = client.get(response.url, follow=True)  # by way of the password, asked again
        assert "Enter your password" in page.content.decode() and WHY in page.content.decode()
        confirm_password(client, client.get(response.url))
        assert "Set up an authenticator app" in client.get(response.url).content.decode()


def test_after_setting_up_two_factor_the_council_member_reaches_the_queue(client, council_member):
    sign_in(client, council_member.email)
    assert client.get("/council/").url == reverse("mfa_activate_totp")

    secret, response = set_up_app(client)

    assert response.status_code == 302 and response.url == reverse("mfa_view_recovery_codes")
    codes = client.get(response.url).content.decode()
    assert "Your recovery codes" in codes
    assert client.get("/council/").status_code == 200

    # From now on signing in asks for the app's code as well.
    client.post(reverse("account_logout"))
    assert sign_in(client, council_member.email).url == reverse("mfa_authenticate")
    assert client.get("/council/").status_code == 302  # not signed in yet
    refused = client.post(reverse("mfa_authenticate"), {"code": "123456"})
    assert "The code is not right" in refused.content.decode()
    assert client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)}).url == reverse("alliances:yours")
    assert client.get("/council/").status_code == 200


def test_site_administrators_must_set_it_up_too(client):
    admin = verified(User.objects.create_superuser("admin@site.example", PASSWORD))
    sign_in(client, admin.email)
    assert client.get("/admin/").url == reverse("mfa_activate_totp")
    set_up_app(client)
    assert client.get("/admin/").status_code == 200


def test_others_may_use_it_and_are_not_made_to(client):
    person = verified(User.objects.create_user("ada@school.example", PASSWORD))
    sign_in(client, person.email)
    assert client.get("/alliances/yours/").status_code == 200
    assert "Set up" in client.get(reverse("accounts:account")).content.decode()

    set_up_app(client)
    assert has_two_factor(person)
    assert "Turn off two-factor authentication" in client.get(reverse("mfa_index")).content.decode()
    assert "Turn it off" in client.get(reverse("mfa_deactivate_totp")).content.decode()
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.url == reverse("mfa_index") and not has_two_factor(person)


def test_the_council_cannot_turn_it_off(client, council_member):
    secret = with_two_factor(council_member)
    sign_in(client, council_member.email)
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})

    response = client.post(reverse("mfa_deactivate_totp"))
    confirm_password(client, response)
    response = client.post(reverse("mfa_deactivate_totp"))

    assert has_two_factor(council_member)
    assert "cannot turn two-factor authentication off" in response.content.decode()


def test_signing_out_and_static_files_stay_open(client, council_member):
    sign_in(client, council_member.email)
    assert client.post(reverse("account_logout")).url == "/"
    assert "_auth_user_id" not in client.session


def test_the_secrets_are_stored_sealed_and_still_work_after_the_key_is_rotated(client, council_member, settings):
    from allauth.mfa.models import Authenticator

    secret = with_two_factor(council_member)
    stored = Authenticator.objects.get(user=council_member, type=Authenticator.Type.TOTP).data["secret"]
    assert stored.startswith("sealed:") and secret not in stored
    seed = Authenticator.objects.get(user=council_member, type=Authenticator.Type.RECOVERY_CODES).data["seed"]
    assert seed.startswith("sealed:")

    # A new key, with the old one kept as a fallback: the app's codes still sign the person in.
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "rotated-" + settings.SECRET_KEY
    assert sign_in(client, council_member.email).url == reverse("mfa_authenticate")
    assert client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)}).url == reverse("alliances:yours")


def test_a_secret_stored_before_sealing_began_still_works(client, council_member):
    from allauth.mfa.models import Authenticator

    secret = with_two_factor(council_member)
    Authenticator.objects.filter(user=council_member, type=Authenticator.Type.TOTP).update(data={"secret": secret})
    sign_in(client, council_member.email)
    assert client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)}).url == reverse("alliances:yours")


def test_a_secret_sealed_under_a_lost_key_says_what_went_wrong(settings):
    from accounts.secret_sealing import seal, unseal

    sealed = seal("JBSWY3DPEHPK3PXP")
    settings.SECRET_KEY = "another key entirely"
    with pytest.raises(ValueError, match="SECRET_KEY_FALLBACKS"):
        unseal(sealed)
