"""How GIAS names establishment types, statuses and links, and what the platform reads into them.

Sources: the values GIAS publishes in `TypeOfEstablishment (name)`, `EstablishmentStatus (name)`
and the links file's `LinkType` (see ../shared/data/README.md).
"""

# State-funded schools: maintained schools, academies and free schools of every kind, state
# special schools, pupil referral units and maintained nursery schools.
STATE_FUNDED_TYPES = frozenset(
    {
        "Community school",
        "Voluntary aided school",
        "Voluntary controlled school",
        "Foundation school",
        "City technology college",
        "Community special school",
        "Foundation special school",
        "Pupil referral unit",
        "LA nursery school",
        "Local authority nursery school",
        "Academy sponsor led",
        "Academy converter",
        "Academy special converter",
        "Academy special sponsor led",
        "Academy alternative provision converter",
        "Academy alternative provision sponsor led",
        "Academy 16-19 converter",
        "Academy 16 to 19 sponsor led",
        "Academy secure 16 to 19",
        "Free schools",
        "Free schools special",
        "Free schools alternative provision",
        "Free schools 16 to 19",
        "Studio schools",
        "University technical college",
    }
)

# Special schools, whatever their funding: these may lead a job-share alliance.
SPECIAL_TYPES = frozenset(
    {
        "Community special school",
        "Foundation special school",
        "Academy special converter",
        "Academy special sponsor led",
        "Free schools special",
        "Non-maintained special school",
        "Other independent special school",
    }
)

# EstablishmentStatus (name) -> School.Status value.
STATUSES = {
    "Open": "open",
    "Open, but proposed to close": "open_proposed_to_close",
    "Proposed to open": "proposed_to_open",
    "Closed": "closed",
}

# Links that point from a closed school to the school that took its pupils on.
SUCCESSOR_LINK_TYPES = ("Successor", "Successor - merged", "Successor - amalgamated", "Successor - Split School")
PREDECESSOR_LINK_TYPES = (
    "Predecessor",
    "Predecessor - merged",
    "Predecessor - amalgamated",
    "Predecessor - Split School",
)


def is_state_funded(type_name: str) -> bool:
    return type_name in STATE_FUNDED_TYPES


def is_special(type_name: str) -> bool:
    return type_name in SPECIAL_TYPES
