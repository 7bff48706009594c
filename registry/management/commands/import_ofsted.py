from registry.importers.ofsted import import_ofsted
from registry.management.import_command import FileImportCommand


class Command(FileImportCommand):
    help = "Import an Ofsted state-funded schools management information CSV, keeping every inspection."
    importer = import_ofsted
