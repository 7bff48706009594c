"""The alliance's memorandum of understanding: its leads publish versions, and each member
school's leader or business manager signs the current one."""
from django.db import transaction

from alliances.models import Memorandum, MemorandumSignature
from alliances.permissions import can_commit_school, can_manage, require
from alliances.rules import RuleBroken, require_latest_version
from notices import for_alliances as notices


@transaction.atomic
def publish_memorandum(alliance, user, text, membership_is_free=None):
    """`membership_is_free`: what the leads say this version means for fees (None: not stated)."""
    require(can_manage(user, alliance), f"Only the leads of {alliance.name} can change its memorandum of understanding.")
    if not text.strip():
        raise RuleBroken("The memorandum of understanding has no text.")
    memorandum = Memorandum.objects.create(
        alliance=alliance, version=Memorandum.next_version_of(alliance), text=text, membership_is_free=membership_is_free
    )
    notices.memorandum_published(memorandum)
    return memorandum


@transaction.atomic
def sign_memorandum(memorandum, school, user):
    """A member school's representative signs the current version, once."""
    alliance = memorandum.alliance
    require(can_commit_school(user, school), f"Only the leader or business manager of {school.name} can sign for it.")
    if not alliance.member_schools().filter(pk=school.pk).exists():
        raise RuleBroken(f"{school.name} is not a member of {alliance.name}.")
    require_latest_version(memorandum)
    if MemorandumSignature.objects.filter(memorandum=memorandum, school=school).exists():
        raise RuleBroken(f"{school.name} has already signed version {memorandum.version}.")
    notices.signed(memorandum, school)
    return MemorandumSignature.objects.create(memorandum=memorandum, school=school, signed_by=user)
