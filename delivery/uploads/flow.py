"""Checking an upload whole, then storing all of it or none of it.

1. The header: every required column is there, and every column is one the upload takes (a
   misspelt column would otherwise be dropped without a word).
2. Every row is read cell by cell (dates, numbers, URNs, choices; schools and records looked up),
   and rules across the whole file are checked (the same thing twice in one file).
3. Every row that was read is stored through the same rule functions the forms call, in one
   transaction, each row in its own savepoint, so a row that breaks a rule is named with the
   rule's own words and later rows are checked against the earlier ones (places filling up,
   shares adding up, placements overlapping). Rules that need the whole file stored (a
   programme's shares making 100 %) are checked last.
4. Any problem at all rolls the whole transaction back: nothing is stored. Otherwise all of it is.

Problems are (row, column, reason), with rows numbered as the spreadsheet numbers them (the header
is row 1); the page lists them and the rows in error can be downloaded with the reasons.
"""
from dataclasses import dataclass, field
from typing import Any, Callable

from django.db import transaction

from alliances.rules import RuleBroken
from delivery.spreadsheets import csv_bytes, xlsx_bytes
from delivery.uploads.cells import BadCell, as_text

MOST_ROWS = 2_000  # each row is checked by the rules one at a time; a bigger file is split
MOST_BYTES = 5 * 1024 * 1024
HEADER_ROW = 1


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    takes: str  # the format in words, for the page and the template's notes
    example: str
    read: Callable = as_text(500)


@dataclass(frozen=True, order=True)
class Problem:
    row: int
    column: str
    reason: str


class Row:
    """One row being read: each cell by its column, each problem noted with the row and column."""

    def __init__(self, number, cells, problems):
        self.number, self.cells, self._problems, self.ok = number, cells, problems, True

    def text(self, name):
        return (self.cells.get(name) or "").strip()

    def __call__(self, column):
        """The cell read by its column's reader; None when it is empty (a problem if required) or bad."""
        text = self.text(column.name)
        if not text:
            if column.required:
                self.problem(column.name, "This is empty: it must be given.")
            return None
        try:
            return column.read(text)
        except BadCell as bad:
            self.problem(column.name, str(bad))
            return None

    def problem(self, column, reason):
        self._problems.append(Problem(self.number, column, reason))
        self.ok = False


@dataclass
class Read:
    """A row read without problems, waiting to be stored."""

    number: int
    value: Any
    stored: Any = None


@dataclass(frozen=True)
class Layout:
    """What one kind of upload takes and how it is stored. Each record type's module makes one."""

    kind: str
    title: str  # "School-to-school support"
    noun: str  # in a sentence: "Upload school-to-school support"
    summary: str  # one sentence for the page: what a row is
    columns: list
    context: Callable  # (user, target) -> whatever the readers look things up in
    read_row: Callable  # (row: Row, context) -> value, or None when the row has problems
    store_row: Callable  # (user, context, value) -> what was stored; raises RuleBroken
    column_for: Callable  # (rule's message, value) -> the column it is about ("" for the row as a whole)
    describe: Callable  # (context, stored values) -> [(text, url or "")] for the success page
    file_rules: Callable = None  # (context, [Read]) -> [Problem], before anything is stored
    stored_rules: Callable = None  # (context, [Read]) -> [Problem], after all rows are stored
    notes: str = ""  # more about the columns, for the page
    extra_sheets: Callable = field(default=None)  # (context) -> [(title, header, rows)] for the XLSX template

    def column(self, name):
        return next(column for column in self.columns if column.name == name)


@dataclass
class Outcome:
    problems: list
    stored: list

    @property
    def ok(self):
        return not self.problems


def header_problems(layout, header):
    known = {column.name.lower(): column.name for column in layout.columns}
    given = {name.lower() for name in header if name}
    problems = [
        Problem(HEADER_ROW, column.name, "This column is missing: row 1 must name it.")
        for column in layout.columns if column.required and column.name.lower() not in given
    ]
    problems += [
        Problem(HEADER_ROW, name, f"{name} is not a column of this upload: the columns are {', '.join(c.name for c in layout.columns)}.")
        for name in header if name and name.lower() not in known
    ]
    lowered = [name.lower() for name in header if name]
    problems += [
        Problem(HEADER_ROW, known[name], f"{known[name]} is named more than once in row 1 (in different capitals).")
        for name in sorted(set(lowered)) if lowered.count(name) > 1 and name in known
    ]
    return problems


def _by_column_name(layout, cells):
    """Cells keyed by the layout's own spelling of each column, whatever case the file used."""
    known = {column.name.lower(): column.name for column in layout.columns}
    return {known[name.lower()]: text for name, text in cells.items() if name.lower() in known}


def check_and_store(user, layout, target, table):
    """Check the whole table, then store every row or none. Returns the Outcome."""
    problems = header_problems(layout, table.header)
    if not table.rows:
        problems.append(Problem(HEADER_ROW, "", "The file has no rows below its header: there is nothing to store."))
    if len(table.rows) > MOST_ROWS:
        problems.append(Problem(HEADER_ROW, "", f"The file has {len(table.rows):,} rows; upload at most {MOST_ROWS:,} at once."))
    if problems:
        return Outcome(sorted(problems), [])
    context = layout.context(user, target)
    reads = []
    for number, cells in table.rows:
        row = Row(number, _by_column_name(layout, cells), problems)
        value = layout.read_row(row, context)
        if row.ok and value is not None:
            reads.append(Read(number, value))
    if layout.file_rules:
        problems += layout.file_rules(context, reads)
    stored = []
    with transaction.atomic():
        for read in reads:
            try:
                with transaction.atomic():
                    read.stored = layout.store_row(user, context, read.value)
            except RuleBroken as refused:
                problems += [Problem(read.number, layout.column_for(reason, read.value), reason) for reason in refused.messages]
            else:
                stored.append(read)
        if layout.stored_rules and stored:
            problems += layout.stored_rules(context, stored)
        if problems:
            transaction.set_rollback(True)  # nothing is stored
            stored = []
    return Outcome(sorted(set(problems)), stored)


# --- Files for the person: the template and the rows in error ------------------------------------


def template_csv(layout):
    return csv_bytes([c.name for c in layout.columns], [[c.example for c in layout.columns]])


def template_xlsx(layout, context=None):
    notes = [(c.name, "Required" if c.required else "Optional", c.takes) for c in layout.columns]
    sheets = [
        (layout.title, [c.name for c in layout.columns], [[c.example for c in layout.columns]]),
        ("Notes", ["Column", "Required", "What it takes"], notes),
    ]
    if layout.extra_sheets and context is not None:
        sheets += layout.extra_sheets(context)
    return xlsx_bytes(sheets)


ERROR_COLUMNS = ["Row", "Column", "Reason"]


def rows_in_error(table, problems):
    """One line a problem: its row, column and reason, then that row's cells as uploaded, so the
    person sees what was wrong beside what they typed. Only rows with problems are in it."""
    cells_of = dict(table.rows)
    header = [name for name in table.header if name]
    lines = [
        [problem.row, problem.column, problem.reason, *[cells_of.get(problem.row, {}).get(name, "") for name in header]]
        for problem in sorted(problems)
    ]
    return ERROR_COLUMNS + header, lines


def error_file(header, lines, file_format):
    if file_format == "xlsx":
        return xlsx_bytes([("Rows in error", header, lines)])
    return csv_bytes(header, lines)
