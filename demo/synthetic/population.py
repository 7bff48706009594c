"""The synthetic national population of establishments.

Builds, from one seed: the open state-funded schools of England with realistic national
mixes, their academy trusts, closed establishments (many of them the maintained schools
that became today's academies), a few non-state establishments, and the links between
predecessors and successors. Writers in gias.py and ofsted.py turn this into files.

Every random choice goes through the `random.Random` handed in, in a fixed order, so the
same seed always gives the same population.
"""

import datetime as dt
import math

from . import names as nm
from .characteristics import (PHASE_OF_KIND, RURAL_SHARE, SELECTIVE_LAS, PlaceCodes, academy_probability,
                              academy_type, address, choose_religion, fill_census, la_fsm_factor, maintained_type,
                              nursery_provision, opening, sixth_form, statutory_ages, urban_rural)
from .closures import closed_establishments
from .establishment_types import SEN_NEEDS
from .establishments import CENSUS_DATE, Establishment, Population
from .geography import LOCAL_AUTHORITIES, telephone
from .identifiers import assign_numbers, assign_ukprns, assign_urns
from .names import academy_name, base_name, place_word, town_for_names, unique_name, website
from .sampling import apportion, lognormal, random_date, weighted
from .trusts import assign_trusts


# National mix of open state-funded schools by kind. The weights are England's real
# counts (about 22,200 schools); they are shares, scaled to the number asked for.
NATIONAL_MIX = (
    ("primary", 16_700),
    ("secondary", 3_400),
    ("nursery", 380),
    ("all_through", 170),
    ("middle_primary", 100),
    ("middle_secondary", 90),
    ("sixteen_plus", 45),
    ("special", 1_000),
    ("alternative", 350),
)

NEW_SCHOOL_SHARE = 0.02  # opened since September 2023 with no inspection yet
PROPOSED_TO_CLOSE_SHARE = 0.0125
NON_STATE_SHARE = 0.04  # extra open independent schools and FE colleges
PROPOSED_TO_OPEN_SHARE = 0.0015


def _describe(rng, school, used_names):
    """Everything about an open school that follows from its kind, type and place."""
    la = school.la
    school.rural = school.kind == "primary" and rng.random() < RURAL_SHARE[la.kind]
    if school.kind in ("secondary", "middle_secondary") and school.type_key not in ("utc", "studio", "free_school"):
        if rng.random() < SELECTIVE_LAS.get(la.name, 0.0):
            school.admissions = "Selective"
    if school.kind == "secondary" and school.admissions != "Selective" and school.type_key not in ("utc", "studio"):
        school.gender = weighted(rng, {"Mixed": 89, "Girls": 6, "Boys": 5})
    elif school.admissions == "Selective":
        school.gender = weighted(rng, {"Mixed": 40, "Girls": 32, "Boys": 28})
    if school.kind in ("secondary", "middle_secondary", "all_through"):
        school.admissions = school.admissions if school.admissions == "Selective" else "Non-selective"
    school.low_age, school.high_age = statutory_ages(rng, school)
    school.sixth_form = sixth_form(school)
    school.nursery = nursery_provision(school)
    if school.religion == "Church of England":
        school.diocese = la.ce_diocese
    elif school.religion in ("Roman Catholic",):
        school.diocese = la.rc_diocese
    address(rng, school)
    fill_census(rng, school, la.region.fsm_base * la_fsm_factor(la))
    school.special_classes = "Has Special Classes" if rng.random() < 0.08 else "No Special Classes"
    if school.kind == "special":
        school.sen = tuple(rng.sample(SEN_NEEDS, rng.randint(1, 4)))
    opening(rng, school)
    school.base_name = base_name(rng, school)
    name = academy_name(rng, school, school.base_name) if school.etype.in_trust else school.base_name
    school.name = unique_name(name, school, used_names[la.code])
    school.website = website(rng, school.name)
    school.phone = telephone(rng, la)
    school.head = nm.person(rng)
    if school.etype.in_trust:
        school.head_job = weighted(rng, {"Principal": 40, "Headteacher": 45, "Head of School": 8, "Executive Principal": 7})
    else:
        school.head_job = weighted(rng, {"Headteacher": 88, "Head of School": 6, "Executive Headteacher": 6})
    school.last_changed = random_date(rng, dt.date(2024, 6, 1), dt.date(2026, 6, 30))


def _make_open_school(rng, la, kind, la_factor, used_names):
    religion = choose_religion(rng, kind)
    if rng.random() < academy_probability(kind, la_factor):
        type_key = academy_type(rng, kind, religion)
        if religion == "Does not apply" and rng.random() < 0.6:
            religion = "None"  # academies without a faith often say "None"
    else:
        type_key = maintained_type(rng, kind, religion)
    school = Establishment(la=la, kind=kind, type_key=type_key, phase=PHASE_OF_KIND[kind], religion=religion)
    _describe(rng, school, used_names)
    return school


def _mark_new_schools(rng, schools):
    """About 2% of schools opened since September 2023: mostly free schools."""
    target = round(NEW_SCHOOL_SHARE * len(schools))
    free = [s for s in schools if s.type_key.startswith("free_school") or s.type_key in ("utc",)]
    others = [s for s in schools if s.etype.in_trust and s not in free]
    rng.shuffle(free)
    rng.shuffle(others)
    chosen = free[: min(len(free) * 45 // 100, target)]
    chosen += others[: target - len(chosen)]
    for school in chosen:
        school.is_new = True
        school.open_date = weighted(rng, {dt.date(2023, 9, 1): 35, dt.date(2024, 9, 1): 35,
                                          dt.date(2025, 9, 1): 25, dt.date(2026, 1, 5): 3, dt.date(2026, 4, 13): 2})
        if school.reason_opened == "Academy Converter":
            school.reason_opened = "New Provision"  # a new school, not a conversion
        if school.open_date > CENSUS_DATE:
            school.pupils = school.boys = school.girls = school.fsm = school.fsm_pct = None


def _mark_proposed_to_close(rng, schools):
    maintained = [s for s in schools if not s.etype.in_trust]
    for school in rng.sample(maintained, min(len(maintained), round(PROPOSED_TO_CLOSE_SHARE * len(schools)))):
        school.status = "Open, but proposed to close"
        school.close_date = dt.date(2026, 8, 31)
        school.reason_closed = weighted(rng, {"Academy Converter": 60, "Closure": 30, "Merged": 10})


def _federate(rng, schools):
    """A few maintained primaries share a governing body in pairs or threes."""
    by_la = {}
    for school in schools:
        if not school.etype.in_trust and school.kind == "primary" and school.status == "Open":
            by_la.setdefault(school.la.code, []).append(school)
    next_code = 10000
    for la_code in sorted(by_la):
        group = by_la[la_code]
        rng.shuffle(group)
        take = group[: int(len(group) * 0.06)]
        for i in range(0, len(take) - 1, 2):
            next_code += rng.randint(1, 40)
            fed = (str(next_code), f"The {rng.choice(nm.PLACE_STEMS)} Federation")
            take[i].federation = take[i + 1].federation = fed


def _non_state(rng, la, used_names):
    type_key = weighted(rng, {"independent": 75, "independent_special": 15, "further_education": 10})
    school = Establishment(la=la, kind="independent", type_key=type_key, phase="Not applicable")
    if type_key == "further_education":
        school.phase = "16 plus"
        school.low_age, school.high_age = 16, 99
        school.fe_type = weighted(rng, {"General Further Education College": 75, "Sixth Form College": 25})
        base = f"{town_for_names(rng, la)} " + ("Sixth Form College" if school.fe_type == "Sixth Form College" else "College")
    elif type_key == "independent_special":
        school.low_age, school.high_age = weighted(rng, {(5, 19): 40, (7, 19): 30, (11, 19): 30})
        base = f"{place_word(rng, la)} " + rng.choice(("School", "House School", "College"))
    else:
        school.low_age, school.high_age = weighted(rng, {(3, 11): 30, (3, 18): 30, (11, 18): 25, (7, 13): 15})
        school.religion = weighted(rng, {"Does not apply": 55, "None": 20, "Christian": 10, "Church of England": 6,
                                         "Muslim": 5, "Jewish": 4})
        base = f"{place_word(rng, la)} " + rng.choice(("School", "Preparatory School", "House School", "College",
                                                   "Independent School", "Montessori School"))
    address(rng, school)
    school.name = unique_name(base, school, used_names[la.code])
    school.base_name = base
    school.open_date = dt.date(rng.randint(1950, 2023), 9, 1) if rng.random() < 0.6 else None
    school.pupils = lognormal(rng, 250 if type_key != "independent_special" else 40, 0.8, 5, 2500)
    school.capacity = 5 * math.ceil(school.pupils * 1.2 / 5)
    school.boys = round(school.pupils * 0.5)
    school.girls = school.pupils - school.boys
    school.website = website(rng, school.name)
    school.phone = telephone(rng, la)
    school.head = nm.person(rng)
    school.last_changed = random_date(rng, dt.date(2024, 6, 1), dt.date(2026, 6, 30))
    return school


def _proposed_free_school(rng, la, la_factor, used_names, trusts):
    school = _make_open_school(rng, la, "primary" if rng.random() < 0.6 else "secondary", 1.0, used_names)
    school.type_key = "free_school"
    school.status = "Proposed to open"
    school.open_date = dt.date(2026, 9, 1)
    school.reason_opened = "Academy Free School"
    school.pupils = school.boys = school.girls = school.fsm = school.fsm_pct = school.capacity = None
    mats = [t for t in trusts if t.multi]
    school.trust = rng.choice(mats) if mats else None
    return school


def build_population(rng, open_count, closed_count):
    """Open state-funded schools, their trusts, closed and non-state establishments."""
    used_names = {la.code: set() for la in LOCAL_AUTHORITIES}
    kinds = [kind for kind, n in zip((k for k, _ in NATIONAL_MIX), apportion(open_count, [w for _, w in NATIONAL_MIX]))
             for _ in range(n)]
    rng.shuffle(kinds)
    la_counts = apportion(open_count, [la.weight for la in LOCAL_AUTHORITIES])
    schools = []
    for la, count in zip(LOCAL_AUTHORITIES, la_counts):
        la_factor = rng.uniform(0.7, 1.3)  # some LAs academised much more than others
        for _ in range(count):
            schools.append(_make_open_school(rng, la, kinds.pop(), la_factor, used_names))
    _mark_new_schools(rng, schools)
    _mark_proposed_to_close(rng, schools)
    _federate(rng, schools)
    trusts = assign_trusts(rng, schools, open_count)
    for school in schools:
        school.urban_rural = urban_rural(rng, school, current=True)
    closed = closed_establishments(rng, schools, closed_count, used_names)
    for old in closed:
        old.urban_rural = urban_rural(rng, old, current=False)
    extras = []
    weights = [la.weight for la in LOCAL_AUTHORITIES]
    for la in rng.choices(LOCAL_AUTHORITIES, weights, k=round(open_count * NON_STATE_SHARE)):
        extras.append(_non_state(rng, la, used_names))
    for la in rng.choices(LOCAL_AUTHORITIES, weights, k=round(open_count * PROPOSED_TO_OPEN_SHARE)):
        extras.append(_proposed_free_school(rng, la, 1.0, used_names, trusts))
    for school in extras:
        school.urban_rural = urban_rural(rng, school, current=True)
    everyone = schools + closed + extras
    places = PlaceCodes()
    for school in everyone:
        if not school.district[0]:
            places.fill(rng, school)
    assign_numbers(rng, everyone)
    assign_urns(rng, everyone)
    assign_ukprns(rng, everyone)
    everyone.sort(key=lambda s: s.urn)
    return Population(establishments=everyone, trusts=trusts)
