"""Networks of alliances and their shared resource libraries."""
from django.db import transaction

from alliances.models import NetworkResource
from alliances.permissions import can_see_members_only, managed_alliance_ids, require


def can_use_library(user, network):
    """The network's own people (anyone of one of its alliances) and the Council see its library."""
    return any(can_see_members_only(user, alliance) for alliance in network.alliances.all())


def can_add_to_library(user, network):
    """The leads of any alliance in the network add to its library."""
    return bool(managed_alliance_ids(user) & set(network.alliances.values_list("pk", flat=True)))


@transaction.atomic
def add_resource(user, network, title, url="", document=None, description=""):
    require(can_add_to_library(user, network), f"Only the leads of an alliance in {network.name} can add to its library.")
    return NetworkResource.objects.create(
        network=network, added_by=user, title=title, url=url or "", document=document or "",
        document_name=document.name if document else "", description=description,
    )
