"""Who is told as an agreed deployment ends: one function per moment, called inside the rule's
transaction (brokerage/deployment_progress.py)."""
from django.urls import reverse

from delivery.support import days_text
from notices.sending import Kind, people_of, settle, tell


def reported(deployment, user):
    """The receiving school's leaders and business managers are asked to confirm the impact."""
    tell(
        people_of([deployment.receiving_school], exclude=[user]), Kind.DEPLOYMENT_REPORT_TO_CONFIRM, deployment,
        f"Confirm the impact of {deployment.need.area.name.lower()} support from {deployment.home_school.name}",
        reverse("brokerage:confirm-impact", args=[deployment.pk]),
        f"{days_text(deployment.days_delivered)} delivered. The final report: {deployment.final_report}",
    )


def impact_confirmed(deployment, user):
    """The home school, the SLE and the broker hear the school's judgement."""
    settle(deployment, [Kind.DEPLOYMENT_REPORT_TO_CONFIRM])
    told = people_of([deployment.home_school, *deployment.alliance.lead_schools()], exclude=[user])
    if deployment.specialist_leader_id and deployment.specialist_leader.person_id != user.pk:
        told.append(deployment.specialist_leader.person)
    comment = f" Their comment: {deployment.impact_comment}" if deployment.impact_comment else ""
    tell(
        told, Kind.DEPLOYMENT_CONFIRMED, deployment,
        f"{deployment.receiving_school.name} rates the impact of the support {deployment.get_impact_rating_display()}",
        deployment.get_absolute_url(),
        f"{days_text(deployment.days_delivered)} go to {deployment.home_school.name} in {deployment.alliance.name}'s contribution ledger.{comment}",
    )
