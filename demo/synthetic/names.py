"""Word lists, and the rules that make school, trust, street and people names from them.

Everything here is invented or common English words and names; no real school list was
used. A few names carry Windows-1252 characters (à, ô, é, á) as real GIAS rows do
("St Thomas à Becket", "Awel Y Môr"), so the cp1252 encoding is exercised.
"""

from .sampling import weighted


# Letters allowed in the inward part of a UK postcode (no C, I, K, M, O, V).
POSTCODE_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

_STEM_STARTS = (
    "Ash", "Oak", "Elm", "Beech", "Birch", "Holly", "Maple", "Willow", "Brook", "Mill",
    "Church", "Green", "Hill", "Stone", "Thorn", "Fern", "Wood", "West", "East", "North",
    "South", "High", "Long", "Marsh", "Hazel", "Rose", "Lark", "Swan", "King", "Queen",
    "Bridge", "Castle", "Fair", "Red", "White", "Black", "Gold", "Silver", "Cherry", "Apple",
    "Heath", "Moor", "Park", "Lea", "Broad", "Orchard", "Meadow", "Hollin", "Alder", "Bramble",
)
_STEM_ENDS = (
    "field", "wood", "brook", "ley", "ton", "ford", "bury", "ham", "worth", "dale",
    "croft", "gate", "hurst", "mead", "well", "side", "combe", "stead", "by", "thorpe",
)
# Place-like stems, e.g. "Ashfield", "Millbrook", "Thornton".
PLACE_STEMS = tuple(start + end for start in _STEM_STARTS for end in _STEM_ENDS)

# Rare stems with non-ASCII letters; "Awel Y Môr" is a real GIAS name.
NON_ASCII_STEMS = ("Awel Y Môr", "Beauséjour", "Belle Vue Château", "Noël Park")

SAINTS = (
    "St Mary's", "St John's", "St Peter's", "St Paul's", "St Michael's", "St Andrew's",
    "St George's", "St James'", "St Thomas'", "St Anne's", "Holy Trinity", "Christ Church",
    "All Saints", "St Margaret's", "St Nicholas", "St Bartholomew's", "St Luke's", "St Mark's",
    "St Matthew's", "St Stephen's", "St Helen's", "St Catherine's", "St Edmund's", "St Chad's",
    "St Oswald's", "St Wilfrid's", "St Cuthbert's", "St Aidan's", "St Laurence", "St Leonard's",
    "St Thomas à Becket", "St Swithun's", "St Giles'", "Emmanuel", "St Barnabas",
)
CATHOLIC_SAINTS = (
    "St Joseph's", "St Mary's", "Our Lady of Lourdes", "Our Lady and St Joseph", "Sacred Heart",
    "St Teresa's", "St Patrick's", "St Bernadette's", "St Anthony's", "St Francis of Assisi",
    "Holy Family", "St Augustine's", "St Bede's", "St Thomas More", "St John Fisher",
    "Our Lady of Fátima", "St Thérèse of Lisieux", "English Martyrs", "St Wilfrid's",
    "Corpus Christi", "St Gregory's", "St Benedict's", "St Vincent's", "Blessed Sacrament",
)

MAT_NAME_WORDS = (
    "Learning", "Academy", "Education", "Schools", "Partnership", "Alliance", "Community",
    "Collaborative", "Endeavour", "Horizon", "Pioneer", "Unity", "Inspire", "Aspire",
    "Compass", "Beacon", "Lighthouse", "Keystone", "Cornerstone", "Summit", "Evolve", "Spring",
)
MAT_NAME_SUFFIXES = (
    "Trust", "Academy Trust", "Multi Academy Trust", "Learning Trust", "Academies Trust",
    "Education Trust", "Schools Trust", "Partnership Trust",
)

FIRST_NAMES = (
    "Alexandra", "Andrew", "Angela", "Anna", "Ben", "Catherine", "Chris", "Claire", "Daniel",
    "David", "Deborah", "Emma", "Fiona", "Gareth", "Gemma", "Graham", "Hannah", "Helen", "Ian",
    "James", "Jane", "Jennifer", "Joanne", "John", "Jonathan", "Julie", "Karen", "Katie",
    "Laura", "Lisa", "Louise", "Mark", "Martin", "Matthew", "Michael", "Michelle", "Nicola",
    "Paul", "Rachel", "Rebecca", "Richard", "Robert", "Sarah", "Simon", "Sophie", "Stephen",
    "Susan", "Thomas", "Tracey", "Victoria", "Zoe", "Amir", "Priya", "Rajinder", "Aisha",
    "Chloé", "Siân", "Rhodri", "Niamh", "Oluwaseun", "Mohammed", "Fatima", "Ravi",
)
LAST_NAMES = (
    "Allan", "Ahmed", "Baker", "Bennett", "Brown", "Carter", "Clarke", "Cooper", "Davies",
    "Edwards", "Evans", "Fletcher", "Green", "Hall", "Harris", "Hughes", "Jackson", "James",
    "Johnson", "Jones", "Khan", "King", "Lee", "Lewis", "Martin", "Mitchell", "Moore",
    "Morgan", "Morris", "O'Brien", "Parker", "Patel", "Phillips", "Price", "Roberts",
    "Robinson", "Shaw", "Singh", "Smith", "Taylor", "Thomas", "Thompson", "Turner", "Walker",
    "Ward", "White", "Williams", "Wilson", "Wood", "Wright", "Young", "Begum", "Nowak",
)
HEAD_TITLES = ("Mr", "Mrs", "Ms", "Miss", "Dr")

STREET_ENDINGS = (
    "Road", "Lane", "Street", "Avenue", "Way", "Drive", "Close", "Grove", "Crescent",
    "Hill", "Walk", "Rise", "Gardens", "Terrace", "Place",
)


def person(rng):
    """(title, first name, last name) of a headteacher."""
    return rng.choice(HEAD_TITLES), rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)


def street(rng):
    return f"{rng.choice(PLACE_STEMS)} {rng.choice(STREET_ENDINGS)}"


def slug(text):
    """Lower-case letters and digits only, for web addresses."""
    return "".join(ch for ch in text.lower() if ch.isascii() and ch.isalnum())

_CE_TAGS = ("Church of England", "CofE", "C of E", "CE")
_RC_TAGS = ("Catholic", "Catholic", "Roman Catholic", "RC")


def town_for_names(rng, la):
    """A town to name a school after; London boroughs use the borough's name."""
    towns = [town for town in la.towns if town != "London"]
    return rng.choice(towns) if towns else la.name


def place_word(rng, la):
    roll = rng.random()
    if roll < 0.008:
        return rng.choice(NON_ASCII_STEMS)
    if roll < 0.05:
        return town_for_names(rng, la)
    return rng.choice(PLACE_STEMS)


def _primary_ending(rng, school):
    if school.high_age <= 7:
        return weighted(rng, {"Infant School": 70, "Infant and Nursery School": 30})
    if school.low_age >= 7:
        return "Junior School"
    if school.kind == "middle_primary":
        return "Middle School"
    return weighted(rng, {"Primary School": 78, "Community Primary School": 8,
                          "Primary School and Nursery": 7, "Primary and Nursery School": 5,
                          "County Primary School": 2})


def _faith_name(rng, school, ending):
    religion = school.religion
    if religion == "Church of England":
        who = rng.choice(SAINTS) if rng.random() < 0.6 else place_word(rng, school.la)
        return f"{who} {rng.choice(_CE_TAGS)} {ending}"
    if religion == "Roman Catholic":
        return f"{rng.choice(CATHOLIC_SAINTS)} {rng.choice(_RC_TAGS)} {ending}"
    if religion == "Methodist":
        return f"{place_word(rng, school.la)} Methodist {ending}"
    if religion == "Church of England/Methodist":
        return f"{place_word(rng, school.la)} Church of England Methodist {ending}"
    if religion == "Jewish":
        return f"{place_word(rng, school.la)} Jewish {ending}"
    if religion == "Muslim":
        return f"Al-{rng.choice(('Noor', 'Huda', 'Furqan', 'Hikmah', 'Madinah'))} {ending}"
    if religion == "Sikh":
        return f"Guru {rng.choice(('Nanak', 'Arjan', 'Har Krishan', 'Tegh Bahadur'))} Sikh {ending}"
    if religion == "Hindu":
        return f"{place_word(rng, school.la)} Hindu {ending}"
    return f"{place_word(rng, school.la)} Christian {ending}"


def base_name(rng, school):
    """A name as the school would have had as an LA-maintained school."""
    kind, la = school.kind, school.la
    place = place_word(rng, la)
    town = town_for_names(rng, la)
    if kind in ("primary", "middle_primary"):
        ending = _primary_ending(rng, school)
    elif kind in ("secondary", "middle_secondary"):
        if school.type_key == "utc":
            return rng.choice((f"UTC {town}", f"{town} UTC", f"{town} University Technical College"))
        if school.type_key == "studio":
            return f"{town} Studio School"
        if kind == "middle_secondary":
            ending = "Middle School"
        elif school.admissions == "Selective":
            ending = weighted(rng, {"Grammar School": 60, "Grammar School for Girls": 20, "Grammar School for Boys": 20})
        elif school.gender == "Girls":
            ending = weighted(rng, {"School for Girls": 50, "Girls' School": 30, "High School for Girls": 20})
        elif school.gender == "Boys":
            ending = weighted(rng, {"School for Boys": 50, "Boys' School": 30, "High School for Boys": 20})
        else:
            ending = weighted(rng, {"School": 30, "High School": 30, "Community College": 8, "College": 7,
                                    "Secondary School": 8, "School and Sixth Form": 7, "Community School": 10})
    elif kind == "all_through":
        ending = weighted(rng, {"School": 40, "All-Through School": 35, "Community School": 25})
    elif kind == "sixteen_plus":
        return rng.choice((f"{place} Sixth Form", f"{town} Sixth Form College", f"{town} Maths School",
                           f"{place} 16-19 Academy"))
    elif kind == "nursery":
        return f"{place} " + weighted(rng, {"Nursery School": 65, "Nursery School and Children's Centre": 25,
                                            "Early Years Centre": 10})
    elif kind == "special":
        return f"{place} " + weighted(rng, {"School": 45, "Special School": 20, "House School": 5,
                                            "Community Special School": 10, "Specialist College": 5,
                                            "Academy": 15})
    else:
        return weighted(rng, {f"{town} Pupil Referral Unit": 30, f"{place} Centre": 25,
                              f"{place} Short Stay School": 20, f"{town} Tuition Service": 10,
                              f"{place} Learning Centre": 15})
    if school.religion not in ("Does not apply", "None"):
        return _faith_name(rng, school, ending)
    return f"{place} {ending}"


def academy_name(rng, school, base):
    """Converters often keep their name; others become '... Academy'."""
    if school.type_key in ("utc", "studio", "free_school_16_19"):
        return base
    if school.reason_opened == "Academy Converter" and rng.random() < 0.55:
        return base
    for old, new in ((" Primary School", " Primary Academy"), (" Infant School", " Infant Academy"),
                     (" Junior School", " Junior Academy"), (" High School", " Academy"),
                     (" School", " Academy"), (" College", " Academy"), (" Centre", " Academy")):
        if old in base:
            head, _, tail = base.rpartition(old)
            return head + new + tail
    return base if "Academy" in base else base + " Academy"


def unique_name(name, school, used):
    """Real GIAS disambiguates clashes with a place or district: 'X School, NW3'."""
    candidates = [name, f"{name}, {school.town}", f"{name}, {school.postcode.split()[0]}"]
    candidates += [f"{name} ({n})" for n in range(2, 50)]
    for candidate in candidates:
        if candidate not in used:
            used.add(candidate)
            return candidate
    raise RuntimeError("could not find a unique name")


def website(rng, name):
    site = slug(name)[:40]
    roll = rng.random()
    if roll < 0.12:
        return ""
    if roll < 0.125:
        return f"https://www.{site}.org.uk/index.php?page=home,about"  # commas do occur
    return weighted(rng, {f"www.{site}.sch.uk": 30, f"http://www.{site}.org.uk": 20,
                          f"https://{site}.co.uk/": 15, f"https://www.{site}.org.uk/": 25,
                          f"www.{site}.com": 10})


def trust_name(rng, members, used):
    religions = [m.religion for m in members]
    for _ in range(200):
        if religions.count("Roman Catholic") * 2 > len(religions):
            first = rng.choice((rng.choice(CATHOLIC_SAINTS), town_for_names(rng, rng.choice(members).la),
                                rng.choice(PLACE_STEMS)))
            name = f"{first} Catholic " + rng.choice(
                ("Academy Trust", "Multi Academy Trust", "Multi-Academy Company", "Education Trust"))
        elif religions.count("Church of England") * 2 > len(religions) and rng.random() < 0.5:
            name = f"{rng.choice(PLACE_STEMS)} Church of England " + rng.choice(("Academy Trust", "Learning Trust"))
        else:
            first = rng.choice(PLACE_STEMS) if rng.random() < 0.6 else town_for_names(rng, rng.choice(members).la)
            word = rng.choice(MAT_NAME_WORDS) if rng.random() < 0.5 else ""
            name = " ".join(filter(None, ("The" if rng.random() < 0.2 else "", first, word, rng.choice(MAT_NAME_SUFFIXES))))
        if name not in used:
            used.add(name)
            return name
    raise RuntimeError("could not find a unique trust name")


def single_trust_name(school, used):
    for name in (f"{school.name} Trust", f"{school.name} Academy Trust", f"{school.name} Trust Limited"):
        if name not in used:
            used.add(name)
            return name
    raise RuntimeError("duplicate single-academy trust")
