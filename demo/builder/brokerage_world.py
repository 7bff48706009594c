"""What the demo's brokerage is built from, read once: the demo schools (open, state-funded, with
a location: the schools the alliance demo is built on), their alliances today, which of the
alliances' leads are teaching schools, and each school's headteacher on the site."""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from accounts.models import Affiliation
from alliances.models import AllianceRole
from brokerage.permissions import teaching_schools
from registry.models import School

WEAK = (School.Outcome.REQUIRES_IMPROVEMENT, School.Outcome.INADEQUATE)


@dataclass(frozen=True)
class DemoSchool:
    id: int
    urn: int
    name: str
    phase: str
    outcome: str
    region: str
    la_id: int | None

    @property
    def weak(self):
        return self.outcome in WEAK


@dataclass
class BrokerageWorld:
    schools: list  # DemoSchool, in URN order
    roles: dict = field(default_factory=lambda: defaultdict(list))  # school id -> [(alliance id, role, starts_on)]
    leads: dict = field(default_factory=lambda: defaultdict(list))  # alliance id -> [teaching school ids]
    led_by: dict = field(default_factory=lambda: defaultdict(list))  # teaching school id -> [alliance ids]
    teaching_by_la: dict = field(default_factory=lambda: defaultdict(list))
    leaders: dict = field(default_factory=dict)  # school id -> a leader's user id

    def by_id(self):
        return {school.id: school for school in self.schools}

    def teaching_schools_of(self, school_id):
        """The teaching schools leading an alliance the school holds a role in today."""
        found = [lead for alliance_id, _, _ in self.roles[school_id] for lead in self.leads[alliance_id]]
        return list(dict.fromkeys(found))

    def role_since(self, school_id, alliance_id):
        """The day the school's current role in the alliance began, or None if it holds none."""
        days = [starts for a, _, starts in self.roles[school_id] if a == alliance_id]
        return min(days) if days else None


def read_brokerage_world(today=None):
    today = today or date.today()
    schools = [
        DemoSchool(*row) for row in School.objects.open().state_funded()
        .filter(latitude__isnull=False, longitude__isnull=False).order_by("urn")
        .values_list("pk", "urn", "name", "phase", "latest_outcome", "region", "local_authority_id")
    ]
    world = BrokerageWorld(schools)
    designated = teaching_schools()
    by_id = world.by_id()
    for alliance_id, role, school_id, starts_on in (
        AllianceRole.objects.on(today).filter(ends_on__isnull=True, school__isnull=False)
        .order_by("alliance_id", "starts_on", "pk").values_list("alliance_id", "role", "school_id", "starts_on")
    ):
        if school_id not in by_id:
            continue
        world.roles[school_id].append((alliance_id, role, starts_on))
        if role == AllianceRole.Role.LEAD and school_id in designated:
            world.leads[alliance_id].append(school_id)
            world.led_by[school_id].append(alliance_id)
    for school_id in sorted(world.led_by):
        world.teaching_by_la[by_id[school_id].la_id].append(school_id)
    for user_id, school_id in (
        Affiliation.objects.filter(role=Affiliation.Role.LEADER, school__isnull=False).order_by("-pk").values_list("user_id", "school_id")
    ):
        world.leaders[school_id] = user_id  # the earliest leader wins: the demo accounts come first
    return world
