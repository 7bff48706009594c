"""Schemathesis generates requests from the OpenAPI document (`/api/schema/`) and checks that the
API answers as the document says: never a server error, only documented status codes, and bodies
that match the documented schemas. Signed out, and as a member of an alliance."""
from datetime import date

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.models import Affiliation, User
from alliances import roles
from alliances.models import Alliance, Designation, Network
from registry.models import Inspection, Organisation

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(autouse=True)
def keep_the_tests_connection():
    """Schemathesis calls the WSGI application itself, whose request signals would close the
    database connection the test's transaction lives on (PostgreSQL); Django's test client
    unhooks them the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_world(db, make_school):
    la = Organisation.objects.create(kind=Organisation.Kind.LOCAL_AUTHORITY, code="383", name="Leeds", region="Yorkshire and the Humber")
    trust = Organisation.objects.create(kind=Organisation.Kind.ACADEMY_TRUST, code="5001", name="Aire Learning Trust")
    lead = make_school(name="Aire Teaching School", local_authority=la, region="Yorkshire and the Humber", trust=trust, latitude=53.8, longitude=-1.55)
    Inspection.objects.create(school=lead, inspection_number="A1", regime=Inspection.Regime.OEIF_GRADED, start_date=date(2023, 1, 1), overall_effectiveness=2)
    Designation.objects.create(school=lead, status="designated", designated_on=date(2023, 9, 1), review_due_on=date(2027, 9, 1))
    alliance = roles.create_alliance("Aire Alliance", Alliance.Type.SINGLE, [lead], starts_on=date(2023, 9, 1))
    member = make_school(name="Kirkstall Primary", local_authority=la)
    roles.add_member(alliance, member, date(2024, 9, 1), subscription_pence=30000, period="annual")
    roles.add_deliverer(alliance, trust, "Subject CPD", date(2024, 1, 1))
    network = Network.objects.create(name="Yorkshire Network", region="Yorkshire and the Humber")
    network.alliances.add(alliance)
    head = User.objects.create_user("head@kirkstall.example", "a long test password")
    Affiliation.objects.create(user=head, school=member, role="leader")
    return head


@schema.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_answers_as_its_document_says(case, api_world):
    case.call_and_validate(checks=CHECKS)
