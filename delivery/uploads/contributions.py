"""Upload of contribution ledger entries: one row an entry, recorded by `delivery.ledger.record`
as the ledger page's are (contributor who delivered the record, one live entry each, never more
than the record's total). A programme's shares in the file, with its live entries, must add up to
exactly 100 %: an upload states the whole split, so a share left over is a slip."""
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from delivery import ledger
from delivery.models import Contribution
from delivery.uploads import cells
from delivery.uploads.flow import Column, Layout, Problem
from delivery.uploads.lookups import Schools, alliance_organisations, holder
from registry.models import School


def _kind_labels():
    return ", ".join(kind.label for kind in ledger.KINDS.values())


KIND = Column("Kind of record", True, f"One of: {_kind_labels()}.", "Programme")
NUMBER = Column("Record number", True, "The number in the record's page address (see the template's Records sheet).", "1", cells.as_whole_number)
URN = Column("Contributor URN", False, "The URN of the school that contributed; or give the contributor organisation.", "100001", cells.as_urn)
ORGANISATION = Column("Contributor organisation", False, "The name or code of the alliance's organisation that contributed.", "")
AMOUNT = Column(
    "Amount", True, "A programme's share in % (the shares make 100), or support's days; more than 0, two decimal places at most.",
    "100", cells.as_decimal,
)

COLUMNS = [KIND, NUMBER, URN, ORGANISATION, AMOUNT]


@dataclass
class Context:
    alliance: object
    schools: Schools
    organisations: dict
    models: dict  # lower-cased label -> model
    records: dict  # (model, number) -> record or None


def context(user, alliance):
    return Context(alliance, Schools(), alliance_organisations(alliance), {k.label.lower(): m for m, k in ledger.KINDS.items()}, {})


def _record(context, model, number):
    key = (model, number)
    if key not in context.records:
        context.records[key] = model.objects.filter(alliance=context.alliance, pk=number).first()
    return context.records[key]


def read_row(row, context):
    kind_name, number = row(KIND), row(NUMBER)
    model = context.models.get(kind_name.lower()) if kind_name else None
    if kind_name and model is None:
        row.problem(KIND.name, f"'{kind_name}' is not a kind of record: use one of {_kind_labels()}.")
    record = _record(context, model, number) if model and number is not None else None
    if model and number is not None and record is None:
        row.problem(NUMBER.name, f"{context.alliance.name} has no {ledger.KINDS[model].label.lower()} numbered {number}.")
    contributor = holder(row, context, URN, ORGANISATION)
    value = {"record": record, "contributor": contributor, "amount": row(AMOUNT)}
    return value if row.ok else None


def store_row(user, context, value):
    return ledger.record(user, value["record"], [(value["contributor"], value["amount"])])[0]


def column_for(reason, value):
    contributor_column = URN.name if isinstance(value["contributor"], School) else ORGANISATION.name
    for words, column in (
        ("did not deliver", contributor_column), ("already has an entry", contributor_column),
        ("decimal places", AMOUNT.name), ("as more than 0", AMOUNT.name), ("That makes", AMOUNT.name),
        ("Nothing has been delivered", NUMBER.name),
    ):
        if words in reason:
            return column
    return ""


def shares_make_100(context, stored):
    """Every programme-like record (its unit a share) in the file adds up to exactly 100 %."""
    rows_of = defaultdict(list)
    for read in stored:
        if read.stored.unit == Contribution.Unit.SHARE:
            rows_of[(type(read.value["record"]), read.value["record"].pk)].append(read)
    problems = []
    for reads in rows_of.values():
        record = reads[0].value["record"]
        total = ledger.live_total(record)
        if total != Decimal(100):
            reason = f"The shares of {record} add up to {ledger.amount_text(total, Contribution.Unit.SHARE)}: they must make 100%."
            problems += [Problem(read.number, AMOUNT.name, reason) for read in reads]
    return problems


def describe(context, stored):
    return [
        (f"{ledger.amount_text(read.stored.amount, read.stored.unit)} by {read.stored.contributor.name} for {read.value['record']}",
         read.value["record"].get_absolute_url())
        for read in stored
    ]


def extra_sheets(context):
    rows = []
    for model, kind in ledger.KINDS.items():
        if not hasattr(model, "alliance"):
            continue
        for record in model.objects.filter(alliance=context.alliance).order_by("pk"):
            rows.append([kind.label, record.pk, str(record), ledger.amount_text(ledger.remaining(record), kind.unit)])
    return [("Records", ["Kind of record", "Record number", "Record", "Not yet attributed"], rows)]


LAYOUT = Layout(
    kind="contributions", title="Contribution ledger entries", noun="contribution ledger entries", summary="One row a ledger entry: who contributed to which record, and how much.",
    columns=COLUMNS, context=context, read_row=read_row, store_row=store_row, column_for=column_for, describe=describe,
    stored_rules=shares_make_100, extra_sheets=extra_sheets,
    notes="Give the contributor's URN or organisation, one of the two. A programme's shares, with its entries already recorded, make 100%.",
)
