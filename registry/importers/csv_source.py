"""Reading published CSV files safely: encodings, required columns, and problems reported by
file, row, column and reason. Row numbers are the ones a spreadsheet shows (the header is row 1).
"""
import codecs
import csv
import hashlib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

MAX_PROBLEMS_KEPT = 100
CHUNK_BYTES = 1 << 20
# Lead bytes of UTF-8 multi-byte sequences: in a real Windows-1252 GIAS file they are rare letters.
UTF8_LEAD_BYTE = re.compile(rb"[\xc2-\xf4]")


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None
    column: str | None
    reason: str

    def __str__(self):
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.reason}"


class ImportRejected(Exception):
    """The file was refused; nothing from it was written."""

    def __init__(self, problems, total=None):
        self.problems = list(problems)
        self.total = total if total is not None else len(self.problems)
        shown = "\n".join(f"  - {p}" for p in self.problems[:20])
        more = self.total - min(len(self.problems), 20)
        suffix = f"\n  ... and {more} more problems" if more > 0 else ""
        super().__init__(f"{self.total} problem(s); nothing was imported from this file:\n{shown}{suffix}")


class ProblemList:
    """Collects problems while a file is checked, keeping the first MAX_PROBLEMS_KEPT."""

    def __init__(self, file_label):
        self.file_label = file_label
        self.kept = []
        self.total = 0

    def add(self, row, column, reason):
        self.total += 1
        if len(self.kept) < MAX_PROBLEMS_KEPT:
            self.kept.append(Problem(self.file_label, row, column, reason))

    def raise_if_any(self):
        if self.total:
            raise ImportRejected(self.kept, self.total)


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def fingerprint_and_check_encoding(path: Path, expected: str) -> tuple[str, str]:
    """Return the file's sha256 and the encoding to read it with, refusing a file that is not
    in the expected encoding.

    expected is "cp1252" (GIAS publishes Windows-1252 and nothing else) or "utf-8-or-cp1252"
    (Ofsted's files: UTF-8 copies and cp1252 originals both occur)."""
    label = path.name
    sha = hashlib.sha256()
    utf8 = codecs.getincrementaldecoder("utf-8")()
    is_utf8, has_multibyte = True, False
    first_multibyte_line = None
    line_offset = 0
    with open(path, "rb") as handle:
        first = True
        while chunk := handle.read(CHUNK_BYTES):
            sha.update(chunk)
            if first and chunk.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in chunk:
                raise ImportRejected([Problem(label, None, None, "the file is UTF-16 or binary, not a CSV text file")])
            if expected == "cp1252" and first and chunk.startswith(codecs.BOM_UTF8):
                raise ImportRejected(
                    [Problem(label, 1, None, "the file starts with a UTF-8 byte order mark; GIAS files are Windows-1252")]
                )
            if is_utf8:
                try:
                    # A GIAS file re-saved as UTF-8 holds only characters Windows-1252 has.
                    utf8.decode(chunk).encode("cp1252")
                except (UnicodeDecodeError, UnicodeEncodeError):
                    is_utf8 = False
            if expected == "cp1252":
                try:
                    chunk.decode("cp1252")
                except UnicodeDecodeError as error:
                    # Bytes such as 0x81 or 0x9D mean nothing in Windows-1252.
                    line = line_offset + _line_of(chunk, error.start)
                    raise ImportRejected(
                        [Problem(label, line, None, f"byte 0x{chunk[error.start]:02X} is not Windows-1252 text")]
                    ) from None
                lead = UTF8_LEAD_BYTE.search(chunk) if first_multibyte_line is None else None
                if lead:
                    first_multibyte_line = line_offset + _line_of(chunk, lead.start())
                    has_multibyte = True
            line_offset += chunk.count(b"\n")
            first = False
    if is_utf8:
        try:
            utf8.decode(b"", final=True)
        except UnicodeDecodeError:
            is_utf8 = False
    if expected == "cp1252" and is_utf8 and has_multibyte:
        # Valid UTF-8 with accented letters: read as Windows-1252 it would silently become
        # "Ã´" and the like, so refuse it rather than store garbled names. (Genuine Windows-1252
        # text is almost never also valid UTF-8: "à" followed by a space, say, is not.)
        raise ImportRejected(
            [
                Problem(
                    label,
                    first_multibyte_line,
                    None,
                    "the file is UTF-8 encoded; GIAS publishes Windows-1252, so names would be garbled. "
                    "Download the file from GIAS again rather than re-saving it.",
                )
            ]
        )
    encoding = "utf-8-sig" if expected != "cp1252" and is_utf8 else "cp1252"
    return sha.hexdigest(), encoding


class CsvTable:
    """A CSV file whose columns are found by header name, never by position."""

    def __init__(self, handle, file_label, required, optional=()):
        self.file_label = file_label
        self.reader = csv.reader(handle)
        try:
            header = next(self.reader)
        except StopIteration:
            raise ImportRejected([Problem(file_label, 1, None, "the file is empty")]) from None
        self.header = [name.strip() for name in header]
        positions = {}
        for position, name in enumerate(self.header):
            positions.setdefault(name, position)
        missing = [name for name in required if name not in positions]
        if missing:
            raise ImportRejected(
                [Problem(file_label, 1, name, "required column is missing from the header") for name in missing]
            )
        self.positions = {name: positions[name] for name in (*required, *optional) if name in positions}
        self.width = len(self.header)

    def has(self, column):
        return column in self.positions

    def rows(self):
        """Yield (row number, {column: value}) for the columns asked for."""
        items = list(self.positions.items())
        for row_number, row in enumerate(self.reader, start=2):
            if not row:
                continue
            if len(row) != self.width:
                yield row_number, None
                continue
            yield row_number, {name: row[position] for name, position in items}


def parse_date(value: str, fmt: str):
    """Parse a published day-month-year date ("%d-%m-%Y" for GIAS, "%d/%m/%Y" for Ofsted); an
    empty value is None. Raises ValueError for anything else or an impossible date. Parsed by
    hand: strptime took a fifth of a national import."""
    value = value.strip()
    if not value or value == "NULL":
        return None
    parts = value.split(fmt[2])
    if len(parts) != 3 or not all(is_ascii_number(part) for part in parts):
        raise ValueError(value)
    day, month, year = parts
    if not (1 <= len(day) <= 2 and 1 <= len(month) <= 2 and len(year) == 4):
        raise ValueError(value)
    return date(int(year), int(month), int(day))


def is_ascii_number(text: str) -> bool:
    """Digits 0 to 9 only: "²" and "①" are digits to str.isdigit() but int() refuses them."""
    return text.isascii() and text.isdigit()


def parse_whole_number(value: str):
    value = value.strip()
    if not value or value == "NULL":
        return None
    if not is_ascii_number(value):
        raise ValueError(f"'{value}' is not a whole number")
    return int(value)

