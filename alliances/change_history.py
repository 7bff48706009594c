"""Who changed what, and when, in an alliance: its details, roles, members' terms, memoranda and
agreements, from the records django-simple-history keeps on every save. Read-only: the site
shows the history and never edits it."""
from dataclasses import dataclass, field
from datetime import datetime
from itertools import groupby

from alliances.models import Agreement, Alliance, AllianceRole, LeadEndProposal, Memorandum, MembershipTerms

# Fields that say nothing a reader needs (ids, and the moment rows were created).
QUIET_FIELDS = {"id", "created_at", "alliance", "role"}
ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass
class Change:
    at: datetime
    by: object  # the user, or None for imports and commands
    subject: str
    action: str
    details: list = field(default_factory=list)  # "Field: old → new"


def _value(record, model_field):
    value = getattr(record, model_field.attname)
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "none" if value in (None, "") else value


def _changes(records, subject_of):
    """Changes from one model's historical records: each record against the one before it."""
    found = []
    ordered = sorted(records, key=lambda r: (r.id, r.history_date, r.history_id))
    for _, versions in groupby(ordered, key=lambda r: r.id):
        before = None
        for record in versions:
            details = []
            if before is not None:
                for model_field in record.instance_type._meta.concrete_fields:
                    if model_field.name in QUIET_FIELDS:
                        continue
                    old, new = _value(before, model_field), _value(record, model_field)
                    if old != new:
                        details.append(f"{model_field.verbose_name.capitalize()}: {old} → {new}")
            found.append(Change(record.history_date, record.history_user, subject_of(record), ACTIONS[record.history_type], details))
            before = record
    return found


def alliance_changes(alliance, limit=200):
    """The alliance's changes, newest first, in seven queries."""
    roles = {role.pk: role for role in AllianceRole.objects.filter(alliance=alliance).select_related("school", "organisation")}

    def role_subject(record):
        role = roles.get(record.id)
        holder = role.holder.name if role else "A former holder"
        return f"{holder}: {AllianceRole.Role(record.role).label.lower()}"

    def terms_subject(record):
        role = roles.get(record.role_id)
        return f"{role.holder.name if role else 'A member'}: membership terms"

    def proposal_subject(record):
        role = roles.get(record.role_id)
        return f"Proposal to end {role.holder.name if role else 'a lead school'}'s role as a lead"

    user = ("history_user",)
    changes = [
        *_changes(Alliance.history.filter(id=alliance.pk).select_related(*user), lambda r: "The alliance's details"),
        *_changes(AllianceRole.history.filter(alliance_id=alliance.pk).select_related(*user), role_subject),
        *_changes(MembershipTerms.history.filter(role_id__in=list(roles)).select_related(*user), terms_subject),
        *_changes(Memorandum.history.filter(alliance_id=alliance.pk).select_related(*user), lambda r: f"Memorandum of understanding, version {r.version}"),
        *_changes(Agreement.history.filter(alliance_id=alliance.pk).select_related(*user), lambda r: f"Agreement between the leads, version {r.version}"),
        *_changes(LeadEndProposal.history.filter(role_id__in=list(roles)).select_related(*user), proposal_subject),
    ]
    changes.sort(key=lambda change: change.at, reverse=True)
    return changes[:limit]
