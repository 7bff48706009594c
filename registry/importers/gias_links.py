"""Import the GIAS links file (`links_edubasealldata<YYYYMMDD>.csv`): predecessors and
successors on closure, academy conversion, merger and split.

The file is national; links from establishments that are not in the registry are skipped.
A re-import replaces the links of every school it names, so a corrected file corrects them.
"""
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from registry.importers.bulk_sql import in_slices
from registry.importers.csv_source import CsvTable, ProblemList, fingerprint_and_check_encoding, parse_date
from registry.importers.gias import GIAS_DATE
from registry.models import ImportRun, School, SchoolLink

REQUIRED_COLUMNS = ("URN", "LinkURN", "LinkName", "LinkType", "LinkEstablishedDate")


@dataclass
class LinksImportReport:
    file_name: str
    rows: int = 0
    stored: int = 0
    skipped_unknown_school: int = 0

    def lines(self):
        yield f"{self.file_name}: {self.rows:,} rows"
        yield f"  links stored: {self.stored:,}"
        yield f"  skipped (school not in the registry): {self.skipped_unknown_school:,}"


def _read(path, progress):
    sha256, encoding = fingerprint_and_check_encoding(path, "cp1252")
    problems = ProblemList(path.name)
    links, seen = [], set()
    with open(path, encoding=encoding, newline="") as handle:
        table = CsvTable(handle, path.name, REQUIRED_COLUMNS)
        rows = table.rows()
        for row_number, values in progress(rows) if progress else rows:
            if values is None:
                problems.add(row_number, None, f"the row does not have the header's {table.width} columns")
                continue
            urns = []
            for column in ("URN", "LinkURN"):
                value = values[column].strip()
                if not value.isdigit():
                    problems.add(row_number, column, f"'{value}' is not a URN (a 6-digit number)")
                urns.append(value)
            try:
                established = parse_date(values["LinkEstablishedDate"], GIAS_DATE)
            except ValueError:
                problems.add(
                    row_number, "LinkEstablishedDate", f"'{values['LinkEstablishedDate']}' is not a real date (dd-mm-yyyy)"
                )
                continue
            link_type = values["LinkType"].strip()
            if not link_type:
                problems.add(row_number, "LinkType", "the link has no type")
            if not all(u.isdigit() for u in urns) or not link_type:
                continue
            key = (int(urns[0]), int(urns[1]), link_type)
            if key in seen:
                problems.add(row_number, None, f"the link {key[0]} {link_type} {key[1]} is listed twice")
                continue
            seen.add(key)
            links.append((*key, values["LinkName"].strip(), established))
    problems.raise_if_any()
    return sha256, links


def import_gias_links(path, progress=None) -> LinksImportReport:
    path = Path(path)
    started = timezone.now()
    sha256, links = _read(path, progress)
    report = LinksImportReport(file_name=path.name, rows=len(links))
    school_ids = dict(School.objects.values_list("urn", "id"))
    new_links = []
    for urn, linked_urn, link_type, linked_name, established in links:
        school_id = school_ids.get(urn)
        if school_id is None:
            report.skipped_unknown_school += 1
            continue
        new_links.append(
            SchoolLink(
                school_id=school_id,
                linked_urn=linked_urn,
                link_type=link_type,
                linked_name=linked_name,
                established_date=established,
            )
        )
    report.stored = len(new_links)
    with transaction.atomic():
        # Replace the links of the schools this file names (in slices: SQLite limits query size).
        for school_ids in in_slices({link.school_id for link in new_links}):
            SchoolLink.objects.filter(school_id__in=school_ids).delete()
        SchoolLink.objects.bulk_create(new_links, batch_size=2000)
        ImportRun.record(
            ImportRun.Kind.GIAS_LINKS,
            file_name=path.name,
            sha256=sha256,
            rows=report.rows,
            created=report.stored,
            details={"skipped_unknown_school": report.skipped_unknown_school},
            started_at=started,
            finished_at=timezone.now(),
        )
    return report
