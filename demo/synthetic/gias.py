"""Write the population as GIAS publishes it: `edubasealldata.csv` and the links file.

Format, as in the real downloads: Windows-1252, CRLF between rows and no terminator after
the last one, header fully quoted, the integer columns bare (empty when missing) and
every other field quoted, dates dd-mm-yyyy, code columns as text with their zeros.
The csv module cannot quote by column, so rows are formatted here.
"""

from .establishment_types import (ADMISSIONS, GENDERS, PHASES, REASONS_CLOSED, REASONS_OPENED, RELIGIONS,
                                  SIXTH_FORM, STATUSES, TRUST_FLAGS)
from .geography import LA_INDEX
from .headers import GIAS_ESTABLISHMENT_COLUMNS, GIAS_INTEGER_COLUMNS, GIAS_LINKS_COLUMNS, GIAS_LINKS_INTEGER_COLUMNS
from .establishments import CENSUS_DATE

ENCODING = "cp1252"
LINE_END = "\r\n"


def gias_date(day):
    return "" if day is None else f"{day.day:02d}-{day.month:02d}-{day.year}"


def quoted(value):
    return '"' + value.replace('"', '""') + '"'


def format_row(columns, integer_columns, values):
    """One CSV line: integers bare (empty when None), everything else quoted text."""
    cells = []
    for column in columns:
        value = values.get(column, "")
        if column in integer_columns:
            cells.append("" if value is None or value == "" else str(int(value)))
        else:
            cells.append(quoted("" if value is None else str(value)))
    return ",".join(cells)


def write_lines(path, header, lines):
    """Stream lines to disk in GIAS's encoding, CRLF between lines, none after the last."""
    count = 0
    with open(path, "w", encoding=ENCODING, newline="") as out:
        out.write(",".join(quoted(column) for column in header))
        for line in lines:
            out.write(LINE_END)
            out.write(line)
            count += 1
    return count


def _trust_values(school):
    trust = school.trust
    if trust is None:
        return {"TrustSchoolFlag (code)": "0", "TrustSchoolFlag (name)": "Not applicable",
                "SchoolSponsorFlag (name)": "Not applicable"}
    flag = "Supported by a multi-academy trust" if trust.multi else "Supported by a single-academy trust"
    return {
        "TrustSchoolFlag (code)": TRUST_FLAGS[flag],
        "TrustSchoolFlag (name)": flag,
        "Trusts (code)": trust.code,
        "Trusts (name)": trust.name,
        "SchoolSponsorFlag (name)": "Linked to a sponsor" if school.sponsored else "Not applicable",
        "SchoolSponsors (name)": trust.name if school.sponsored else "",
        "CHNumber": trust.companies_house,
    }


def _census_values(school):
    if school.pupils is None:
        return {}
    values = {
        "CensusDate": gias_date(CENSUS_DATE),
        "NumberOfPupils": str(school.pupils),
        "NumberOfBoys": str(school.boys),
        "NumberOfGirls": str(school.girls),
    }
    if school.fsm is not None:
        values["PercentageFSM"] = f"{school.fsm_pct:.2f}"
        values["FSM"] = str(school.fsm)
    return values


def establishment_values(school):
    """Column -> value for one establishment (unlisted columns are empty)."""
    la, etype = school.la, school.etype
    open_now = school.status != "Closed"
    religion_code = RELIGIONS[school.religion][0]
    values = {
        "URN": school.urn,
        "LA (code)": la.code,
        "LA (name)": la.name,
        "EstablishmentNumber": f"{school.number:04d}",
        "EstablishmentName": school.name,
        "TypeOfEstablishment (code)": etype.code,
        "TypeOfEstablishment (name)": etype.name,
        "EstablishmentTypeGroup (code)": etype.group[0],
        "EstablishmentTypeGroup (name)": etype.group[1],
        "EstablishmentStatus (code)": STATUSES[school.status],
        "EstablishmentStatus (name)": school.status,
        "ReasonEstablishmentOpened (code)": REASONS_OPENED[school.reason_opened],
        "ReasonEstablishmentOpened (name)": school.reason_opened,
        "OpenDate": gias_date(school.open_date),
        "ReasonEstablishmentClosed (code)": REASONS_CLOSED[school.reason_closed],
        "ReasonEstablishmentClosed (name)": school.reason_closed,
        "CloseDate": gias_date(school.close_date),
        "PhaseOfEducation (code)": PHASES[school.phase],
        "PhaseOfEducation (name)": school.phase,
        "StatutoryLowAge": school.low_age,
        "StatutoryHighAge": school.high_age,
        "Boarders (code)": "1",
        "Boarders (name)": "No boarders",
        "NurseryProvision (name)": school.nursery,
        "OfficialSixthForm (code)": SIXTH_FORM[school.sixth_form],
        "OfficialSixthForm (name)": school.sixth_form,
        "Gender (code)": GENDERS[school.gender],
        "Gender (name)": school.gender,
        "ReligiousCharacter (code)": religion_code,
        "ReligiousCharacter (name)": school.religion,
        "ReligiousEthos (name)": "Does not apply" if etype.state_funded else school.religion,
        "Diocese (code)": school.diocese[0],
        "Diocese (name)": school.diocese[1],
        "AdmissionsPolicy (code)": ADMISSIONS[school.admissions],
        "AdmissionsPolicy (name)": school.admissions,
        "SchoolCapacity": school.capacity if open_now else None,
        "SpecialClasses (code)": ("1" if school.special_classes == "Has Special Classes" else "2") if open_now else "0",
        "SpecialClasses (name)": school.special_classes if open_now else "Not applicable",
        "FederationFlag (name)": "Supported by a federation" if school.federation else "Not under a federation",
        "Federations (code)": school.federation[0] if school.federation else "",
        "Federations (name)": school.federation[1] if school.federation else "",
        "UKPRN": school.ukprn,
        "FurtherEducationType (name)": school.fe_type,
        "LastChangedDate": gias_date(school.last_changed),
        "Street": school.street,
        "Locality": school.locality,
        "Town": school.town,
        "County (name)": school.county,
        "Postcode": school.postcode,
        "SchoolWebsite": school.website if open_now else "",
        "TelephoneNum": school.phone if open_now else "",
        "HeadTitle (name)": school.head[0] if open_now else "",
        "HeadFirstName": school.head[1] if open_now else "",
        "HeadLastName": school.head[2] if open_now else "",
        "HeadPreferredJobTitle": school.head_job,
        "BSOInspectorateName (name)": "Not applicable",
        "TeenMoth (name)": "Not applicable",
        "CCF (name)": "Not applicable",
        "SENPRU (name)": "Not applicable",
        "EBD (name)": "Not applicable",
        "EdByOther (name)": "Not applicable",
        "Section41Approved (name)": "Approved" if school.type_key == "independent_special" else "Not applicable",
        "GOR (code)": la.region.gor_code,
        "GOR (name)": la.region.name,
        "DistrictAdministrative (code)": school.district[0],
        "DistrictAdministrative (name)": school.district[1],
        "AdministrativeWard (code)": school.ward[0],
        "AdministrativeWard (name)": school.ward[1],
        "ParliamentaryConstituency (code)": school.constituency[0],
        "ParliamentaryConstituency (name)": school.constituency[1],
        "UrbanRural (code)": school.urban_rural[0],
        "UrbanRural (name)": school.urban_rural[1],
        "GSSLACode (name)": la.gss_code,
        "Easting": school.easting,
        "Northing": school.northing,
        "MSOA (name)": f"{la.name} {school.msoa:03d}",
        "LSOA (name)": f"{la.name} {school.msoa:03d}{school.lsoa}",
        "InspectorateName (name)": "" if etype.state_funded else "Ofsted",
        "PreviousLA (code)": "999",
        "UPRN": school.uprn,
        "QABName (code)": "0",
        "QABName (name)": "Not applicable",
        "EstablishmentAccredited (code)": "0",
        "EstablishmentAccredited (name)": "Not applicable",
        "MSOA (code)": f"E02{LA_INDEX[la.code]:03d}{school.msoa:03d}",
        "LSOA (code)": f"E01{LA_INDEX[la.code]:03d}{(school.msoa * 5 + 'ABCDE'.index(school.lsoa)) % 1000:03d}",
    }
    for i, need in enumerate(school.sen, start=1):
        values[f"SEN{i} (name)"] = need
    values.update(_trust_values(school))
    if open_now:
        values.update(_census_values(school))
    return values


def write_establishments(path, population):
    """`edubasealldata.csv`: one row per establishment, in URN order. Returns the row count."""
    lines = (format_row(GIAS_ESTABLISHMENT_COLUMNS, GIAS_INTEGER_COLUMNS, establishment_values(school))
             for school in population.establishments)
    return write_lines(path, GIAS_ESTABLISHMENT_COLUMNS, lines)


def link_rows(population):
    """(URN, LinkURN, LinkName, LinkType, date) for every link, from both ends, in URN order."""
    for school in population.establishments:
        for other, link_type, day in sorted(school.links, key=lambda link: (link[0].urn, link[1])):
            yield school.urn, other.urn, other.name, link_type, gias_date(day)


def write_links(path, population):
    """`links_edubasealldata.csv`. Returns the row count."""
    lines = (
        format_row(GIAS_LINKS_COLUMNS, GIAS_LINKS_INTEGER_COLUMNS,
                   dict(zip(GIAS_LINKS_COLUMNS, row)))
        for row in link_rows(population)
    )
    return write_lines(path, GIAS_LINKS_COLUMNS, lines)
