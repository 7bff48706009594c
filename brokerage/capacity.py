"""An SLE's yearly capacity in days, the days committed and the days remaining."""
from decimal import Decimal


def days_committed(sle):
    """Days of the SLE's capacity committed to deployments this year. Deployments are brokered
    in a later part of the service; until they exist nothing is committed, so this is 0. When
    they do, this counts their agreed days, and every page and API field reads it from here."""
    return Decimal(0)


def days_remaining(sle):
    return max(sle.yearly_capacity_days - days_committed(sle), Decimal(0))


def with_capacity(sles):
    """Each SLE with `committed` and `remaining` set, for lists and the record page. When
    deployments exist, this is the place to count them for the whole list in one query."""
    for sle in sles:
        sle.committed, sle.remaining = days_committed(sle), days_remaining(sle)
    return sles
