"""Ledger entries for the generated delivery records, as the ledger's rules allow
(delivery/ledger.py): each record's live entries add up to its total exactly (100 % of a
programme or cohort, a support record's days delivered), one live entry per contributor, every
contributor one the record's kind accepts. States as a working alliance has them: most
confirmed, some still recorded, a few disputed, and a few voided with the correction that
replaced them (so the live total is still whole)."""
from datetime import datetime, time, timedelta
from decimal import ROUND_DOWN, Decimal

from django.utils import timezone

from delivery.models import Contribution

State = Contribution.State
CENT = Decimal("0.01")
DISPUTES = [
    "We led one session of three, not half the programme.",
    "Our specialist gave fewer days than this.",
    "This was delivered by the trust's staff, not ours.",
]
VOIDS = [
    "Recorded against the wrong school.",
    "The days were entered twice.",
    "The share was agreed differently at the planning meeting.",
]


def split(total, weights, step=CENT):
    """`total` split by weights into amounts of `step` that add up to it exactly, none zero
    (a holder whose part rounds to nothing is left out)."""
    whole = sum(weights)
    parts = [(total * w / whole / step).to_integral_value(rounding=ROUND_DOWN) * step for w in weights]
    parts[0] += total - sum(parts)  # the first, the main contributor, takes the rounding
    return parts


def shared(holders, amounts):
    """(holder, amount) pairs, leaving out any holder whose part rounded to nothing."""
    return [(holder, amount) for holder, amount in zip(holders, amounts) if amount > 0]


def moment(rng, day, now):
    """A working hour of the day (never after now), in the site's time zone."""
    at = datetime.combine(day, time(rng.randint(8, 17), rng.randint(0, 59)), tzinfo=timezone.get_current_timezone())
    return min(at, now)


def ledger_entries(rng, batch, record, *, content_type_id, alliance_id, unit, area, delivered_on, amounts, world, now,
                   recent):
    """Entries for one record: `amounts` is [(Holder, amount)] adding up to the record's total.
    `recent` records (this term's) are more often still waiting for their answer."""
    recorded_at = moment(rng, delivered_on + timedelta(days=rng.randint(1, 20)), now)
    for holder, amount in amounts:
        entry = Contribution(
            content_type_id=content_type_id, alliance_id=alliance_id, unit=unit, amount=amount, area=area,
            delivered_on=delivered_on, recorded_by_id=world.manager_id, recorded_at=recorded_at, **holder.fields(),
        )
        entry._record = record
        entry._history_date = recorded_at
        roll = rng.random()
        waiting = 0.45 if recent else 0.1
        if roll < waiting:
            pass  # recorded: the contributor has not answered yet
        elif roll < waiting + 0.03:
            _answer(rng, entry, world, now, State.DISPUTED)
            entry.dispute_reason = rng.choice(DISPUTES)
        elif roll < waiting + 0.06:
            _void_and_replace(rng, batch, entry, world, now)
            continue
        else:
            _answer(rng, entry, world, now, State.CONFIRMED)
        batch.add(entry)


def _answer(rng, entry, world, now, state):
    entry.state = state
    answerer = world.leader_of.get(entry.school_id)
    entry.answered_by_id = answerer if answerer != entry.recorded_by_id else None  # never the recorder
    entry.answered_at = min(now, entry.recorded_at + timedelta(days=rng.randint(1, 30), hours=rng.randint(0, 8)))


def _void_and_replace(rng, batch, entry, world, now):
    """Voided with its reason, and a new entry replacing it for the same amount: the correction
    the ledger makes in one step."""
    entry.state, entry.void_reason = State.VOIDED, rng.choice(VOIDS)
    entry.voided_by_id = world.manager_id
    entry.voided_at = min(now, entry.recorded_at + timedelta(days=rng.randint(2, 40)))
    batch.add(entry)
    replacement = Contribution(
        content_type_id=entry.content_type_id, alliance_id=entry.alliance_id, unit=entry.unit, amount=entry.amount,
        area=entry.area, delivered_on=entry.delivered_on, recorded_by_id=entry.recorded_by_id, recorded_at=entry.voided_at,
        school_id=entry.school_id, organisation_id=entry.organisation_id, replaces=entry,
    )
    replacement._record = entry._record
    replacement._history_date = entry.voided_at
    if rng.random() < 0.7:
        _answer(rng, replacement, world, now, State.CONFIRMED)
    batch.add_correction(replacement)
