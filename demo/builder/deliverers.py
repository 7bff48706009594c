"""Deliverers: the partners, trusts, authorities and schools that lead parts of an alliance's
training, including a few whose contracts have ended."""
from datetime import timedelta

from alliances.models import AllianceRole

from .dates import _random_day
from .geography import _distance2_points
from .reference import PRIVATE, UNIVERSITY
from .shares import ENDED_DELIVERER_SHARE
from .texts import DELIVERER_RESPONSIBILITIES


def write_deliverers(rng, plans, registry, story, as_at):
    """One to four deliverers an alliance, each with the aspect of training it leads; a few
    alliances also had a deliverer whose contract has ended."""
    roles = []
    for plan in plans:
        candidates = _deliverer_candidates(rng, plan, registry, story)
        if plan is story.plan and story.trust is not None:
            # The demo trust delivers here, so trust.staff sees the members-only pages.
            candidates.insert(0, ("trust", {"organisation_id": story.trust.id}))
        candidates = _one_per_holder(candidates)
        wanted = rng.choice((1, 1, 2, 2, 2, 3, 3, 4))
        if plan is story.plan:
            wanted = max(wanted, 3)  # something to show on the demo leader's pages
        current, spare = candidates[:wanted], candidates[wanted:]
        roles += [_deliverer_role(rng, plan, kind, holder, as_at) for kind, holder in current]
        if spare and rng.random() < ENDED_DELIVERER_SHARE:
            roles.append(_deliverer_role(rng, plan, *spare[0], as_at, ended=True))
    AllianceRole.objects.bulk_create(role for role in roles if role is not None)


def _one_per_holder(candidates):
    """The same holder twice would be two overlapping deliverer periods: keep the first."""
    seen, unique = set(), []
    for kind, holder in candidates:
        key = tuple((name, getattr(value, "id", value)) for name, value in holder.items())
        if key not in seen:
            seen.add(key)
            unique.append((kind, holder))
    return unique


def _deliverer_candidates(rng, plan, registry, story):
    """(kind, holder) pairs, in a random order of preference; a holder is {"school": School}
    or {"organisation_id": id}."""
    universities = registry.partners.get(UNIVERSITY, [])
    local_universities = [u for u in universities if u.region == plan.region] or universities
    options = []
    if local_universities:
        options.append(("university", {"organisation_id": rng.choice(local_universities).id}))
    if registry.partners.get(PRIVATE):
        options.append(("private", {"organisation_id": rng.choice(registry.partners[PRIVATE]).id}))
    schools = [*plan.leads, *(period.school for period in plan.members)]
    trusts = sorted({s.trust_id for s in schools if s.trust_id})
    if trusts:
        options.append(("trust", {"organisation_id": rng.choice(trusts)}))
    if plan.leads[0].local_authority_id:
        options.append(("local_authority", {"organisation_id": plan.leads[0].local_authority_id}))
    dioceses = [s.diocese_id for s in plan.leads if s.diocese_id]
    if dioceses:
        options.append(("diocese", {"organisation_id": dioceses[0]}))
    strong_members = [p.school for p in plan.members if p.school.at_least_good and p.school.id not in story.school_ids]
    if strong_members:
        options.append(("school", {"school": rng.choice(strong_members)}))
    if registry.independents:
        lat, lon = plan.centre
        nearest = min(registry.independents, key=lambda s: _distance2_points(lat, lon, s.latitude, s.longitude))
        options.append(("school", {"school": nearest}))
    rng.shuffle(options)
    # Universities lead initial teacher training in most alliances: put theirs first more often.
    options.sort(key=lambda option: option[0] != "university" or rng.random() < 0.3)
    return options


def _deliverer_role(rng, plan, kind, holder, as_at, ended=False):
    area = rng.choice(plan.alliance.specialisms.splitlines())
    responsibilities = rng.choice(DELIVERER_RESPONSIBILITIES[kind]).format(area=_in_sentence(area))
    school = holder.get("school")
    earliest = max(plan.created_on, school.open_date or plan.created_on) if school else plan.created_on
    if ended:
        if earliest > as_at - timedelta(days=400):
            return None  # too new to have a finished contract
        starts_on = _random_day(rng, earliest, as_at - timedelta(days=400))
        ends_on = _random_day(rng, starts_on + timedelta(days=180), as_at - timedelta(days=30))
    else:
        starts_on, ends_on = _random_day(rng, earliest, as_at), None
    return AllianceRole(
        alliance=plan.alliance, role=AllianceRole.Role.DELIVERER, starts_on=starts_on, ends_on=ends_on,
        end_reason="Contract ended" if ended else "", responsibilities=responsibilities, **holder,
    )


def _in_sentence(area):
    """'Maths' -> 'maths', but 'English' stays capitalised."""
    return area if area.startswith("English") else area[0].lower() + area[1:]
