"""What the build reads from the registry, once, and the partner organisations it adds."""
from collections import defaultdict
from dataclasses import dataclass

from registry.models import Organisation, School

from .reference import PARTNER_ORGANISATIONS, PRIVATE, UNIVERSITY


@dataclass
class Registry:
    """What the build reads from the registry, once."""

    schools: list  # open, state-funded, with a location, in URN order
    independents: list  # open, not state-funded, with a location: they may deliver training
    la_names: dict
    diocese_names: dict
    partners: dict  # Organisation.Kind -> [Organisation]


def read_registry():
    schools = list(
        School.objects.open().state_funded().filter(latitude__isnull=False, longitude__isnull=False).order_by("urn")
    )
    independents = list(
        School.objects.open()
        .filter(is_state_funded=False, latitude__isnull=False, longitude__isnull=False)
        .order_by("urn")
    )
    names = dict(Organisation.objects.values_list("id", "name"))
    la_ids = Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY).values_list("id", flat=True)
    diocese_ids = Organisation.objects.filter(kind=Organisation.Kind.DIOCESE).values_list("id", flat=True)
    return Registry(
        schools=schools,
        independents=independents,
        la_names={pk: names[pk] for pk in la_ids},
        diocese_names={pk: names[pk] for pk in diocese_ids},
        partners=create_partner_organisations(),
    )


def create_partner_organisations():
    """The universities and private providers (load_demo used to make the first five)."""
    existing = set(Organisation.objects.filter(kind__in=[UNIVERSITY, PRIVATE]).values_list("kind", "name"))
    Organisation.objects.bulk_create(
        Organisation(kind=kind, name=name, region=region, description=_partner_description(kind, region))
        for kind, name, region in PARTNER_ORGANISATIONS
        if (kind, name) not in existing
    )
    partners = defaultdict(list)
    for organisation in Organisation.objects.filter(kind__in=[UNIVERSITY, PRIVATE]).order_by("name", "id"):
        partners[organisation.kind].append(organisation)
    return partners


def _partner_description(kind, region):
    where = f"schools in the {region}" if region else "schools across England"
    if kind == UNIVERSITY:
        return f"Trains teachers with partnership {where}, and offers masters-level study for teachers."
    return f"Training and consultancy for {where}."
