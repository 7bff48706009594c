"""The alliance finder: which alliances best meet a school's needs, character and ethos.

Every alliance is returned, ranked; none is ever filtered out. Teaching schools are not bound by
county or local authority borders, and a school may join whichever alliance suits it best, so
distance is shown and can be sorted on but never excludes an alliance.

Relevance is a weighted sum (weights below), each part with a plain-English reason:

- each wanted delivery area the alliance offers: AREA_WEIGHT;
- each wanted specialism phrase found whole (case-insensitive, as whole words) in its
  specialisms, description or ethos: SPECIALISM_WEIGHT; a phrase found only in part earns
  SPECIALISM_PARTIAL_SHARE of that, times the share of the phrase's words found;
- phase: PHASE_WEIGHT times the share of its current lead and member schools in that phase;
- religious character: CHARACTER_WEIGHT times the share of its current lead and member schools
  with that character;
- ethos: ETHOS_WEIGHT times the share of the school's ethos words found in the alliance's ethos.

"Current" means role periods open on the day searched (today by default); ended periods count
for nothing. Deliverers are not counted; distance is to the nearest current lead school.

Order (FinderResult.sort_key): by relevance, highest score, then nearest (unknown last), then
name; by distance, nearest (unknown last), then highest score, then name.
"""
import math
import re
from dataclasses import dataclass, field, replace
from datetime import date

from alliances.models import Alliance, AllianceRole, DeliveryArea

# What the school asks an alliance to deliver comes first: a need met is worth more than a
# perfect fit on any one of phase, character or ethos, so a full need (3) outranks a full fit (2).
AREA_WEIGHT = 3.0  # each wanted delivery area offered
SPECIALISM_WEIGHT = 3.0  # each wanted specialism phrase found whole
SPECIALISM_PARTIAL_SHARE = 0.5  # a phrase found only in part: at most half of a whole match
PHASE_WEIGHT = 2.0  # times the share of current leads and members in the wanted phase
CHARACTER_WEIGHT = 2.0  # times the share of current leads and members with the wanted character
ETHOS_WEIGHT = 2.0  # times the share of the school's ethos words found in the alliance's ethos

# Distance has no weight in the sum. In relevance order it only breaks ties between equal scores
# (nearer first): a school may join any alliance in England, so being near must never lift an
# alliance above one that better meets the school's needs, character and ethos.
EARTH_RADIUS_KM = 6371.0088  # the IUGG mean radius

SCORE_DECIMALS = 3  # scores are rounded so that equal sums tie exactly, whatever the float error

SORT_RELEVANCE = "relevance"
SORT_DISTANCE = "distance"
SORTS = (SORT_RELEVANCE, SORT_DISTANCE)

# GIAS values meaning "no religious character": treated as one character, so a school without
# one can find alliances of schools without one.
NO_CHARACTER = ("", "does not apply", "none")
# "Not applicable" is the phase of most special schools and alternative provision: it says
# nothing about the age range taught, so it is not matched.
UNMATCHED_PHASES = ("", "not applicable")

# Words too common to show that two texts share an idea.
STOPWORDS = frozenset(
    "a an and are as at be by for from in into is it its of on or our the their to we who with"
    " all every each this that".split()
)
WORD = re.compile(r"[^\W_]+")
PHRASE_SEPARATORS = re.compile(r"[,;\n]+")


@dataclass
class FinderQuery:
    """What a school is looking for. Empty values ask for nothing."""

    areas: list = field(default_factory=list)
    specialisms: str = ""
    phase: str = ""
    religious_character: str = ""
    ethos: str = ""
    latitude: float | None = None
    longitude: float | None = None
    sort: str = SORT_RELEVANCE

    def __post_init__(self):
        # Refused loudly: a misspelt sort would otherwise silently rank by relevance.
        if self.sort not in SORTS:
            raise ValueError(f"sort must be one of {', '.join(SORTS)}, not {self.sort!r}")

    @classmethod
    def for_school(cls, school, **overrides):
        """A query for a registry School: its phase, religious character and location, plus
        whatever the school says it needs (overrides win)."""
        query = cls(
            phase=school.phase or "",
            religious_character=school.religious_character or "",
            latitude=school.latitude,
            longitude=school.longitude,
        )
        return replace(query, **overrides)

    @property
    def location(self):
        if self.latitude is None or self.longitude is None:
            return None
        return (self.latitude, self.longitude)


@dataclass
class FinderResult:
    alliance: Alliance
    score: float
    distance_km: float | None
    reasons: list

    def sort_key(self, sort=SORT_RELEVANCE):
        """The documented order. Relevance: highest score, then nearest, then name. Distance:
        nearest (unknown last), then highest score, then name."""
        distance = math.inf if self.distance_km is None else self.distance_km
        name = (self.alliance.name.casefold(), self.alliance.name, self.alliance.pk)
        if sort == SORT_DISTANCE:
            return (distance, -self.score, name)
        return (-self.score, distance, name)


@dataclass
class _Profile:
    """An alliance's current lead and member schools, as the finder needs them."""

    schools: dict = field(default_factory=dict)  # school id -> (phase, religious character)
    lead_locations: list = field(default_factory=list)  # (latitude, longitude)


def find_alliances(query, alliances=None, day=None):
    """Every alliance (all of them by default), ranked for the query, each with its reasons."""
    given = alliances is not None
    alliances = list(alliances if given else Alliance.objects.all())
    # All alliances: fetch every current role rather than send ~600 ids back to the database.
    profiles = _profiles([alliance.pk for alliance in alliances] if given else None, day or date.today())
    wanted = _Wanted(query)
    results = [_score(alliance, profiles.get(alliance.pk, _Profile()), wanted) for alliance in alliances]
    results.sort(key=lambda result: result.sort_key(query.sort))
    return results


def _profiles(alliance_ids, day):
    """Current lead and member roles (of these alliances, or all), in one query, not one per
    alliance. Deliverers are not counted: they are not schools the alliance is made of."""
    roles = AllianceRole.objects.on(day).filter(role__in=[AllianceRole.Role.LEAD, AllianceRole.Role.MEMBER])
    if alliance_ids is not None:
        roles = roles.filter(alliance_id__in=alliance_ids)
    # order_by(): the default ordering would join and sort on the alliance for nothing.
    rows = roles.values_list(
        "alliance_id", "role", "school_id", "school__phase", "school__religious_character",
        "school__latitude", "school__longitude",
    ).order_by()
    profiles = {}
    for alliance_id, role, school_id, phase, character, latitude, longitude in rows:
        profile = profiles.setdefault(alliance_id, _Profile())
        profile.schools[school_id] = (phase or "", character or "")
        if role == AllianceRole.Role.LEAD and latitude is not None and longitude is not None:
            profile.lead_locations.append((latitude, longitude))
    return profiles


class _Wanted:
    """The query, parsed once rather than once per alliance."""

    def __init__(self, query):
        self.query = query
        # Unknown area values cannot be offered, so they are dropped rather than never matched.
        self.areas = [area for area in dict.fromkeys(query.areas) if area in DeliveryArea.values]
        self.phrases = [
            (phrase, _phrase_pattern(phrase), _significant_words(phrase)) for phrase in _phrases(query.specialisms)
        ]
        self.phase = query.phase.strip()
        self.character = query.religious_character.strip()
        self.ethos_words = _significant_words(query.ethos)
        self.asks_for_something = bool(
            self.areas or self.phrases or self.phase.casefold() not in UNMATCHED_PHASES
            or self.character or self.ethos_words
        )


def _score(alliance, profile, wanted):
    """One alliance's result: each part adds points and, when it applies, a reason."""
    parts = [
        _areas_part(alliance, wanted),
        _specialisms_part(alliance, wanted),
        _phase_part(profile, wanted),
        _character_part(profile, wanted),
        _ethos_part(alliance, wanted),
    ]
    score = round(sum(points for points, _ in parts), SCORE_DECIMALS)
    reasons = [reason for points, part_reasons in parts if points > 0 for reason in part_reasons]
    if not reasons:
        reasons.append(
            "Nothing you asked for matches this alliance"
            if wanted.asks_for_something
            else "You have not said what you need, so there is nothing to match yet"
        )
    distance = _nearest_km(wanted.query.location, profile.lead_locations)
    reasons.append(_distance_reason(distance, wanted.query.location))
    return FinderResult(alliance=alliance, score=score, distance_km=distance, reasons=[r for r in reasons if r])


def _areas_part(alliance, wanted):
    offered = [area for area in wanted.areas if area in (alliance.delivery_areas or [])]
    labels = [_lower_first(DeliveryArea(area).label) for area in offered]
    return AREA_WEIGHT * len(offered), [f"Offers {_and_list(labels)}, which you asked for"] if offered else []


def _specialisms_part(alliance, wanted):
    """Whole phrases first; a phrase not found whole earns part credit for the words found."""
    text = _searchable_text(alliance)
    words = set(WORD.findall(text))
    whole, partial, points = [], [], 0.0
    for phrase, pattern, phrase_words in wanted.phrases:
        if pattern.search(text):
            whole.append(phrase)
            points += SPECIALISM_WEIGHT
            continue
        found = [word for word in phrase_words if word in words]
        if found:
            partial.append(f"{', '.join(found)} (from \u2018{phrase}\u2019)")
            points += SPECIALISM_WEIGHT * SPECIALISM_PARTIAL_SHARE * len(found) / len(phrase_words)
    reasons = []
    if whole:
        reasons.append(f"Specialisms match: {', '.join(whole)}")
    if partial:
        reasons.append(f"Some words of your needs match: {'; '.join(partial)}")
    return points, reasons


def _phase_part(profile, wanted):
    if wanted.phase.casefold() in UNMATCHED_PHASES or not profile.schools:
        return 0.0, []
    matching = sum(1 for phase, _ in profile.schools.values() if phase.casefold() == wanted.phase.casefold())
    total = len(profile.schools)
    verb = "is" if total == 1 else "are"
    reason = _upper_first(f"{_share_of_schools(matching, total)} {verb} {_lower_first(wanted.phase)}, like yours")
    return PHASE_WEIGHT * matching / total, [reason]


def _character_part(profile, wanted):
    if not wanted.character or not profile.schools:
        return 0.0, []
    matching = sum(1 for _, character in profile.schools.values() if _same_character(character, wanted.character))
    total = len(profile.schools)
    name = "No religious" if _denominations(wanted.character) == {""} else wanted.character
    reason = f"{name} character, like yours ({_share_of_schools(matching, total)})"
    return CHARACTER_WEIGHT * matching / total, [reason]


def _ethos_part(alliance, wanted):
    if not wanted.ethos_words:
        return 0.0, []
    theirs = set(WORD.findall((alliance.ethos or "").casefold()))
    found = [word for word in wanted.ethos_words if word in theirs]
    reason = f"Its ethos shares your words: {', '.join(found)}"
    return ETHOS_WEIGHT * len(found) / len(wanted.ethos_words), [reason]


def haversine_km(latitude1, longitude1, latitude2, longitude2):
    """Great-circle distance in km between two points given in degrees."""
    phi1, phi2 = math.radians(latitude1), math.radians(latitude2)
    half_dphi = (phi2 - phi1) / 2
    half_dlambda = math.radians(longitude2 - longitude1) / 2
    a = math.sin(half_dphi) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlambda) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))  # min(): float error near antipodes


def _nearest_km(location, lead_locations):
    if location is None or not lead_locations:
        return None
    return min(haversine_km(*location, *lead) for lead in lead_locations)


def _distance_reason(distance, location):
    if location is None:
        return None  # the school gave no location: nothing to say about distance
    if distance is None:
        return "Distance not known: none of its lead schools has a location (never a reason to exclude)"
    shown = f"{distance:.1f}" if distance < 10 else f"{distance:.0f}"
    return f"{shown} km from you (distance is shown, never a reason to exclude)"


# Text helpers.


def _significant_words(text):
    """Distinct words worth matching, in the order written."""
    return list(dict.fromkeys(w for w in WORD.findall((text or "").casefold()) if w not in STOPWORDS))


def _phrases(text):
    """'Early reading, maths mastery; SEND' -> each need once (ignoring case), stopwords-only dropped."""
    phrases = {}
    for phrase in PHRASE_SEPARATORS.split(text or ""):
        phrase = " ".join(phrase.split())
        if _significant_words(phrase):
            phrases.setdefault(phrase.casefold(), phrase)
    return list(phrases.values())


def _phrase_pattern(phrase):
    """The phrase as whole words, any spacing: 'Early  Reading' finds 'early reading'. Both
    sides are casefolded (not just IGNORECASE), so 'Straße' also finds 'STRASSE'."""
    body = r"\s+".join(re.escape(part) for part in phrase.casefold().split())
    return re.compile(rf"(?<!\w){body}(?!\w)")


def _searchable_text(alliance):
    # " | " between parts so that a phrase never matches across two specialisms or two fields.
    parts = [*alliance.specialism_list(), alliance.description or "", alliance.ethos or ""]
    return " | ".join(parts).casefold()


def _denominations(character):
    """'Church of England/Methodist' is both; every kind of 'no religious character' is one."""
    character = character.strip().casefold()
    if character in NO_CHARACTER:
        return {""}
    return {part.strip() for part in character.split("/") if part.strip()}


def _same_character(theirs, wanted):
    return bool(_denominations(theirs) & _denominations(wanted))


def _share_of_schools(matching, total):
    """'2 of its 3 lead and member schools', 'all 4 of ...', 'its only lead or member school'."""
    if total == 1:
        return "its only lead or member school"
    if matching == total:
        return f"all {total} of its lead and member schools"
    return f"{matching} of its {total} lead and member schools"


def _lower_first(label):
    # "Initial teacher training" reads as "initial teacher training"; "CPD and ..." stays.
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def _upper_first(text):
    return text[:1].upper() + text[1:]


def _and_list(items):
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
