"""What the deployment services tell people, and what acting settles: one function per moment,
called inside the service's transaction. The home school's leaders are asked to release; the
receiving school and the broker hear the answer and the agreement."""
from accounts.models import Affiliation, User
from notices.sending import Kind, people_of, settle, tell


def _leaders_of(school):
    return list(User.objects.filter(is_active=True, affiliations__school=school, affiliations__role=Affiliation.Role.LEADER).distinct())


def _sle(deployment):
    return [deployment.specialist_leader.person] if deployment.specialist_leader_id else []


def requested(deployment):
    tell(
        _leaders_of(deployment.home_school), Kind.DEPLOYMENT_TO_RELEASE, deployment,
        f"{deployment.receiving_school.name} asks {deployment.home_school.name} to release {deployment.supporter_name} "
        f"for {deployment.need.area.name}", deployment.get_absolute_url(),
    )


def _news(deployment, text, detail="", exclude=None, with_home=False):
    schools = [deployment.receiving_school, deployment.brokering_school] + ([deployment.home_school] if with_home else [])
    recipients = people_of(schools, exclude=[exclude] if exclude else []) + _sle(deployment)
    if exclude is not None:
        recipients = [user for user in recipients if user.pk != exclude.pk]
    tell(recipients, Kind.DEPLOYMENT_NEWS, deployment, text, deployment.get_absolute_url(), detail)


def release_decided(deployment):
    settle(deployment, [Kind.DEPLOYMENT_TO_RELEASE])
    if deployment.state == deployment.State.RELEASED:
        _news(deployment, f"{deployment.home_school.name} releases {deployment.supporter_name} to {deployment.receiving_school.name}: agree the deployment")
    else:
        _news(
            deployment, f"{deployment.home_school.name} does not release {deployment.supporter_name} to {deployment.receiving_school.name}",
            f"The reason given: {deployment.release_reason}",
        )


def agreed(deployment):
    _news(
        deployment, f"The deployment of {deployment.supporter_name} to {deployment.receiving_school.name} is agreed",
        exclude=deployment.agreed_by, with_home=True,
    )


def cancelled(deployment):
    settle(deployment, [Kind.DEPLOYMENT_TO_RELEASE])
    _news(
        deployment, f"The deployment of {deployment.supporter_name} to {deployment.receiving_school.name} is cancelled",
        f"The reason given: {deployment.cancel_reason}", exclude=deployment.cancelled_by, with_home=True,
    )
