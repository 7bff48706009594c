"""The demo accounts' story: where each account sits, so that each has something to do."""
from collections import Counter
from dataclasses import dataclass

from alliances.models import Alliance
from registry.models import Organisation, School

from .geography import _distance2_points
from .plans import AlliancePlan


@dataclass
class DemoStory:
    """Where the demo accounts sit: each has something to do."""

    plan: AlliancePlan  # a multiple alliance the demo leader manages
    lead_school: School
    member_school: School  # has a memorandum to sign
    joining_school: School  # in no alliance: can find one and ask to join
    trust: Organisation | None  # delivers training in the demo alliance

    @property
    def school_ids(self):
        return {self.lead_school.id, self.member_school.id, self.joining_school.id}


def choose_demo_story(rng, plans, periods, registry):
    """A multiple alliance with a secondary lead and a fair number of members; one of its
    members; the nearest school that has never been in an alliance; a trust among its schools."""
    multiple = [p for p in plans if p.alliance_type == Alliance.Type.MULTIPLE] or plans
    suitable = [p for p in multiple if len(p.members) >= 8 and any(s.phase == "Secondary" for s in p.leads)]
    plan = rng.choice(suitable) if suitable else max(multiple, key=lambda p: len(p.members))
    lead_school = next((s for s in plan.leads if s.phase == "Secondary"), plan.leads[0])
    members = sorted((period.school for period in plan.members), key=lambda s: (s.phase != "Primary", s.urn))
    if not members:
        raise AssertionError(f"{plan.alliance.name} has no members for the demo accounts")
    in_alliances = {period.school.id for period in periods} | {s.id for p in plans for s in p.leads}
    lat, lon = plan.centre
    joining_school = min(
        (s for s in registry.schools if s.id not in in_alliances),
        key=lambda s: (_distance2_points(lat, lon, s.latitude, s.longitude), s.urn),
    )
    trusts = Counter(s.trust_id for s in [*plan.leads, *members] if s.trust_id)
    if trusts:
        trust = Organisation.objects.get(pk=min(trusts, key=lambda pk: (-trusts[pk], pk)))
    else:  # no trust among its schools: any trust (there may be none at all)
        trust = Organisation.objects.filter(kind=Organisation.Kind.ACADEMY_TRUST).order_by("code").first()
    return DemoStory(plan, lead_school, members[0], joining_school, trust)
