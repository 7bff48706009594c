"""The small demo world (demo.builder on a small synthetic registry imported through the real GIAS
and Ofsted path), built once for the whole package: test_demo.py checks the alliances and
accounts, test_delivery_years.py the delivery records. The first build is rolled back, to check
that the same seed gives the same demo; everything is flushed afterwards."""
import io
from collections import Counter
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from alliances.models import Alliance, AllianceRole
from demo.builder import build_demo_alliances
from demo.synthetic import ESTABLISHMENTS_FILE, OFSTED_2024_FILE, OFSTED_2026_FILE
from registry.importers.gias import import_gias
from registry.importers.ofsted import import_ofsted

Role = AllianceRole.Role
SMALL = {"seed": 7, "teaching_schools": 90, "alliances": 60}
Role = AllianceRole.Role


@dataclass
class Demo:
    counts: dict
    first: dict
    second: dict
    media: object  # where the networks' documents were written


class _Rollback(Exception):
    pass


def _snapshot():
    """What must not change between two builds with the same seed."""
    from brokerage.models import Deployment, SchoolNeed, SpecialistLeader

    members = Counter(AllianceRole.objects.filter(role=Role.MEMBER).values_list("alliance__name", flat=True))
    return {
        "names": sorted(Alliance.objects.values_list("name", flat=True)),
        "members": dict(members),
        "sles": sorted(SpecialistLeader.objects.values_list("school__urn", "state", "evidence")),
        "needs": sorted(SchoolNeed.objects.values_list("school__urn", "area__name", "priority", "days_wanted")),
        "deployments": sorted(Deployment.objects.values_list("need__school__urn", "home_school__urn", "state", "days_requested")),
    }


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    folder = tmp_path_factory.mktemp("national")
    media = tmp_path_factory.mktemp("media")  # the networks' documents
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        call_command(
            "generate_national_data", output=str(folder), open_count=2500, closed_count=100, stdout=io.StringIO()
        )
        import_gias(folder / ESTABLISHMENTS_FILE)
        import_ofsted(folder / OFSTED_2024_FILE)
        import_ofsted(folder / OFSTED_2026_FILE)
        try:
            with transaction.atomic():
                build_demo_alliances(**SMALL)
                first = _snapshot()
                raise _Rollback
        except _Rollback:
            pass
        counts = build_demo_alliances(stdout=io.StringIO(), **SMALL)
        yield Demo(counts, first, _snapshot(), media)
        call_command("flush", interactive=False, verbosity=0)


