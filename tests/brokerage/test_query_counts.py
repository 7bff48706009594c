"""Every SLE and needs-and-offers list runs a fixed number of queries however many rows it shows:
measured with a few records, then with more, the count must not change and must stay in budget."""
from decimal import Decimal
from itertools import count

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Affiliation, User
from brokerage.models import SchoolNeed, SchoolOffer, SpecialistLeader
from delivery.models import ExpertiseArea

pytestmark = pytest.mark.django_db
_numbers = count(1)

# (URL, who asks, most queries allowed). Lists of SLEs and offers count their deployments' days
# in one query (brokerage.capacity).
LISTS = [
    ("/specialist-leaders/", "head", 8),
    ("/specialist-leaders/?area={maths}", "head", 8),
    ("/specialist-leaders/yours/", "teacher", 6),
    ("/schools/{member_urn}/specialist-leaders/", "head", 9),
    ("/schools/{lead_urn}/specialist-leaders/assessment/", "lead_user", 10),
    ("/schools/{member_urn}/needs-and-offers/", "head", 12),  # 3 for the gives-and-receives summary,
    ("/expertise-areas/", "council_member", 5),
    ("/api/specialist-leaders/", "lead_user", 11),
    ("/api/school-needs/", "lead_user", 9),
    ("/api/school-offers/", "council_member", 6),
]


def add_rows(member_school, tschool, teacher):
    """Designated SLEs (two areas each), applications in each queue, needs and offers."""
    areas = list(ExpertiseArea.objects.filter(name__in=["Maths", "English"]))
    for state in ("designated", "designated", "awaiting_consent", "awaiting_assessment", "ended"):
        person = User.objects.create_user(f"sle{next(_numbers)}@brookside.example", full_name="A Teacher")
        Affiliation.objects.create(user=person, school=member_school, role="staff")
        sle = SpecialistLeader.objects.create(
            person=person, school=member_school, teaching_school=tschool, current_role="senco", leadership_years=3, evidence="e", state=state,
        )
        sle.areas.set(areas)
    # The teacher's own past records.
    old = SpecialistLeader.objects.create(
        person=teacher, school=member_school, teaching_school=tschool, current_role="senco", leadership_years=3, evidence="e", state="ended",
    )
    old.areas.set(areas)
    for area in areas:
        SchoolNeed.objects.create(school=member_school, area=area, phase="Primary", days_wanted=Decimal(3))
        SchoolOffer.objects.create(school=member_school, area=area, given_by="Team", days_per_year=Decimal(4), specialist_leader=old)


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("url, who, budget", LISTS)
def test_lists_run_a_fixed_number_of_queries(client, request, url, who, budget, member_school, tschool, teacher, head, lead_user, council_member, maths):
    url = url.format(member_urn=member_school.urn, lead_urn=tschool.urn, maths=maths.pk)
    client.force_login(request.getfixturevalue(who))
    add_rows(member_school, tschool, teacher)
    few = queries(client, url)
    add_rows(member_school, tschool, teacher)
    add_rows(member_school, tschool, teacher)
    many = queries(client, url)
    assert few == many, f"{url}: {few} queries with few rows, {many} with more"
    assert many <= budget, f"{url}: {many} queries, budget {budget}"
