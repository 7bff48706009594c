"""Why a change to an alliance is refused: every rule broken, in plain words."""
from django.core.exceptions import PermissionDenied, ValidationError


class RuleBroken(ValidationError):
    """A request that would break one or more rules. `messages` lists each reason."""

    def __init__(self, reasons):
        reasons = [reasons] if isinstance(reasons, str) else list(reasons)
        super().__init__(reasons)


def require_latest_version(document):
    """Only the newest version of a versioned document (agreement, memorandum) can be signed."""
    latest = type(document).latest_of(document.alliance)
    if document != latest:
        raise RuleBroken(f"Version {document.version} has been replaced by version {latest.version}: sign that one.")


class NotAllowed(PermissionDenied):
    """The acting person may not do this. Views let it through, so Django answers 403 (and DRF
    403 too) with the reason, rather than treating it as a form error."""
