"""Points for the map component (templates/includes/map.html, assets/js/map.js): schools placed
by the registry's coordinates, each marked as a lead, member or deliverer."""
from alliances.models import AllianceRole

# The order a school holding several roles is shown in: as its most senior one.
KINDS = (AllianceRole.Role.LEAD, AllianceRole.Role.MEMBER, AllianceRole.Role.DELIVERER)


def role_points(roles):
    """One point per school among the roles' holders, from roles already loaded with their
    schools (no query here), and how many holders cannot be placed: organisations, and schools
    whose location the registry does not know."""
    points, seen, not_shown = [], set(), 0
    for role in sorted(roles, key=lambda r: KINDS.index(r.role)):
        holder = ("school", role.school_id) if role.school_id else ("organisation", role.organisation_id)
        if holder in seen:
            continue
        seen.add(holder)
        school = role.school
        if school is None or school.latitude is None or school.longitude is None:
            not_shown += 1
            continue
        points.append({
            "name": school.name,
            "latitude": school.latitude,
            "longitude": school.longitude,
            "kind": role.role,
            "url": school.get_absolute_url(),
        })
    return points, not_shown
