"""Load the demo: a synthetic national dataset, imported through the real GIAS and Ofsted
import path, then teaching schools, alliances, partners and the demo accounts
(demo.builder). Does nothing if schools exist."""
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from demo.builder import DEMO_PASSWORD, build_demo_alliances
from registry.models import School

__all__ = ["Command", "DEMO_PASSWORD"]  # the demo password has always been importable from here

# One teaching school for about every 30 open schools, and four alliances for every five
# teaching schools: 800 and 600 at the default national size.
SCHOOLS_PER_TEACHING_SCHOOL = 30
SCHOOLS_PER_ALLIANCE = 40


class Command(BaseCommand):
    help = "Load demo data (synthetic national schools, inspections and alliances) unless schools are already loaded."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--open", type=int, default=24000, help="open state-funded schools to generate")
        parser.add_argument("--closed", type=int, default=2000, help="closed establishments to generate")

    def handle(self, *args, seed, open, closed, **options):
        if School.objects.exists():
            self.stdout.write("Schools are already loaded; the demo data was left as it is.")
            return
        folder = settings.VAR_DIR / "demo-data"
        folder.mkdir(parents=True, exist_ok=True)
        call_command("generate_national_data", output=str(folder), seed=seed, open=open, closed=closed, stdout=self.stdout)
        call_command("import_gias", folder / "edubasealldata.csv", stdout=self.stdout)
        call_command("import_gias_links", folder / "links_edubasealldata.csv", stdout=self.stdout)
        for name in ("ofsted_latest_inspections_2024-08-31.csv", "ofsted_latest_inspections_2026-06-30.csv"):
            call_command("import_ofsted", folder / name, stdout=self.stdout)
        build_demo_alliances(
            seed=seed,
            stdout=self.stdout,
            teaching_schools=max(2, round(open / SCHOOLS_PER_TEACHING_SCHOOL)),
            alliances=max(1, round(open / SCHOOLS_PER_ALLIANCE)),
        )
        # As the daily job would have: designations whose term has ended go under review.
        call_command("review_designations", stdout=self.stdout)
