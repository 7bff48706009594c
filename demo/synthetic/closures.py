"""Closed establishments and the links between predecessors and successors.

Many closed schools are the LA-maintained schools today's academies replaced (same name
and site, new URN, the academy opening the day after the closure). The rest closed
between 1990 and August 2024; some merged or amalgamated into a school still open.
Every link is recorded from both ends, as in GIAS's links file.
"""

import datetime as dt

from .characteristics import (PHASE_OF_KIND, address, choose_religion, maintained_type, nursery_provision,
                              sixth_form, statutory_ages)
from .establishment_types import PREDECESSOR_TYPE
from .establishments import GIAS_EXTRACT_DATE, Establishment
from .geography import LOCAL_AUTHORITIES
from .names import base_name, place_word, unique_name
from .sampling import weighted


PREDECESSOR_SHARE_OF_CLOSED = 0.55


def _predecessor_of(rng, academy):
    """The LA-maintained school an academy replaced: same place and name, closed the day before."""
    kind = academy.kind
    type_key = PREDECESSOR_TYPE.get(academy.type_key) or maintained_type(rng, kind, academy.religion)
    religion = "Does not apply" if academy.religion == "None" else academy.religion
    old = Establishment(la=academy.la, kind=kind, type_key=type_key, phase=academy.phase, status="Closed",
                        religion=religion, diocese=academy.diocese, gender=academy.gender,
                        low_age=academy.low_age, high_age=academy.high_age, sixth_form=academy.sixth_form,
                        nursery=academy.nursery, admissions=academy.admissions, rural=academy.rural,
                        sen=academy.sen)
    for attr in ("easting", "northing", "street", "locality", "town", "county", "postcode", "uprn",
                 "district", "ward", "constituency", "msoa", "lsoa", "base_name"):
        setattr(old, attr, getattr(academy, attr))
    old.name = academy.base_name
    old.close_date = academy.open_date - dt.timedelta(days=1)
    old.reason_closed = "Academy Sponsor Led" if "sponsor_led" in academy.type_key else "Academy Converter"
    old.head_job = "Headteacher"
    old.last_changed = min(old.close_date + dt.timedelta(days=rng.randint(1, 400)), GIAS_EXTRACT_DATE)
    academy.predecessor = old
    _link(old, academy, "Successor", "Predecessor", rng)
    return old


def _link(old, new, old_says, new_says, rng):
    """Record a link from both ends; about a quarter of links carry no date."""
    dated = rng.random() >= 0.25
    old.links.append((new, old_says, old.close_date if dated else None))
    new.links.append((old, new_says, (old.close_date + dt.timedelta(days=1)) if dated else None))


def _closure_date(rng):
    year = rng.randint(1990, 2024)
    month, day = weighted(rng, {(8, 31): 60, (3, 31): 10, (12, 31): 10, (7, 31): 8, (9, 30): 6, (4, 30): 6})
    return min(dt.date(year, month, day), dt.date(2024, 8, 31))  # historic closures end before Sept 2024


def _historic_closure(rng, la, used_names):
    kind = weighted(rng, {"primary": 62, "secondary": 18, "nursery": 6, "special": 7, "alternative": 4,
                          "middle_primary": 2, "middle_secondary": 1})
    religion = choose_religion(rng, kind)
    if rng.random() < 0.06:
        old = Establishment(la=la, kind=kind, type_key="independent", phase="Not applicable", status="Closed")
        old.low_age, old.high_age = weighted(rng, {(3, 11): 40, (11, 18): 30, (3, 18): 30})
    else:
        old = Establishment(la=la, kind=kind, type_key=maintained_type(rng, kind, religion),
                            phase=PHASE_OF_KIND[kind], status="Closed", religion=religion)
        old.low_age, old.high_age = statutory_ages(rng, old)
        if religion == "Church of England":
            old.diocese = la.ce_diocese
        elif religion == "Roman Catholic":
            old.diocese = la.rc_diocese
    if old.type_key != "independent":
        old.sixth_form = sixth_form(old)
        old.nursery = nursery_provision(old)
    address(rng, old)
    old.base_name = base_name(rng, old) if old.type_key != "independent" else f"{place_word(rng, la)} School"
    old.name = unique_name(old.base_name, old, used_names[la.code])
    old.close_date = _closure_date(rng)
    if rng.random() < 0.3:
        old.open_date = dt.date(rng.randint(1950, old.close_date.year - 1), 9, 1)
    old.reason_closed = "Closure" if old.type_key == "independent" else weighted(
        rng, {"Closure": 50, "Merged": 25, "Result of Amalgamation": 15, "Change in status": 10})
    old.last_changed = min(old.close_date + dt.timedelta(days=rng.randint(1, 700)), GIAS_EXTRACT_DATE)
    return old


def _link_historic(rng, old, open_by_la):
    """Merged and amalgamated schools point at an open school in the same LA."""
    if old.reason_closed not in ("Merged", "Result of Amalgamation"):
        return
    candidates = open_by_la.get((old.la.code, old.kind == "secondary"), [])
    if not candidates:
        return
    target = rng.choice(candidates)
    if old.reason_closed == "Merged":
        _link(old, target, "Successor - merged", "Predecessor - merged", rng)
        return
    if target.open_date is None and not target.etype.in_trust:
        target.open_date = old.close_date + dt.timedelta(days=1)
        target.reason_opened = "Result of Amalgamation"
        _link(old, target, "Successor - amalgamated", "Predecessor - amalgamated", rng)
    else:
        _link(old, target, "Successor - merged", "Predecessor - merged", rng)


def closed_establishments(rng, schools, closed_count, used_names):
    eligible = [s for s in schools if s.reason_opened in ("Academy Converter", "Academy Sponsor Led") and not s.is_new]
    n_predecessors = min(round(closed_count * PREDECESSOR_SHARE_OF_CLOSED), len(eligible))
    closed = [_predecessor_of(rng, academy) for academy in rng.sample(eligible, n_predecessors)]
    open_by_la = {}
    for school in schools:
        open_by_la.setdefault((school.la.code, school.kind == "secondary"), []).append(school)
    weights = [la.weight for la in LOCAL_AUTHORITIES]
    for la in rng.choices(LOCAL_AUTHORITIES, weights, k=closed_count - n_predecessors):
        old = _historic_closure(rng, la, used_names)
        _link_historic(rng, old, open_by_la)
        closed.append(old)
    return closed
