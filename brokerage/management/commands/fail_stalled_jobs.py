"""Mark the background jobs the worker never finished as failed, saying why (delivery.stalled_jobs):
documents (delivery.documents.STALLED) and matching runs (brokerage.runs.STALLED). The pages do
this for what they show; this does it for every job, for an operator or a cron job. Idempotent."""
from django.core.management.base import BaseCommand

from brokerage import runs
from delivery import documents
from delivery.stalled_jobs import minutes

KINDS = (documents.STALLED, runs.STALLED)


class Command(BaseCommand):
    help = "Mark documents and matching runs queued or running for longer than their limit as failed, and say how many."

    def handle(self, *args, **options):
        for kind in KINDS:
            counts = kind.fail_all()
            total = sum(counts.values())
            details = ", ".join(
                f"{counts[limit.state]} {limit.state} for over {minutes(limit.limit)} minutes" for limit in kind.limits
            )
            self.stdout.write(f"{kind.label.capitalize()}: {total} marked failed ({details}).")
