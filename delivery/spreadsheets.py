"""CSV and XLSX in and out, the same way for every export and upload.

- Text that a spreadsheet would run as a formula (it starts with =, +, -, @, a tab or a carriage
  return) is written with a leading apostrophe, so a name like "=HYPERLINK(...)" typed into the
  site stays text when a business manager opens the export.
- CSV is UTF-8 with a byte-order mark, so Excel shows accented names correctly.
- Uploads are read whole into rows of text, numbered as a spreadsheet numbers them (the header
  is row 1), before anything is checked or stored.
"""
import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MOST_ROWS = 20_000  # far beyond any alliance's year of records; a bigger file is a mistake


def neutralise(value):
    """The value as a cell: text that would start a formula is kept as text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _as_text(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(neutralise(value))


def csv_bytes(header, rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_as_text(cell) for cell in header])
    for row in rows:
        writer.writerow([_as_text(cell) for cell in row])
    return out.getvalue().encode("utf-8-sig")


def xlsx_bytes(sheets):
    """sheets: (title, header, rows) for each sheet. Numbers and dates stay numbers and dates."""
    # Write-only: rows stream into the file, about a quarter faster for the national roll-up.
    book = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title=title[:31])  # Excel's limit on a sheet's name
        sheet.freeze_panes = "A2"  # set before the first row, as write-only sheets need
        sheet.append([neutralise(cell) for cell in header])
        for row in rows:
            sheet.append([float(cell) if isinstance(cell, Decimal) else neutralise(cell) for cell in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class UnreadableFile(ValueError):
    """The upload cannot be read as a table at all; the message says why, for the person."""


@dataclass(frozen=True)
class Table:
    file_name: str
    header: list  # the column names as written, trimmed
    rows: list  # (row number, {column name: text}) for each non-empty row


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _csv_lines(data, file_name):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")  # Excel's "CSV" on Windows
        except UnicodeDecodeError:
            raise UnreadableFile(f"{file_name} is not a text CSV file: save it as CSV (UTF-8) and try again.")
    return list(csv.reader(io.StringIO(text, newline="")))


def _xlsx_lines(data, file_name):
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise UnreadableFile(f"{file_name} cannot be opened as an Excel workbook (.xlsx).") from error
    sheet = book.worksheets[0]
    lines = [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    book.close()
    return lines


def read_table(file_name, data):
    """The first sheet (or the CSV) as a Table. Raises UnreadableFile when it is not a CSV or
    XLSX file, has no header row, has too many rows, or repeats a column name."""
    lowered = file_name.lower()
    if lowered.endswith(".csv"):
        lines = _csv_lines(data, file_name)
    elif lowered.endswith(".xlsx"):
        lines = _xlsx_lines(data, file_name)
    else:
        raise UnreadableFile(f"{file_name} is not a CSV or Excel (.xlsx) file.")
    if not lines or not any(cell.strip() for cell in lines[0]):
        raise UnreadableFile(f"{file_name} has no header row: row 1 must name the columns.")
    header = [cell.strip() for cell in lines[0]]
    while header and not header[-1]:
        header.pop()
    repeated = sorted({name for name in header if name and header.count(name) > 1})
    if repeated:
        raise UnreadableFile(f"{file_name} names the column {', '.join(repeated)} more than once.")
    if len(lines) - 1 > MOST_ROWS:
        raise UnreadableFile(f"{file_name} has {len(lines) - 1:,} rows; at most {MOST_ROWS:,} can be uploaded at once.")
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        cells = [(cell or "").strip() for cell in line]
        if not any(cells):
            continue
        rows.append((number, {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header) if name}))
    return Table(file_name=file_name, header=header, rows=rows)
