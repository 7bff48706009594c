"""Personal data: the download holds every row that points at the person (and withholds, saying
so, the password hash and two-factor secrets), in one query per related model; deleting an
account is refused with a wrong password or for the last leader with colleagues, writing nothing,
and otherwise leaves a tombstone whose name the alliance's records keep."""
import json
from datetime import date

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import affiliation_invitations, affiliation_requests
from accounts.models import Affiliation, AffiliationInvitation, AffiliationRequest, User
from accounts.personal_data import models_naming_addresses, relations_to_people
from alliances import joining, memoranda, roles
from alliances.models import Alliance, Designation, MemorandumSignature
from tests.sign_in import verified, with_two_factor

pytestmark = pytest.mark.django_db
PASSWORD = "a long test password"


def person(email, school=None, role=Affiliation.Role.LEADER, **fields):
    user = verified(User.objects.create_user(email, PASSWORD, **fields))
    if school is not None:
        Affiliation.objects.create(user=user, school=school, role=role)
    return user


@pytest.fixture
def world(make_school):
    """Ada leads a member school with a colleague: she signed the memorandum, refused someone's
    request to act for her school, asked to act for another school, invited a colleague, asked
    for her school to join another alliance, and uses two-factor."""
    lead = make_school(name="Hilltop Teaching School")
    Designation.objects.create(school=lead, status="designated", designated_on=date(2023, 9, 1), review_due_on=date(2027, 9, 1))
    alliance = roles.create_alliance("Hilltop Alliance", Alliance.Type.SINGLE, [lead], starts_on=date(2023, 9, 1))
    member = make_school(name="Ashington First School")
    roles.add_member(alliance, member, date(2024, 9, 1))
    lee = person("lee@hilltop.example", lead, full_name="Lee Lead")
    ada = person("ada@ashington.example", member, full_name="Ada Head")
    tom = person("tom@ashington.example", member, Affiliation.Role.STAFF, full_name="Tom Teacher")
    memorandum = memoranda.publish_memorandum(alliance, lee, "We share training days.")
    signature = memoranda.sign_memorandum(memorandum, member, ada)
    nia = person("nia@example.org", full_name="Nia Jones")
    refused = affiliation_requests.ask_to_act_for(nia, member, "staff", "Teacher")
    affiliation_requests.refuse(ada, refused, "We have no post for you.")
    asked = affiliation_requests.ask_to_act_for(ada, make_school(name="Bedlington Primary"), "staff", "Governor")
    invitation = affiliation_invitations.invite(ada, member, "staff", "sam@ashington.example")
    other = roles.create_alliance("Riverside Alliance", Alliance.Type.SINGLE, [_designated(make_school)], starts_on=date(2023, 9, 1))
    joined = joining.request_membership(other, member, ada, "We would like help with reading.")
    with_two_factor(ada)
    return {
        "ada": ada, "tom": tom, "lee": lee, "member": member, "signature": signature, "refused": refused,
        "asked": asked, "invitation": invitation, "joined": joined,
    }


def _designated(make_school):
    school = make_school(name="Riverside Teaching School")
    Designation.objects.create(school=school, status="designated", designated_on=date(2023, 9, 1), review_due_on=date(2027, 9, 1))
    return school


def download(client, user):
    client.force_login(user)
    response = client.get(reverse("accounts:download-data"))
    assert response.status_code == 200
    return response


def test_the_download_holds_every_row_that_points_at_the_person(client, world):
    ada = world["ada"]
    response = download(client, ada)

    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == f'attachment; filename="teaching-school-alliances-your-data-{date.today():%Y-%m-%d}.json"'
    assert "no-store" in response["Cache-Control"]
    held = json.loads(response.content)
    assert set(held) == {"about", "exported_at", "account", "groups", "sign_ins", "records", "records_naming_your_email_address", "withheld"}
    assert held["account"]["email"] == "ada@ashington.example" and held["account"]["full_name"] == "Ada Head"
    assert len(held["sign_ins"]) == 1  # this download's own
    # Every related model is there, with exactly the rows whose fields name her.
    for model, fields in relations_to_people().items():
        label = model._meta.label_lower
        for name in fields:
            expected = sorted(model._default_manager.filter(**{name: ada}).values_list("pk", flat=True))
            found = sorted(row[model._meta.pk.attname] for row in held["records"][label][name])
            assert found == expected, f"{label}.{name}"
    records = held["records"]
    assert records["accounts.affiliation"]["user"][0]["school_id"] == world["member"].pk
    assert [r["id"] for r in records["alliances.memorandumsignature"]["signed_by"]] == [world["signature"].pk]
    assert [r["id"] for r in records["accounts.affiliationrequest"]["decided_by"]] == [world["refused"].pk]
    assert [r["id"] for r in records["accounts.affiliationrequest"]["user"]] == [world["asked"].pk]
    assert [r["id"] for r in records["alliances.membershiprequest"]["requested_by"]] == [world["joined"].pk]
    assert [r["id"] for r in records["accounts.affiliationinvitation"]["invited_by"]] == [world["invitation"].pk]
    assert records["accounts.historicalaffiliation"]["user"][0]["history_type"] == "+"
    assert records["account.emailaddress"]["user"][0]["email"] == "ada@ashington.example"
    assert {row["type"] for row in records["mfa.authenticator"]["user"]} == {"totp", "recovery_codes"}
    assert held["records"]["accounts.user_groups"] == {"user": []}


def test_the_download_withholds_secrets_and_says_so(client, world):
    ada = world["ada"]
    held_text = download(client, ada).content.decode()
    held = json.loads(held_text)

    assert ada.password not in held_text and "pbkdf2" not in held_text
    assert "not shown" in held["account"]["password"]
    assert all("data" not in row for row in held["records"]["mfa.authenticator"]["user"])
    for authenticator in Authenticator.objects.filter(user=ada):
        assert json.dumps(authenticator.data)[1:-1] not in held_text
    withheld = {item["what"] for item in held["withheld"]}
    assert withheld == {"accounts.user.password", "mfa.authenticator.data", "sessions"}
    assert client.session.session_key not in held_text


def test_invitations_to_the_persons_address_are_in_the_download(client, world):
    sam = person("Sam@Ashington.example", full_name="Sam Staff")
    held = json.loads(download(client, sam).content)
    naming = held["records_naming_your_email_address"]
    assert [row["id"] for row in naming["accounts.affiliationinvitation"]["email"]] == [world["invitation"].pk]


def test_the_download_reads_each_related_model_once_whatever_the_rows(client, world, make_school):
    ada = world["ada"]
    client.force_login(ada)
    url = reverse("accounts:download-data")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = queries()
    for number in range(3):  # more rows of several kinds
        school = make_school(name=f"Extra School {number}")
        Affiliation.objects.create(user=ada, school=school, role="leader")
        affiliation_invitations.invite(ada, school, "staff", f"extra{number}@example.org")
    assert queries() == before
    # One query per related model and per model with an email field, plus the session, the
    # user, addresses, groups, and sessions read: a bound that does not grow with the data.
    assert before <= len(relations_to_people()) + len(models_naming_addresses()) + 8


def test_the_download_and_deletion_need_sign_in(client):
    for name in ("accounts:download-data", "accounts:delete-account"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/sign-in/" in response.url


def _snapshot(user):
    user.refresh_from_db()
    return (
        user.email, user.password, user.is_active, user.full_name,
        sorted(Affiliation.objects.filter(user=user).values_list("pk", flat=True)),
        EmailAddress.objects.filter(user=user).count(), Authenticator.objects.filter(user=user).count(),
        list(AffiliationRequest.objects.filter(user=user).values_list("status", flat=True)),
        list(AffiliationInvitation.objects.filter(invited_by=user).values_list("withdrawn_at", flat=True)),
        Affiliation.history.filter(user_id=user.pk).count(),
    )


def delete(client, user, password):
    client.force_login(user)
    return client.post(reverse("accounts:delete-account"), {"password": password})


def test_deleting_is_refused_with_a_wrong_password_and_nothing_changes(client, world):
    ada = world["ada"]
    Affiliation.objects.filter(user=world["tom"]).delete()  # no colleague: only the password stops it
    before = _snapshot(ada)

    for password in ("not my password", ""):
        response = delete(client, ada, password)
        assert response.status_code == 200
        page = response.content.decode()
        assert "There is a problem" in page
        assert ("The password is not right" if password else "Enter your password") in page
    assert _snapshot(ada) == before
    assert get_user(client).is_authenticated


def test_the_last_leader_with_colleagues_cannot_delete_and_nothing_changes(client, world):
    ada = world["ada"]
    before = _snapshot(ada)

    client.force_login(ada)
    assert "You cannot delete your account yet" in client.get(reverse("accounts:delete-account")).content.decode()
    response = delete(client, ada, PASSWORD)

    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "Ada Head is the last leader of Ashington First School and cannot delete their account" in page
    assert "Make another colleague a leader first" in page
    assert _snapshot(ada) == before


def test_deleting_leaves_a_tombstone_whose_name_the_records_keep(client, world):
    ada, tom = world["ada"], world["tom"]
    Affiliation.objects.filter(user=tom).update(role="leader")  # someone else leads now
    elsewhere = Client()
    elsewhere.force_login(ada)  # a sign-in on another device

    response = delete(client, ada, PASSWORD)

    assert response.status_code == 302 and response.url == reverse("accounts:account-deleted")
    assert "Your account is deleted" in client.get(response.url).content.decode()
    assert not get_user(client).is_authenticated
    assert not get_user(elsewhere).is_authenticated
    ada.refresh_from_db()
    assert ada.email == f"deleted-{ada.pk}@deleted.invalid" and ada.is_deleted
    assert not ada.has_usable_password() and not ada.is_active and not ada.is_staff and not ada.is_superuser
    assert ada.full_name == "Ada Head"
    assert not EmailAddress.objects.filter(user=ada).exists()
    assert not Authenticator.objects.filter(user=ada).exists()
    assert not Affiliation.objects.filter(user=ada).exists()
    removal = Affiliation.history.filter(user_id=ada.pk, history_type="-").get()
    assert removal.history_change_reason == "account deleted"
    assert AffiliationRequest.objects.get(pk=world["asked"].pk).status == AffiliationRequest.Status.WITHDRAWN
    assert AffiliationInvitation.objects.get(pk=world["invitation"].pk).status == AffiliationInvitation.Status.WITHDRAWN
    # The alliance's records read as they did.
    assert str(MemorandumSignature.objects.get(pk=world["signature"].pk).signed_by) == "Ada Head"
    assert str(AffiliationRequest.objects.get(pk=world["refused"].pk).decided_by) == "Ada Head"
    assert str(type(world["joined"]).objects.get(pk=world["joined"].pk).requested_by) == "Ada Head"
    # Signing in with the old address fails; signing up with it again makes a new person.
    refused = Client().post(reverse("account_login"), {"login": "ada@ashington.example", "password": PASSWORD})
    assert refused.status_code == 200 and "Enter a correct email address and password" in refused.content.decode()
    again = Client().post(
        reverse("account_signup"),
        {"full_name": "Ada Head", "email": "ada@ashington.example", "password1": "mossy stones by the river", "password2": "mossy stones by the river"},
    )
    assert again.status_code == 302
    new = User.objects.get(email="ada@ashington.example")
    assert new.pk != ada.pk and not new.affiliations.exists()


def test_a_deleted_account_without_a_name_reads_as_a_former_user(world):
    from accounts.account_deletion import delete_account

    nameless = person("x@example.org")
    delete_account(nameless, PASSWORD)
    nameless.refresh_from_db()
    assert str(nameless) == "A former user"


def test_a_person_corrects_their_name(client, world):
    ada = world["ada"]
    client.force_login(ada)
    empty = client.post(reverse("accounts:change-name"), {"full_name": "  "})
    assert "Enter your full name" in empty.content.decode()
    response = client.post(reverse("accounts:change-name"), {"full_name": "Ada Lovelace-Head"})
    assert response.url == reverse("accounts:account")
    ada.refresh_from_db()
    assert ada.full_name == "Ada Lovelace-Head"
    assert "Ada Lovelace-Head" in client.get(reverse("accounts:account")).content.decode()
