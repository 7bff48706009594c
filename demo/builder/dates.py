"""Dates: the demo's date and the earliest dates of its history, random days, anniversaries and
terms, and stamping rows with their day in the story."""
from datetime import date, datetime, time, timedelta

from django.utils import timezone

# The start of the 2026/27 school year, just after the synthetic Ofsted data (30 June 2026).
DEMO_DATE = date(2026, 9, 1)
# Teaching school alliances began work in 2011/12; a designation runs four years, so the current
# designations of working teaching schools date from 2019 on.
EARLIEST_ROLE = date(2012, 9, 1)
EARLIEST_DESIGNATION = date(2019, 1, 1)


def _random_day(rng, earliest, latest):
    if latest <= earliest:
        return earliest
    return earliest + timedelta(days=rng.randint(0, (latest - earliest).days))


def _years_later(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _next_anniversary(start, after):
    day = _years_later(start, max(0, after.year - start.year))
    return day if day > after else _years_later(day, 1)


def _next_term(after):
    """The next of the three English term starts (roughly 5 January, 20 April, 1 September)."""
    starts = [date(after.year, 1, 5), date(after.year, 4, 20), date(after.year, 9, 1), date(after.year + 1, 1, 5)]
    return next(day for day in starts if day > after)


def _create_stamped(rng, model, field_name, objects_and_days):
    """bulk_create, then give each row its place in the story: auto_now_add fields are
    stamped with the moment of writing, which would date all the demo's history today."""
    objects = [obj for obj, _ in objects_and_days]
    if not objects:
        return
    model.objects.bulk_create(objects)
    for obj, day in objects_and_days:
        moment = datetime.combine(day, time(rng.randint(8, 17), rng.randint(0, 59)))
        setattr(obj, field_name, timezone.make_aware(moment))
    model.objects.bulk_update(objects, [field_name], batch_size=500)
