"""Notices for what waits in the demo, as the services would have written them when each request,
invitation or document was made (the builder writes those rows directly): the demo accounts'
landing pages show what needs them. In the site only: the demo sends no email."""
from accounts.emails import request_made
from accounts.models import AffiliationRequest
from alliances.models import LeadInvitation, Memorandum, MembershipRequest, NetworkInvitation
from notices import for_alliances
from notices.sending import without_email


def write_notices(story):
    with without_email():
        for request in MembershipRequest.objects.filter(status=MembershipRequest.Status.PENDING).select_related("alliance", "school"):
            for_alliances.join_requested(request)
        for request in AffiliationRequest.objects.filter(status=AffiliationRequest.Status.PENDING):
            request_made(request)
        for invitation in LeadInvitation.objects.filter(status=LeadInvitation.Status.PENDING).select_related("alliance", "school"):
            for_alliances.lead_invited(invitation)
        for invitation in NetworkInvitation.objects.filter(status=NetworkInvitation.Status.PENDING):
            for_alliances.network_invited(invitation)
        # Only the demo alliance's current memorandum: every alliance's would ask thousands of
        # generated leaders to sign.
        memorandum = Memorandum.objects.filter(alliance=story.plan.alliance).order_by("-version").first()
        if memorandum is not None:
            for_alliances.memorandum_published(memorandum)
            for signature in memorandum.signatures.select_related("school"):
                for_alliances.signed(memorandum, signature.school)
