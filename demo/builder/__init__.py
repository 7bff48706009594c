"""Demo data for alliances, at national scale, and the demo accounts.

`build_demo_alliances()` runs after load_demo has imported the synthetic national registry, so
schools already have their Ofsted standing, size, location, region and local authority. It builds:

- teaching schools: at-least-Good schools in every region, each with a designation and its
  history, plus a few applications waiting for the Council and a few declined ones;
- alliances of all three types (about 75% single, 5% job-share, 20% multiple), every one checked
  with `alliance_types.type_problems` before anything is written;
- member schools (most open state-funded schools, each in one alliance at a time, mostly the
  nearest), with their terms, earlier periods for history, and memoranda they sign;
- deliverers, agreements between leads, networks with shared resources, pending requests;
- the demo accounts, placed so that each one has something to do.

Everything comes from one `random.Random(seed)` and the registry read in URN order, so the same
seed gives the same demo. No date is later than `as_at` (1 September 2026, or today if earlier).
Rows are written with bulk_create: the national build writes tens of thousands of them.

The modules, in the order the build uses them:

- build: `build_demo_alliances`, which runs every step in turn, and the counts it returns;
- registry_snapshot: what the build reads from the registry, and the partner organisations;
- people: the demo accounts, the Council member and the schools' leaders;
- designations: teaching schools, their designations and other applications;
- plans: the alliances and memberships as they are planned, before they are written;
- lead_groups: who leads which alliance;
- alliance_details: names, descriptions, dates, fees and patches; writing alliances and leads;
- memberships: member schools, their periods and terms;
- story: where the demo accounts sit;
- deliverers, agreements, memoranda, membership_requests, networks: the rest of each alliance;
- programmes, itt, support: the demo alliance's hand-made delivery, through the services where a
  demo account acts;
- delivery_years: three years of delivery for every alliance, in bulk (delivery_world reads what
  it builds from; delivery_programmes, delivery_itt, delivery_support write each area;
  delivery_entries the ledger; delivery_rows the inserts);
- brokerage: SLEs, every school's needs and offers, and deployments in every state, in bulk
  (brokerage_world reads what it builds from; brokerage_sles, brokerage_profiles,
  brokerage_deployments write each part; brokerage_areas, brokerage_texts, brokerage_rows help);
- reference and texts: static data and text templates;
- shares, dates, geography: the proportions aimed at, and helpers for dates and distances.
"""
from .build import DEMO_SEED, build_demo_alliances, count_demo_rows
from .dates import DEMO_DATE
from .people import DEMO_PASSWORD

__all__ = ["DEMO_DATE", "DEMO_PASSWORD", "DEMO_SEED", "build_demo_alliances", "count_demo_rows"]
