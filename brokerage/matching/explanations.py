"""Each proposed match, and each need left unmet, explained in words."""
import numpy as np

from .objective import same_alliance
from .problem import INSPECTION_WORDS, OFFER_KINDS, PRIORITY_WORDS


def km(distance):
    return f"{distance:.1f}" if distance < 10 else f"{distance:.0f}"


def priority_words(problem, need):
    level = int(problem.priority[need])
    inspection = INSPECTION_WORDS[int(problem.need_inspection[need])]
    support = "has current support" if problem.need_has_support[need] else "has no current support"
    if problem.need_inspection[need]:
        why = f"the school's last inspection was {inspection} and it {support}"
    else:
        why = f"the school's last inspection was {inspection.lower()} and it {support}"
    return f"{PRIORITY_WORDS[level]} priority: {why}"


def explain_match(result, row):
    """Why the result's match `row` was proposed: fit, distance, priority, reciprocity, alliance."""
    p = result.problem
    need, offer = int(result.need[row]), int(result.offer[row])
    days, wanted = int(result.days[row]), int(p.need_days[need])
    parts = [
        f"{p.area_name(int(p.need_area[need]))} (same area), {p.phase_name(int(p.need_phase[need]))} phase fit, "
        f"{km(result.distance_km[row])} km",
        priority_words(p, need),
    ]
    if p.need_gives[need]:
        parts.append("the school gives support itself, so it is not left unsupported")
    if same_alliance(p, np.array([need]), np.array([offer]))[0]:
        parts.append("a partner in the same alliance")
    share = f"{days} of {wanted} days from this {OFFER_KINDS[int(p.offer_kind[offer])]}"
    met = int(result.met_days[need])
    if met < wanted:
        share += f" ({wanted - met} still unmet)"
    elif days < wanted:
        share += " (the rest from another partner)"
    parts.append(share)
    return "; ".join(parts)


def explain_unmet(result, need):
    """Why need row `need` is not met in full by this result (None when it is)."""
    p = result.problem
    met, wanted = int(result.met_days[need]), int(p.need_days[need])
    if met >= wanted:
        return None
    area, phase = p.area_name(int(p.need_area[need])), p.phase_name(int(p.need_phase[need]))
    start = f"{met} of {wanted} days matched" if met else "Not matched"
    c = result.candidates
    if c is None:
        return f"{start}: {'; '.join(result.problems)}"
    nearest = c.nearest_km[need]
    if np.isinf(nearest):
        return f"{start}: no offer with days left covers {area} for the {phase} phase."
    if nearest > p.travel_limit_km:
        return (f"{start}: the nearest offer for {area} ({phase}) is {nearest:.0f} km away, "
                f"beyond the {p.travel_limit_km:g} km travel limit.")
    count = int(np.count_nonzero(c.need == need))
    which = "the nearest offer" if count == 1 else f"the {count} nearest offers"
    verb = "has" if count == 1 else "have"
    return (f"{start}: {which} for {area} ({phase}) within {p.travel_limit_km:g} km {verb} no days left: "
            f"they went to needs ranked higher (by priority, meeting a high-priority need in full, "
            f"reciprocity or distance).")


def explanations(result):
    return [explain_match(result, row) for row in range(len(result.need))]
