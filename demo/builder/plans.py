"""Alliances and memberships as they are planned, before (and while) they are written."""
from dataclasses import dataclass, field
from datetime import date

from alliances.models import Alliance
from registry.models import School


@dataclass(eq=False)
class AlliancePlan:
    """An alliance as it is built: its leads first, the rest filled in step by step.
    `alliance` is the unsaved (then saved) model."""

    alliance_type: str
    leads: list
    alliance: Alliance | None = None
    fee_pence: int = 0
    patch: list = field(default_factory=list)
    accountable: dict = field(default_factory=dict)
    members: list = field(default_factory=list)

    @property
    def region(self):
        return self.leads[0].region

    @property
    def centre(self):
        return (
            sum(s.latitude for s in self.leads) / len(self.leads),
            sum(s.longitude for s in self.leads) / len(self.leads),
        )

    @property
    def lead_la_ids(self):
        return {s.local_authority_id for s in self.leads}

    @property
    def created_on(self):
        return self.alliance.created_on


@dataclass(eq=False)
class Period:
    """A school's planned period of membership of an alliance."""

    plan: AlliancePlan
    school: School
    starts_on: date
    ends_on: date | None = None
    end_reason: str = ""
