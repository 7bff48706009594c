"""GIAS code lists used by the generator: types, groups, phases, statuses, reasons, faiths.

Names are spelled as GIAS publishes them. Codes seen in real rows (shared/data/gias):
type "02" Voluntary aided school, "15" Local authority nursery school; group "4" Local
authority maintained schools; phase "1" Nursery, "2" Primary, "4" Secondary; status
"1" Open, "2" Closed; religious character "00", "02", "03". The other codes are GIAS's
numbering as far as we know it; importers should rely on the `(name)` columns.
"""

from dataclasses import dataclass

LA_MAINTAINED = ("4", "Local authority maintained schools")
ACADEMIES = ("10", "Academies")
FREE_SCHOOLS = ("11", "Free Schools")
SPECIAL_SCHOOLS = ("5", "Special schools")
INDEPENDENT = ("3", "Independent schools")
COLLEGES = ("1", "Colleges")


@dataclass(frozen=True, slots=True)
class EstablishmentType:
    code: str
    name: str  # TypeOfEstablishment (name)
    group: tuple  # EstablishmentTypeGroup (code, name)
    ofsted_name: str  # Ofsted's "Type of education"
    in_trust: bool  # academies and free schools belong to an academy trust
    state_funded: bool = True


def _types(*rows):
    return {key: EstablishmentType(code, name, group, ofsted, in_trust) for key, code, name, group, ofsted, in_trust in rows}


TYPES = _types(
    ("community", "01", "Community school", LA_MAINTAINED, "Community School", False),
    ("voluntary_aided", "02", "Voluntary aided school", LA_MAINTAINED, "Voluntary Aided School", False),
    ("voluntary_controlled", "03", "Voluntary controlled school", LA_MAINTAINED, "Voluntary Controlled School", False),
    ("foundation", "05", "Foundation school", LA_MAINTAINED, "Foundation School", False),
    ("community_special", "07", "Community special school", SPECIAL_SCHOOLS, "Community Special School", False),
    ("foundation_special", "12", "Foundation special school", SPECIAL_SCHOOLS, "Foundation Special School", False),
    ("pru", "14", "Pupil referral unit", LA_MAINTAINED, "Pupil Referral Unit", False),
    ("la_nursery", "15", "Local authority nursery school", LA_MAINTAINED, "LA Nursery School", False),
    ("academy_sponsor_led", "28", "Academy sponsor led", ACADEMIES, "Academy Sponsor Led", True),
    ("academy_special_sponsor_led", "33", "Academy special sponsor led", ACADEMIES, "Academy Special Sponsor Led", True),
    ("academy_converter", "34", "Academy converter", ACADEMIES, "Academy Converter", True),
    ("free_school", "35", "Free schools", FREE_SCHOOLS, "Free School", True),
    ("free_school_special", "36", "Free schools special", FREE_SCHOOLS, "Free School Special", True),
    ("free_school_ap", "38", "Free schools alternative provision", FREE_SCHOOLS, "Free School - Alternative Provision", True),
    ("free_school_16_19", "39", "Free schools 16 to 19", FREE_SCHOOLS, "Free School - 16-19", True),
    ("utc", "40", "University technical college", FREE_SCHOOLS, "University Technical College", True),
    ("studio", "41", "Studio schools", FREE_SCHOOLS, "Studio School", True),
    ("academy_ap_converter", "42", "Academy alternative provision converter", ACADEMIES, "Academy Alternative Provision Converter", True),
    ("academy_ap_sponsor_led", "43", "Academy alternative provision sponsor led", ACADEMIES, "Academy Alternative Provision Sponsor Led", True),
    ("academy_special_converter", "44", "Academy special converter", ACADEMIES, "Academy Special Converter", True),
    ("academy_16_19_converter", "45", "Academy 16-19 converter", ACADEMIES, "Academy 16-19 Converter", True),
    ("academy_16_19_sponsor_led", "46", "Academy 16 to 19 sponsor led", ACADEMIES, "Academy 16-19 Sponsor Led", True),
)
# Not state-funded: present in the GIAS file so the importer's filter has work to do.
NON_STATE_TYPES = {
    "independent": EstablishmentType("11", "Other independent school", INDEPENDENT, "Independent School", False, False),
    "independent_special": EstablishmentType("10", "Other independent special school", INDEPENDENT, "Independent Special School", False, False),
    "further_education": EstablishmentType("18", "Further education", COLLEGES, "Further Education", False, False),
}

# The maintained type an academy most likely converted from, by academy type.
PREDECESSOR_TYPE = {
    "academy_special_converter": "community_special",
    "academy_special_sponsor_led": "community_special",
    "academy_ap_converter": "pru",
    "academy_ap_sponsor_led": "pru",
}

PHASES = {
    "Not applicable": "0",
    "Nursery": "1",
    "Primary": "2",
    "Middle deemed primary": "3",
    "Secondary": "4",
    "Middle deemed secondary": "5",
    "16 plus": "6",
    "All-through": "7",
}

STATUSES = {"Open": "1", "Closed": "2", "Open, but proposed to close": "3", "Proposed to open": "4"}

REASONS_OPENED = {
    "Not applicable": "00",
    "Result of Amalgamation": "01",
    "New Provision": "03",
    "Fresh Start": "05",
    "Academy Converter": "10",
    "Academy Sponsor Led": "11",
    "Academy Free School": "12",
}
REASONS_CLOSED = {
    "Not applicable": "00",
    "Result of Amalgamation": "01",
    "Closure": "02",
    "Merged": "03",
    "Change in status": "04",
    "Academy Converter": "10",
    "Academy Sponsor Led": "11",
}

# ReligiousCharacter (name) -> (code, Ofsted faith grouping)
RELIGIONS = {
    "Does not apply": ("00", "Non-faith"),
    "Church of England": ("02", "Christian"),
    "Roman Catholic": ("03", "Christian"),
    "Methodist": ("04", "Christian"),
    "Church of England/Methodist": ("05", "Christian"),
    "None": ("06", "Non-faith"),
    "Jewish": ("07", "Jewish"),
    "Muslim": ("08", "Muslim"),
    "Sikh": ("09", "Other faith"),
    "Hindu": ("10", "Other faith"),
    "Christian": ("11", "Christian"),
}

GENDERS = {"Boys": "1", "Girls": "2", "Mixed": "3"}
SIXTH_FORM = {"Has a sixth form": "1", "Does not have a sixth form": "2", "Not applicable": "0"}
ADMISSIONS = {"Not applicable": "0", "Selective": "2", "Non-selective": "4"}
TRUST_FLAGS = {
    "Not applicable": "0",
    "Supported by a multi-academy trust": "3",
    "Supported by a single-academy trust": "5",
}

# 2021 rural-urban classification, as in the 2026 extract, and the 2011 one seen on
# rows GIAS has not touched for years.
URBAN_RURAL_2021 = (
    ("UN1", "Urban: Nearer to a major town or city"),
    ("UF1", "Urban: Further from a major town or city"),
    ("RLN1", "Larger rural: Nearer to a major town or city"),
    ("RSN1", "Smaller rural: Nearer to a major town or city"),
    ("RSF1", "Smaller rural: Further from a major town or city"),
)
URBAN_RURAL_2011 = (
    ("A1", "(England/Wales) Urban major conurbation"),
    ("C1", "(England/Wales) Urban city and town"),
    ("D1", "(England/Wales) Rural town and fringe"),
    ("E1", "(England/Wales) Rural village"),
)

SEN_NEEDS = (
    "SLD - Severe Learning Difficulty",
    "MLD - Moderate Learning Difficulty",
    "ASD - Autistic Spectrum Disorder",
    "SEMH - Social, Emotional and Mental Health",
    "SLCN - Speech, language and Communication",
    "PMLD - Profound and Multiple Learning Difficulty",
    "PD - Physical Disability",
    "HI - Hearing Impairment",
)


def ofsted_phase(phase, type_key, layout_2024=False):
    """Ofsted's phase for a school: special and AP schools are phases of their own."""
    if type_key in {"community_special", "foundation_special", "academy_special_converter",
                    "academy_special_sponsor_led", "free_school_special"}:
        return "Special"
    if type_key in {"pru", "academy_ap_converter", "academy_ap_sponsor_led", "free_school_ap"}:
        return "PRU" if layout_2024 else "Alternative provision"
    if phase in ("Nursery",):
        return "Nursery"
    if phase in ("Primary", "Middle deemed primary"):
        return "Primary"
    return "Secondary"
