"""Upload of ITT cohorts: one row a cohort, recorded by `delivery.itt.create_cohort` as the form's
are. The accredited provider is an organisation the registry lists (by name or code) or, when it
lists none of that name, the name as typed, as the form allows."""
from dataclasses import dataclass

from django.db.models import Q

from delivery import itt
from delivery.uploads import cells
from delivery.uploads.flow import Column, Layout
from delivery.uploads.lookups import Schools
from delivery.uploads.trainees import ROUTE, YEAR
from registry.models import Organisation

LEAD = Column("Lead school URN", True, "The URN of one of the alliance's current lead schools.", "100001", cells.as_urn)
PROVIDER = Column(
    "Accredited provider", True, "The provider's name or code as the registry lists it; any other name is kept as typed.",
    "Moor SCITT", cells.as_text(200),
)
PARTNER = Column("Partner university", False, "A university's name or code as the registry lists it (optional).", "", cells.as_text(200))
SUBJECT = Column("Subject or phase", False, "Optional.", "Secondary mathematics", cells.as_text(200))

COLUMNS = [YEAR, ROUTE, LEAD, PROVIDER, PARTNER, SUBJECT]


@dataclass
class Context:
    alliance: object
    schools: Schools


def context(user, alliance):
    return Context(alliance, Schools())


def _organisation(name, **kinds):
    matching = Organisation.objects.filter(Q(name__iexact=name) | Q(code__iexact=name), **kinds)
    return matching.first() if matching.count() == 1 else None


def read_row(row, context):
    year, route, urn = row(YEAR), row(ROUTE), row(LEAD)
    lead = context.schools(urn) if urn else None
    if urn and lead is None:
        row.problem(LEAD.name, f"No school in the registry has the URN {urn}.")
    provider_name, partner_name = row(PROVIDER), row(PARTNER)
    provider = _organisation(provider_name) if provider_name else None
    partner = _organisation(partner_name, kind=Organisation.Kind.UNIVERSITY) if partner_name else None
    if partner_name and partner is None:
        row.problem(PARTNER.name, f"The registry lists no university called {partner_name}.")
    value = {
        "academic_year": year, "route": route, "lead_school": lead, "accredited_provider": provider,
        "accredited_provider_name": "" if provider else (provider_name or ""), "partner_university": partner,
        "subject_phase": row(SUBJECT) or "",
    }
    return value if row.ok else None


def store_row(user, context, value):
    return itt.create_cohort(user, context.alliance, **value)


def column_for(reason, value):
    for words, column in (
        ("academic year", YEAR.name), ("training route", ROUTE.name), ("accredited provider", PROVIDER.name),
        ("not a university", PARTNER.name), ("lead school", LEAD.name),
    ):
        if words in reason:
            return column
    return ""


def describe(context, stored):
    return [(f"{read.stored.year_label}, {read.stored.get_route_display()}", read.stored.get_absolute_url()) for read in stored]


def extra_sheets(context):
    leads = context.alliance.lead_schools()
    return [("Lead schools", ["Lead school URN", "School"], [[s.urn, s.name] for s in leads])]


LAYOUT = Layout(
    kind="cohorts", title="ITT cohorts", noun="ITT cohorts", summary="One row a cohort of trainees: an academic year and route.",
    columns=COLUMNS, context=context, read_row=read_row, store_row=store_row, column_for=column_for, describe=describe,
    notes="Record cohorts before their trainees; a cohort may be for next academic year at the latest.",
    extra_sheets=extra_sheets,
)

