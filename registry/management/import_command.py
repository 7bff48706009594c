"""What the import commands share: one file argument, progress, and clear refusals."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from registry.importers.csv_source import ImportRejected
from registry.management.progress import terminal_progress


class FileImportCommand(BaseCommand):
    """Subclasses set `importer` (a function taking a path and progress) and `help`."""

    importer = None

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the CSV file, as published")

    def handle(self, *args, file, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            report = type(self).importer(file, progress=terminal_progress(f"Reading {file.name}"))
        except ImportRejected as rejected:
            raise CommandError(str(rejected)) from None
        for line in report.lines():
            self.stdout.write(line)
