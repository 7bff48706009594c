"""National matching of schools' needs for support with offers (SLEs and schools' expertise).

Pure numpy and OR-Tools: no Django models, so a background task or a page can call it with
arrays read from the database.

    problem = MatchingProblem(...)          # problem.py: needs and offers as arrays
    result = solve(problem)                 # engine.py: min-cost flow over whole days, then
                                            # completion.py: exact MIP where a high-priority need is left short
    baseline = greedy(problem)              # greedy.py: nearest-first, priority order
    result.problems                         # why nothing was proposed, when nothing was
    result.figures(); explanations(result); explain_unmet(result, need_row)

Offers may share a pool of days (problem.offer_pool, pool_capacity): an SLE in several areas is
one offer row an area drawing on one pool, never promised twice.

How it decides, in order: area and phase fit and the travel limit are hard rules; among allowed
matches it maximises objective.objective(), which ranks first the number of high-priority needs
met in full and then, per matched day, priority (weakest recent inspection without current
support first), reciprocity (schools that give support), distance, and a partner in the school's
own alliance. Candidates are each need's k = 8 nearest
fitting offers (candidates.py).
"""
from .candidates import DEFAULT_K, Candidates, nearest_candidates
from .engine import solve
from .explanations import explain_match, explain_unmet, explanations
from .greedy import greedy
from .objective import Assignment, objective, violations
from .problem import HIGH_PRIORITY, MatchingInputError, MatchingProblem, priority_levels

__all__ = [
    "Assignment", "Candidates", "DEFAULT_K", "HIGH_PRIORITY", "MatchingInputError", "MatchingProblem",
    "explain_match", "explain_unmet", "explanations", "greedy", "nearest_candidates", "objective",
    "priority_levels", "solve", "violations",
]
