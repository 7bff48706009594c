"""Who may see and change SLE records and schools' needs and offers. Built on the predicates in
`alliances.permissions`, so "acting for a school" and "running an alliance" mean the same here.

- An SLE's personal details (name, email, role, track record, decisions) are for: the person
  themself; their school's leaders and business managers (the school decides whether its
  teachers take this path); the leaders and business managers of the teaching school that
  assesses or designated them; and the leads of any alliance in which either school currently
  holds a role; and the leaders and business managers of the schools the SLE is deployed to
  (once the home school has released them: asking alone shows no name). The directory shows
  everyone else only areas, schools and days remaining, never a name.
- Support for a need is asked for by the school's leaders and business managers, or proposed by
  a broker (a teaching school's leader) for a school of an alliance they run.
- The headteacher (the school's leader) consents; the teaching school's leaders assess,
  designate and end.
- A school's needs and offers are its own business and its alliances': its people, the leads of
  alliances it belongs to and the Council read them; its leaders and business managers change them.
- A deployment (with its day rate and fee) is seen by the SLE deployed, the leaders and business
  managers of the receiving, home and brokering schools, the leads of the brokering alliance,
  and the Council (which only reads). No one else sees it, nor its fee.
"""
from django.db.models import Q

from accounts.models import Affiliation
from alliances.models import AllianceRole, Designation
from alliances.permissions import (
    MANAGING_ROLES,
    can_act_for_school,
    can_commit_school,
    can_manage,
    is_council_member,
    managed_alliance_ids,
    schools_acting_for,
)


def teaching_schools():
    """Ids of schools holding a designation in force (under review still counts)."""
    return set(Designation.objects.filter(status__in=Designation.ACTIVE_STATUSES).values_list("school_id", flat=True))


def teaching_schools_led_by(user):
    """The teaching schools the user leads: where they assess and designate SLEs."""
    return schools_acting_for(user, [Affiliation.Role.LEADER]) & teaching_schools()


def _schools_in_managed_alliances(user):
    """Schools holding a current role in an alliance the user runs."""
    alliances = managed_alliance_ids(user)
    if not alliances:
        return set()
    return set(AllianceRole.objects.on().filter(alliance_id__in=alliances, school__isnull=False).values_list("school_id", flat=True))


def _deployed_to(schools):
    """Ids of SLEs deployed to these schools: released for them or further on. Merely asking
    for an SLE does not show who they are, or any school could learn every SLE's name."""
    from brokerage.models import Deployment

    return Deployment.objects.filter(
        receiving_school_id__in=schools, state__in=Deployment.DEPLOYED_STATES, specialist_leader__isnull=False,
    ).values("specialist_leader_id")


def visible_sle_filter(user):
    """A Q over SpecialistLeader for the records whose personal details the user may see."""
    if not (user and user.is_authenticated):
        return Q(pk__in=[])
    receiving = schools_acting_for(user, MANAGING_ROLES)
    managing = receiving | _schools_in_managed_alliances(user)
    return (
        Q(person=user) | Q(school_id__in=managing) | Q(teaching_school_id__in=managing)
        | (Q(pk__in=_deployed_to(receiving)) if receiving else Q(pk__in=[]))
    )


def can_see_sle(user, sle):
    if not (user and user.is_authenticated):
        return False
    if sle.person_id == user.pk:
        return True
    receiving = schools_acting_for(user, MANAGING_ROLES)
    managing = receiving | _schools_in_managed_alliances(user)
    if sle.school_id in managing or sle.teaching_school_id in managing:
        return True
    return bool(receiving) and _deployed_to(receiving).filter(specialist_leader_id=sle.pk).exists()


def visible_deployment_filter(user):
    """A Q over Deployment for the deployments the user may see, fees included."""
    if not (user and user.is_authenticated):
        return Q(pk__in=[])
    if is_council_member(user):
        return Q()
    managing = schools_acting_for(user, MANAGING_ROLES)
    return (
        Q(specialist_leader__person=user) | Q(receiving_school_id__in=managing) | Q(home_school_id__in=managing)
        | Q(brokering_school_id__in=managing) | Q(alliance_id__in=managed_alliance_ids(user))
    )


def can_see_deployment(user, deployment):
    if not (user and user.is_authenticated):
        return False
    if is_council_member(user) or deployment.alliance_id in managed_alliance_ids(user):
        return True
    if deployment.specialist_leader_id and deployment.specialist_leader.person_id == user.pk:
        return True
    managing = schools_acting_for(user, MANAGING_ROLES)
    return bool({deployment.receiving_school_id, deployment.home_school_id, deployment.brokering_school_id} & managing)


def can_see_fee(user, deployment):
    """The day rate and the fee's split: for the same people who see the deployment."""
    return can_see_deployment(user, deployment)


def can_consent(user, sle):
    """The headteacher's decision: the school's leaders, never the applicant themself."""
    return sle.person_id != user.pk and can_act_for_school(user, sle.school, [Affiliation.Role.LEADER])


def can_assess(user, sle):
    return sle.person_id != user.pk and sle.teaching_school_id in teaching_schools_led_by(user)


def schools_brokered_by(user):
    """Ids of the schools the user may broker support for. A broker is a leader of a teaching
    school, brokering for the schools of the alliances they run: never for a school they have
    nothing to do with."""
    return _schools_in_managed_alliances(user) if teaching_schools_led_by(user) else set()


def may_broker_for(user, school):
    return school.pk in schools_brokered_by(user)


def can_request(user, need):
    """Support for a need is asked for by its school's leaders and business managers, or proposed
    by a broker for one of their alliances' schools."""
    return can_edit_profile(user, need.school) or may_broker_for(user, need.school)


def can_see_profile(user, school):
    if not (user and user.is_authenticated):
        return False
    return is_council_member(user) or can_act_for_school(user, school) or school.pk in _schools_in_managed_alliances(user)


def visible_profile_filter(user, field="school_id"):
    """A Q over a model with a school, for the needs and offers the user may read."""
    if not (user and user.is_authenticated):
        return Q(pk__in=[])
    if is_council_member(user):
        return Q()
    return Q(**{f"{field}__in": schools_acting_for(user) | _schools_in_managed_alliances(user)})


def can_edit_profile(user, school):
    return can_commit_school(user, school)


# --- A deployment after its agreement: progress reviews, the final report, confirming impact -----
# Three sides: the receiving school (its leaders and business managers); the supporter (the SLE
# themself, and the home school's leaders and business managers); the broker (the managers of the
# brokering alliance, where the support is recorded). Whether the deployment's state allows the
# step is the rule's business (brokerage/deployment_progress.py), not these.


def is_receiving_side(user, deployment):
    return bool(user and user.is_authenticated) and can_commit_school(user, deployment.receiving_school)


def is_supporter_side(user, deployment):
    if not (user and user.is_authenticated):
        return False
    if deployment.specialist_leader_id and deployment.specialist_leader.person_id == user.pk:
        return True
    return can_commit_school(user, deployment.home_school)


def is_broker(user, deployment):
    return bool(user and user.is_authenticated) and can_manage(user, deployment.alliance)


def may_review(user, deployment):
    """Any of the three sides reviews how the deployment is going."""
    return is_receiving_side(user, deployment) or is_supporter_side(user, deployment) or is_broker(user, deployment)


def may_report(user, deployment):
    """The supporter writes the final report, or the broker for them."""
    return is_supporter_side(user, deployment) or is_broker(user, deployment)


def may_confirm(user, deployment):
    """Only the school that received the support confirms its impact."""
    return is_receiving_side(user, deployment)
