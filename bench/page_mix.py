"""The main pages and API lists the benchmarks time, with real arguments from the demo database:
home, school search, school profile, alliances list, alliance profile, finder, /api/schools/,
/api/alliances/. Shared by bench/pages.py (one request at a time) and bench/load.py (gunicorn
under load), so both measure the same mix."""
import random
from urllib.parse import quote_plus


def page_mix(seed=2026, variants=20):
    """{name: [url, ...]}: `variants` addresses a page, chosen with a fixed seed."""
    from alliances.models import Alliance
    from registry.models import School

    rng = random.Random(seed)
    schools = list(School.objects.open().state_funded().exclude(latitude=None).order_by("urn").values_list("urn", "name", "town"))
    slugs = list(Alliance.objects.order_by("slug").values_list("slug", flat=True))
    if not slugs:
        raise SystemExit("No alliances: load the demo first (manage.py load_demo).")
    picked = rng.sample(schools, variants)
    # Half search for a word of a school's name, half for its town; quoted for the address.
    searches = [quote_plus(name.split()[0] if i % 2 else town) for i, (_, name, town) in enumerate(picked)]
    return {
        "home": ["/"],
        "school search": [f"/schools/?q={term}" for term in searches],
        "school profile": [f"/schools/{urn}/" for urn, _, _ in picked],
        "alliances list": [f"/alliances/?page={rng.randint(1, max(1, len(slugs) // 25))}" for _ in range(variants)],
        "alliance profile": [f"/alliances/{slug}/" for slug in rng.sample(slugs, variants)],
        "finder": [f"/alliances/find/?urn={urn}&areas=itt" for urn, _, _ in picked],
        "/api/schools/": [f"/api/schools/?q={term}" for term in searches],
        "/api/alliances/": [f"/api/alliances/?page={rng.randint(1, max(1, len(slugs) // 50))}" for _ in range(variants)],
    }
