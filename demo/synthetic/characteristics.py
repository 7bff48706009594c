"""What a school of a given kind looks like: type, faith, ages, size, address and opening.

"Kind" is the generator's own grouping (primary, secondary, nursery, all_through,
middle_primary, middle_secondary, sixteen_plus, special, alternative); GIAS's phase and
type follow from it. Shares are England's, roughly, as of the mid-2020s.
"""

import datetime as dt
import math

from . import names as nm
from .establishment_types import URBAN_RURAL_2011, URBAN_RURAL_2021
from .geography import LA_INDEX, postcode, scatter_point
from .sampling import lognormal, weighted


NEW_SCHOOL_SINCE = dt.date(2023, 9, 1)  # "new" schools have not been inspected yet

PHASE_OF_KIND = {
    "primary": "Primary",
    "secondary": "Secondary",
    "nursery": "Nursery",
    "all_through": "All-through",
    "middle_primary": "Middle deemed primary",
    "middle_secondary": "Middle deemed secondary",
    "sixteen_plus": "16 plus",
    "special": "Not applicable",
    "alternative": "Not applicable",
}

PRIMARY_ACADEMY_SHARE = 0.45
SECONDARY_ACADEMY_SHARE = 0.80

# Share of secondary schools that are grammar schools, where there are many.
SELECTIVE_LAS = {
    "Kent": 0.30, "Buckinghamshire": 0.35, "Medway": 0.35, "Slough": 0.40, "Trafford": 0.30,
    "Sutton": 0.35, "Southend-on-Sea": 0.30, "Bexley": 0.20, "Kingston upon Thames": 0.20,
    "Reading": 0.20, "Torbay": 0.20, "Wirral": 0.18, "Gloucestershire": 0.18,
    "Lincolnshire": 0.15, "Plymouth": 0.10, "Calderdale": 0.10, "Warwickshire": 0.08,
    "Redbridge": 0.07, "Birmingham": 0.05, "Barnet": 0.05, "Essex": 0.05,
    "Wolverhampton": 0.04, "Walsall": 0.04, "Enfield": 0.04, "North Yorkshire": 0.03,
    "Kirklees": 0.03, "Lancashire": 0.03, "Wiltshire": 0.03, "Bromley": 0.02, "Cumbria": 0.02,
}

RURAL_SHARE = {"L": 0.0, "M": 0.03, "U": 0.06, "W": 0.28, "C": 0.32}


def choose_religion(rng, kind):
    if kind in ("primary", "middle_primary"):
        return weighted(rng, {"Church of England": 31, "Roman Catholic": 10.5, "Methodist": 0.3,
                              "Church of England/Methodist": 0.3, "Jewish": 0.25, "Muslim": 0.1,
                              "Sikh": 0.04, "Hindu": 0.03, "Christian": 0.3, "Does not apply": 57.2})
    if kind in ("secondary", "middle_secondary"):
        return weighted(rng, {"Church of England": 6.5, "Roman Catholic": 10, "Jewish": 0.5,
                              "Muslim": 0.35, "Sikh": 0.15, "Christian": 1, "Does not apply": 81.5})
    if kind == "all_through":
        return weighted(rng, {"Church of England": 6, "Roman Catholic": 5, "Jewish": 1, "Does not apply": 88})
    return "Does not apply"


def maintained_type(rng, kind, religion):
    """The LA-maintained type a school of this kind and faith would be."""
    if kind == "nursery":
        return "la_nursery"
    if kind == "special":
        return weighted(rng, {"community_special": 94, "foundation_special": 6})
    if kind == "alternative":
        return "pru"
    if religion in ("Does not apply", "None"):
        if kind in ("primary", "middle_primary"):
            return weighted(rng, {"community": 88, "foundation": 12})
        return weighted(rng, {"community": 60, "foundation": 40})
    if religion in ("Church of England", "Church of England/Methodist", "Methodist"):
        if kind in ("primary", "middle_primary"):
            return weighted(rng, {"voluntary_controlled": 52, "voluntary_aided": 48})
        return weighted(rng, {"voluntary_controlled": 30, "voluntary_aided": 70})
    return "voluntary_aided"


def academy_type(rng, kind, religion):
    faith = religion not in ("Does not apply", "None")
    if kind in ("primary", "middle_primary"):
        if faith:
            return weighted(rng, {"academy_converter": 76, "academy_sponsor_led": 24})
        return weighted(rng, {"academy_converter": 70, "academy_sponsor_led": 23, "free_school": 7})
    if kind in ("secondary", "middle_secondary"):
        if faith:
            return weighted(rng, {"academy_converter": 75, "academy_sponsor_led": 22, "free_school": 3})
        if kind == "middle_secondary":
            return weighted(rng, {"academy_converter": 80, "academy_sponsor_led": 20})
        return weighted(rng, {"academy_converter": 60, "academy_sponsor_led": 27, "free_school": 9.5,
                              "utc": 2.2, "studio": 1.3})
    if kind == "all_through":
        return weighted(rng, {"free_school": 35, "academy_converter": 35, "academy_sponsor_led": 30})
    if kind == "sixteen_plus":
        return weighted(rng, {"free_school_16_19": 65, "academy_16_19_converter": 20, "academy_16_19_sponsor_led": 15})
    if kind == "special":
        return weighted(rng, {"academy_special_converter": 47, "academy_special_sponsor_led": 15, "free_school_special": 38})
    if kind == "alternative":
        return weighted(rng, {"academy_ap_converter": 36, "academy_ap_sponsor_led": 24, "free_school_ap": 40})
    raise ValueError(kind)


def academy_probability(kind, la_factor):
    if kind in ("primary", "middle_primary"):
        return min(0.95, PRIMARY_ACADEMY_SHARE * la_factor)
    if kind in ("secondary", "middle_secondary"):
        return min(0.98, SECONDARY_ACADEMY_SHARE * la_factor ** 0.5)
    return {"all_through": 0.85, "sixteen_plus": 1.0, "nursery": 0.0, "special": 0.53, "alternative": 0.50}[kind]

_AGES = {
    "primary": {(4, 11): 55, (3, 11): 28, (2, 11): 3, (4, 7): 5, (3, 7): 2, (7, 11): 7},
    "middle_primary": {(8, 12): 60, (9, 12): 40},
    "middle_secondary": {(9, 13): 75, (10, 13): 25},
    "all_through": {(4, 18): 45, (3, 18): 25, (4, 16): 15, (2, 18): 5, (4, 19): 10},
    "sixteen_plus": {(16, 19): 100},
    "nursery": {(3, 5): 60, (2, 5): 40},
    "special": {(2, 19): 25, (3, 19): 20, (4, 19): 15, (11, 19): 20, (5, 16): 10, (11, 16): 10},
    "alternative": {(11, 16): 60, (5, 16): 15, (14, 16): 10, (4, 11): 10, (11, 18): 5},
}


def statutory_ages(rng, school):
    if school.kind == "secondary":
        if school.type_key in ("utc", "studio"):
            return 14, 19
        if school.admissions == "Selective":
            return 11, 18
        return weighted(rng, {(11, 18): 55, (11, 16): 40, (13, 18): 5})
    return weighted(rng, _AGES[school.kind])


def sixth_form(school):
    if school.kind in ("nursery", "special", "alternative"):
        return "Not applicable"
    if school.kind == "sixteen_plus" or (school.kind in ("secondary", "all_through") and school.high_age >= 18):
        return "Has a sixth form"
    return "Does not have a sixth form"


def nursery_provision(school):
    if school.kind in ("nursery", "special", "alternative", "sixteen_plus"):
        return "Not applicable"
    return "Has Nursery Classes" if school.low_age <= 3 else "No Nursery Classes"


def _pupils(rng, school):
    low, high = school.low_age, school.high_age
    kind = school.kind
    if kind == "primary":
        if high <= 7 or low >= 7:
            return lognormal(rng, 230, 0.4, 20, 720)
        return lognormal(rng, 130 if school.rural else 310, 0.5 if school.rural else 0.42, 8, 1000)
    if kind == "secondary":
        if school.type_key == "utc":
            return lognormal(rng, 350, 0.35, 60, 900)
        if school.type_key == "studio":
            return lognormal(rng, 220, 0.35, 40, 500)
        return lognormal(rng, 1150 if high >= 18 else 850, 0.3, 120, 2700)
    medians = {"middle_primary": (420, 0.3, 80, 900), "middle_secondary": (480, 0.3, 90, 1000),
               "all_through": (1300, 0.35, 200, 3000), "sixteen_plus": (500, 0.5, 60, 2200),
               "nursery": (95, 0.35, 20, 260), "special": (120, 0.5, 15, 450),
               "alternative": (45, 0.7, 3, 300)}
    return lognormal(rng, *[medians[kind][0], medians[kind][1], medians[kind][2], medians[kind][3]])


def _capacity(rng, school):
    pupils = school.pupils
    if school.kind == "nursery" and rng.random() < 0.5:
        return None
    if school.kind == "primary" and pupils > 180 and school.high_age - school.low_age >= 6:
        return 210 * math.ceil(pupils * rng.uniform(0.95, 1.1) / 210)
    if school.kind in ("secondary", "all_through", "middle_secondary"):
        return 50 * math.ceil(pupils * rng.uniform(0.95, 1.2) / 50)
    return 5 * math.ceil(pupils * rng.uniform(1.0, 1.3) / 5)


def fill_census(rng, school, fsm_base):
    """Pupil numbers, capacity, boys/girls and free school meals from the January census."""
    school.pupils = _pupils(rng, school)
    school.capacity = _capacity(rng, school)
    boys_share = {"Boys": 1.0, "Girls": 0.0}.get(school.gender)
    if boys_share is None:
        boys_share = 0.72 if school.kind in ("special", "alternative") else rng.gauss(0.51, 0.03)
    school.boys = min(school.pupils, max(0, round(school.pupils * boys_share)))
    school.girls = school.pupils - school.boys
    pct = min(max(rng.gauss(fsm_base, 7.0), 0.5), 75.0)
    if school.kind == "alternative":
        pct = min(pct * 1.8, 85.0)
    school.fsm = round(school.pupils * pct / 100)
    school.fsm_pct = round(100 * school.fsm / school.pupils, 1)


def la_fsm_factor(la):
    """A fixed deprivation factor per LA (0.70-1.30), so neighbouring schools look alike."""
    seed = sum(ord(ch) * (i + 1) for i, ch in enumerate(la.name))
    return 0.7 + (seed % 61) / 100


def address(rng, school):
    la = school.la
    school.town = rng.choice(la.towns)
    school.easting, school.northing = scatter_point(rng, la)
    school.postcode = postcode(rng, la)
    roll = rng.random()
    if roll < 0.03:
        school.street = f"{rng.choice(nm.PLACE_STEMS)} House, {nm.street(rng)}"  # a comma inside
    else:
        school.street = nm.street(rng)
    school.locality = rng.choice(nm.PLACE_STEMS) if rng.random() < 0.4 else ""
    school.county = la.county if rng.random() < 0.5 else ""
    school.uprn = str(rng.randint(10_000_000, 200_000_000_000))


class PlaceCodes:
    """Invented but stable ONS-style codes for districts, wards, constituencies, MSOAs."""

    def __init__(self):
        self.constituencies = {}  # name -> code, numbered in order of first use

    def _constituency(self, name):
        if name not in self.constituencies:
            self.constituencies[name] = f"E14{1001 + len(self.constituencies):06d}"
        return self.constituencies[name], name

    def fill(self, rng, school):
        la = school.la
        i = LA_INDEX[la.code]
        town_index = la.towns.index(school.town) if school.town in la.towns else 0
        if la.kind == "C":
            school.district = (f"E07{i:03d}{town_index:03d}", school.town)
        else:
            school.district = (la.gss_code, la.name)
        ward = rng.randint(0, 59)
        school.ward = (f"E05{i:03d}{ward:03d}", nm.PLACE_STEMS[(i * 61 + ward) % len(nm.PLACE_STEMS)])
        if la.kind in ("L", "M"):
            part = rng.choice(("North", "South", "East", "West", "Central")) if la.weight >= 60 else ""
            school.constituency = self._constituency(f"{la.name} {part}".strip())
        else:
            school.constituency = self._constituency(school.town)
        school.msoa = rng.randint(1, max(3, la.weight // 5))
        school.lsoa = rng.choice("ABCDE")


def urban_rural(rng, school, current):
    if not current:
        return rng.choice(URBAN_RURAL_2011[2:] if school.rural else URBAN_RURAL_2011[:2])
    if school.rural:
        return rng.choice(URBAN_RURAL_2021[2:])
    if school.la.kind == "L":
        return URBAN_RURAL_2021[0]
    return URBAN_RURAL_2021[0] if rng.random() < 0.75 else URBAN_RURAL_2021[1]

_CONVERTER_YEARS = {2011: 7, 2012: 11, 2013: 8, 2014: 6, 2015: 6, 2016: 6, 2017: 7, 2018: 7, 2019: 6,
                    2020: 4, 2021: 5, 2022: 6, 2023: 5, 2024: 4, 2025: 3, 2026: 1}

_SPONSOR_YEARS = {2003: 1, 2006: 2, 2008: 3, 2010: 3, 2011: 5, 2012: 9, 2013: 10, 2014: 9, 2015: 8,
                  2016: 8, 2017: 7, 2018: 7, 2019: 6, 2020: 4, 2021: 4, 2022: 4, 2023: 3, 2024: 2, 2025: 1}

_MONTHS = {1: 10, 2: 6, 3: 6, 4: 14, 5: 6, 6: 5, 7: 5, 9: 28, 10: 6, 11: 7, 12: 5}


def _conversion_date(rng, years):
    while True:
        year = weighted(rng, years)
        month = weighted(rng, _MONTHS)
        day = dt.date(year, month, 1)
        if day < NEW_SCHOOL_SINCE:  # recent openings are chosen separately
            return day


def opening(rng, school):
    """OpenDate and ReasonEstablishmentOpened of an open school."""
    key = school.type_key
    if not school.etype.in_trust:
        if rng.random() < 0.15:
            school.open_date = dt.date(rng.randint(1960, 2016), 9, 1)
            school.reason_opened = weighted(rng, {"Not applicable": 60, "New Provision": 30, "Fresh Start": 10})
        return
    if key.startswith("free_school") or key in ("utc", "studio"):
        first = {"utc": 2011, "studio": 2010, "free_school_16_19": 2013}.get(key, 2011)
        last = {"utc": 2019, "studio": 2016}.get(key, 2022)
        school.open_date = dt.date(rng.randint(first, last), 9, 1)
        school.reason_opened = "Academy Free School"
    elif "sponsor_led" in key:
        school.open_date = _conversion_date(rng, _SPONSOR_YEARS)
        school.reason_opened = "New Provision" if school.open_date.year < 2010 else "Academy Sponsor Led"
    else:
        school.open_date = _conversion_date(rng, _CONVERTER_YEARS)
        school.reason_opened = "Academy Converter"
