"""Memoranda of understanding between alliances and their members, and members' signatures."""
from datetime import timedelta

from alliances.models import Memorandum, MemorandumSignature

from .dates import _create_stamped, _random_day
from .shares import MEMORANDUM_SHARE, SECOND_VERSION_SHARE, SIGNED_MEMORANDUM_SHARE
from .texts import MEMORANDUM_TEXT, MEMORANDUM_UPDATE


def write_memoranda(rng, plans, leaders, story, as_at):
    """About half of alliances publish a memorandum (version 1 or 2); some members sign it.
    The demo member school has not yet signed its alliance's current version."""
    published = []
    for plan in plans:
        if plan is story.plan or rng.random() < MEMORANDUM_SHARE:
            published.append((plan, 2 if rng.random() < SECOND_VERSION_SHARE else 1))
    memoranda, signing = [], []
    for plan, versions in published:
        day = _random_day(rng, plan.created_on, max(plan.created_on, as_at - timedelta(days=400)))
        current = [period for period in plan.members if period.ends_on is None]
        for version in range(1, versions + 1):
            if version > 1:
                day = _random_day(rng, min(as_at, day + timedelta(days=60)), as_at)
            memorandum = Memorandum(alliance=plan.alliance, version=version, text=_memorandum_text(plan, version))
            memoranda.append((memorandum, day))
            share = SIGNED_MEMORANDUM_SHARE if version == versions else SIGNED_MEMORANDUM_SHARE / 2
            for period in current:
                if period.school is story.member_school and version == versions:
                    continue
                if rng.random() < share:
                    signed_on = max(day, period.starts_on) + timedelta(days=rng.randint(0, 30))
                    signing.append((memorandum, period.school, min(signed_on, as_at)))
    _create_stamped(rng, Memorandum, "created_at", memoranda)
    leaders.ensure(school for _, school, _ in signing)
    signatures = [
        (MemorandumSignature(memorandum=memorandum, school=school, signed_by=leaders[school]), day)
        for memorandum, school, day in signing
    ]
    _create_stamped(rng, MemorandumSignature, "signed_at", signatures)


def _memorandum_text(plan, version):
    if plan.fee_pence:
        fee = f"Membership costs up to £{plan.fee_pence // 100:,} a year, depending on the size of the school."
    else:
        fee = "Membership is free."
    text = MEMORANDUM_TEXT.format(name=plan.alliance.name, fee=fee)
    return text + MEMORANDUM_UPDATE if version > 1 else text
