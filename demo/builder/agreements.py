"""Agreements between the leads of job-share and multiple alliances, and their signatures."""
from datetime import timedelta

from alliances.models import Accountability, Agreement, AgreementSignature

from .alliance_details import _lead_responsibilities
from .dates import _create_stamped, _random_day
from .shares import NO_AGREEMENT_SHARE, SECOND_VERSION_SHARE, UNSIGNED_AGREEMENT_SHARE
from .texts import GOVERNANCE, SUCCESS_CRITERIA


def write_agreements(rng, plans, leaders, story, as_at):
    """Most job-share and multiple alliances have a current agreement signed by every lead;
    some are missing a lead's signature or have none, so the warning shows. The demo leader's
    school has not yet signed its alliance's current version."""
    shared = [plan for plan in plans if len(plan.leads) > 1]
    leaders.ensure(lead for plan in shared for lead in plan.leads)
    agreements, accountabilities, signatures = [], [], []
    for plan in shared:
        chance = rng.random()
        if plan is not story.plan and chance < NO_AGREEMENT_SHARE:
            continue
        unsigned = story.lead_school if plan is story.plan else (
            rng.choice(plan.leads) if chance < NO_AGREEMENT_SHARE + UNSIGNED_AGREEMENT_SHARE else None
        )
        versions = 2 if rng.random() < SECOND_VERSION_SHARE else 1
        day = min(as_at, plan.created_on + timedelta(days=rng.randint(14, 60)))
        for version in range(1, versions + 1):
            if version > 1:
                day = _random_day(rng, min(as_at, day + timedelta(days=90)), as_at)
            author = next(lead for lead in plan.leads if lead is not unsigned)
            agreement = Agreement(
                alliance=plan.alliance, version=version, created_by=leaders[author],
                roles_and_responsibilities=_roles_and_responsibilities(plan), governance=rng.choice(GOVERNANCE),
            )
            agreements.append((agreement, day))
            accountabilities += [
                Accountability(agreement=agreement, area=area, accountable_school=school)
                for area, school in plan.accountable.items()
            ]
            if rng.random() < 0.5:
                criterion = rng.choice(SUCCESS_CRITERIA)
                accountabilities.append(
                    Accountability(agreement=agreement, success_criterion=criterion, accountable_school=author)
                )
            for lead in plan.leads:
                if version == versions and lead is unsigned:
                    continue
                signature = AgreementSignature(agreement=agreement, school=lead, signed_by=leaders[lead])
                signatures.append((signature, min(as_at, day + timedelta(days=rng.randint(0, 21)))))
    _create_stamped(rng, Agreement, "created_at", agreements)
    Accountability.objects.bulk_create(accountabilities)
    _create_stamped(rng, AgreementSignature, "signed_at", signatures)


def _roles_and_responsibilities(plan):
    lines = [f"{lead.name}: {_lead_responsibilities(plan, lead)}" for lead in plan.leads]
    lines.append("Deliverers lead the aspects of training set out in their roles, and report to the leads termly.")
    return "\n".join(lines)
