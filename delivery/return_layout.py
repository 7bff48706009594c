"""The annual return's column layout: one row per contributor × delivery area, and one row per
KPI. The same columns go to the CSV, the XLSX, the national roll-up and the API, and
docs/annual-return.md describes each one (a test checks every column is described there).

Each column is (key in the stored row, header in the file, kind): "text", "number" or "count".
Numbers and counts stay numbers in the XLSX; text is neutralised so nothing typed on the site runs
as a formula when the file is opened.
"""
from decimal import Decimal

from delivery.spreadsheets import csv_bytes, xlsx_bytes

COLUMNS = [
    ("alliance", "Alliance", "text"),
    ("alliance_id", "Alliance id", "text"),
    ("academic_year", "Academic year", "text"),
    ("return_version", "Return version", "count"),
    ("return_state", "Return state", "text"),
    ("contributor_type", "Contributor type", "text"),
    ("urn", "URN", "count"),
    ("organisation_id", "Organisation id", "count"),
    ("organisation_code", "Organisation code", "text"),
    ("contributor", "Contributor", "text"),
    ("role", "Role", "text"),
    ("area", "Delivery area", "text"),
    ("days", "Days", "number"),
    ("records", "Records (by share)", "number"),
    ("share_of_area", "Share of area (%)", "number"),
    ("overall_share", "Overall share (%)", "number"),
    ("outputs", "Outputs", "count"),
    ("confirmed_entries", "Confirmed entries", "count"),
    ("awaiting_entries", "Entries awaiting confirmation", "count"),
    ("disputed_entries", "Disputed entries", "count"),
    ("disputed_days", "Disputed days", "number"),
    ("disputed_records", "Disputed records (by share)", "number"),
    ("status", "Status", "text"),
]

KPI_COLUMNS = [
    ("alliance", "Alliance", "text"),
    ("alliance_id", "Alliance id", "text"),
    ("academic_year", "Academic year", "text"),
    ("kpi", "KPI", "text"),
    ("area", "Delivery area", "text"),
    ("target", "Target", "text"),
    ("target_set_by", "Target set by", "text"),
    ("actual", "Actual", "text"),
    ("detail", "How it is counted", "text"),
    ("met", "Met", "text"),
    ("accountable", "Accountable lead school", "text"),
]

RETURN_COLUMNS = [
    ("alliance", "Alliance", "text"),
    ("alliance_id", "Alliance id", "text"),
    ("academic_year", "Academic year", "text"),
    ("return_version", "Return version", "count"),
    ("return_state", "Return state", "text"),
    ("leads_signed", "Lead schools signed", "count"),
    ("leads", "Lead schools", "count"),
    ("final_at", "Final on", "text"),
]


def _cell(value, kind):
    """Stored rows are JSON: numbers come back as text, so the XLSX gets them as numbers again."""
    if value in (None, ""):
        return None
    if kind == "number":
        return Decimal(str(value))
    if kind == "count":
        return int(value)
    return str(value)


def table(columns, rows):
    """(header, rows as lists) for csv_bytes and xlsx_bytes."""
    return [header for _, header, _ in columns], [[_cell(row.get(key), kind) for key, _, kind in columns] for row in rows]


def with_return(rows, version, state):
    """The rows as written in a return: each carries the return's version and state."""
    return [{**row, "return_version": version, "return_state": state} for row in rows]


def return_csv(annual_return):
    header, rows = table(COLUMNS, with_return(annual_return.rows, annual_return.version, annual_return.get_state_display()))
    return csv_bytes(header, rows)


def return_xlsx(annual_return):
    rows = with_return(annual_return.rows, annual_return.version, annual_return.get_state_display())
    signed = ", ".join(f"{s.school.name} ({s.signed_at:%d %B %Y})" for s in annual_return.sign_offs.select_related("school")) or "Nobody yet"
    about = [
        ["Alliance", annual_return.alliance.name],
        ["Academic year", annual_return.year_label],
        ["Return version", annual_return.version],
        ["Return state", annual_return.get_state_display()],
        ["Prepared", f"{annual_return.prepared_at:%d %B %Y %H:%M}"],
        ["Signed off by", signed],
        ["Notes", annual_return.notes],
        *[["Flag", flag] for flag in annual_return.flags],
    ]
    return xlsx_bytes([
        ("Contributions", *table(COLUMNS, rows)),
        ("KPIs", *table(KPI_COLUMNS, annual_return.kpis)),
        ("About this return", ["Item", "Value"], about),
    ])


def file_name(annual_return, extension):
    return f"{annual_return.alliance.slug}-annual-return-{annual_return.academic_year}-{annual_return.academic_year + 1}-v{annual_return.version}.{extension}"
