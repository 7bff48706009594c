"""Agreements between the leads of job-share and multiple alliances.

The leads agree the roles and responsibilities of each teaching school and deliverer, who is
accountable for each delivery area and success criterion, and the governance. Each version is
signed by every lead; an alliance with more than one lead and no current agreement signed by
all of them is flagged wherever it is shown."""
from dataclasses import dataclass

from django.db import transaction

from alliances.models import Accountability, Agreement, AgreementSignature, AllianceRole, DeliveryArea
from alliances.permissions import can_commit_school, can_manage, require
from alliances.rules import RuleBroken, require_latest_version
from notices import for_alliances as notices


@dataclass(frozen=True)
class AgreementStatus:
    needed: bool
    agreement: Agreement | None
    unsigned_leads: list

    @property
    def in_place(self):
        return not self.needed or (self.agreement is not None and not self.unsigned_leads)

    @property
    def summary(self):
        if not self.needed:
            return "Led by one teaching school: no agreement between leads is needed."
        if self.agreement is None:
            return "No agreement between the lead schools has been recorded."
        if self.unsigned_leads:
            names = ", ".join(s.name for s in self.unsigned_leads)
            return f"Version {self.agreement.version} of the agreement is not yet signed by {names}."
        return f"Version {self.agreement.version} of the agreement is signed by every lead school."


def agreement_status(alliance) -> AgreementStatus:
    """Uses what `Alliance.objects.with_roles()` prefetched when it is there (lists), else asks."""
    if hasattr(alliance, "current_roles"):
        leads = sorted((r.school for r in alliance.current_roles if r.role == AllianceRole.Role.LEAD), key=lambda s: s.name)
        agreement = alliance.agreement_versions[0] if alliance.agreement_versions else None
    else:
        leads = list(alliance.lead_schools())
        agreement = Agreement.latest_of(alliance)
    if len(leads) < 2:
        return AgreementStatus(False, agreement, [])
    signed = {signature.school_id for signature in agreement.signatures.all()} if agreement else set()
    return AgreementStatus(True, agreement, [school for school in leads if school.id not in signed])


@transaction.atomic
def record_agreement(alliance, user, roles_and_responsibilities, governance, accountable, lead_removal=Agreement.LeadRemoval.OWN_DECISION,
                     minimum_lead_share=None):
    """A new version. `accountable` maps a DeliveryArea value or a success criterion (text) to
    the lead school accountable for it; every delivery area must have one. `lead_removal` says
    whose consent ends a lead school's role (alliances.lead_removal). `minimum_lead_share` (%, or
    None for the default) is the least share of delivery each lead carries (delivery/review.py)."""
    require(can_manage(user, alliance), f"Only the leads of {alliance.name} can record its agreement.")
    leads = {school.id: school for school in alliance.lead_schools()}
    problems = []
    if not roles_and_responsibilities.strip():
        problems.append("Set out the roles and responsibilities of each teaching school and deliverer.")
    if not governance.strip():
        problems.append("Set out the governance arrangements.")
    if lead_removal not in Agreement.LeadRemoval.values:
        problems.append("Say how a lead school's role can end.")
    if minimum_lead_share is not None and not 0 <= minimum_lead_share <= 100:
        problems.append("Give the minimum share for each lead school as a percentage from 0 to 100.")
    elif minimum_lead_share is not None and minimum_lead_share * len(leads) > 100:
        problems.append(
            f"A minimum of {minimum_lead_share}% for each of the {len(leads)} lead schools adds up to more than 100%."
        )
    for area in DeliveryArea:
        if area.value not in accountable:
            problems.append(f"Say which lead school is accountable for {area.in_sentence}.")
    for subject, school in accountable.items():
        if school.id not in leads:
            problems.append(f"{school.name} does not lead {alliance.name}, so it cannot be accountable for {subject}.")
    if problems:
        raise RuleBroken(problems)
    agreement = Agreement.objects.create(
        alliance=alliance,
        version=Agreement.next_version_of(alliance),
        roles_and_responsibilities=roles_and_responsibilities,
        governance=governance,
        lead_removal=lead_removal,
        minimum_lead_share=minimum_lead_share,
        created_by=user,
    )
    for subject, school in accountable.items():
        is_area = subject in DeliveryArea.values
        Accountability.objects.create(
            agreement=agreement,
            area=subject if is_area else "",
            success_criterion="" if is_area else subject,
            accountable_school=school,
        )
    notices.agreement_recorded(agreement)
    return agreement


@transaction.atomic
def sign_agreement(agreement, school, user):
    """A lead school's leader signs for that school, and only for it."""
    alliance = agreement.alliance
    if not alliance.lead_schools().filter(pk=school.pk).exists():
        raise RuleBroken(f"{school.name} does not lead {alliance.name}, so it cannot sign its agreement.")
    require(can_commit_school(user, school), f"You cannot sign for {school.name}: only its leader or business manager can.")
    require_latest_version(agreement)
    if AgreementSignature.objects.filter(agreement=agreement, school=school).exists():
        raise RuleBroken(f"{school.name} has already signed version {agreement.version}.")
    notices.signed(agreement, school)
    return AgreementSignature.objects.create(agreement=agreement, school=school, signed_by=user)
