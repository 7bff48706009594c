"""Requests to act for demo schools, waiting for an answer, and an invitation not yet accepted:
one request the lead school's leader decides, one for a school with nobody on the platform (the
support team's, which the demo administrator is), one proposing an organisation the registry
lacks, and an invitation from the lead school's leader whose link is printed and in the README."""
from allauth.account.models import EmailAddress

from accounts.models import Affiliation, AffiliationInvitation, AffiliationRequest, User, token_digest
from registry.models import Organisation

# Public, like the demo password: the demo invitation's link is /invitations/accept/<this>/.
DEMO_INVITATION_TOKEN = "demo-invitation-2026"
DEMO_INVITED_EMAIL = "invited@demo.example"


def write_acting_for_requests(rng, registry, leaders, story, password):
    """Returns (email, what it shows) for the demo accounts it adds."""
    teacher = User.objects.create(email="new.teacher@demo.example", full_name="Robin Clarke", password=password)
    head = User.objects.create(email="new.head@demo.example", full_name="Kai Evans", password=password)
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in (teacher, head)
    )
    lead_school = story.lead_school
    AffiliationRequest.objects.create(user=teacher, school=lead_school, role=Affiliation.Role.STAFF, note="Year 4 teacher")
    AffiliationRequest.objects.create(
        user=teacher, proposed_name="Northern Institute of Teacher Education", proposed_kind=Organisation.Kind.UNIVERSITY,
        proposed_website="https://nite.demo.example", role=Affiliation.Role.STAFF, note="Visiting lecturer in primary maths",
    )
    with_someone = set(Affiliation.objects.filter(school__isnull=False).values_list("school_id", flat=True))
    nobody_here = rng.choice([school for school in registry.schools if school.id not in with_someone])
    AffiliationRequest.objects.create(user=head, school=nobody_here, role=Affiliation.Role.LEADER, note="Headteacher")
    AffiliationInvitation.objects.create(
        school=lead_school, role=Affiliation.Role.STAFF, email=DEMO_INVITED_EMAIL,
        invited_by=leaders[lead_school], token_digest=token_digest(DEMO_INVITATION_TOKEN),
    )
    return [
        (teacher.email, f"asks to act for {lead_school.name} as staff (leader@demo.example decides) and proposes an organisation (support decides)"),
        (head.email, f"asks to lead {nobody_here.name}, which has nobody on the platform (support decides)"),
        (DEMO_INVITED_EMAIL, f"no account yet: invited to {lead_school.name} as staff; sign up with it, then follow /invitations/accept/{DEMO_INVITATION_TOKEN}/"),
    ]
