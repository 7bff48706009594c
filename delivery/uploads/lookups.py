"""Finding what an upload's cells name: schools by URN, and an alliance's schools and
organisations by URN, name or code. Each lookup remembers what it found, so a file naming the same
school on many rows asks the database once."""
from registry.models import School


class Schools:
    def __init__(self):
        self._found = {}

    def __call__(self, urn):
        if urn not in self._found:
            self._found[urn] = School.objects.filter(urn=urn).first()
        return self._found[urn]


def alliance_organisations(alliance):
    """Every organisation that has held a role in the alliance, by lower-cased name and code."""
    found = {}
    for role in alliance.roles.filter(organisation__isnull=False).select_related("organisation"):
        organisation = role.organisation
        found[organisation.name.lower()] = organisation
        if organisation.code:
            found[organisation.code.lower()] = organisation
    return found


def holder(row, context, urn_column, organisation_column):
    """The school (by URN) or organisation (by name or code, among the alliance's) a row names in
    one of two columns: exactly one of them given. None, with the problem noted, otherwise."""
    urn, named = row(urn_column), row.text(organisation_column.name)
    if not row.ok:
        return None
    if urn is not None and named:
        row.problem(organisation_column.name, f"Give {urn_column.name} or {organisation_column.name}, not both.")
        return None
    if urn is None and not named:
        row.problem(urn_column.name, f"Give {urn_column.name} or {organisation_column.name}.")
        return None
    if urn is not None:
        school = context.schools(urn)
        if school is None:
            row.problem(urn_column.name, f"No school in the registry has the URN {urn}.")
        return school
    organisation = context.organisations.get(named.lower())
    if organisation is None:
        row.problem(organisation_column.name, f"{named} is not an organisation in {context.alliance.name}.")
    return organisation
