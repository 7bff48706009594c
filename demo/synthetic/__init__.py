"""Deterministic synthetic national data for England's schools, in the published formats.

`generate_national_data(output_dir, seed, open_count, closed_count)` writes four files
that go through the real import path:

- edubasealldata.csv: GIAS all establishments (135 columns, cp1252, CRLF, GIAS quoting);
- links_edubasealldata.csv: GIAS predecessor/successor links, from both ends;
- ofsted_latest_inspections_2024-08-31.csv: Ofsted MI, 74-column layout (cp1252);
- ofsted_latest_inspections_2026-06-30.csv: Ofsted MI, 85-column report-card layout (UTF-8).

Plain functions, no Django: tests and the `generate_national_data` command call them.
The same seed always gives byte-identical files: every random choice comes from
`random.Random` objects seeded from it, and nothing reads the clock.
"""

import random
from dataclasses import dataclass
from pathlib import Path

from . import gias, ofsted
from .population import build_population

ESTABLISHMENTS_FILE = "edubasealldata.csv"
LINKS_FILE = "links_edubasealldata.csv"
OFSTED_2024_FILE = "ofsted_latest_inspections_2024-08-31.csv"
OFSTED_2026_FILE = "ofsted_latest_inspections_2026-06-30.csv"

DEFAULT_SEED = 2026
DEFAULT_OPEN = 24_000
DEFAULT_CLOSED = 2_000


@dataclass(frozen=True)
class GeneratedFile:
    path: Path
    rows: int
    description: str

    def summary(self):
        return f"{self.path.name}: {self.rows:,} rows ({self.description})"


def _rng(seed, stream):
    """An independent, reproducible random stream per part (str seeds hash with SHA-512)."""
    return random.Random(f"{seed}:{stream}")


def generate_national_data(output_dir, seed=DEFAULT_SEED, open_count=DEFAULT_OPEN, closed_count=DEFAULT_CLOSED):
    """Write the four files into `output_dir` (created if needed); return what was written."""
    if open_count < 1 or closed_count < 0:
        raise ValueError("open_count must be at least 1 and closed_count at least 0")
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    population = build_population(_rng(seed, "population"), open_count, closed_count)
    histories = ofsted.build_histories(_rng(seed, "inspections"), population)
    files = []
    path = output_dir / ESTABLISHMENTS_FILE
    rows = gias.write_establishments(path, population)
    open_state = sum(1 for e in population.establishments if e.is_open and e.state_funded)
    files.append(GeneratedFile(path, rows, f"{open_state:,} open state-funded, {len(population.trusts):,} trusts"))
    path = output_dir / LINKS_FILE
    files.append(GeneratedFile(path, gias.write_links(path, population), "links from both ends"))
    path = output_dir / OFSTED_2024_FILE
    rows = ofsted.write_ofsted_2024(path, _rng(seed, "ofsted-2024"), population, histories)
    files.append(GeneratedFile(path, rows, "state-funded schools open on 31 Aug 2024"))
    path = output_dir / OFSTED_2026_FILE
    rows = ofsted.write_ofsted_2026(path, _rng(seed, "ofsted-2026"), histories)
    files.append(GeneratedFile(path, rows, "open state-funded schools on 30 Jun 2026"))
    return files
