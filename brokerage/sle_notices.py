"""What the SLE services tell people, and what acting settles: one function per moment, called
inside the service's transaction."""
from django.urls import reverse

from accounts.models import Affiliation, User
from notices.sending import Kind, settle, tell


def _leaders_of(school, exclude=None):
    users = User.objects.filter(is_active=True, affiliations__school=school, affiliations__role=Affiliation.Role.LEADER)
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return list(users.distinct())


def applied(sle):
    tell(
        _leaders_of(sle.school, exclude=sle.person), Kind.SLE_CONSENT, sle,
        f"{sle.person} asks your consent to apply as a specialist leader of education",
        reverse("brokerage:school-sles", args=[sle.school.urn]),
    )


def consent_given(sle):
    settle(sle, [Kind.SLE_CONSENT])
    tell(
        _leaders_of(sle.teaching_school, exclude=sle.person), Kind.SLE_TO_ASSESS, sle,
        f"Assess {sle.person} of {sle.school.name} as a specialist leader of education",
        reverse("brokerage:assessments", args=[sle.teaching_school.urn]),
    )
    tell([sle.person], Kind.SLE_DECISION, sle, f"{sle.school.name}'s headteacher consents to your SLE application", sle.get_absolute_url())


def consent_refused(sle):
    settle(sle, [Kind.SLE_CONSENT])
    tell(
        [sle.person], Kind.SLE_DECISION, sle, f"{sle.school.name}'s headteacher has not consented to your SLE application",
        sle.get_absolute_url(), f"The reason given: {sle.consent_reason}",
    )


def assessed(sle):
    settle(sle, [Kind.SLE_TO_ASSESS])
    outcome = "designated you" if sle.is_designated else "not designated you"
    tell(
        [sle.person], Kind.SLE_DECISION, sle, f"{sle.teaching_school.name} has {outcome} as a specialist leader of education",
        sle.get_absolute_url(), f"The reasons given: {sle.assessment_reasons}" if sle.assessment_reasons else "",
    )


def ended(sle):
    tell(
        [sle.person], Kind.SLE_DECISION, sle, f"{sle.teaching_school.name} has ended your designation as a specialist leader of education",
        sle.get_absolute_url(), f"The reason given: {sle.end_reason}",
    )


def withdrawn(sle):
    settle(sle)
