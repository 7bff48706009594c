"""A deployment world on top of tests/brokerage/conftest.py: Faraway Academy (outside Hilltop
Alliance, 12 km from Brookside Primary) needs maths; its head asks for Brookside's SLE; the
terms of a good agreement."""
from datetime import date, timedelta
from decimal import Decimal

import pytest

from brokerage import deployments
from brokerage.models import SchoolNeed

TODAY = date.today()


@pytest.fixture
def receiving(outside_school, member_school, tschool):
    """Faraway Academy, 12 km from Brookside Primary (the SLE's school), outside the alliance."""
    member_school.easting, member_school.northing = 400000, 300000
    member_school.save()
    outside_school.easting, outside_school.northing = 412000, 300000
    outside_school.save()
    return outside_school


@pytest.fixture
def receiving_head(person, receiving):
    return person("head@faraway.example", receiving)


@pytest.fixture
def need(receiving, maths):
    return SchoolNeed.objects.create(school=receiving, area=maths, phase="Secondary", days_wanted=Decimal(5))


@pytest.fixture
def asked(receiving_head, need, designated):
    return deployments.request_deployment(receiving_head, need, specialist_leader=designated)


@pytest.fixture
def released(asked, head):
    return deployments.release(head, asked, released=True)


def terms(**changes):
    fields = dict(
        days=Decimal(5), day_rate=Decimal(350), home_school_share=Decimal(60), objectives="Raise KS3 maths attainment.",
        success_criteria="Half-termly assessments up 10%.", starts_on=TODAY, ends_on=TODAY + timedelta(days=90),
    )
    fields.update(changes)
    return fields
