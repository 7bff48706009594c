from registry.importers.gias import import_gias
from registry.management.import_command import FileImportCommand


class Command(FileImportCommand):
    help = "Import a GIAS establishments CSV (edubasealldata<YYYYMMDD>.csv) as published: create or update schools."
    importer = import_gias
