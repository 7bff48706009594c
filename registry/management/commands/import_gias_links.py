from registry.importers.gias_links import import_gias_links
from registry.management.import_command import FileImportCommand


class Command(FileImportCommand):
    help = "Import a GIAS links CSV (links_edubasealldata<YYYYMMDD>.csv): predecessors and successors."
    importer = import_gias_links
