"""URNs, establishment numbers and UKPRNs.

URNs: schools that existed when EduBase started (1999) are numbered by LA from 100000;
later ones in order of opening, academies and free schools from 136000. Establishment
numbers follow DfE's ranges by type (e.g. 2xxx community primary, 4xxx secondary,
7xxx special) and are unique within an LA. UKPRNs are 8 digits starting 1.
"""

import datetime as dt


_NUMBER_RANGES = {
    "la_nursery": (1000, 1099), "pru": (1100, 1199), "community_special": (7000, 7199),
    "foundation_special": (7000, 7199), "academy_special_converter": (7000, 7199),
    "academy_special_sponsor_led": (7000, 7199), "free_school_special": (7000, 7199),
    "academy_ap_converter": (1100, 1199), "academy_ap_sponsor_led": (1100, 1199), "free_school_ap": (1100, 1199),
    "independent": (6000, 6399), "independent_special": (6000, 6399), "further_education": (8000, 8999),
}


def _number_range(school):
    if school.type_key in _NUMBER_RANGES:
        return _NUMBER_RANGES[school.type_key]
    primary = school.kind in ("primary", "middle_primary", "nursery")
    if school.type_key in ("voluntary_aided", "voluntary_controlled"):
        return (3000, 3999) if primary else (4500, 4999)
    if school.type_key == "foundation":
        return (5200, 5299) if primary else (5400, 5499)
    if "sponsor_led" in school.type_key and not primary and school.open_date and school.open_date.year < 2012:
        return (6900, 6999)
    return (2000, 3999) if primary else (4000, 4999)


def assign_numbers(rng, establishments):
    """EstablishmentNumber: in the range for the type, unique within the LA."""
    used = {}
    for school in establishments:
        taken = used.setdefault(school.la.code, set())
        low, high = _number_range(school)
        for _ in range(50):
            number = rng.randint(low, high)
            if number not in taken:
                break
        else:
            number = next(n for n in range(1000, 10000) if n not in taken)
        taken.add(number)
        school.number = number


def assign_urns(rng, establishments):
    """Unique URNs: legacy schools by LA from 100000, later ones in order of opening."""
    legacy, later = [], []
    for school in establishments:
        is_legacy = school.open_date is None or school.open_date < dt.date(1999, 9, 1)
        (legacy if is_legacy else later).append(school)
    legacy.sort(key=lambda s: (s.la.code, s.number))
    later.sort(key=lambda s: (s.open_date, s.la.code, s.number))
    # Legacy URNs from 100000, spread up to 126000 when there is room.
    step = max(1.0, 26_000 / max(1, len(legacy)))
    urn = 100_000
    for school in legacy:
        school.urn = urn
        urn += max(1, int(step * rng.uniform(0.6, 1.4)))
    before_2010 = [s for s in later if s.open_date < dt.date(2010, 9, 1)]
    since_2010 = [s for s in later if s.open_date >= dt.date(2010, 9, 1)]
    urn = max(urn, 126_000)
    for school in before_2010:
        school.urn = urn
        urn += 1 + (rng.random() < 0.5)
    # Academies and free schools: 136000 upwards, in order of opening.
    urn = max(urn, 136_000)
    step = max(1.0, (150_000 - urn) / max(1, len(since_2010)))
    for school in since_2010:
        school.urn = urn
        urn += max(1, int(step * rng.uniform(0.5, 1.5))) if step > 1.2 else 1


def assign_ukprns(rng, establishments):
    """Unique 8-digit UKPRNs for open establishments and for many recently closed ones."""
    used = set()
    high = 10_099_999 if len(establishments) < 80_000 else 19_999_999  # real ones are 1000xxxx
    for school in establishments:
        if school.status == "Closed" and (school.close_date.year < 2012 or rng.random() < 0.4):
            continue
        if school.type_key == "independent" and rng.random() < 0.5:
            continue
        while True:
            ukprn = rng.randint(10_000_000, high)
            if ukprn not in used:
                used.add(ukprn)
                school.ukprn = ukprn
                break
