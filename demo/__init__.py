"""Demo data: the synthetic national registry files and the alliances built on them.

- synthetic: the national data generator (plain functions, no Django), writing GIAS and
  Ofsted files in the published formats;
- builder: teaching schools, alliances, partners and the demo accounts, built on the
  imported registry;
- the `generate_national_data` and `load_demo` commands.

Demo code depends on the domain apps, never the other way round: nothing in `registry` or
`alliances` imports it (tests/demo/test_boundaries.py checks).
"""
