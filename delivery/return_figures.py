"""The figures an annual return, the national roll-up and the evidence pack are made of, for one
alliance or all of them, in a fixed number of bulk queries however many alliances and ledger
entries there are:

- contribution rows: per contributor × delivery area, the days, hours and programme shares of
  the entries counted (recorded, confirmed or signed off), how many entries are confirmed, await
  confirmation or are disputed (disputed entries are shown, never counted, until resolved);
- KPI rows, and flags (plain sentences about what needs attention).

Figures are stored in returns as JSON: amounts as text ("2.50"), so nothing is lost to floats.
"""
import hashlib
from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum

from alliances.models import Alliance, AllianceRole, DeliveryArea
from delivery.models import Contribution, NationalRate, Trainee, academic_year_label
from registry.models import Organisation, School

State, Unit = Contribution.State, Contribution.Unit
COUNTED = (State.RECORDED, State.CONFIRMED, State.SIGNED_OFF)
ROLE_ORDER = {AllianceRole.Role.LEAD: 0, AllianceRole.Role.DELIVERER: 1, AllianceRole.Role.MEMBER: 2}
ROLE_WORDS = {AllianceRole.Role.LEAD: "lead", AllianceRole.Role.DELIVERER: "deliverer", AllianceRole.Role.MEMBER: "member"}
AREA_ORDER = {area: n for n, area in enumerate(DeliveryArea.values)}
TRAINEES_TARGET = 15
CHUNK = 5000  # ids per IN (...) list: well inside every database's limit on parameters


def year_bounds(year):
    """England's academic year: 1 September to 31 August."""
    return date(year, 9, 1), date(year + 1, 8, 31)


def current_academic_year(today=None):
    today = today or date.today()
    return today.year if today.month >= 9 else today.year - 1


def _in_chunks(queryset, field, ids):
    ids = sorted(ids)
    for at in range(0, len(ids), CHUNK):
        yield from queryset.filter(**{f"{field}__in": ids[at:at + CHUNK]})


def _text(amount):
    return f"{amount.quantize(Decimal('0.01')):f}"


def year_entries(alliance_ids, year):
    start, end = year_bounds(year)
    entries = Contribution.objects.filter(delivered_on__gte=start, delivered_on__lte=end).exclude(state=State.VOIDED)
    return entries if alliance_ids is None else entries.filter(alliance_id__in=alliance_ids)


def _roles(alliance_ids, year):
    """(alliance id, "school"|"organisation", id) -> the highest role held at any time in the year."""
    start, end = year_bounds(year)
    roles = AllianceRole.objects.filter(starts_on__lte=end).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
    if alliance_ids is not None:
        roles = roles.filter(alliance_id__in=alliance_ids)
    best = {}
    for row in roles.values_list("alliance_id", "school_id", "organisation_id", "role").order_by():
        alliance_id, school_id, organisation_id, role = row
        key = (alliance_id, "school", school_id) if school_id else (alliance_id, "organisation", organisation_id)
        if key not in best or ROLE_ORDER[role] < ROLE_ORDER[best[key]]:
            best[key] = role
    return best


def contribution_rows(alliance_ids, year):
    """{alliance id: [row, ...]} for the given alliances (None: every alliance), keyed as
    return_layout.COLUMNS. Five queries, or a few more when contributors run to tens of thousands."""
    grouped = (
        year_entries(alliance_ids, year)
        .values("alliance_id", "school_id", "organisation_id", "area", "unit", "state")
        .annotate(total=Sum("amount"), n=Count("id"))
        .order_by()
    )
    cells = defaultdict(lambda: {
        "days": Decimal(0), "hours": Decimal(0), "share": Decimal(0), "entries": 0, "confirmed": 0, "awaiting": 0,
        "disputed": 0, "disputed_days": Decimal(0),
    })
    for row in grouped:
        holder = ("school", row["school_id"]) if row["school_id"] else ("organisation", row["organisation_id"])
        cell = cells[(row["alliance_id"], *holder, row["area"])]
        if row["state"] == State.DISPUTED:
            cell["disputed"] += row["n"]
            if row["unit"] == Unit.DAYS:
                cell["disputed_days"] += row["total"]
            continue
        cell[row["unit"]] += row["total"]
        cell["entries"] += row["n"]
        cell["confirmed" if row["state"] in (State.CONFIRMED, State.SIGNED_OFF) else "awaiting"] += row["n"]
    school_ids = {key[2] for key in cells if key[1] == "school"}
    organisation_ids = {key[2] for key in cells if key[1] == "organisation"}
    schools = {s["id"]: s for s in _in_chunks(School.objects.values("id", "urn", "name").order_by(), "id", school_ids)}
    organisations = {
        o["id"]: o for o in _in_chunks(Organisation.objects.values("id", "name", "code", "kind").order_by(), "id", organisation_ids)
    }
    kinds = dict(Organisation.Kind.choices)
    alliances = {a["id"]: a for a in _in_chunks(Alliance.objects.values("id", "name", "slug").order_by(), "id", {k[0] for k in cells})}
    roles = _roles(alliance_ids, year)
    area_days = defaultdict(Decimal)
    for (alliance_id, _, _, area), cell in cells.items():
        area_days[(alliance_id, area)] += cell["days"]

    result = defaultdict(list)
    for (alliance_id, field, holder_id, area), cell in cells.items():
        alliance = alliances[alliance_id]
        role = roles.get((alliance_id, field, holder_id))
        if field == "school":
            body = schools[holder_id]
            identity = {"contributor_type": "School", "urn": body["urn"], "organisation_id": None, "organisation_code": ""}
        else:
            body = organisations[holder_id]
            identity = {"contributor_type": kinds.get(body["kind"], "Organisation"), "urn": None, "organisation_id": body["id"], "organisation_code": body["code"]}
        total_days = area_days[(alliance_id, area)]
        share = (cell["days"] * 100 / total_days).quantize(Decimal("0.1")) if total_days and cell["days"] else None
        if cell["disputed"]:
            status = "Disputed"
        elif cell["awaiting"]:
            status = "Awaiting confirmation"
        else:
            status = "Confirmed"
        result[alliance_id].append({
            "alliance": alliance["name"], "alliance_id": alliance["slug"], "academic_year": academic_year_label(year),
            **identity, "contributor": body["name"],
            "role": ROLE_WORDS.get(role, "no role in the year"), "_role_order": ROLE_ORDER.get(role, 9),
            "area": DeliveryArea(area).label, "_area_order": AREA_ORDER[area],
            "days": _text(cell["days"]), "hours": _text(cell["hours"]), "programmes": _text(cell["share"] / 100),
            "share_of_area_days": f"{share:f}" if share is not None else None,
            "entries": cell["entries"], "confirmed_entries": cell["confirmed"], "awaiting_entries": cell["awaiting"],
            "disputed_entries": cell["disputed"], "disputed_days": _text(cell["disputed_days"]), "status": status,
        })
    for rows in result.values():
        rows.sort(key=lambda r: (r.pop("_role_order"), r["contributor"].lower(), r.pop("_area_order")))
    return result


def kpi_rows(alliance_ids, year):
    """{alliance id: [KPI row, ...]}: the ITT KPIs of 2018 from the trainee records (two queries)."""
    trainees = Trainee.objects.filter(cohort__academic_year=year)
    if alliance_ids is not None:
        trainees = trainees.filter(cohort__alliance_id__in=alliance_ids)
    qts = Q(state=Trainee.State.QTS_AWARDED)
    counts = (
        trainees.values("cohort__alliance_id", "cohort__alliance__name", "cohort__alliance__slug").order_by()
        .annotate(
            trainees_count=Count("id"),
            employed=Count("id", filter=qts & Q(employed_within_six_months=Trainee.Employed.YES)),
            not_employed=Count("id", filter=qts & Q(employed_within_six_months=Trainee.Employed.NO)),
        )
    )
    rate = NationalRate.objects.filter(year=year, measure=NationalRate.Measure.EMPLOYED_WITHIN_SIX_MONTHS).values_list("value", flat=True).first()
    result = {}
    for row in counts:
        base = {"alliance": row["cohort__alliance__name"], "alliance_id": row["cohort__alliance__slug"], "academic_year": academic_year_label(year), "area": DeliveryArea.ITT.label, "accountable": ""}
        known = row["employed"] + row["not_employed"]
        share = (Decimal(row["employed"] * 100) / known).quantize(Decimal("0.1")) if known else None
        employed_met = "Not known" if share is None or rate is None else ("Yes" if share >= rate else "No")
        result[row["cohort__alliance_id"]] = [
            {**base, "kpi": "1.1 Teachers trained in the year", "target": f"at least {TRAINEES_TARGET}", "actual": str(row["trainees_count"]),
             "met": "Yes" if row["trainees_count"] >= TRAINEES_TARGET else "No"},
            {**base, "kpi": "1.2 Trainees employed within six months", "target": f"at least {rate}% (national rate)" if rate is not None else "the national rate (not entered yet)",
             "actual": f"{share}%" if share is not None else "not known yet", "met": employed_met},
        ]
    return result


def flags_for(rows, kpis):
    """What needs attention before the return is signed, in plain sentences."""
    flags = []
    disputed = [r for r in rows if r["disputed_entries"]]
    if disputed:
        count = sum(r["disputed_entries"] for r in disputed)
        names = ", ".join(sorted({r["contributor"] for r in disputed}))
        flags.append(f"{count} disputed entr{'y' if count == 1 else 'ies'} ({names}) {'is' if count == 1 else 'are'} not counted until resolved.")
    awaiting = sum(r["awaiting_entries"] for r in rows)
    if awaiting:
        flags.append(f"{awaiting} entr{'y' if awaiting == 1 else 'ies'} still await{'s' if awaiting == 1 else ''} the contributor's confirmation.")
    areas = {r["area"] for r in rows if r["entries"]}
    for area in DeliveryArea:
        if area.label not in areas and area != DeliveryArea.ITT:
            flags.append(f"Nothing is counted in {area.label} this year.")
    flags += [f"KPI not met: {k['kpi']} ({k['actual']} against {k['target']})." for k in kpis if k["met"] == "No"]
    return flags


def fingerprint(alliance, year):
    """A digest of the year's entries that changes when an entry is recorded, voided, disputed or
    corrected, but not when one is confirmed or signed off (that changes no figure)."""
    digest = hashlib.sha256()
    entries = year_entries([alliance.pk], year).values_list("id", "amount", "state").order_by("id")
    ids = []
    for pk, amount, state in entries:
        ids.append(pk)
        digest.update(f"{pk}:{amount}:{'counted' if state in COUNTED else state};".encode())
    return digest.hexdigest(), ids


def for_alliance(alliance, year):
    """Everything a return for the alliance and year holds."""
    rows = contribution_rows([alliance.pk], year).get(alliance.pk, [])
    kpis = kpi_rows([alliance.pk], year).get(alliance.pk, [])
    digest, ids = fingerprint(alliance, year)
    return {"rows": rows, "kpis": kpis, "flags": flags_for(rows, kpis), "entry_ids": ids, "ledger_fingerprint": digest}
