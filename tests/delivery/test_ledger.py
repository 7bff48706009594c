"""The contribution ledger: recording within the record's total, confirming and disputing by the
contributor, voiding and correcting by the alliance, signing off in a return; nothing deleted."""
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings, strategies as st

from alliances.rules import NotAllowed, RuleBroken
from delivery import ledger, support
from delivery.models import Contribution

pytestmark = pytest.mark.django_db
State = Contribution.State


@pytest.fixture
def delivered(lead_user, support_for):
    """Completed support of 6 days by the member school, the trust helping."""
    assignment = support_for(lead_user)
    support.complete(lead_user, assignment, days_delivered=Decimal(6), outcome="Met")
    assignment.refresh_from_db()
    return assignment


def test_entries_share_the_days_and_may_not_exceed_them(lead_user, delivered, member_school, trust):
    ledger.record(lead_user, delivered, [(member_school, Decimal(4)), (trust, Decimal(2))])
    assert ledger.live_total(delivered) == 6
    assert ledger.remaining(delivered) == 0
    entry = ledger.entries_for(delivered).get(school=member_school)
    assert (entry.unit, entry.area, entry.delivered_on, entry.recorded_by) == ("days", "school_support", delivered.ends_on, lead_user)


def test_refusals_give_every_reason(lead_user, delivered, member_school, outside_school, trust):
    ledger.record(lead_user, delivered, [(member_school, Decimal(5))])
    with pytest.raises(RuleBroken) as refused:
        ledger.record(lead_user, delivered, [(outside_school, Decimal("0.005")), (member_school, Decimal(1)), (trust, Decimal(3))])
    assert refused.value.messages == [
        f"Faraway Academy did not deliver {delivered}.",
        "Give Faraway Academy's amount to at most two decimal places.",
        f"Brookside Primary already has an entry for {delivered}: correct that entry instead.",
        f"That makes 9.005 days for {delivered}, more than its 6 days.",
    ]
    assert Contribution.objects.count() == 1


def test_nothing_is_attributed_before_days_are_delivered(lead_user, support_for, member_school):
    planned = support_for(lead_user)
    with pytest.raises(RuleBroken, match="Nothing has been delivered"):
        ledger.record(lead_user, planned, [(member_school, Decimal(1))])


def test_programme_shares_add_up_to_100(lead_user, programme, single_alliance):
    lead = single_alliance.lead_schools().get()
    with pytest.raises(RuleBroken, match="more than its 100%"):
        ledger.record(lead_user, programme, [(lead, Decimal(120))])
    [entry] = ledger.record(lead_user, programme, [(lead, Decimal(100))])
    assert (entry.unit, entry.area) == ("share", "cpd")


def test_suggestions_split_shares_equally_and_give_support_days_to_the_supporter(lead_user, programme, trust, single_alliance, delivered, member_school):
    programme.led_by.add(single_alliance.roles.get(organisation=trust))
    third = single_alliance.roles.create(role="deliverer", organisation=type(trust).objects.create(name="City University", kind="university", code="U1"), starts_on="2022-09-01")
    programme.led_by.add(third)
    amounts = sorted(amount for _, amount in ledger.suggestions(programme))
    assert amounts == [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")] and sum(amounts) == 100
    ledger.accept_suggestions(lead_user, programme)
    assert ledger.suggestions(programme) == [] and ledger.live_total(programme) == 100
    assert ledger.suggestions(delivered) == [(member_school, Decimal(6))]


def test_contributor_confirms_or_disputes_never_the_recorder_nor_others(lead_user, delivered, member_school, trust, person, single_alliance):
    member_head = person("head@brookside.example", member_school)
    trust_head = person("ceo@trust.example", trust)
    mine, theirs = ledger.record(lead_user, delivered, [(member_school, Decimal(3)), (trust, Decimal(3))])
    with pytest.raises(NotAllowed):
        ledger.confirm(trust_head, mine)
    with pytest.raises(NotAllowed):
        ledger.confirm(person("teacher@brookside.example", member_school, "staff"), mine)
    ledger.confirm(member_head, mine)
    with pytest.raises(RuleBroken) as refused:
        ledger.dispute(trust_head, theirs, " ")
    assert refused.value.messages == ["Give the reason for disputing the entry."]
    ledger.dispute(trust_head, theirs, "We gave two days, not three.")
    mine.refresh_from_db(), theirs.refresh_from_db()
    assert (mine.state, mine.answered_by, theirs.state, theirs.dispute_reason) == (State.CONFIRMED, member_head, State.DISPUTED, "We gave two days, not three.")
    # A lead school's own entry is answered by another of its people, not the one who recorded it.
    lead_school = single_alliance.lead_schools().get()
    delivered.days_delivered = Decimal(7)
    delivered.save()
    [own] = ledger.record(lead_user, delivered, [(lead_school, Decimal(1))])
    with pytest.raises(RuleBroken, match="You recorded this entry"):
        ledger.confirm(lead_user, own)
    ledger.confirm(person("bm@hilltop.example", lead_school, "business_manager"), own)


def test_correcting_voids_with_the_reason_and_records_a_new_entry(lead_user, delivered, member_school, trust, person):
    mine, theirs = ledger.record(lead_user, delivered, [(member_school, Decimal(3)), (trust, Decimal(3))])
    ledger.dispute(person("ceo@trust.example", trust), theirs, "Two days")
    with pytest.raises(RuleBroken) as refused:
        ledger.correct(lead_user, theirs, amount=Decimal(4), reason="")
    assert refused.value.messages == ["Give the reason for the correction.", f"That makes 7 days for {delivered}, more than its 6 days."]
    new = ledger.correct(lead_user, theirs, amount=Decimal(2), reason="The trust gave two days")
    theirs.refresh_from_db()
    assert (theirs.state, theirs.void_reason, theirs.voided_by, new.replaces, new.amount) == (State.VOIDED, "The trust gave two days", lead_user, theirs, 2)
    assert Contribution.objects.count() == 3 and ledger.live_total(delivered) == 5
    with pytest.raises(RuleBroken, match="voided: it can no longer be voided"):
        ledger.void(lead_user, theirs, "again")
    with pytest.raises(NotAllowed):
        ledger.void(person("head@brookside.example", member_school), mine, "Not mine")


def test_fewer_days_than_the_ledger_holds_are_refused_when_completing(lead_user, support_for, member_school):
    assignment = support_for(lead_user, state="in_progress")
    assignment.days_delivered = Decimal(3)
    assignment.save()
    ledger.record(lead_user, assignment, [(member_school, Decimal(3))])
    with pytest.raises(RuleBroken, match="already records 3"):
        support.complete(lead_user, assignment, days_delivered=Decimal(2), outcome="Done")


def test_sign_off_takes_confirmed_entries_only_and_all_or_none(lead_user, delivered, member_school, trust, person):
    mine, theirs = ledger.record(lead_user, delivered, [(member_school, Decimal(3)), (trust, Decimal(3))])
    ledger.confirm(person("head@brookside.example", member_school), mine)
    with pytest.raises(RuleBroken) as refused:
        ledger.sign_off([mine, theirs], "")
    assert refused.value.messages == [
        "Name the return the entries are signed off in.",
        "3 days by Northern Lights Learning Trust is recorded: only confirmed entries are signed off.",
    ]
    ledger.sign_off([mine], "Annual return 2024 to 2025")
    mine.refresh_from_db()
    assert (mine.state, mine.return_ref) == (State.SIGNED_OFF, "Annual return 2024 to 2025")
    with pytest.raises(RuleBroken, match="can no longer be voided"):
        ledger.void(lead_user, mine, "Too late")


def test_entries_are_never_deleted(lead_user, delivered, member_school):
    [entry] = ledger.record(lead_user, delivered, [(member_school, Decimal(1))])
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        Contribution.objects.all().delete()
    assert entry.history.count() == 1


STEPS = st.lists(
    st.tuples(st.sampled_from(["record", "void", "correct"]), st.integers(0, 2), st.decimals(0, 8, places=2)),
    min_size=1, max_size=12,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
def test_any_sequence_keeps_live_entries_within_the_total_and_deletes_nothing(steps, lead_user, delivered, member_school, trust, single_alliance):
    contributors = [member_school, trust, single_alliance.lead_schools().get()]
    with transaction.atomic():
        rows = 0
        for action, who, amount in steps:
            live = list(ledger.entries_for(delivered).live())
            try:
                if action == "record":
                    ledger.record(lead_user, delivered, [(contributors[who], amount)])
                    rows += 1
                elif live:
                    entry = live[who % len(live)]
                    if action == "void":
                        ledger.void(lead_user, entry, "Wrong")
                    else:
                        ledger.correct(lead_user, entry, amount=amount, reason="Corrected")
                        rows += 1
            except RuleBroken:
                pass
            assert Contribution.objects.count() == rows  # refusals write nothing; voiding deletes nothing
            assert 0 <= ledger.live_total(delivered) <= delivered.days_delivered
            holders = [(e.school_id, e.organisation_id) for e in ledger.entries_for(delivered).live()]
            assert len(holders) == len(set(holders))
        transaction.set_rollback(True)


def test_an_itt_cohort_is_shared_by_its_lead_school_and_placement_schools(lead_user, single_alliance, member_school, outside_school):
    from datetime import date

    from delivery import itt, review
    from delivery.models import TraineeCohort

    lead = single_alliance.lead_schools().get()
    cohort = itt.create_cohort(
        lead_user, single_alliance, academic_year=2025, route=TraineeCohort.Route.SCITT, lead_school=lead, accredited_provider_name="Moor SCITT",
    )
    assert [record for record, *_ in ledger.awaiting_entries(single_alliance)] == []  # no trainees yet
    trainee = itt.add_trainee(lead_user, cohort, reference="T1")
    itt.add_placement(lead_user, trainee, school=member_school, starts_on=date(2025, 9, 8), ends_on=date(2025, 12, 19))
    assert [(record, kind.label, total, done) for record, kind, total, done, _ in ledger.awaiting_entries(single_alliance)] == [
        (cohort, "ITT cohort", 100, 0)
    ]
    assert ledger.suggestions(cohort) == [(lead, Decimal(100))]
    with pytest.raises(RuleBroken, match="Faraway Academy did not deliver"):
        ledger.record(lead_user, cohort, [(outside_school, Decimal(10))])
    lead_entry, placed = ledger.record(lead_user, cohort, [(lead, Decimal(70)), (member_school, Decimal(30))])
    assert (placed.unit, placed.area, placed.delivered_on) == ("share", "itt", date(2025, 9, 1))
    assert ledger.awaiting_entries(single_alliance) == []
    shares = {c.name: c.area("itt").share for c in review.review_for(single_alliance, *review.academic_year_bounds(2025)).contributors}
    assert shares == {"Hilltop Teaching School": Decimal(70), "Brookside Primary": Decimal(30)}
    [shown] = ledger.with_records(Contribution.objects.filter(pk=placed.pk))
    assert shown.record == cohort


def test_the_ledger_lists_twenty_records_not_yet_attributed_and_counts_the_rest(client, lead_user, single_alliance):
    from delivery.models import Programme

    lead = single_alliance.lead_schools().get()
    made = [
        Programme.objects.create(alliance=single_alliance, title=f"Programme {n:02}", kind="subject_cpd", places=10, published=True)
        for n in range(23)
    ]
    for programme in made:
        programme.led_by.add(single_alliance.roles.get(role="lead"))
    ledger.record(lead_user, made[0], [(lead, Decimal(100))])  # attributed in full: not listed
    ledger.record(lead_user, made[1], [(lead, Decimal(40))])  # partly: listed with what is done

    shown = ledger.awaiting_entries(single_alliance)
    assert [record.title for record, *_ in shown] == [f"Programme {n:02}" for n in range(1, 21)]
    assert (shown[0][2], shown[0][3]) == (100, Decimal(40))
    assert ledger.count_awaiting(single_alliance) == 22

    client.force_login(lead_user)
    page = client.get(f"/alliances/{single_alliance.slug}/contributions/").text
    assert "Programme 20" in page and "Programme 21" not in page
    assert "And 2 more records not yet attributed" in page
