"""Assurance: the supported school confirms or disputes its support record through an emailed
link (no account); links are hashed, expire, work once and are replaced by sending again; a
dispute shows everywhere until the managers resolve it."""
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from hypothesis import HealthCheck, given, settings, strategies as st
from django.urls import reverse
from django.utils import timezone

from accounts.models import token_digest
from alliances.rules import NotAllowed, RuleBroken
from delivery import assurance, ledger, support
from delivery.models import SchoolAnswer, SupportAssignment, SupportConfirmationLink
from notices.models import Notice

pytestmark = pytest.mark.django_db
Check = SupportAssignment.SchoolCheck


def _token(message):
    return re.search(r"/support-confirmation/([^/\s]+)/", message.body).group(1)


@pytest.fixture
def completed(lead_user, support_for, django_capture_on_commit_callbacks):
    """Support completed by the lead; the supported school has nobody on the platform, so no link yet."""
    assignment = support_for(lead_user)
    with django_capture_on_commit_callbacks(execute=True):
        support.complete(lead_user, assignment, days_delivered=Decimal(6), outcome="Year 2 maths at 78% expected.")
    assignment.refresh_from_db()
    return assignment


@pytest.fixture
def ask(lead_user, django_capture_on_commit_callbacks):
    """ask(assignment, email="") -> the token emailed for the (last) link sent."""

    def send(assignment, email=""):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            assurance.ask_school(lead_user, assignment, email)
        return _token(mail.outbox[-1])

    return send


def test_completing_emails_the_schools_leaders_a_link_of_which_only_a_digest_is_kept(
    lead_user, support_for, person, supported_school, django_capture_on_commit_callbacks
):
    person("head@quarry.example", supported_school)
    person("bursar@quarry.example", supported_school, "business_manager")
    person("teacher@quarry.example", supported_school, "staff")  # staff do not speak for the school
    assignment = support_for(lead_user)
    with django_capture_on_commit_callbacks(execute=True):
        support.complete(lead_user, assignment, days_delivered=Decimal(6), outcome="Met")
    assert sorted(m.to[0] for m in mail.outbox) == ["bursar@quarry.example", "head@quarry.example"]
    token = _token(mail.outbox[0])
    assert len(token) >= 43  # 32 random bytes
    assert "expires on" in mail.outbox[0].body and "6 days delivered" in mail.outbox[0].body
    link = SupportConfirmationLink.objects.get(email=mail.outbox[0].to[0])
    assert link.token_digest == token_digest(token) and token not in link.token_digest
    assert (link.expires_at - link.sent_at).days == 30
    assignment.refresh_from_db()
    assert assignment.school_check == Check.AWAITING


def test_with_nobody_at_the_school_no_link_goes_until_a_manager_gives_an_address(completed, lead_user, ask):
    assert completed.school_check == Check.NOT_ASKED and not mail.outbox
    with pytest.raises(RuleBroken, match="Nobody leads Quarry Lane Infant School on the platform"):
        assurance.ask_school(lead_user, completed)
    with pytest.raises(RuleBroken, match="correct format"):
        assurance.ask_school(lead_user, completed, "not an address")
    ask(completed, "Office@Quarry.example")
    assert mail.outbox[-1].to == ["office@quarry.example"]


def test_only_the_alliances_managers_send_links_and_only_for_completed_support(lead_user, support_for, person, supported_school):
    assignment = support_for(lead_user)
    with pytest.raises(RuleBroken) as refused:
        assurance.ask_school(lead_user, assignment, "office@quarry.example")
    assert refused.value.messages == ["This support is planned: the school confirms it once completed."]
    with pytest.raises(NotAllowed):
        assurance.ask_school(person("head@quarry.example", supported_school), assignment, "office@quarry.example")


def test_the_school_confirms_and_rates_through_the_link_without_an_account(client, completed, ask):
    token = ask(completed, "office@quarry.example")
    url = reverse("delivery:answer-support", args=[token])
    page = client.get(url)
    assert page.status_code == 200
    for shown in ("Raise attainment in Year 2 maths.", "Year 2 maths at 78% expected.", "6 January 2025", "28 March 2025", "Maths"):
        assert shown in page.content.decode()
    response = client.post(url, {"answer": "confirm", "name": "Pat Office", "role": "Headteacher's PA", "rating": "2", "comment": "Useful"})
    assert response.status_code == 200 and "Record confirmed" in response.content.decode()
    completed.refresh_from_db()
    assert (completed.school_check, completed.get_rating_display(), completed.rated_by) == (Check.CONFIRMED, "Good", None)
    given = SchoolAnswer.objects.get()
    assert (given.answered_by_name, given.link.email, given.answer) == ("Pat Office", "office@quarry.example", "confirmed")
    # Confirming the record is not the contributor confirming its credit: ledger entries are untouched.
    assert all(entry.state == "recorded" for entry in ledger.entries_for(completed))
    again = client.get(url)
    assert again.status_code == 410 and "already been used" in again.content.decode()
    assert client.post(url, {"answer": "dispute", "reason": "x", "name": "Someone"}).status_code == 410


def test_a_refused_answer_names_every_problem_and_uses_nothing(client, completed, ask):
    token = ask(completed, "office@quarry.example")
    response = client.post(reverse("delivery:answer-support", args=[token]), {"answer": "dispute", "name": " ", "rating": "9"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Enter your name" in text and "Select a valid choice" in text and "Say what is wrong with the record" in text
    response = client.post(reverse("delivery:answer-support", args=[token]), {"answer": "dispute", "name": "Pat", "reason": "  "})
    assert response.status_code == 400 and 'href="#id_reason"' in response.content.decode()
    with pytest.raises(RuleBroken) as refused:
        assurance.answer(token, confirmed=False, name=" ", reason="", rating=7)
    assert refused.value.messages == [
        "Give your name.", "Say what is wrong with the record.", "Choose a rating from Outstanding to Inadequate.",
    ]
    assert SupportConfirmationLink.objects.get().used_at is None


@pytest.mark.parametrize("how", ["expired", "revoked", "unknown"])
def test_links_that_no_longer_work_say_why_and_never_fail(client, completed, ask, how):
    token = ask(completed, "office@quarry.example")
    if how == "expired":
        SupportConfirmationLink.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
        expected, words = 410, "expired on"
    elif how == "revoked":
        ask(completed, "head@quarry.example")
        expected, words = 410, "newer link"
    else:
        token, expected, words = token[:-3] + "xyz", 404, "not right"
    for response in (
        client.get(reverse("delivery:answer-support", args=[token])),
        client.post(reverse("delivery:answer-support", args=[token]), {"answer": "confirm", "name": "Pat"}),
    ):
        assert response.status_code == expected and words in response.content.decode()
    with pytest.raises(RuleBroken):
        assurance.answer(token, confirmed=True, name="Pat")


def test_a_dispute_shows_everywhere_until_the_managers_correct_it_and_ask_again(
    client, completed, ask, lead_user, single_alliance, django_capture_on_commit_callbacks
):
    ledger.record(lead_user, completed, [(completed.supporting_school, Decimal(6))])
    token = ask(completed, "office@quarry.example")
    assurance.answer(token, confirmed=False, name="Pat Office", reason="Only 4 days happened.")
    completed.refresh_from_db()
    assert completed.school_check == Check.DISPUTED
    assert Notice.objects.filter(recipient=lead_user, kind="support_disputed").exists()
    client.force_login(lead_user)
    for url in (
        completed.get_absolute_url(),
        reverse("delivery:alliance-support", args=[single_alliance.slug]),
        reverse("delivery:alliance-ledger", args=[single_alliance.slug]),
    ):
        page = client.get(url).content.decode()
        assert "Disputed by the school" in page or "Record disputed by the school" in page, url
    assert "Only 4 days happened." in client.get(completed.get_absolute_url()).content.decode()
    ledger_page = client.get(reverse("delivery:alliance-ledger", args=[single_alliance.slug])).content.decode()
    assert "1 entry belongs to support the supported school disputes" in ledger_page
    with pytest.raises(RuleBroken, match="resolve the dispute"):
        assurance.ask_school(lead_user, completed, "office@quarry.example")
    with pytest.raises(RuleBroken) as refused:
        assurance.resolve(lead_user, completed, resolution="", days_delivered=Decimal(4), outcome="Met")
    assert refused.value.messages == [
        "Say what you changed, or why the record stands, for the school to read.",
        "The ledger already records 6 days for this support: void entries before giving fewer days.",
    ]
    entry = ledger.entries_for(completed).get()
    ledger.correct(lead_user, entry, amount=Decimal(4), reason="The school says 4 days")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("delivery:resolve-support-dispute", args=[completed.pk]), {
            "resolution": "Corrected to 4 days.", "days_delivered": "4", "outcome": "Met in part.", "email": "",
        })
    assert response.status_code == 302
    completed.refresh_from_db()
    assert (completed.school_check, completed.days_delivered) == (Check.AWAITING, Decimal(4))
    assert mail.outbox[-1].to == ["office@quarry.example"]  # back to the address that disputed
    assert SchoolAnswer.objects.get().resolution == "Corrected to 4 days."
    assert not Notice.objects.filter(recipient=lead_user, kind="support_disputed", done_at__isnull=True).exists()
    assurance.answer(_token(mail.outbox[-1]), confirmed=True, name="Pat Office")
    completed.refresh_from_db()
    assert completed.school_check == Check.CONFIRMED


def test_the_rating_through_the_link_follows_the_signed_in_rules(completed, ask, person, supported_school):
    support.rate(person("head@quarry.example", supported_school), completed, rating=1)
    token = ask(completed, "office@quarry.example")
    with pytest.raises(RuleBroken, match="already rated it Outstanding"):
        assurance.answer(token, confirmed=True, name="Pat", rating=3)


def test_managers_send_again_from_the_support_page(client, completed, lead_user, django_capture_on_commit_callbacks):
    client.force_login(lead_user)
    page = client.get(completed.get_absolute_url()).content.decode()
    assert "Send the confirmation link" in page and "Nobody leads Quarry Lane Infant School" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("delivery:ask-school", args=[completed.pk]), {"email": "office@quarry.example"})
    assert response.status_code == 302 and mail.outbox[-1].to == ["office@quarry.example"]
    page = client.get(completed.get_absolute_url()).content.decode()
    assert "Link sent to office@quarry.example" in page and "Send the confirmation link again" in page
    response = client.post(reverse("delivery:ask-school", args=[completed.pk]), {"email": "nonsense"}, follow=True)
    assert "correct format" in response.content.decode()


def test_a_partner_finds_its_entries_from_your_alliances_and_disputes_one_which_the_ledger_marks(
    client, lead_user, single_alliance, person, trust, support_for
):
    assignment = support_for(lead_user)
    support.complete(lead_user, assignment, days_delivered=Decimal(6), outcome="Met")
    ledger.record(lead_user, assignment, [(trust, Decimal(2))])
    head = person("ceo@trust.example", trust)
    client.force_login(head)
    yours = client.get(reverse("alliances:yours")).content.decode()
    page = reverse("delivery:organisation-contributions", args=[trust.pk])
    assert page in yours and "Contributions by Northern Lights Learning Trust</a>: 1 to confirm" in yours
    entry = ledger.entries_for(assignment).get()
    response = client.post(reverse("delivery:dispute-contribution", args=[entry.pk]), {"reason": "We gave 1 day"})
    assert response.status_code == 302
    client.force_login(lead_user)
    ledger_page = client.get(reverse("delivery:alliance-ledger", args=[single_alliance.slug]) + "?state=disputed").content.decode()
    assert "Disputed: We gave 1 day" in ledger_page
    assert "1 entry is disputed by its contributor</a>, not counted until corrected or voided." in " ".join(
        client.get(reverse("delivery:alliance-ledger", args=[single_alliance.slug])).content.decode().split()
    )


def test_records_made_without_email_send_no_link(lead_user, support_for, person, supported_school, django_capture_on_commit_callbacks):
    from notices.sending import without_email

    person("head@quarry.example", supported_school)
    assignment = support_for(lead_user)
    with without_email(), django_capture_on_commit_callbacks(execute=True):
        support.complete(lead_user, assignment, days_delivered=Decimal(6), outcome="Met")
    assert not mail.outbox
    assert SupportConfirmationLink.objects.filter(assignment=assignment).count() == 1


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(token=st.text(alphabet=st.characters(blacklist_characters="/?#%", blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80))
def test_any_mistyped_link_is_a_clear_404_never_an_error(client, completed, token):
    for response in (
        client.get(reverse("delivery:answer-support", args=[token])),
        client.post(reverse("delivery:answer-support", args=[token]), {"answer": "confirm", "name": "Pat"}),
    ):
        assert response.status_code == 404 and "This link is not right" in response.content.decode()
