"""The data version that kept pages and summaries are keyed on (registry/data_version.py)."""
import pytest
from django.db import transaction

from registry import data_version
from registry.models import DataVersion, Organisation


def stored():
    return DataVersion.objects.values_list("token", flat=True).first()


@pytest.mark.django_db(transaction=True)
def test_a_committed_change_replaces_the_token_once_however_many_rows_it_writes():
    Organisation.objects.create(name="First Trust", kind=Organisation.Kind.ACADEMY_TRUST, code="T1")
    before = stored()
    with transaction.atomic():
        for number in range(2, 6):
            Organisation.objects.create(name=f"Trust {number}", kind=Organisation.Kind.ACADEMY_TRUST, code=f"T{number}")
        assert stored() == before  # not until the commit: nobody waits on the version row
    after = stored()
    assert after != before
    assert data_version.current() == after


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_leaves_the_token_and_its_own_reads_were_kept_apart():
    Organisation.objects.create(name="First Trust", kind=Organisation.Kind.ACADEMY_TRUST, code="T1")
    before = data_version.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        Organisation.objects.create(name="Second Trust", kind=Organisation.Kind.ACADEMY_TRUST, code="T2")
        inside = data_version.current()
        assert inside != before  # what the transaction caches now is under a key of its own
        raise RuntimeError("rolled back")
    assert stored() == before
    assert data_version.current() == before


@pytest.mark.django_db(transaction=True)
def test_what_is_kept_is_built_again_after_a_change():
    built = []
    data_version.cached("names", lambda: built.append(1) or ["kept"])
    data_version.cached("names", lambda: built.append(1) or ["kept"])
    assert len(built) == 1
    Organisation.objects.create(name="A Trust", kind=Organisation.Kind.ACADEMY_TRUST, code="T9")
    data_version.cached("names", lambda: built.append(1) or ["kept"])
    assert len(built) == 2


@pytest.mark.django_db(transaction=True)
def test_changes_outside_the_public_apps_leave_it_alone():
    from accounts.models import User

    Organisation.objects.create(name="A Trust", kind=Organisation.Kind.ACADEMY_TRUST, code="T9")
    before = stored()
    User.objects.create_user("someone@example.org", "a long test password")
    assert stored() == before


def test_only_programmes_of_delivery_count_as_public_data():
    from delivery.models import Booking, Programme, Session

    assert data_version._is_public(Programme)
    assert data_version._is_public(Session)
    assert data_version._is_public(Programme.led_by.through)
    assert not data_version._is_public(Booking)
