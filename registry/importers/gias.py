"""Import the GIAS establishments file (`edubasealldata<YYYYMMDD>.csv`) exactly as DfE publishes it.

The whole file is checked first; if any row is wrong nothing is written. Then, in one
transaction, schools are created or updated in place and the import reports what changed.
"""
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from registry import coordinates, establishment_types
from registry.importers.bulk_sql import insert_rows, update_rows
from registry.importers.csv_source import (
    CsvTable,
    ProblemList,
    fingerprint_and_check_encoding,
    is_ascii_number,
    parse_date,
    parse_whole_number,
)
from registry.models import ImportRun, Organisation, School

GIAS_DATE = "%d-%m-%Y"

REQUIRED_COLUMNS = (
    "URN",
    "EstablishmentName",
    "TypeOfEstablishment (name)",
    "EstablishmentStatus (name)",
    "PhaseOfEducation (name)",
    "LA (code)",
    "LA (name)",
    "GOR (name)",
    "Easting",
    "Northing",
    "Postcode",
    "ReligiousCharacter (name)",
    "Diocese (name)",
    "Trusts (code)",
    "Trusts (name)",
    "NumberOfPupils",
    "SchoolCapacity",
    "OpenDate",
    "CloseDate",
)
OPTIONAL_COLUMNS = (
    "EstablishmentNumber",
    "EstablishmentTypeGroup (name)",
    "ReasonEstablishmentClosed (name)",
    "StatutoryLowAge",
    "StatutoryHighAge",
    "Gender (name)",
    "ReligiousEthos (name)",
    "Diocese (code)",
    "TrustSchoolFlag (name)",
    "Street",
    "Town",
    "SchoolWebsite",
    "LastChangedDate",
)

# The School fields this import owns, compared one by one to report what changed.
SCHOOL_FIELDS = (
    "name",
    "establishment_number",
    "local_authority_id",
    "region",
    "type_name",
    "type_group",
    "phase",
    "status",
    "open_date",
    "close_date",
    "close_reason",
    "statutory_low_age",
    "statutory_high_age",
    "gender",
    "religious_character",
    "religious_ethos",
    "diocese_id",
    "trust_id",
    "trust_flag",
    "number_of_pupils",
    "school_capacity",
    "is_state_funded",
    "is_special",
    "street",
    "town",
    "postcode",
    "website",
    "easting",
    "northing",
    "latitude",
    "longitude",
    "gias_last_changed",
)

# GIAS's ways of saying "none" in name columns.
NOT_APPLICABLE = {"", "Not applicable", "Does not apply", "None", "Not Applicable"}
NO_LA_CODES = {"", "0", "000"}


@dataclass
class GiasImportReport:
    file_name: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    closed: int = 0
    unchanged: int = 0
    not_in_file: int = 0
    changed_fields: Counter = field(default_factory=Counter)
    organisations_created: Counter = field(default_factory=Counter)

    def lines(self):
        yield f"{self.file_name}: {self.rows:,} rows"
        yield f"  created:   {self.created:,}"
        yield f"  updated:   {self.updated:,}"
        for name, count in self.changed_fields.most_common():
            yield f"    {name}: {count:,}"
        yield f"  closed:    {self.closed:,} (open before, closed in this file)"
        yield f"  unchanged: {self.unchanged:,}"
        if self.not_in_file:
            yield f"  in the registry but not in this file: {self.not_in_file:,} (kept as they were)"
        if self.organisations_created:
            counts = ", ".join(
                f"{Organisation.Kind(kind).label.lower()} {count:,}" for kind, count in sorted(self.organisations_created.items())
            )
            yield f"  new organisations: {counts}"


@dataclass
class _ParsedRow:
    urn: int
    values: dict
    la: tuple | None
    diocese: tuple | None
    trust: tuple | None


def _text(values, column):
    return values.get(column, "").strip()


def _named(values, column):
    value = _text(values, column)
    return "" if value in NOT_APPLICABLE else value


def _parse_row(row_number, values, problems):
    """Turn one GIAS row into School field values, recording every problem found."""

    def number(column):
        try:
            return parse_whole_number(values.get(column, ""))
        except ValueError as error:
            problems.add(row_number, column, str(error))
            return None

    def day(column):
        try:
            return parse_date(values.get(column, ""), GIAS_DATE)
        except ValueError:
            problems.add(row_number, column, f"'{values[column]}' is not a real date in the form dd-mm-yyyy")
            return None

    raw_urn = _text(values, "URN")
    if not (is_ascii_number(raw_urn) and 5 <= len(raw_urn) <= 7):
        problems.add(row_number, "URN", f"'{raw_urn}' is not a URN (a 6-digit number)")
        return None
    status_name = _text(values, "EstablishmentStatus (name)")
    status = establishment_types.STATUSES.get(status_name)
    if status is None:
        problems.add(row_number, "EstablishmentStatus (name)", f"unknown status '{status_name}'")
    name = _text(values, "EstablishmentName")
    if not name:
        problems.add(row_number, "EstablishmentName", "the school has no name")
    type_name = _text(values, "TypeOfEstablishment (name)")
    open_date, close_date = day("OpenDate"), day("CloseDate")
    if open_date and close_date and close_date < open_date:
        problems.add(row_number, "CloseDate", f"closes ({close_date:%d-%m-%Y}) before it opens ({open_date:%d-%m-%Y})")
    easting, northing = number("Easting"), number("Northing")
    if not coordinates.is_on_grid(easting, northing):
        easting = northing = None

    la_code, la_name = _text(values, "LA (code)"), _named(values, "LA (name)")
    diocese_name = _named(values, "Diocese (name)")
    diocese_code = _text(values, "Diocese (code)") or diocese_name
    trust_code, trust_name = _text(values, "Trusts (code)"), _text(values, "Trusts (name)")
    region = _named(values, "GOR (name)")
    school = {
        "name": name,
        "establishment_number": _text(values, "EstablishmentNumber"),
        "region": region,
        "type_name": type_name,
        "type_group": _text(values, "EstablishmentTypeGroup (name)"),
        "phase": _text(values, "PhaseOfEducation (name)"),
        "status": status,
        "open_date": open_date,
        "close_date": close_date,
        "close_reason": _named(values, "ReasonEstablishmentClosed (name)"),
        "statutory_low_age": number("StatutoryLowAge"),
        "statutory_high_age": number("StatutoryHighAge"),
        "gender": _named(values, "Gender (name)"),
        "religious_character": _named(values, "ReligiousCharacter (name)"),
        "religious_ethos": _named(values, "ReligiousEthos (name)"),
        "trust_flag": _named(values, "TrustSchoolFlag (name)"),
        "number_of_pupils": number("NumberOfPupils"),
        "school_capacity": number("SchoolCapacity"),
        "is_state_funded": establishment_types.is_state_funded(type_name),
        "is_special": establishment_types.is_special(type_name),
        "street": _text(values, "Street"),
        "town": _text(values, "Town"),
        "postcode": _text(values, "Postcode").upper(),
        "website": _text(values, "SchoolWebsite"),
        "easting": easting,
        "northing": northing,
        "gias_last_changed": day("LastChangedDate"),
    }
    return _ParsedRow(
        urn=int(raw_urn),
        values=school,
        la=(la_code, la_name, region) if la_code not in NO_LA_CODES and la_name else None,
        diocese=(diocese_code, diocese_name, "") if diocese_name else None,
        trust=(trust_code, trust_name, "") if trust_code and trust_name else None,
    )


def read_gias_file(path: Path, progress=None):
    """Check the whole file and return (sha256, parsed rows). Raises ImportRejected."""
    sha256, encoding = fingerprint_and_check_encoding(path, "cp1252")
    problems = ProblemList(path.name)
    parsed, first_row_of = [], {}
    with open(path, encoding=encoding, newline="") as handle:
        table = CsvTable(handle, path.name, REQUIRED_COLUMNS, OPTIONAL_COLUMNS)
        rows = table.rows()
        for row_number, values in progress(rows) if progress else rows:
            if values is None:
                problems.add(row_number, None, f"the row does not have the header's {table.width} columns")
                continue
            row = _parse_row(row_number, values, problems)
            if row is None:
                continue
            if row.urn in first_row_of:
                problems.add(row_number, "URN", f"URN {row.urn} is also on row {first_row_of[row.urn]}")
                continue
            first_row_of[row.urn] = row_number
            parsed.append(row)
    problems.raise_if_any()
    return sha256, parsed


def _organisation_ids(parsed, report):
    """Create or rename the trusts, local authorities and dioceses the file names; return
    {(kind, code): id}."""
    wanted = {}
    for row in parsed:
        for kind, details in (
            (Organisation.Kind.LOCAL_AUTHORITY, row.la),
            (Organisation.Kind.DIOCESE, row.diocese),
            (Organisation.Kind.ACADEMY_TRUST, row.trust),
        ):
            if details:
                code, name, region = details
                wanted.setdefault((kind.value, code), (name, region))
    kinds = {kind for kind, _ in wanted}
    existing = {(o.kind, o.code): o for o in Organisation.objects.filter(kind__in=kinds).exclude(code="")}
    new = []
    for (kind, code), (name, region) in wanted.items():
        organisation = existing.get((kind, code))
        if organisation is None:
            new.append(Organisation(kind=kind, code=code, name=name, region=region))
            report.organisations_created[kind] += 1
        elif organisation.name != name or (region and organisation.region != region):
            organisation.name, organisation.region = name, region or organisation.region
            organisation.save(update_fields=["name", "region", "updated_at"])
    Organisation.objects.bulk_create(new, batch_size=1000)
    return {
        (o.kind, o.code): o.id for o in Organisation.objects.filter(kind__in=kinds).exclude(code="").only("id", "kind", "code")
    }


def _add_locations(parsed):
    located = [row for row in parsed if row.values["easting"] is not None]
    points = coordinates.to_latitude_longitude(
        [row.values["easting"] for row in located], [row.values["northing"] for row in located]
    )
    for row, (latitude, longitude) in zip(located, points):
        row.values["latitude"], row.values["longitude"] = latitude, longitude
    for row in parsed:
        row.values.setdefault("latitude", None)
        row.values.setdefault("longitude", None)


@transaction.atomic
def _store(parsed, report):
    organisation_ids = _organisation_ids(parsed, report)
    for row in parsed:
        row.values["local_authority_id"] = organisation_ids[("local_authority", row.la[0])] if row.la else None
        row.values["diocese_id"] = organisation_ids[("diocese", row.diocese[0])] if row.diocese else None
        row.values["trust_id"] = organisation_ids[("academy_trust", row.trust[0])] if row.trust else None
    _add_locations(parsed)

    existing = {values[0]: values for values in School.objects.values_list("urn", "id", *SCHOOL_FIELDS).iterator()}
    to_create, to_update, fields_changed = [], [], set()
    for row in parsed:
        before = existing.pop(row.urn, None)
        if before is None:
            to_create.append(row)
            continue
        changed = [name for name, old in zip(SCHOOL_FIELDS, before[2:]) if row.values[name] != old]
        if not changed:
            report.unchanged += 1
            continue
        report.updated += 1
        report.changed_fields.update(name.removesuffix("_id") for name in changed)
        fields_changed.update(changed)
        status_before = before[2 + SCHOOL_FIELDS.index("status")]
        if status_before in School.OPEN_STATUSES and row.values["status"] == School.Status.CLOSED:
            report.closed += 1
        to_update.append((row, before[1]))
    report.created = len(to_create)
    report.not_in_file = len(existing)
    new_school_fields = ("urn", "latest_outcome", *SCHOOL_FIELDS)
    insert_rows(
        School,
        new_school_fields,
        ((row.urn, School.Outcome.NOT_INSPECTED.value, *(row.values[name] for name in SCHOOL_FIELDS)) for row in to_create),
    )
    if to_update:
        changed_fields = sorted(fields_changed)
        update_rows(School, changed_fields, ((*(row.values[name] for name in changed_fields), pk) for row, pk in to_update))


def import_gias(path, progress=None) -> GiasImportReport:
    """Import a GIAS establishments CSV. Raises ImportRejected (nothing written) on bad input."""
    path = Path(path)
    started = timezone.now()
    sha256, parsed = read_gias_file(path, progress)
    report = GiasImportReport(file_name=path.name, rows=len(parsed))
    with transaction.atomic():
        _store(parsed, report)
        ImportRun.record(
            ImportRun.Kind.GIAS,
            file_name=path.name,
            sha256=sha256,
            rows=report.rows,
            created=report.created,
            updated=report.updated,
            closed=report.closed,
            unchanged=report.unchanged,
            details={
                "changed_fields": dict(report.changed_fields),
                "not_in_file": report.not_in_file,
                "organisations_created": dict(report.organisations_created),
            },
            started_at=started,
            finished_at=timezone.now(),
        )
    return report
