"""The three kinds of alliance, and what each demands of its leads.

- single: exactly one teaching school leads.
- job-share: exactly two schools lead jointly, each a small or a special school (as the
  registry defines them: School.is_small, School.is_special).
- multiple: two or more teaching schools lead.
Every lead must hold an active teaching school designation.
"""
from django.conf import settings

from alliances.models import Alliance, Designation


def designated_school_ids(schools):
    return set(
        Designation.objects.filter(school__in=schools, status__in=Designation.ACTIVE_STATUSES).values_list(
            "school_id", flat=True
        )
    )


def type_problems(alliance_type, leads):
    """Every reason the given lead schools cannot lead an alliance of this type ([] if none)."""
    leads = list(leads)
    count = len(leads)
    problems = []
    if count == 0:
        problems.append("An alliance needs at least one lead teaching school.")
    designated = designated_school_ids(leads)
    for school in leads:
        if school.id not in designated:
            problems.append(f"{school.name} is not a designated teaching school, so it cannot lead an alliance.")
        if not school.is_open:
            problems.append(f"{school.name} is {school.get_status_display().lower()}, so it cannot lead an alliance.")
    if alliance_type == Alliance.Type.SINGLE and count > 1:
        problems.append(f"A single alliance is led by exactly one teaching school; this would have {count}.")
    if alliance_type == Alliance.Type.JOB_SHARE:
        if count != 2 and count:
            problems.append(f"A job-share alliance is led by exactly two schools; this would have {count}.")
        for school in leads:
            if not (school.is_small or school.is_special):
                problems.append(
                    f"{school.name} cannot share the lead of a job-share alliance: it is neither a small school "
                    f"(fewer than {settings.SMALL_SCHOOL_PUPIL_THRESHOLD} pupils) nor a special school."
                )
    if alliance_type == Alliance.Type.MULTIPLE and count == 1:
        problems.append("A multiple alliance is led by two or more teaching schools; this would have 1.")
    return problems
