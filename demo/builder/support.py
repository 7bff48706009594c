"""School-to-school support and the contribution ledger (delivery/): support by the demo
alliance's lead school in every state, one completed and rated, one completed for
member.school@demo.example to rate, and ledger entries in every state, recorded through the
ledger's own rules (two disputes and one rating are written directly: those answering have no demo account)."""
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import User, token_digest
from delivery import ledger, support
from delivery.models import Contribution, ExpertiseArea, Programme, SupportAssignment, SupportConfirmationLink
from notices.sending import without_email

DEMO_TOKEN = "demo-support-confirmation-2026"


def write_support(story):
    leader = User.objects.get(email="leader@demo.example")
    manager = User.objects.get(email="business.manager@demo.example")
    member_head = User.objects.get(email="member.school@demo.example")
    alliance, lead, member = story.plan.alliance, story.lead_school, story.member_school
    others = [s for s in alliance.member_schools().exclude(pk=member.pk).order_by("name")[:3]]
    if len(others) < 3:
        return []
    today = date.today()
    areas = {name: ExpertiseArea.objects.get(name=name) for name in ("Maths", "Phonics", "Behaviour and discipline", "Leadership of curriculum")}

    def made(supported, area, starts, days, supporter=lead, **extra):
        return support.record_assignment(
            leader, alliance, supported_school=supported, supporter=supporter, focus_area=areas[area],
            supporter_name="A specialist leader of education", objectives=f"Strengthen {area.lower()} across the school.",
            success_criteria="Leaders evaluate the change with the supporting school each half term.", starts_on=starts,
            ends_on=starts + timedelta(days=70), days_planned=Decimal(days), **extra,
        )

    made(others[0], "Leadership of curriculum", today + timedelta(days=30), 5)  # planned
    made(others[1], "Behaviour and discipline", today - timedelta(days=20), 8, state=SupportAssignment.State.IN_PROGRESS)
    rated = made(others[2], "Maths", today - timedelta(days=200), 6, supporter=member)
    support.complete(leader, rated, days_delivered=Decimal(6), outcome="Year 6 maths at the expected standard rose from 61% to 74%.")
    # Rated by its school, which has no demo account: written directly.
    SupportAssignment.objects.filter(pk=rated.pk).update(
        rating=SupportAssignment.Rating.GOOD, rating_comment="Practical, and our teachers kept the approach.", rated_at=timezone.now(),
    )
    to_rate = made(member, "Phonics", today - timedelta(days=150), 4)
    with without_email():  # completing asks the school to confirm the record; the demo emails nobody
        support.complete(leader, to_rate, days_delivered=Decimal("4.5"), outcome="Phonics screening pass rate up from 72% to 85%.")
    # A link with a known token, so the page a school without an account sees can be tried.
    SupportConfirmationLink.objects.filter(assignment=to_rate).update(revoked_at=timezone.now())
    SupportConfirmationLink.objects.create(assignment=to_rate, email="office@member.demo.example", token_digest=token_digest(DEMO_TOKEN), sent_by=leader)

    # Entries in every state: confirmed then signed off, recorded, disputed, voided with its correction.
    entries = ledger.record(leader, to_rate, [(lead, Decimal(3)), *([(story.trust, Decimal("1.5"))] if story.trust else [])])
    ledger.confirm(manager, entries[0])
    ledger.sign_off([entries[0]], "Demo alliance return, spring term")
    if story.trust:
        Contribution.objects.filter(pk=entries[1].pk).update(
            state=Contribution.State.DISPUTED, dispute_reason="Our specialist gave one day, not one and a half.", answered_at=timezone.now(),
        )
        ledger.correct(leader, entries[1], amount=Decimal(1), reason="The trust gave one day, as it said.")
    member_entry, = ledger.record(leader, rated, [(member, Decimal(4))])
    ledger.confirm(member_head, member_entry)
    ledger.record(leader, rated, [(lead, Decimal(2))])  # recorded: waiting for another person at the lead school
    programme = Programme.objects.filter(alliance=alliance, published=True).order_by("pk").first()
    if programme:
        [share] = ledger.accept_suggestions(leader, programme)
        # Left in dispute for the demo: as if another person at the lead school had answered.
        Contribution.objects.filter(pk=share.pk).update(
            state=Contribution.State.DISPUTED, dispute_reason="The trust led two of the three sessions.", answered_at=timezone.now(),
        )
    return [("member.school@demo.example", f"also rates {alliance.name}'s completed phonics support for {member.name}, and confirms the ledger's entries for it; "
             f"without an account, /support-confirmation/{DEMO_TOKEN}/ confirms or disputes that support's record as the school")]
