"""Why a change to an alliance is refused: every rule broken, in plain words."""
from django.core.exceptions import ValidationError


class RuleBroken(ValidationError):
    """A request that would break one or more rules. `messages` lists each reason."""

    def __init__(self, reasons):
        reasons = [reasons] if isinstance(reasons, str) else list(reasons)
        super().__init__(reasons)
