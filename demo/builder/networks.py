"""Networks of nearby alliances within each region, with their shared resources."""
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.text import slugify

from alliances.models import Network, NetworkMembership, NetworkResource, network_document_path

from .dates import _create_stamped
from .geography import _distance2_points
from .reference import NETWORK_RESOURCES, NETWORK_THEMES, THEMES_NOT_IN
from .shares import _group, share_out


def write_networks(rng, plans, leaders, story, as_at):
    """Networks of nearby alliances within each region, each with a few shared documents. Every
    region has at least one network; the demo alliance is in one."""
    by_region = _group(plans, lambda p: p.region)
    total = max(2, round(len(plans) / 20))
    quotas = share_out(total, {region: len(found) for region, found in by_region.items()}, minimum=1)
    networks, memberships, regions = [], [], []
    for region in sorted(by_region):
        for network, members in _region_networks(rng, region, by_region[region], quotas[region]):
            networks.append(network)
            memberships.append(members)
            regions.append(region)
    if networks and not any(story.plan in members for members in memberships):
        home = regions.index(story.plan.region) if story.plan.region in regions else 0
        memberships[home].append(story.plan)
    Network.objects.bulk_create(networks)
    # Each alliance joined a year before the demo's date, or when it started if later (no draw
    # from rng, so the rest of the demo stays as it was).
    NetworkMembership.objects.bulk_create(
        NetworkMembership(network=network, alliance=plan.alliance, joined_on=max(plan.created_on, as_at - timedelta(days=365)))
        for network, members in zip(networks, memberships)
        for plan in members
    )
    resources = []
    for network, members in zip(networks, memberships):
        adder = leaders[members[0].leads[0]]
        for title, path, description in rng.sample(NETWORK_RESOURCES, rng.randint(2, 5)):
            # A real (short) document, stored as uploads are and sent only to the network's people.
            text = f"{title}\n\n{description}\n\nShared in the {network.name} library for the schools and partners of its alliances.\n"
            stored = default_storage.save(network_document_path(None, f"{path}.txt"), ContentFile(text.encode("utf-8")))
            resource = NetworkResource(
                network=network, title=title, document=stored, document_name=f"{path}.txt",
                description=description, added_by=adder,
            )
            resources.append((resource, as_at - timedelta(days=rng.randint(10, 700))))
    _create_stamped(rng, NetworkResource, "added_at", resources)


def _region_networks(rng, region, plans, count):
    """Up to `count` networks, each a randomly chosen alliance and its nearest free neighbours."""
    free = list(plans)
    themes = [theme for theme in NETWORK_THEMES if theme not in THEMES_NOT_IN.get(region, ())]
    rng.shuffle(themes)
    for theme in themes[:count]:
        if len(free) < 2:
            return
        first = rng.choice(free)
        lat, lon = first.centre
        size = rng.randint(3, 7)
        members = sorted(free, key=lambda p: (_distance2_points(lat, lon, *p.centre), p.alliance.name))[:size]
        free = [p for p in free if p not in members]
        name = f"{region} {theme} Network"
        description = (
            f"Alliances across the {region} sharing {theme.lower()} expertise, resources and a joint programme "
            "of events."
        )
        yield Network(name=name, slug=slugify(name), description=description, region=region), members
