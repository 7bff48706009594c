"""Put under review every designation whose four-year term has ended, or whose school the
registry shows closed or below Good. Idempotent: run it daily (e.g. from cron)."""
from django.core.management.base import BaseCommand

from alliances.designation import review_designations_against_registry, review_due_designations


class Command(BaseCommand):
    help = "Put due designations, and those the registry's data calls into question, under review."

    def handle(self, *args, **options):
        due = review_due_designations()
        data = review_designations_against_registry()
        self.stdout.write(f"{len(due)} designations put under review as their term ended; {len(data)} on the registry's data.")
