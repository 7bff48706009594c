"""What the delivery years are built from, read from the database once: each alliance's role
periods still running today (so every contributor is one the ledger and the services accept now,
and held the role on the day of the work), the weaker schools near it to support, who manages it
and the universities that partner ITT."""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from accounts.models import Affiliation
from alliances.models import Alliance, AllianceRole
from registry.models import Organisation, School

Role = AllianceRole.Role
WEAK_OUTCOMES = (School.Outcome.REQUIRES_IMPROVEMENT, School.Outcome.INADEQUATE)


@dataclass(frozen=True)
class Holder:
    """A school or organisation in a role: what a ledger entry or a supporter points at."""

    role_id: int
    role: str
    starts_on: date
    school_id: int | None = None
    organisation_id: int | None = None
    organisation_kind: str = ""
    at_least_good: bool = False

    @property
    def key(self):
        return ("school", self.school_id) if self.school_id else ("organisation", self.organisation_id)

    def fields(self, school="school", organisation="organisation"):
        return {f"{school}_id": self.school_id, f"{organisation}_id": self.organisation_id}


@dataclass
class AllianceWorld:
    alliance_id: int
    alliance_type: str
    leads: list = field(default_factory=list)
    deliverers: list = field(default_factory=list)
    members: list = field(default_factory=list)
    weaker_nearby: list = field(default_factory=list)  # (school id, latest outcome)
    manager_id: int | None = None  # a leader of a lead school: records the alliance's delivery
    leader_of: dict = field(default_factory=dict)  # school id -> a leader's user id (answers entries)
    # Chosen by the build (delivery_years): who does the work, and the accounts that book.
    quiet_lead: Holder | None = None
    working_leads: list = field(default_factory=list)  # the leads that take part in the work
    strong_members: list = field(default_factory=list)  # at least Good: may give support
    staff: list = field(default_factory=list)  # (User, member Holder)

    def on(self, holders, day):
        """Those of the holders whose role had started by the day (all are still running)."""
        return [holder for holder in holders if holder.starts_on <= day]

    def on_staff(self, day):
        """(user id, school id, is a member) for the staff whose school was a member by the day."""
        return [(user.pk, holder.school_id, True) for user, holder in self.staff if holder.starts_on <= day]


def read_world(today=None):
    """{alliance id: AllianceWorld} for every alliance, from a handful of queries."""
    today = today or date.today()
    worlds = {a.pk: AllianceWorld(a.pk, a.alliance_type) for a in Alliance.objects.order_by("pk")}
    kinds = dict(Organisation.objects.values_list("pk", "kind"))
    good = set(School.objects.filter(at_least_good=True).values_list("pk", flat=True))
    open_schools = set(School.objects.open().values_list("pk", flat=True))
    lead_las = defaultdict(set)
    roles = (
        AllianceRole.objects.on(today).filter(ends_on__isnull=True)
        .order_by("alliance_id", "starts_on", "pk")
        .values_list("pk", "alliance_id", "role", "starts_on", "school_id", "organisation_id", "school__local_authority_id")
    )
    for pk, alliance_id, role, starts_on, school_id, organisation_id, la_id in roles:
        if school_id and school_id not in open_schools:
            continue  # a closed school delivers nothing
        holder = Holder(pk, role, starts_on, school_id, organisation_id, kinds.get(organisation_id, ""), school_id in good)
        world = worlds[alliance_id]
        {Role.LEAD: world.leads, Role.DELIVERER: world.deliverers, Role.MEMBER: world.members}[role].append(holder)
        if role == Role.LEAD and la_id:
            lead_las[alliance_id].add(la_id)
    weak_by_la = defaultdict(list)
    for pk, la_id, outcome in (
        School.objects.open().filter(latest_outcome__in=WEAK_OUTCOMES).order_by("pk").values_list("pk", "local_authority_id", "latest_outcome")
    ):
        weak_by_la[la_id].append((pk, outcome))
    outcomes = dict(School.objects.open().values_list("pk", "latest_outcome"))
    leaders = defaultdict(list)
    for user_id, school_id in (
        Affiliation.objects.filter(role=Affiliation.Role.LEADER, school__isnull=False).order_by("pk").values_list("user_id", "school_id")
    ):
        leaders[school_id].append(user_id)
    for world in worlds.values():
        members_weak = [(h.school_id, outcomes[h.school_id]) for h in world.members if outcomes.get(h.school_id) in WEAK_OUTCOMES]
        nearby = [pair for la in sorted(lead_las[world.alliance_id]) for pair in weak_by_la[la]]
        lead_ids = {h.school_id for h in world.leads}
        world.weaker_nearby = [pair for pair in dict.fromkeys(members_weak + nearby) if pair[0] not in lead_ids]
        schools = {h.school_id for h in (*world.leads, *world.members, *world.deliverers) if h.school_id}
        world.leader_of = {school_id: leaders[school_id][0] for school_id in schools if leaders.get(school_id)}
        managers = [leaders[h.school_id][0] for h in world.leads if leaders.get(h.school_id)]
        world.manager_id = managers[0] if managers else None
    return worlds


def universities():
    return list(Organisation.objects.filter(kind=Organisation.Kind.UNIVERSITY).order_by("pk").values_list("pk", flat=True))
