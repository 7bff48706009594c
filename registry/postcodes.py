"""Reading postcodes, and placing one by the schools that share its area. The registry knows
where schools are, not where postcodes are: a postcode no school has is placed at the middle of
the schools in its sector ("LS6 2"), or failing that its outward code ("LS6")."""
import re

from django.db.models import Avg

FULL_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][0-9A-Z]?)\s*([0-9][A-Z]{2})$")
OUTWARD_CODE = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?$")


def middle_of(schools):
    """The mean (latitude, longitude) of these schools' locations, or None when none is placed."""
    centre = schools.filter(latitude__isnull=False, longitude__isnull=False).aggregate(
        latitude=Avg("latitude"), longitude=Avg("longitude")
    )
    return None if centre["latitude"] is None else (centre["latitude"], centre["longitude"])


def postcode_area_centre(schools, full_postcode, whole_postcode_first=False):
    """Where a postcode (a FULL_POSTCODE match) lies, from the given schools: the middle of those
    at the postcode itself (when asked), else in its sector, else in its outward code. Returns
    (area, (latitude, longitude)), the area being the part of the postcode that placed it, or None."""
    outward, inward = full_postcode[1], full_postcode[2]
    postcode, sector = f"{outward} {inward}", f"{outward} {inward[0]}"
    # "LS6 2" starts "LS6 2AB"; "LS6" needs its space, or it would take in LS60.
    areas = [(postcode, postcode)] if whole_postcode_first else []
    areas += [(sector, sector), (outward, f"{outward} ")]
    for area, prefix in areas:
        if centre := middle_of(schools.filter(postcode__startswith=prefix)):
            return area, centre
    return None
