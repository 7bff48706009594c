"""Who may apply to be a specialist leader of education: at least two years in a leadership
role below headteacher. Headteachers lead schools rather than being deployed into them, and
higher level teaching assistants are not teachers, so neither is eligible. The school need not be
outstanding (any inspection outcome will do)."""
from brokerage.models import CurrentRole

MINIMUM_LEADERSHIP_YEARS = 2
NOT_ELIGIBLE = {
    CurrentRole.HEADTEACHER: "Headteachers cannot be specialist leaders of education: the role is for leaders below headteacher.",
    CurrentRole.HLTA: "Higher level teaching assistants are not eligible to be specialist leaders of education.",
    CurrentRole.TEACHER: "Specialist leaders of education hold a leadership role below headteacher: a classroom teacher without one is not eligible.",
}


def eligibility_problems(current_role, leadership_years):
    """Every reason the person may not apply (an empty list when they may)."""
    problems = []
    if current_role not in CurrentRole.values:
        problems.append("Choose your current role from the list.")
    elif current_role in NOT_ELIGIBLE:
        problems.append(NOT_ELIGIBLE[current_role])
    if leadership_years is None or leadership_years < MINIMUM_LEADERSHIP_YEARS:
        problems.append(
            f"You need at least {MINIMUM_LEADERSHIP_YEARS} years in a leadership role below headteacher "
            f"(you gave {leadership_years if leadership_years is not None else 'none'})."
        )
    return problems
