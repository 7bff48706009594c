"""The records the generator builds (establishments and academy trusts) and its reference dates."""

import datetime as dt
from dataclasses import dataclass, field

from .establishment_types import NON_STATE_TYPES, TYPES


GIAS_EXTRACT_DATE = dt.date(2026, 7, 1)
CENSUS_DATE = dt.date(2026, 1, 15)  # spring census, third Thursday of January


@dataclass(slots=True, eq=False)
class Trust:
    code: str  # Trusts (code): 4 digits, text
    name: str
    multi: bool
    sponsor_uid: str | None = None
    ofsted_name: str = ""  # Ofsted often has the Companies House capitals
    companies_house: str = ""  # CHNumber, 8 digits with leading zeros


@dataclass(slots=True, eq=False)
class Establishment:
    la: object
    kind: str
    type_key: str
    phase: str
    status: str = "Open"
    urn: int = 0
    number: int = 0  # EstablishmentNumber
    name: str = ""
    base_name: str = ""  # the name before any academy conversion
    low_age: int | None = None
    high_age: int | None = None
    open_date: dt.date | None = None
    reason_opened: str = "Not applicable"
    close_date: dt.date | None = None
    reason_closed: str = "Not applicable"
    religion: str = "Does not apply"
    diocese: tuple = ("0000", "Not applicable")
    gender: str = "Mixed"
    sixth_form: str = "Not applicable"
    nursery: str = "Not applicable"
    admissions: str = "Not applicable"
    capacity: int | None = None
    pupils: int | None = None
    boys: int | None = None
    girls: int | None = None
    fsm: int | None = None
    fsm_pct: float | None = None
    special_classes: str = "No Special Classes"
    trust: Trust | None = None
    sponsored: bool = False
    federation: tuple | None = None
    ukprn: int | None = None
    uprn: str = ""
    easting: int = 0
    northing: int = 0
    street: str = ""
    locality: str = ""
    town: str = ""
    county: str = ""
    postcode: str = ""
    website: str = ""
    phone: str = ""
    head: tuple = ("", "", "")
    head_job: str = "Headteacher"
    rural: bool = False
    urban_rural: tuple = ("", "")
    district: tuple = ("", "")
    ward: tuple = ("", "")
    constituency: tuple = ("", "")
    msoa: int = 1
    lsoa: str = "A"
    sen: tuple = ()
    fe_type: str = "Not applicable"
    last_changed: dt.date | None = None
    is_new: bool = False  # opened recently, never inspected
    predecessor: "Establishment | None" = None  # the school it replaced (academy conversion)
    links: list = field(default_factory=list)  # (LinkURN establishment, LinkType, date or None)

    @property
    def etype(self):
        return TYPES.get(self.type_key) or NON_STATE_TYPES[self.type_key]

    @property
    def state_funded(self):
        return self.etype.state_funded

    @property
    def is_open(self):
        return self.status in ("Open", "Open, but proposed to close")

    @property
    def laestab(self):
        return f"{self.la.code}{self.number:04d}"


@dataclass(slots=True)
class Population:
    establishments: list
    trusts: list

    def open_state_funded(self):
        return [e for e in self.establishments if e.is_open and e.state_funded]
