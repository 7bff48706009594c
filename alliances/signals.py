"""After each registry import, check teaching schools and alliance members against the new data."""
from django.dispatch import receiver

from registry.models import ImportRun
from registry.signals import registry_imported


@receiver(registry_imported)
def review_after_import(sender, kind, **kwargs):
    from alliances.designation import review_designations_against_registry
    from alliances.successors import propose_successor_moves

    review_designations_against_registry()
    # Closures come with the establishments file, successors with the links file (imported after
    # it, as documented): either may complete the picture, so both look for moves.
    if kind in (ImportRun.Kind.GIAS, ImportRun.Kind.GIAS_LINKS):
        propose_successor_moves()
