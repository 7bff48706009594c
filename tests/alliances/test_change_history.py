"""Who changed what and when in an alliance, shown to its leads and the Council only."""
from datetime import date, timedelta

import pytest

from alliances import joining

pytestmark = pytest.mark.django_db


def test_leads_and_the_council_see_who_changed_what(client, single_alliance, lead_user, make_school, council_member, person):
    member = make_school(name="Brook Primary")
    request = joining.request_membership(single_alliance, member, person("head@brook.example", member))
    client.force_login(lead_user)
    client.post(
        f"/requests/{request.pk}/accept/",
        {f"accept-{request.pk}-subscription": "250", f"accept-{request.pk}-period": "annual"},
    )
    role = single_alliance.roles.get(school=member)
    client.post(f"/roles/{role.pk}/payment/", {"paid": "yes"})
    last_day = date.today() + timedelta(days=30)
    client.post(f"/roles/{role.pk}/end/", {"ends_on": last_day.isoformat(), "reason": "Moving to a closer alliance"})

    page = client.get(f"/alliances/{single_alliance.slug}/history/").content.decode()
    assert "Brook Primary: membership terms" in page and "Paid: no → yes" in page
    assert "Brook Primary: member school" in page and "Moving to a closer alliance" in page
    assert str(lead_user) in page

    client.force_login(council_member)
    assert client.get(f"/alliances/{single_alliance.slug}/history/").status_code == 200
    client.force_login(person("head2@brook.example", member))
    assert client.get(f"/alliances/{single_alliance.slug}/history/").status_code == 403
