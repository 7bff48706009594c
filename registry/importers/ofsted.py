"""Import Ofsted's management information for state-funded schools, keeping every inspection.

Ofsted publishes two kinds of file, and changes their layout between editions:
- "latest inspections as at <date>": one row per school, holding several inspections side by
  side (the latest full inspection, the latest graded one under the old framework, the previous
  graded one, the latest ungraded one);
- "all inspections, year to date": one row per inspection.
Each set of columns that describes one inspection is a *block* below; a file's header says
which blocks it has. Importing several editions builds up each school's history.
"""
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from registry.importers.bulk_sql import insert_rows, update_rows
from registry.importers.csv_source import (
    CsvTable,
    ImportRejected,
    Problem,
    ProblemList,
    fingerprint_and_check_encoding,
    is_ascii_number,
    parse_date,
)
from registry.inspection_standing import refresh_inspection_summaries
from registry.models import ImportRun, Inspection, ReportCardGrade, School

OFSTED_DATE = "%d/%m/%Y"
# The old framework's overall effectiveness grade was removed for inspections from this date.
NO_OVERALL_GRADE_FROM = date(2024, 9, 2)

OEIF_GRADES = {"1": 1, "2": 2, "3": 3, "4": 4}
# 9 = not applicable; 8 also occurs in early-years columns; "Not judged" from 2 Sept 2024.
OEIF_NOT_GRADED = {"", "NULL", "8", "9", "Not judged", "Not applicable"}
REPORT_CARD_GRADES = {grade.label: grade.value for grade in ReportCardGrade}
REPORT_CARD_NOT_GRADED = {"", "NULL", "Not applicable"}
YES_NO = {"Yes": True, "No": False, "Met": True, "Not met": False}

OEIF_FIELDS = (
    "overall_effectiveness",
    "quality_of_education",
    "behaviour_and_attitudes",
    "personal_development",
    "leadership_and_management",
    "early_years_provision",
    "sixth_form_provision",
)


@dataclass(frozen=True)
class Block:
    """The columns of one inspection inside a row. `grades` maps Inspection fields to columns."""

    name: str
    number: str
    start: str
    publication: str = ""
    inspection_type: str = ""
    urn_at_time: str = ""
    category: str = ""
    oeif: dict = field(default_factory=dict)
    safeguarding_effective: str = ""
    report_card: dict = field(default_factory=dict)
    safeguarding_standards: str = ""
    ungraded_outcome: str = ""

    def columns(self):
        named = [self.number, self.start, self.publication, self.inspection_type, self.urn_at_time, self.category]
        named += [self.safeguarding_effective, self.safeguarding_standards, self.ungraded_outcome]
        return [c for c in named if c] + list(self.oeif.values()) + list(self.report_card.values())


def _oeif(prefix="", **names):
    return {name: f"{prefix}{column}" for name, column in names.items()}


REPORT_CARD_COLUMNS = {
    "inclusion": "Inclusion",
    "curriculum_and_teaching": "Curriculum and teaching",
    "achievement": "Achievement",
    "attendance_and_behaviour": "Attendance and behaviour",
    "personal_development_and_wellbeing": "Personal development and wellbeing",
    "early_years": "Early years (where applicable)",
    "post_16": "Post-16 provision (where applicable)",
    "leadership_and_governance": "Leadership and governance",
}

BLOCKS = (
    # Latest inspections, 2024 editions (74 columns).
    Block(
        name="latest graded (2024 layout)",
        number="Inspection number of latest graded inspection",
        start="Inspection start date",
        publication="Publication date",
        inspection_type="Inspection type",
        urn_at_time="URN at time of latest graded inspection",
        category="Category of concern",
        oeif={
            "overall_effectiveness": "Overall effectiveness",
            "quality_of_education": "Quality of education",
            "behaviour_and_attitudes": "Behaviour and attitudes",
            "personal_development": "Personal development",
            "leadership_and_management": "Effectiveness of leadership and management",
            "early_years_provision": "Early years provision (where applicable)",
            "sixth_form_provision": "Sixth form provision (where applicable)",
        },
        safeguarding_effective="Safeguarding is effective?",
    ),
    Block(
        name="previous graded (2024 layout)",
        number="Previous graded inspection number",
        start="Previous inspection start date",
        publication="Previous publication date",
        urn_at_time="URN at time of previous graded inspection",
        category="Previous category of concern",
        oeif={
            "overall_effectiveness": "Previous graded inspection overall effectiveness",
            "quality_of_education": "Previous quality of education",
            "behaviour_and_attitudes": "Previous behaviour and attitudes",
            "personal_development": "Previous personal development",
            "leadership_and_management": "Previous effectiveness of leadership and management",
            "early_years_provision": "Previous early years provision (where applicable)",
            "sixth_form_provision": "Previous sixth form provision (where applicable)",
        },
        safeguarding_effective="Previous safeguarding is effective?",
    ),
    Block(
        name="latest ungraded (2024 layout)",
        number="Latest ungraded inspection number since last graded inspection",
        start="Date of latest ungraded inspection",
        publication="Ungraded inspection publication date",
        urn_at_time="URN at time of the ungraded inspection",
        ungraded_outcome="Ungraded inspection overall outcome",
    ),
    # Latest inspections, report-card editions (85 columns, from 2026).
    Block(
        name="latest full inspection (report-card layout)",
        number="Inspection number of latest full inspection",
        start="Inspection start date",
        publication="Publication date",
        inspection_type="Inspection type",
        urn_at_time="URN at time of latest full inspection",
        category="Category of concern",
        report_card=REPORT_CARD_COLUMNS,
        safeguarding_standards="Safeguarding standards",
    ),
    Block(
        name="latest OEIF graded (report-card layout)",
        number="Inspection number of latest OEIF graded inspection",
        start="Inspection start date of latest OEIF graded inspection",
        publication="Publication date of latest OEIF graded inspection",
        inspection_type="Inspection type of latest OEIF graded inspection",
        urn_at_time="URN at time of latest OEIF graded inspection",
        category="Latest OEIF category of concern",
        oeif={
            "overall_effectiveness": "Latest OEIF overall effectiveness",
            "quality_of_education": "Latest OEIF quality of education",
            "behaviour_and_attitudes": "Latest OEIF behaviour and attitudes",
            "personal_development": "Latest OEIF personal development",
            "leadership_and_management": "Latest OEIF effectiveness of leadership and management",
            "early_years_provision": "Latest OEIF early years provision (where applicable)",
            "sixth_form_provision": "Latest OEIF sixth form provision (where applicable)",
        },
        # Ofsted's header has a double space here.
        safeguarding_effective="Latest OEIF  safeguarding is effective?",
    ),
    Block(
        name="latest ungraded (report-card layout)",
        number="Latest ungraded inspection number",
        start="Date of latest ungraded inspection",
        publication="Ungraded inspection publication date",
        urn_at_time="URN at time of the ungraded inspection",
        ungraded_outcome="Ungraded inspection overall outcome",
    ),
    # All inspections, year to date (41 columns): one inspection a row.
    Block(
        name="inspection (year-to-date layout)",
        number="Inspection number",
        start="Inspection start date",
        publication="Publication date",
        inspection_type="Inspection type",
        category="Category of concern",
        report_card=REPORT_CARD_COLUMNS,
        safeguarding_standards="Safeguarding standards",
    ),
)

INSPECTION_FIELDS = (
    "regime",
    "inspection_type",
    "start_date",
    "publication_date",
    "urn_at_time",
    "category_of_concern",
    *OEIF_FIELDS,
    "safeguarding_effective",
    *REPORT_CARD_COLUMNS,
    "safeguarding_standards_met",
    "ungraded_outcome",
)


@dataclass
class OfstedImportReport:
    file_name: str
    rows: int = 0
    inspections: int = 0
    layout: list = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped_unknown_school: int = 0
    unknown_urns: list = field(default_factory=list)
    schools_refreshed: int = 0

    def lines(self):
        yield f"{self.file_name}: {self.rows:,} rows, {self.inspections:,} inspections"
        yield f"  inspection columns found: {'; '.join(self.layout)}"
        yield f"  inspections created: {self.created:,}"
        yield f"  inspections updated: {self.updated:,}"
        yield f"  inspections unchanged: {self.unchanged:,}"
        if self.skipped_unknown_school:
            sample = ", ".join(str(u) for u in self.unknown_urns[:10])
            yield f"  inspections skipped, school not in the registry: {self.skipped_unknown_school:,} (for example URN {sample})"
        yield f"  schools whose inspection summary was refreshed: {self.schools_refreshed:,}"


def _text(values, column):
    value = values.get(column, "").strip() if column else ""
    return "" if value == "NULL" else value


def _parse_block(block, row_number, values, problems):
    """Return Inspection field values for one block of a row, or None if the block is empty."""
    number = _text(values, block.number)
    if not number:
        return None
    found = {"inspection_number": number}

    def day(column):
        try:
            return parse_date(values.get(column, ""), OFSTED_DATE) if column else None
        except ValueError:
            problems.add(row_number, column, f"'{values[column]}' is not a real date in the form dd/mm/yyyy")
            return None

    found["start_date"] = day(block.start)
    found["publication_date"] = day(block.publication)
    found["inspection_type"] = _text(values, block.inspection_type)
    urn_at_time = _text(values, block.urn_at_time)
    found["urn_at_time"] = int(urn_at_time) if is_ascii_number(urn_at_time) else None
    found["category_of_concern"] = _text(values, block.category)

    for name in OEIF_FIELDS:
        raw = values.get(block.oeif.get(name, ""), "").strip()
        if raw in OEIF_GRADES:
            found[name] = OEIF_GRADES[raw]
        else:
            found[name] = None
            if raw not in OEIF_NOT_GRADED:
                problems.add(row_number, block.oeif[name], f"'{raw}' is not an Ofsted grade (1 to 4, 9 or Not judged)")
    for name in REPORT_CARD_COLUMNS:
        raw = values.get(block.report_card.get(name, ""), "").strip()
        if raw in REPORT_CARD_GRADES:
            found[name] = REPORT_CARD_GRADES[raw]
        else:
            found[name] = ""
            if raw not in REPORT_CARD_NOT_GRADED:
                problems.add(row_number, block.report_card[name], f"'{raw}' is not a report-card grade")
    for name, column in (
        ("safeguarding_effective", block.safeguarding_effective),
        ("safeguarding_standards_met", block.safeguarding_standards),
    ):
        raw = _text(values, column)
        found[name] = YES_NO.get(raw)
        if raw and raw not in YES_NO and raw != "9":
            problems.add(row_number, column, f"'{raw}' is not Yes/No or Met/Not met")
    found["ungraded_outcome"] = _text(values, block.ungraded_outcome)
    found["regime"] = _regime(found)
    return found


def _regime(found):
    if any(found[name] for name in REPORT_CARD_COLUMNS) or found["safeguarding_standards_met"] is not None:
        return Inspection.Regime.REPORT_CARD
    if found["overall_effectiveness"] is not None:
        return Inspection.Regime.OEIF_GRADED
    if any(found[name] is not None for name in Inspection.KEY_JUDGEMENTS):
        return Inspection.Regime.OEIF_NO_OVERALL
    if found["ungraded_outcome"]:
        return Inspection.Regime.UNGRADED
    return Inspection.Regime.OTHER


def read_ofsted_file(path: Path, progress=None):
    """Check the whole file; return (sha256, block names found, row count, {(urn, number): fields})."""
    sha256, encoding = fingerprint_and_check_encoding(path, "utf-8-or-cp1252")
    problems = ProblemList(path.name)
    optional = sorted({c for block in BLOCKS for c in block.columns()})
    inspections, row_count = {}, 0
    with open(path, encoding=encoding, newline="") as handle:
        table = CsvTable(handle, path.name, ("URN",), optional)
        blocks = [block for block in BLOCKS if table.has(block.number) and table.has(block.start)]
        if not blocks:
            raise ImportRejected(
                [Problem(path.name, 1, None, "no inspection columns recognised: is this an Ofsted management information file?")]
            )
        rows = table.rows()
        for row_number, values in progress(rows) if progress else rows:
            row_count += 1
            if values is None:
                problems.add(row_number, None, f"the row does not have the header's {table.width} columns")
                continue
            raw_urn = values["URN"].strip()
            if not raw_urn.isdigit():
                problems.add(row_number, "URN", f"'{raw_urn}' is not a URN (a 6-digit number)")
                continue
            for block in blocks:
                found = _parse_block(block, row_number, values, problems)
                if found:
                    # The same inspection can appear in two blocks (latest full = latest graded).
                    inspections.setdefault((int(raw_urn), found["inspection_number"]), found)
    problems.raise_if_any()
    return sha256, [block.name for block in blocks], row_count, inspections


def import_ofsted(path, progress=None) -> OfstedImportReport:
    """Import an Ofsted management information CSV. Raises ImportRejected (nothing written)."""
    path = Path(path)
    started = timezone.now()
    sha256, layout, rows, inspections = read_ofsted_file(path, progress)
    report = OfstedImportReport(file_name=path.name, rows=rows, inspections=len(inspections), layout=layout)
    urns_in_file = {urn for urn, _ in inspections}
    school_ids = {urn: pk for urn, pk in School.objects.values_list("urn", "id").iterator() if urn in urns_in_file}
    ids_in_file = set(school_ids.values())
    with transaction.atomic():
        existing = {
            (values[0], values[1]): values
            for values in Inspection.objects.values_list("school_id", "inspection_number", "id", *INSPECTION_FIELDS).iterator()
            if values[0] in ids_in_file
        }
        to_create, to_update, changed_fields, unknown = [], [], set(), set()
        for (urn, number), found in inspections.items():
            school_id = school_ids.get(urn)
            if school_id is None:
                unknown.add(urn)
                continue
            before = existing.get((school_id, number))
            if before is None:
                to_create.append((school_id, found))
                continue
            changed = [name for name, old in zip(INSPECTION_FIELDS, before[3:]) if found[name] != old]
            if changed:
                changed_fields.update(changed)
                to_update.append((school_id, before[2], found))
            else:
                report.unchanged += 1
        insert_rows(
            Inspection,
            ("school_id", "inspection_number", *INSPECTION_FIELDS),
            ((school_id, found["inspection_number"], *(found[name] for name in INSPECTION_FIELDS)) for school_id, found in to_create),
        )
        if to_update:
            fields = sorted(changed_fields)
            update_rows(Inspection, fields, ((*(found[name] for name in fields), pk) for _, pk, found in to_update))
        report.created, report.updated = len(to_create), len(to_update)
        report.skipped_unknown_school = sum(1 for urn, _ in inspections if urn in unknown)
        report.unknown_urns = sorted(unknown)
        touched = {school_id for school_id, *_ in (*to_create, *to_update)}
        report.schools_refreshed = refresh_inspection_summaries(touched)
        ImportRun.record(
            ImportRun.Kind.OFSTED,
            file_name=path.name,
            sha256=sha256,
            rows=report.rows,
            created=report.created,
            updated=report.updated,
            unchanged=report.unchanged,
            details={"layout": layout, "skipped_unknown_school": report.skipped_unknown_school},
            started_at=started,
            finished_at=timezone.now(),
        )
    return report
