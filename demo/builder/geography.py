"""Distances between places, good enough to rank them by nearness, and local authority centres."""
from collections import defaultdict

# A degree of longitude is about 0.61 of a degree of latitude across England (cos 52.5°), so
# squared distances in scaled degrees rank places as a map would.
LONGITUDE_SCALE = 0.61


def _distance2(a, b):
    return _distance2_points(a.latitude, a.longitude, b.latitude, b.longitude)


def _distance2_points(lat1, lon1, lat2, lon2):
    """Squared distance in degrees of latitude: good enough to rank places by nearness."""
    dlat = lat1 - lat2
    dlon = (lon1 - lon2) * LONGITUDE_SCALE
    return dlat * dlat + dlon * dlon


def _local_authority_centres(schools):
    places = defaultdict(list)
    for school in schools:
        if school.local_authority_id:
            places[school.local_authority_id].append(school)
    return {
        la: (found[0].region, sum(s.latitude for s in found) / len(found), sum(s.longitude for s in found) / len(found))
        for la, found in places.items()
    }
