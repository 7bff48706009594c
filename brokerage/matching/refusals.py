"""Why a run cannot propose anything: said in words, never an empty answer."""
import numpy as np


def refusals(problem, candidates=None):
    """Every reason at once that this problem (with these candidates) yields no match."""
    reasons = []
    if problem.needs == 0:
        reasons.append("There are no needs to match.")
    if problem.offers == 0:
        reasons.append("There are no offers of support to match needs with.")
    elif int(problem.offer_capacity.sum()) == 0:
        reasons.append("Every offer has 0 days of capacity left.")
    if reasons or candidates is None or len(candidates):
        return reasons
    nearest = candidates.nearest_km
    none_fit = int(np.isinf(nearest).sum())
    too_far = problem.needs - none_fit
    if none_fit:
        reasons.append(f"{none_fit} of {problem.needs} needs have no offer with capacity in their area and phase.")
    if too_far:
        closest = float(nearest[np.isfinite(nearest)].min())
        reasons.append(
            f"{too_far} of {problem.needs} needs have offers in their area and phase, but none within the "
            f"{problem.travel_limit_km:g} km travel limit: the closest is {closest:.0f} km away."
        )
    return reasons
