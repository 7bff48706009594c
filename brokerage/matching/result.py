"""What a matching run returns: the proposed matches, the figures, and why anything is missing."""
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from .objective import Assignment, objective
from .problem import HIGH_PRIORITY


@dataclass
class MatchingResult:
    """Proposed matches of one run (engine or greedy) over a problem.

    `problems` is never empty when nothing is proposed: it says why (no needs, no offers, no
    capacity, nothing within the travel limit, the solver failing). A need is *met* when all its
    days are matched (possibly by more than one partner) and *partly met* when some are.
    """

    problem: object
    method: str
    need: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    offer: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    days: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    distance_km: np.ndarray = field(default_factory=lambda: np.empty(0))
    candidates: object = None
    problems: list = field(default_factory=list)
    seconds: float = 0.0
    components_resolved: int = 0  # engine: parts of the candidate graph re-solved as a MIP
    notes: list = field(default_factory=list)  # caveats about a proposal that was made

    @property
    def assignment(self):
        return Assignment(self.need, self.offer, self.days)

    @cached_property  # read once per explanation: computed once per result (its rows never change)
    def met_days(self):
        return np.bincount(self.need, weights=self.days, minlength=self.problem.needs).astype(np.int64)

    @property
    def met(self):
        return self.met_days == self.problem.need_days

    @property
    def partly_met(self):
        met_days = self.met_days
        return (met_days > 0) & (met_days < self.problem.need_days)

    def score(self):
        return objective(self.problem, self.assignment)

    def figures(self):
        """The figures the benchmark and the pages report."""
        p = self.problem
        high = p.priority >= HIGH_PRIORITY
        met = self.met
        partners = np.bincount(self.need, minlength=p.needs)
        return {
            "needs": p.needs,
            "offers": p.offers,
            "needs_met": int(met.sum()),
            "needs_partly_met": int(self.partly_met.sum()),
            "needs_split": int((partners > 1).sum()),
            "high_priority_needs": int(high.sum()),
            "high_priority_met": int((met & high).sum()),
            "days_wanted": int(p.need_days.sum()),
            "days_met": int(self.days.sum()),
            "high_priority_days_met": int(self.days[high[self.need]].sum()) if self.need.size else 0,
            "mean_distance_km": float(np.average(self.distance_km, weights=self.days)) if self.days.sum() else 0.0,
            "objective": self.score(),
            "seconds": self.seconds,
            "components_resolved": self.components_resolved,
        }
