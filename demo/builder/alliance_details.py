"""What each alliance is: its name, description, ethos, specialisms, delivery areas, dates,
fees and patch; the check against the type rules; and writing the alliances with their leads."""
from django.utils.text import slugify

from alliances.alliance_types import type_problems
from alliances.models import Alliance, AllianceRole, DeliveryArea

from .dates import EARLIEST_ROLE, _random_day
from .geography import _distance2_points, _local_authority_centres
from .reference import PHASE_SPECIALISMS, SLE_AREAS
from .shares import ALL_AREAS_SHARE, ALLIANCE_PREDATES_DESIGNATION_SHARE, FREE_ALLIANCE_SHARE, PATCH_SHARE
from .texts import DESCRIPTION_ENDINGS, ETHOS, ETHOS_BY_FAITH, LEAD_RESPONSIBILITIES


def describe_alliances(rng, plans, registry, designations):
    """Name, dates, description, ethos, specialisms, delivery areas, fees and patch of each."""
    designated_on = {designation.school_id: designation.designated_on for designation in designations}
    used_names = set()
    la_centres = _local_authority_centres(registry.schools)
    for plan in sorted(plans, key=lambda p: p.leads[0].urn):
        name = _unique_alliance_name(plan, registry.la_names, used_names)
        specialisms = _specialisms(rng, plan)
        plan.alliance = Alliance(
            name=name,
            slug=slugify(name)[:200],
            alliance_type=plan.alliance_type,
            description=_description(rng, plan, registry.la_names),
            ethos=_ethos(rng, plan, registry.diocese_names),
            specialisms="\n".join(specialisms),
            delivery_areas=_delivery_areas(rng),
            created_on=_created_on(rng, plan, designated_on),
        )
        plan.fee_pence = 0 if rng.random() < FREE_ALLIANCE_SHARE else rng.randint(5, 50) * 50 * 100
        if rng.random() < PATCH_SHARE:
            plan.patch = _patch(rng, plan, la_centres)
        plan.accountable = {area: plan.leads[i % len(plan.leads)] for i, area in enumerate(DeliveryArea.values)}


def _unique_alliance_name(plan, la_names, used):
    lead = plan.leads[0]
    la = _plain_la_name(la_names.get(lead.local_authority_id, ""))
    # GIAS gives London schools the town "London": their boroughs make better names.
    town = (lead.town if lead.town and lead.town != "London" else la) or lead.region
    areas = []
    if plan.alliance_type == Alliance.Type.JOB_SHARE:
        kind = "Special Schools" if all(s.is_special for s in plan.leads) else "Small Schools"
        areas.append(f"{town} {kind}")
    other_towns = [s.town for s in plan.leads[1:] if s.town and s.town not in (town, "London")]
    if other_towns:
        areas.append(f"{town} and {other_towns[0]}")
    areas += [town, la, _school_stem(lead.name)]
    areas += [f"{side} {town}" for side in ("North", "South", "East", "West", "Central")]
    areas += [f"{town} {n}" for n in range(2, 100)]
    for area in areas:
        name = f"{area} Teaching School Alliance"
        if area and name.lower() not in used and slugify(name) not in used:
            used |= {name.lower(), slugify(name)}
            return name
    raise AssertionError(f"no free name for an alliance led by {lead.name}")


def _plain_la_name(name):
    """'Bristol, City of' reads as 'Bristol' in an alliance's name."""
    return name.split(",")[0].strip()


STEM_ENDINGS = {
    "primary", "junior", "infant", "infants", "school", "academy", "c", "ce", "cofe", "church", "catholic",
    "high", "community", "nursery", "college", "free", "specialist", "and", "special", "rc", "methodist",
}


def _school_stem(name):
    """'Goldcroft Primary School' -> 'Goldcroft': the words before the kind of school."""
    words = []
    for word in name.split():
        if word.lower() in STEM_ENDINGS:
            break
        words.append(word)
    return " ".join(words)


def _description(rng, plan, la_names):
    leads = [s.name for s in plan.leads]
    area = _plain_la_name(la_names.get(plan.leads[0].local_authority_id, "")) or plan.region
    if plan.alliance_type == Alliance.Type.SINGLE:
        opening = f"{leads[0]} leads this alliance of schools in and around {area}."
    elif plan.alliance_type == Alliance.Type.JOB_SHARE:
        kinds = " and ".join(sorted({"special" if s.is_special else "small" for s in plan.leads}))
        opening = f"Two {kinds} schools, {leads[0]} and {leads[1]}, share the lead of this alliance across {area}."
    else:
        opening = f"{_join(leads)} lead this alliance together, serving schools across {area}."
    return f"{opening} {rng.choice(DESCRIPTION_ENDINGS)}"


def _ethos(rng, plan, diocese_names):
    for lead in plan.leads:
        template = ETHOS_BY_FAITH.get(lead.religious_character)
        if template:
            diocese = diocese_names.get(lead.diocese_id, "diocese")
            return template.format(diocese=f"the {diocese}")
    return rng.choice(ETHOS)


def _specialisms(rng, plan):
    """Two to five SLE areas, led by what the lead schools are known for."""
    preferred = []
    for lead in plan.leads:
        if lead.is_special:
            preferred.append("Special educational needs")
        preferred += PHASE_SPECIALISMS.get(lead.phase, ())
    count = rng.randint(2, 5)
    picked = list(dict.fromkeys(rng.sample(preferred, min(len(preferred), 2)) if preferred else []))
    for area in rng.sample(SLE_AREAS, len(SLE_AREAS)):
        if len(picked) >= count:
            break
        if area not in picked:
            picked.append(area)
    return picked


def _delivery_areas(rng):
    areas = list(DeliveryArea.values)
    if rng.random() >= ALL_AREAS_SHARE:
        areas.remove(rng.choice(areas))
    return areas


def _created_on(rng, plan, designated_on):
    """The day the alliance began. A re-designated teaching school may have led it for years
    before its current designation (earlier designations are not recorded here)."""
    earliest = max([EARLIEST_ROLE] + [s.open_date for s in plan.leads if s.open_date])
    latest = min(designated_on[s.id] for s in plan.leads)
    if rng.random() < ALLIANCE_PREDATES_DESIGNATION_SHARE:
        return _random_day(rng, earliest, latest)
    return max(earliest, latest)


def _patch(rng, plan, la_centres):
    """The lead's local authority and up to two neighbouring ones in its region."""
    home = plan.leads[0].local_authority_id
    if home not in la_centres:
        return []
    _, lat, lon = la_centres[home]
    neighbours = sorted(
        (_distance2_points(lat, lon, c_lat, c_lon), la)
        for la, (region, c_lat, c_lon) in la_centres.items()
        if region == plan.region and la != home
    )
    return [home] + [la for _, la in neighbours[: rng.randint(0, 2)]]


def check_alliance_types(plans):
    """The demo follows the real rules: refuse to write an alliance its leads could not lead."""
    for plan in plans:
        problems = type_problems(plan.alliance_type, plan.leads)
        if problems:
            raise AssertionError(f"{plan.alliance.name}: {' '.join(problems)}")


def write_alliances(plans):
    Alliance.objects.bulk_create([plan.alliance for plan in plans])
    Alliance.patch.through.objects.bulk_create(
        Alliance.patch.through(alliance_id=plan.alliance.id, organisation_id=la) for plan in plans for la in plan.patch
    )
    AllianceRole.objects.bulk_create(
        AllianceRole(
            alliance=plan.alliance,
            role=AllianceRole.Role.LEAD,
            school=lead,
            starts_on=plan.created_on,
            responsibilities=_lead_responsibilities(plan, lead),
        )
        for plan in plans
        for lead in plan.leads
    )


def _lead_responsibilities(plan, lead):
    if len(plan.leads) == 1:
        return "Leads initial teacher training, CPD and leadership development, and school-to-school support."
    areas = [LEAD_RESPONSIBILITIES[area] for area, school in plan.accountable.items() if school is lead]
    return f"Accountable for {_join(areas)}." if areas else "Shares the leadership of the alliance's programmes."


def _join(names):
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
