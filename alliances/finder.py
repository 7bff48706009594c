"""The alliance finder: which alliances best meet a school's needs, character and ethos, and
which are near it.

Every alliance is returned, ranked; none is ever filtered out. Teaching schools are not bound by
county or local authority borders, and a school may join whichever alliance suits it best, so
distance adds points but never excludes an alliance.

Relevance is a weighted sum (weights below), each part with a plain-English reason:

- each wanted delivery area the alliance offers: AREA_WEIGHT (3);
- each wanted specialism phrase found whole (case-insensitive, as whole words) in its
  specialisms, description or ethos: SPECIALISM_WEIGHT (3); a phrase found only in part earns
  SPECIALISM_PARTIAL_SHARE (half) of that, times the share of the phrase's words found;
- phase: PHASE_WEIGHT (2) times the share of its current lead and member schools in that phase;
- religious character: CHARACTER_WEIGHT (2) times the share of its current lead and member
  schools with that character;
- ethos: ETHOS_WEIGHT (2) times the share of the school's ethos words found in the alliance's ethos;
- distance, to its nearest current lead school: DISTANCE_WEIGHT (2) points at 0 km, halving every
  DISTANCE_HALVING_KM (25 km): 1.4 at 12 km, 0.5 at 50 km, 0.03 at 150 km. No distance known (the
  search gave no place, or no current lead has a location): nothing added.

So with nothing else to separate them, near alliances rank above far ones, while a single wanted
delivery area or specialism met (3) always outranks mere nearness (at most 2).

A search starts from a place (`find_place`): a school (by URN, or the one school at a postcode),
whose phase and religious character are matched; or a postcode, outward code or town, which gives
distances only, so only what the person states is matched besides distance.

"Current" means role periods open on the day searched (today by default); ended periods count
for nothing. Deliverers are not counted.

Order (FinderResult.sort_key): by relevance, highest score, then nearest (unknown last), then
name; by distance, nearest (unknown last), then highest score, then name.
"""
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date

from django.db.models import Count

from alliances.models import Alliance, AllianceRole, DeliveryArea
from alliances.permissions import schools_acting_for
from registry import data_version
from registry.postcodes import FULL_POSTCODE, OUTWARD_CODE, middle_of, postcode_area_centre
from registry.models import School

# What the school asks an alliance to deliver comes first: a need met is worth more than a
# perfect fit on any one of phase, character or ethos, so a full need (3) outranks a full fit (2).
AREA_WEIGHT = 3.0  # each wanted delivery area offered
SPECIALISM_WEIGHT = 3.0  # each wanted specialism phrase found whole
SPECIALISM_PARTIAL_SHARE = 0.5  # a phrase found only in part: at most half of a whole match
PHASE_WEIGHT = 2.0  # times the share of current leads and members in the wanted phase
CHARACTER_WEIGHT = 2.0  # times the share of current leads and members with the wanted character
ETHOS_WEIGHT = 2.0  # times the share of the school's ethos words found in the alliance's ethos

# Nearness counts, as much as a perfect fit on phase, character or ethos: schools mostly work with
# alliances they can reach. It counts less than one need met, so being near never lifts an alliance
# above one that offers what the school asked for; and it never excludes one.
DISTANCE_WEIGHT = 2.0  # points for an alliance whose nearest current lead is where you are
DISTANCE_HALVING_KM = 25.0  # the points halve every this many km: about a half-hour drive
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
    school_id: int | None = None  # the searching school, to show the alliances it is already in

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
            school_id=school.pk,
        )
        return replace(query, **overrides)

    @classmethod
    def for_place(cls, place, **fields):
        """A query from a Place: a school's own phase and character (fields given win), or for
        anywhere else only its location, so that only what the person states is matched."""
        if place.school is not None:
            return cls.for_school(place.school, **{name: value for name, value in fields.items() if value})
        return cls(latitude=place.latitude, longitude=place.longitude, **fields)

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
    your_role: str | None = None  # "lead" or "member" when the searching school holds that role today

    @property
    def distance_text(self):
        """"1.5", "12", "228": as the reasons give it; "" when not known."""
        return "" if self.distance_km is None else format_km(self.distance_km)

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
    """An alliance's current lead and member schools, as the finder needs them: how many there
    are of each (phase, religious character), not the schools themselves."""

    counts: dict = field(default_factory=dict)  # (phase, religious character) -> number of schools
    lead_locations: list = field(default_factory=list)  # (latitude, longitude)
    your_rank: int = 0  # the searching school's role in it today, as a _ROLE_RANK (0: none)

    @property
    def total(self):
        return sum(self.counts.values())

    @property
    def your_role(self):
        return _RANKED_ROLE.get(self.your_rank)


def find_alliances(query, alliances=None, day=None):
    """Every alliance (all of them by default), ranked for the query, each with its reasons."""
    given = alliances is not None
    alliances = list(alliances if given else Alliance.objects.all())
    # All alliances: fetch every current role rather than send ~600 ids back to the database.
    ids = [alliance.pk for alliance in alliances] if given else None
    profiles = _profiles(ids, day or date.today(), query.school_id)
    wanted = _Wanted(query)
    results = [_score(alliance, profiles.get(alliance.pk) or _Profile(), wanted) for alliance in alliances]
    results.sort(key=lambda result: result.sort_key(query.sort))
    return results


# The roles the finder counts, ranked so that the highest one a school holds is the one shown.
_ROLE_RANK = {AllianceRole.Role.LEAD: 2, AllianceRole.Role.MEMBER: 1}
_RANKED_ROLE = {rank: str(role) for role, rank in _ROLE_RANK.items()}


def _profiles(alliance_ids, day, school_id=None):
    """Each alliance's current lead and member schools, with the searching school's own roles.
    For all alliances (every search without a shortlist) the profiles are built once and kept
    until an alliance or the registry changes (registry/data_version.py): building them reads
    every current role period."""
    if alliance_ids is None:
        profiles = data_version.cached(f"finder-profiles:{day.isoformat()}", lambda: _built_profiles(None, day))
    else:
        profiles = _built_profiles(alliance_ids, day)
    if school_id is not None:
        own_roles = AllianceRole.objects.on(day).filter(school_id=school_id, role__in=list(_ROLE_RANK)).order_by()
        for alliance_id, role in own_roles.values_list("alliance_id", "role"):
            if alliance_ids is None or alliance_id in alliance_ids:
                profile = profiles[alliance_id]
                profile.your_rank = max(profile.your_rank, _ROLE_RANK[role])
    return profiles


def _built_profiles(alliance_ids, day):
    """Current lead and member schools (of these alliances, or all) in two queries whatever the
    number of alliances: schools counted by phase and character in the database (about 4,000
    rows for the national demo's 21,000 current periods, not one row per period); and the lead
    schools' locations. Deliverers are not counted: they are not schools the alliance is made of."""
    # order_by(): the default ordering would join and sort on the alliance for nothing.
    current = AllianceRole.objects.on(day).filter(role__in=list(_ROLE_RANK)).order_by()
    if alliance_ids is not None:
        current = current.filter(alliance_id__in=alliance_ids)
    # Grouped by phase and character before the alliance: grouped by the alliance first, SQLite
    # walks the alliance index and reads the periods in random order, twice as slow.
    counted = current.values("school__phase", "school__religious_character", "alliance_id").annotate(
        number=Count("school_id", distinct=True)  # a school holding two periods is one school
    )
    profiles = defaultdict(_Profile)
    for alliance_id, phase, character, number in counted.values_list(
        "alliance_id", "school__phase", "school__religious_character", "number"
    ):
        counts = profiles[alliance_id].counts
        key = (phase or "", character or "")
        counts[key] = counts.get(key, 0) + number
    leads = current.filter(role=AllianceRole.Role.LEAD, school__latitude__isnull=False, school__longitude__isnull=False)
    for alliance_id, latitude, longitude in leads.values_list("alliance_id", "school__latitude", "school__longitude"):
        profiles[alliance_id].lead_locations.append((latitude, longitude))
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
        # Each word as a whole word: a run of letters and digits, as WORD splits text.
        self.word_patterns = {
            word: re.compile(rf"(?<![^\W_]){re.escape(word)}(?![^\W_])")
            for _, _, words in self.phrases
            for word in words
        }
        self.phase = query.phase.strip()
        self.character = query.religious_character.strip()
        self.ethos_words = _significant_words(query.ethos)
        self.asks_for_something = bool(
            self.areas or self.phrases or self.phase.casefold() not in UNMATCHED_PHASES
            or self.character or self.ethos_words
        )
        # Each distinct phase or character is compared once, not once per alliance.
        self.matches_phase = _Answers(lambda phase: phase.casefold() == self.phase.casefold())
        self.matches_character = _Answers(lambda character: _same_character(character, self.character))


class _Answers(dict):
    """question(key) for each key, asked once: answers[key]."""

    def __init__(self, question):
        super().__init__()
        self.question = question

    def __missing__(self, key):
        answer = self[key] = self.question(key)
        return answer


def _score(alliance, profile, wanted):
    """One alliance's result: each part adds points and, when it applies, a reason."""
    parts = [
        _areas_part(alliance, wanted),
        _specialisms_part(alliance, wanted),
        _phase_part(profile, wanted),
        _character_part(profile, wanted),
        _ethos_part(alliance, wanted),
    ]
    distance = _nearest_km(wanted.query.location, profile.lead_locations)
    nearness = distance_points(distance)
    score = round(sum(points for points, _ in parts) + nearness, SCORE_DECIMALS)
    reasons = [reason for points, part_reasons in parts if points > 0 for reason in part_reasons]
    if not reasons:
        reasons.append(
            "Nothing you asked for matches this alliance"
            if wanted.asks_for_something
            else "You have not said what you need, so there is nothing to match yet"
        )
    if wanted.query.location is not None:
        reasons.append(_distance_reason(distance, nearness))
    return FinderResult(alliance=alliance, score=score, distance_km=distance, reasons=reasons, your_role=profile.your_role)


def _areas_part(alliance, wanted):
    offered = [area for area in wanted.areas if area in (alliance.delivery_areas or [])]
    labels = [_lower_first(DeliveryArea(area).label) for area in offered]
    return AREA_WEIGHT * len(offered), [f"Offers {_and_list(labels)}, which you asked for"] if offered else []


def _specialisms_part(alliance, wanted):
    """Whole phrases first; a phrase not found whole earns part credit for the words found."""
    if not wanted.phrases:
        return 0.0, []
    text = _searchable_text(alliance)
    whole, partial, points = [], [], 0.0
    for phrase, pattern, phrase_words in wanted.phrases:
        # A plain substring test first: most alliances lack most words, and it is far cheaper
        # than the whole-word patterns, which only confirm what it finds.
        present = [word for word in phrase_words if word in text]
        if len(present) == len(phrase_words) and pattern.search(text):
            whole.append(phrase)
            points += SPECIALISM_WEIGHT
            continue
        found = [word for word in present if wanted.word_patterns[word].search(text)]
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
    total = profile.total
    if wanted.phase.casefold() in UNMATCHED_PHASES or not total:
        return 0.0, []
    matching = sum(number for (phase, _), number in profile.counts.items() if wanted.matches_phase[phase])
    verb = "is" if total == 1 else "are"
    reason = _upper_first(f"{_share_of_schools(matching, total)} {verb} {_lower_first(wanted.phase)}, like yours")
    return PHASE_WEIGHT * matching / total, [reason]


def _character_part(profile, wanted):
    total = profile.total
    if not wanted.character or not total:
        return 0.0, []
    matching = sum(number for (_, character), number in profile.counts.items() if wanted.matches_character[character])
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


def distance_points(distance_km):
    """DISTANCE_WEIGHT at 0 km, halving every DISTANCE_HALVING_KM; nothing when not known."""
    if distance_km is None:
        return 0.0
    return DISTANCE_WEIGHT * 0.5 ** (distance_km / DISTANCE_HALVING_KM)


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


def _distance_reason(distance, points):
    if distance is None:
        return "Distance not known (none of its lead schools has a location): +0"
    return f"{format_km(distance)} km away: +{points:.2f}"


def format_km(distance):
    """To a tenth of a km under 10 km, whole km beyond."""
    return f"{distance:.1f}" if distance < 10 else f"{distance:,.0f}"


# Where a search starts from.


class PlaceNotFound(ValueError):
    """The text names no school, postcode or town the registry knows; the message says so."""


@dataclass
class Place:
    """Where distances are measured from. `school` is set only when the place is a school, whose
    phase and religious character are then matched."""

    name: str  # as shown: "St Luke's Primary School", "LS6 9ZZ", "Leeds"
    latitude: float | None
    longitude: float | None
    school: School | None = None
    near: str = ""  # how a place that is not a school was located, e.g. "the schools in LS6 2"


def find_place(text):
    """A school's URN, a postcode, an outward code or a town, as a Place; PlaceNotFound when the
    registry cannot place it. Postcodes are read as the school search reads them
    (registry.filters): the one open school with that postcode, else the middle of the schools at
    that postcode, in its sector ("LS6 2") or its outward code ("LS6")."""
    text = " ".join(text.split())
    upper = text.upper()
    # Only ASCII digits: "²" is a digit to str.isdigit() but not to int().
    if text.isascii() and text.isdigit():
        school = School.objects.filter(urn=int(text)).first()
        if school is None:
            raise PlaceNotFound(f"No school has the URN {text}.")
        return _school_place(school)
    if full := FULL_POSTCODE.match(upper):
        postcode = f"{full[1]} {full[2]}"
        schools = list(School.objects.open().filter(postcode=postcode)[:2])
        if len(schools) == 1:
            return _school_place(schools[0])
        if found := postcode_area_centre(School.objects.all(), full, whole_postcode_first=True):
            area, centre = found
            return _middle_place(postcode, centre, area)
        raise PlaceNotFound(f"No school is near the postcode {postcode}: check it, or enter a town or your school's URN.")
    if OUTWARD_CODE.match(upper):
        if centre := middle_of(School.objects.filter(postcode__startswith=f"{upper} ")):
            return _middle_place(upper, centre, upper)
        raise PlaceNotFound(f"No school has a postcode starting {upper}: check it, or enter a town or your school's URN.")
    if centre := middle_of(School.objects.filter(town__iexact=text)):
        return _middle_place(text, centre, text)
    raise PlaceNotFound(f"No school is in a town called \u2018{text}\u2019: check the spelling, or enter a postcode or your school's URN.")


def _school_place(school):
    return Place(name=school.name, latitude=school.latitude, longitude=school.longitude, school=school)


def _middle_place(name, centre, area):
    """A place that is not a school: the middle of the schools in an area (registry.postcodes)."""
    latitude, longitude = centre
    return Place(name=name, latitude=latitude, longitude=longitude, near=f"the schools in {area}")


def schools_to_start_from(user):
    """The open schools a signed-in person acts for, by name: the finder starts from the one, or
    offers a choice of several. No query for someone not signed in."""
    ids = schools_acting_for(user)
    if not ids:
        return []
    return list(School.objects.open().filter(id__in=ids).order_by("name", "urn"))


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
