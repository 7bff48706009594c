"""Annual returns: an alliance's figures for an academic year, signed off by its lead schools.

    prepare ──▶ draft ──every current lead's leader signs──▶ final (frozen; confirmed entries signed off)
                  │                                            │
                  └──────── prepare again (a new version) ─────┴──▶ the old one is superseded

- The alliance's managers (leaders and business managers of its lead schools) prepare a return
  for an academic year that has begun. Its rows are taken from the ledger then and kept.
- Each current lead teaching school's leader signs it off for that school. When every current
  lead has signed, it is final: nothing in it changes again, and the ledger entries it counted
  that the contributors confirmed are signed off under the return's reference.
- A sign-off is refused when the ledger for the year has changed since the return was prepared
  (an entry recorded, voided, disputed or corrected): the leads would sign figures that are no
  longer true. Prepare a new version instead.
- A correction is a new version. The old version stays, marked superseded, with its sign-offs.
"""
from django.db import transaction
from django.utils import timezone

from alliances.models import Alliance
from alliances.permissions import can_manage, lead_schools_led_by, require
from alliances.rules import RuleBroken
from delivery import ledger, return_figures
from delivery.kpis import current_academic_year
from accounts.models import Affiliation, User
from delivery.models import AnnualReturn, Contribution, ReturnSignOff, academic_year_label
from notices.models import Notice
from notices.sending import settle, tell

FIRST_YEAR = 2000
NOTES_LONGEST = 5000


def _lock(annual_return):
    return AnnualReturn.objects.select_for_update(of=("self",)).select_related("alliance").get(pk=annual_return.pk)


def _frozen_problem(annual_return):
    if annual_return.state == AnnualReturn.State.FINAL:
        return (f"Version {annual_return.version} of the {annual_return.year_label} return is final: it cannot be changed. "
                "Prepare a new version to correct it.")
    if annual_return.state == AnnualReturn.State.SUPERSEDED:
        newer = annual_return.alliance.annual_returns.filter(academic_year=annual_return.academic_year).order_by("-version").first()
        return f"Version {annual_return.version} of the {annual_return.year_label} return has been replaced by version {newer.version}: use that one."
    return None


@transaction.atomic
def prepare(user, alliance, year):
    """A new version of the alliance's return for the year, from the ledger as it is now. Any
    earlier draft or final version of that year is superseded (kept, with its sign-offs)."""
    require(can_manage(user, alliance), f"Only the leaders and business managers of {alliance.name}'s lead schools prepare its returns.")
    # One preparation at a time per alliance, so two people cannot make the same version number.
    Alliance.objects.select_for_update().filter(pk=alliance.pk).first()
    latest = current_academic_year()
    if not isinstance(year, int) or not FIRST_YEAR <= year <= latest:
        raise RuleBroken([f"Choose an academic year from {academic_year_label(FIRST_YEAR)} to {academic_year_label(latest)}."])
    previous = alliance.annual_returns.filter(academic_year=year).order_by("-version").first()
    now = timezone.now()
    if previous and previous.state != AnnualReturn.State.SUPERSEDED:
        previous.state, previous.superseded_at = AnnualReturn.State.SUPERSEDED, now
        previous.save(update_fields=["state", "superseded_at"])
        settle(previous, [Notice.Kind.RETURN_TO_SIGN])
    made = AnnualReturn.objects.create(
        alliance=alliance, academic_year=year, version=(previous.version + 1) if previous else 1,
        prepared_by=user, prepared_at=now, supersedes=previous, **return_figures.for_alliance(alliance, year),
    )
    _ask_leads_to_sign(made)
    return made


def _leaders_of(school_ids):
    return User.objects.filter(affiliations__role=Affiliation.Role.LEADER, affiliations__school_id__in=school_ids).distinct()


def _ask_leads_to_sign(annual_return, school_ids=None):
    """Tell the leaders of the lead schools that have not signed yet."""
    if school_ids is None:
        school_ids = list(annual_return.alliance.lead_schools().values_list("pk", flat=True))
    tell(
        _leaders_of(school_ids), Notice.Kind.RETURN_TO_SIGN, annual_return,
        f"Version {annual_return.version} of {annual_return.alliance.name}'s {annual_return.year_label} annual return is ready for your school to sign off.",
        annual_return.get_absolute_url(),
    )


@transaction.atomic
def amend_notes(user, annual_return, notes):
    """The preparers' notes to the figures, changed while the return is a draft. What was signed
    has changed, so sign-offs given so far are withdrawn and the leads sign again."""
    annual_return = _lock(annual_return)
    require(can_manage(user, annual_return.alliance), f"Only the leaders and business managers of {annual_return.alliance.name}'s lead schools change its returns.")
    problems = [p for p in [_frozen_problem(annual_return)] if p]
    notes = (notes or "").strip()
    if len(notes) > NOTES_LONGEST:
        problems.append(f"Keep the notes to {NOTES_LONGEST:,} characters; they are {len(notes):,}.")
    if problems:
        raise RuleBroken(problems)
    withdrawn = list(annual_return.sign_offs.values_list("school_id", flat=True))
    annual_return.sign_offs.all().delete()
    annual_return.notes = notes
    annual_return.save(update_fields=["notes"])
    if withdrawn:  # they sign again: ask them
        _ask_leads_to_sign(annual_return, withdrawn)
    return annual_return, len(withdrawn)


def signing_state(annual_return):
    """(current lead schools, {school id: sign-off}) for the return's page: who has signed."""
    leads = list(annual_return.alliance.lead_schools())
    signed = {s.school_id: s for s in annual_return.sign_offs.select_related("school", "signed_by")}
    return leads, signed


@transaction.atomic
def sign(user, annual_return):
    """The user signs the return off for each current lead school they are a leader of. When every
    current lead has signed, the return is final and its confirmed ledger entries are signed off."""
    annual_return = _lock(annual_return)
    alliance = annual_return.alliance
    mine = lead_schools_led_by(user, alliance)
    require(mine, f"Only the leaders of {alliance.name}'s lead teaching schools sign off its returns.")
    leads, signed = signing_state(annual_return)
    to_sign = [school for school in leads if school.pk in mine and school.pk not in signed]
    problems = [p for p in [_frozen_problem(annual_return)] if p]
    if not to_sign and not problems:
        problems.append(f"{' and '.join(sorted(s.school.name for s in signed.values() if s.school_id in mine))} has already signed version {annual_return.version}.")
    digest, _ = return_figures.fingerprint(alliance, annual_return.academic_year)
    if annual_return.state == AnnualReturn.State.DRAFT and digest != annual_return.ledger_fingerprint:
        problems.append(
            f"The ledger for {annual_return.year_label} has changed since version {annual_return.version} was prepared "
            "(an entry was recorded, voided, disputed or corrected): prepare a new version and sign that."
        )
    if problems:
        raise RuleBroken(problems)
    now = timezone.now()
    for school in to_sign:
        ReturnSignOff.objects.create(annual_return=annual_return, school=school, signed_by=user, signed_at=now)
    settle(annual_return, [Notice.Kind.RETURN_TO_SIGN], recipients=list(_leaders_of([school.pk for school in to_sign])))
    if all(school.pk in signed or school in to_sign for school in leads):
        _finalise(annual_return, now)
        settle(annual_return, [Notice.Kind.RETURN_TO_SIGN])
    return annual_return


def _finalise(annual_return, now):
    annual_return.state, annual_return.final_at = AnnualReturn.State.FINAL, now
    annual_return.save(update_fields=["state", "final_at"])
    confirmed = list(Contribution.objects.filter(pk__in=annual_return.entry_ids, state=Contribution.State.CONFIRMED))
    if confirmed:
        ledger.sign_off(confirmed, annual_return.return_ref)


def may_sign(user, annual_return):
    """Whether the page offers this person the sign-off button (the rule still decides)."""
    if annual_return.state != AnnualReturn.State.DRAFT:
        return False
    mine = lead_schools_led_by(user, annual_return.alliance)
    return bool(mine - set(annual_return.sign_offs.values_list("school_id", flat=True)))


def disputed_now(alliance, year):
    """Entries of the year in dispute today: every report shows them until they are resolved."""
    return return_figures.year_entries([alliance.pk], year).filter(state=Contribution.State.DISPUTED).count()

