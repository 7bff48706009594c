"""British National Grid (EPSG:27700, GIAS's Easting/Northing) to latitude and longitude (WGS 84)."""
from functools import lru_cache

from pyproj import Transformer

# Anything outside this box is a placeholder (GIAS writes 0 or 999999999-style values for
# establishments abroad), not a place in Great Britain.
MAX_EASTING = 700_000
MAX_NORTHING = 1_300_000


@lru_cache(maxsize=1)
def _transformer():
    return Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)


def is_on_grid(easting, northing) -> bool:
    return (
        easting is not None
        and northing is not None
        and 0 < easting <= MAX_EASTING
        and 0 < northing <= MAX_NORTHING
    )


def to_latitude_longitude(eastings, northings):
    """Convert lists of eastings and northings in one call (fast for a national file).
    Returns a list of (latitude, longitude) rounded to 6 decimal places (about 0.1 m)."""
    if not eastings:
        return []
    longitudes, latitudes = _transformer().transform(eastings, northings)
    return [(round(lat, 6), round(lon, 6)) for lat, lon in zip(latitudes, longitudes)]
