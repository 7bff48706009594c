"""Reading one cell of an upload: text as it was typed (or as the spreadsheet stored it) into a
date, a decimal, a URN, yes or no. Each reader returns the value or raises BadCell with the reason
in words the person can act on; it never raises anything else, whatever the text."""
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation


class BadCell(ValueError):
    """The cell's text is not what its column takes; the message says why."""


DAY_FIRST = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# A spreadsheet's date-and-time cell arrives as ISO with the time; a date is all it means here.
ISO_WITH_TIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})[T ][\d:.]+")
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}


def as_date(text):
    """2026-03-05 or 05/03/2026 (day first, as England writes dates)."""
    text = text.strip()
    match = ISO.fullmatch(text) or ISO_WITH_TIME.fullmatch(text)
    if match:
        year, month, day = (int(part) for part in match.groups())
    elif match := DAY_FIRST.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    else:
        raise BadCell(f"'{text}' is not a date: write it as 2026-03-05 or 05/03/2026.")
    try:
        return date(year, month, day)
    except ValueError:
        raise BadCell(f"'{text}' is not a real date.")


def as_time(text):
    """09:30, 9:30 or 09:30:00 (how a spreadsheet stores a time)."""
    text = text.strip()
    for layout in ("%H:%M", "%H:%M:%S"):
        try:
            return datetime.strptime(text, layout).time()
        except ValueError:
            continue
    raise BadCell(f"'{text}' is not a time: write it as 09:30.")


def as_decimal(text, *, places=2, positive=True):
    """A number such as 2.5; at most `places` decimal places; more than 0 when `positive`."""
    cleaned = text.strip().replace(",", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise BadCell(f"'{text}' is not a number.")
    if not value.is_finite():
        raise BadCell(f"'{text}' is not a number.")
    if positive and value <= 0:
        raise BadCell(f"'{text}' must be more than 0.")
    if value < 0:
        raise BadCell(f"'{text}' cannot be less than 0.")
    if value != value.quantize(Decimal(1).scaleb(-places)):
        raise BadCell(f"'{text}' has more than {places} decimal place{'s' if places != 1 else ''}.")
    if abs(value) >= 10**6:
        raise BadCell(f"'{text}' is too big.")
    return value.quantize(Decimal(1).scaleb(-places))


def as_whole_number(text, *, least=0, most=10**6):
    cleaned = text.strip()
    if not re.fullmatch(r"\d+", cleaned):
        raise BadCell(f"'{text}' is not a whole number.")
    value = int(cleaned)
    if not least <= value <= most:
        raise BadCell(f"{value} must be from {least} to {most}.")
    return value


def as_urn(text):
    """A school's unique reference number: six digits."""
    cleaned = text.strip()
    if not re.fullmatch(r"\d{6}", cleaned):
        raise BadCell(f"'{text}' is not a URN (a 6-digit number).")
    return int(cleaned)


def as_yes_no(text):
    lowered = text.strip().lower()
    if lowered in YES:
        return True
    if lowered in NO:
        return False
    raise BadCell(f"'{text}' is not yes or no.")


def as_choice(choices):
    """A reader for one of a model's choices, by its label or its stored value, any case."""
    known = {}
    for value, label in choices:
        known[str(value).lower()] = value
        known[str(label).lower()] = value

    def read(text):
        try:
            return known[text.strip().lower()]
        except KeyError:
            raise BadCell(f"'{text}' is not one of: {', '.join(str(label) for _, label in choices)}.")

    return read


def as_email(text):
    cleaned = text.strip()
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", cleaned) or len(cleaned) > 254:
        raise BadCell(f"'{text}' is not an email address.")
    return cleaned


def as_text(most):
    def read(text):
        cleaned = text.strip()
        if len(cleaned) > most:
            raise BadCell(f"This is {len(cleaned)} characters long; at most {most} fit.")
        return cleaned

    return read


def academic_year(text):
    """2026, or 2026 to 2027 (as the site writes it), or 2026/27."""
    cleaned = text.strip()
    match = re.fullmatch(r"(\d{4})(?:\s*(?:to|/|-)\s*(\d{2}|\d{4}))?", cleaned)
    if not match:
        raise BadCell(f"'{text}' is not an academic year: write the year it starts, such as 2026.")
    start = int(match.group(1))
    if match.group(2) and int(match.group(2)) % 100 != (start + 1) % 100:
        raise BadCell(f"'{text}' is not an academic year: it runs from one year to the next.")
    return start

