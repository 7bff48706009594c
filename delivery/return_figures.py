"""The figures an annual return, the national roll-up and the evidence pack are made of, for one
alliance or all of them, in a fixed number of bulk queries however many alliances and ledger
entries there are. The figures themselves come from the review (delivery/review.py: each
contributor's effort and share of each delivery area, the flags, the KPIs); this module adds what
a return needs beside them, from one more grouped query over the ledger: who each contributor is
(URN, organisation code and kind), its role in the alliance, and how many of its entries are
confirmed or still await confirmation.

- Contribution rows: one per contributor × delivery area with counted or disputed entries, and
  every area for lead schools (a lead with nothing in an area is part of the picture). Disputed
  entries are shown, never counted, until resolved.
- KPI rows, and flags (plain sentences about what needs attention).

Figures are stored in returns as JSON: amounts as text ("2.50"), so nothing is lost to floats.
"""
import hashlib
from decimal import Decimal

from django.db.models import Q

from alliances.models import AllianceRole
from delivery import review
from delivery.kpis import academic_year_bounds
from delivery.models import Contribution, academic_year_label
from registry.models import Organisation, School

State, Unit = Contribution.State, Contribution.Unit
COUNTED = (State.RECORDED, State.CONFIRMED, State.SIGNED_OFF)
ROLE_ORDER = {AllianceRole.Role.LEAD: 0, AllianceRole.Role.DELIVERER: 1, AllianceRole.Role.MEMBER: 2}
ROLE_WORDS = {AllianceRole.Role.LEAD: "lead", AllianceRole.Role.DELIVERER: "deliverer", AllianceRole.Role.MEMBER: "member"}
CHUNK = 5000  # ids per IN (...) list: well inside every database's limit on parameters


def _in_chunks(queryset, field, ids):
    ids = sorted(ids)
    for at in range(0, len(ids), CHUNK):
        yield from queryset.filter(**{f"{field}__in": ids[at:at + CHUNK]})


def _text(amount):
    return f"{amount.quantize(Decimal('0.01')):f}"


def year_entries(alliance_ids, year):
    start, end = academic_year_bounds(year)
    entries = Contribution.objects.filter(delivered_on__gte=start, delivered_on__lte=end).exclude(state=State.VOIDED)
    return entries if alliance_ids is None else entries.filter(alliance_id__in=alliance_ids)


def _roles(alliance_ids, year):
    """(alliance id, "school"|"organisation", id) -> the highest role held at any time in the year."""
    start, end = academic_year_bounds(year)
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


def _standing(ledger_rows):
    """(alliance id, "school"|"organisation", id, area) -> (confirmed, awaiting) entry counts."""
    standing = {}
    for alliance_id, rows in ledger_rows.items():
        for row in rows:
            holder = ("school", row["school_id"]) if row["school_id"] else ("organisation", row["organisation_id"])
            confirmed, awaiting = standing.get((alliance_id, *holder, row["area"]), (0, 0))
            if row["state"] in (State.CONFIRMED, State.SIGNED_OFF):
                confirmed += row["n"]
            elif row["state"] == State.RECORDED:
                awaiting += row["n"]
            standing[(alliance_id, *holder, row["area"])] = (confirmed, awaiting)
    return standing


def _identities(reviews):
    """URN, organisation kind and code of every contributor named in the reviews (a query or two)."""
    school_ids = {c.school_id for r in reviews for c in r.contributors if c.school_id}
    organisation_ids = {c.organisation_id for r in reviews for c in r.contributors if c.organisation_id}
    schools = {s["id"]: s for s in _in_chunks(School.objects.values("id", "urn").order_by(), "id", school_ids)}
    organisations = {o["id"]: o for o in _in_chunks(Organisation.objects.values("id", "code", "kind").order_by(), "id", organisation_ids)}
    return schools, organisations


def _rows(one_review, year, schools, organisations, roles, standing):
    kinds = dict(Organisation.Kind.choices)
    rows = []
    for c in one_review.contributors:
        if c.school_id:
            field, pk = "school", c.school_id
            identity = {"contributor_type": "School", "urn": schools.get(pk, {}).get("urn"), "organisation_id": None, "organisation_code": ""}
        else:
            field, pk = "organisation", c.organisation_id
            body = organisations.get(pk, {})
            identity = {"contributor_type": kinds.get(body.get("kind"), "Organisation"), "urn": None, "organisation_id": pk, "organisation_code": body.get("code", "")}
        role = AllianceRole.Role.LEAD if c.is_lead else roles.get((one_review.alliance_id, field, pk))
        for effort in c.areas:
            if not (effort.outputs or effort.disputed or c.is_lead):
                continue
            confirmed, awaiting = standing.get((one_review.alliance_id, field, pk, effort.area), (0, 0))
            if effort.disputed:
                status = "Disputed"
            elif awaiting:
                status = "Awaiting confirmation"
            elif effort.outputs:
                status = "Confirmed"
            else:
                status = "Nothing recorded"
            rows.append({
                "alliance": one_review.alliance_name, "alliance_id": one_review.alliance_slug, "academic_year": academic_year_label(year),
                **identity, "contributor": c.name, "role": ROLE_WORDS.get(role, "no role in the year"), "area": effort.label,
                "days": _text(effort.days), "records": _text(effort.records), "share_of_area": f"{effort.share:f}",
                "overall_share": f"{c.overall_share:f}", "outputs": effort.outputs, "confirmed_entries": confirmed,
                "awaiting_entries": awaiting, "disputed_entries": effort.disputed, "disputed_days": _text(effort.disputed_days),
                "disputed_records": _text(effort.disputed_records), "status": status,
            })
    return rows


def _kpis(one_review, year):
    met = {True: "Yes", False: "No", None: "Not known"}
    return [{
        "alliance": one_review.alliance_name, "alliance_id": one_review.alliance_slug, "academic_year": academic_year_label(year),
        "kpi": f"{k.id} {k.measure_text}", "area": k.area_label, "target": k.target_text,
        "target_set_by": "the alliance" if k.set_by_alliance else "national default", "actual": k.actual_text, "detail": k.detail,
        "met": met[k.met], "accountable": k.accountable_school,
    } for k in one_review.kpis]


def _flags(one_review, rows, kpis):
    flags = [flag.message for flag in one_review.flags]
    awaiting = sum(r["awaiting_entries"] for r in rows)
    if awaiting:
        flags.append(f"{awaiting} entr{'y' if awaiting == 1 else 'ies'} still await{'s' if awaiting == 1 else ''} the contributor's confirmation.")
    flags += [f"KPI not met: {k['kpi']} ({k['actual']} against {k['target'].lower()})." for k in kpis if k["met"] == "No"]
    return flags


def figures(alliances, year):
    """{alliance id: {"review", "rows", "kpis", "flags"}} for the given alliances (None: every
    alliance), in a fixed number of queries."""
    start, end = academic_year_bounds(year)
    reviews, ledger_rows = review.reviews_with_ledger_rows(start, end, alliances)
    alliance_ids = None if alliances is None else [a.pk for a in alliances]
    schools, organisations = _identities(reviews)
    roles, standing = _roles(alliance_ids, year), _standing(ledger_rows)
    result = {}
    for one_review in reviews:
        rows, kpis = _rows(one_review, year, schools, organisations, roles, standing), _kpis(one_review, year)
        result[one_review.alliance_id] = {"review": one_review, "rows": rows, "kpis": kpis, "flags": _flags(one_review, rows, kpis)}
    return result


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
    made = figures([alliance], year)[alliance.pk]
    digest, ids = fingerprint(alliance, year)
    return {"rows": made["rows"], "kpis": made["kpis"], "flags": made["flags"], "entry_ids": ids, "ledger_fingerprint": digest}
