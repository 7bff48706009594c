"""Write a synthetic national dataset of England's schools in the published file formats.

    python manage.py generate_national_data --output DIR [--seed 2026] [--open 24000] [--closed 2000]

The generation itself lives in demo.synthetic (plain functions, no models).
"""

from django.core.management.base import BaseCommand, CommandError

from demo.synthetic import DEFAULT_CLOSED, DEFAULT_OPEN, DEFAULT_SEED, generate_national_data


class Command(BaseCommand):
    help = (
        "Generate deterministic synthetic GIAS (establishments, links) and Ofsted "
        "(2024 and 2026 layouts) files for the whole of England."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="directory to write the four CSV files into")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
        parser.add_argument("--open", type=int, default=DEFAULT_OPEN, dest="open_count",
                            help=f"open state-funded schools (default {DEFAULT_OPEN})")
        parser.add_argument("--closed", type=int, default=DEFAULT_CLOSED, dest="closed_count",
                            help=f"closed establishments (default {DEFAULT_CLOSED}; about 28000 gives a "
                                 "national-size file of over 50,000 rows)")

    def handle(self, *args, output, seed, open_count, closed_count, **options):
        if open_count < 1:
            raise CommandError("--open must be at least 1")
        if closed_count < 0:
            raise CommandError("--closed cannot be negative")
        for generated in generate_national_data(output, seed=seed, open_count=open_count, closed_count=closed_count):
            self.stdout.write(generated.summary())
