"""Alliance pages: public profiles, members-only sections, and the join, accept, sign journey."""
from datetime import date, timedelta

import pytest
from django.urls import reverse

from alliances import joining, memoranda, roles
from alliances.models import Alliance, AllianceRole, Designation, Network, NetworkResource
from registry.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(single_alliance, teaching_school, make_school, person):
    """Two alliances, each with a member paying a subscription, and people in each."""
    other_lead = teaching_school(name="Riverside Teaching School")
    other = Alliance.objects.create(name="Riverside Alliance", alliance_type="single")
    AllianceRole.objects.create(alliance=other, role="lead", school=other_lead, starts_on=date(2021, 1, 1))
    member = make_school(name="Hilltop Member Primary")
    other_member = make_school(name="Riverside Member Primary")
    roles.add_member(single_alliance, member, date(2024, 9, 1), subscription_pence=120000, period="annual")
    roles.add_member(other, other_member, date(2024, 9, 1), subscription_pence=99900, period="annual")
    lead_user = person("lead@hilltop.example", single_alliance.lead_schools().get())
    memoranda.publish_memorandum(single_alliance, lead_user, "Hilltop members share CPD.")
    return {
        "alliance": single_alliance,
        "other": other,
        "member": member,
        "lead_user": lead_user,
        "member_user": person("head@member.example", member),
        "other_user": person("head@riverside-member.example", other_member),
        "outsider": make_school(name="Outsider Primary", phase="Secondary"),
    }


def test_directory_and_profile_are_public(client, world):
    directory = client.get(reverse("alliances:directory")).content.decode()
    assert "Hilltop Alliance" in directory and "Riverside Alliance" in directory
    profile = client.get(world["alliance"].get_absolute_url()).content.decode()
    assert "Hilltop Teaching School" in profile and "Hilltop Member Primary" in profile
    assert "£1,200.00" not in profile  # subscriptions are members-only
    assert "Sign in to ask to join" in profile


def test_members_see_terms_of_their_own_alliance_only(client, world):
    client.force_login(world["member_user"])
    own = client.get(world["alliance"].get_absolute_url()).content.decode()
    other = client.get(world["other"].get_absolute_url()).content.decode()
    assert "£1,200.00 a year" in own
    assert "£999.00" not in other
    assert client.get(reverse("alliances:memorandum", args=[world["alliance"].slug])).status_code == 200
    for name in ("alliances:memorandum", "alliances:agreement", "alliances:requests"):
        assert client.get(reverse(name, args=[world["other"].slug])).status_code == 403, name


def test_members_only_pages_need_sign_in(client, world):
    response = client.get(reverse("alliances:memorandum", args=[world["alliance"].slug]))
    assert response.status_code == 302 and reverse("account_login") in response.url


def test_join_accept_and_sign_journey(client, world, person):
    alliance = world["alliance"]
    head = person("head@outsider.example", world["outsider"])
    client.force_login(head)
    response = client.post(reverse("alliances:join", args=[alliance.slug]), {"school": world["outsider"].pk, "message": "Maths support"}, follow=True)
    assert "has asked to join Hilltop Alliance" in response.content.decode()
    again = client.post(reverse("alliances:join", args=[alliance.slug]), {"school": world["outsider"].pk})
    assert "already asked to join" in again.content.decode()

    client.force_login(world["lead_user"])
    page = client.get(reverse("alliances:requests", args=[alliance.slug])).content.decode()
    assert "Outsider Primary" in page and "Maths support" in page
    request_id = alliance.membership_requests.get().pk
    response = client.post(
        reverse("alliances:accept", args=[request_id]),
        {f"accept-{request_id}-subscription": "500", f"accept-{request_id}-period": "annual"},
        follow=True,
    )
    assert "Outsider Primary is now a member of Hilltop Alliance" in response.content.decode()
    assert alliance.member_schools().filter(pk=world["outsider"].pk).exists()

    client.force_login(head)
    response = client.post(reverse("alliances:memorandum", args=[alliance.slug]), {"sign": "1", "school": world["outsider"].pk}, follow=True)
    assert "Outsider Primary has signed version 1" in response.content.decode()


def test_a_lead_of_another_alliance_cannot_decide_requests(client, world, person):
    request = joining.request_membership(world["alliance"], world["outsider"], person("h@o.example", world["outsider"]))
    other_lead = person("lead@riverside.example", world["other"].lead_schools().get())
    client.force_login(other_lead)
    assert client.post(reverse("alliances:accept", args=[request.pk]), {}).status_code == 403
    request.refresh_from_db()
    assert request.status == "pending"


def test_profile_as_at_a_date(client, world, make_school):
    old = make_school(name="Long Gone Primary")
    roles.add_member(world["alliance"], old, date(2015, 9, 1), date(2019, 8, 31))
    then = client.get(world["alliance"].get_absolute_url(), {"on": "2017-01-01"}).content.decode()
    now = client.get(world["alliance"].get_absolute_url()).content.decode()
    assert "Long Gone Primary" in then and "Hilltop Member Primary" not in then
    assert "as it was on 1 January 2017" in then
    assert "Long Gone Primary" not in now


def test_multiple_alliance_without_agreement_is_flagged_on_its_profile(client, world, teaching_school):
    roles.add_lead(world["alliance"], teaching_school(name="Second Lead"), new_type="multiple")
    page = client.get(world["alliance"].get_absolute_url()).content.decode()
    assert "No current agreement signed by all its lead schools" in page


def test_network_library_is_for_network_members(client, world):
    network = Network.objects.create(name="Northern Network")
    network.alliances.add(world["alliance"])
    NetworkResource.objects.create(network=network, title="Coaching toolkit", url="https://example.org/toolkit")
    assert "Coaching toolkit" not in client.get(network.get_absolute_url()).content.decode()
    client.force_login(world["other_user"])
    assert "Coaching toolkit" not in client.get(network.get_absolute_url()).content.decode()
    client.force_login(world["member_user"])
    assert "Coaching toolkit" in client.get(network.get_absolute_url()).content.decode()


def test_council_sees_applications_and_approves(client, world, make_school, make_inspection, person, council_member):
    school = make_school(name="Applicant Academy")
    make_inspection(school, overall_effectiveness=2)
    head = person("head@applicant.example", school)
    client.force_login(head)
    response = client.post(
        reverse("alliances:apply"),
        {"school": school.pk, "itt_evidence": "SCITT", "support_evidence": "Supported 4 schools", "headteacher_evidence": "12 years"},
        follow=True,
    )
    assert "Application sent" in response.content.decode()
    application = Designation.objects.get(school=school)

    client.force_login(council_member)
    assert "Applicant Academy" in client.get(reverse("alliances:council")).content.decode()
    form = {"approve": "1", "reason": "Meets all criteria", "judged_itt": "met", "judged_support": "met", "judged_headteacher": "met"}
    response = client.post(application.get_absolute_url(), form, follow=True)
    assert "Applicant Academy is now a teaching school" in response.content.decode()
    application.refresh_from_db()
    assert application.status == "designated"


def test_finder_page_ranks_and_explains(client, world):
    world["other"].delivery_areas = ["itt"]
    world["other"].save()
    response = client.get(reverse("alliances:finder"), {"areas": ["itt"]})
    text = response.content.decode()
    assert response.status_code == 200
    assert text.index("Riverside Alliance") < text.index("Hilltop Alliance")
    assert "Why it is here" in text
    assert client.get(reverse("alliances:finder"), {"urn": "999999"}).context["form"].errors["urn"]


def test_organisation_deliverers_show_on_the_profile(client, world):
    university = Organisation.objects.create(kind="university", name="University of Northfield")
    roles.add_deliverer(world["alliance"], university, "PGCE partnership")
    page = client.get(world["alliance"].get_absolute_url()).content.decode()
    assert "University of Northfield" in page and "PGCE partnership" in page


def test_leads_record_payments_end_memberships_and_add_deliverers(client, world):
    alliance = world["alliance"]
    role = alliance.roles.get(role="member")
    trust = Organisation.objects.create(kind="academy_trust", code="4321", name="Moor Learning Trust")
    client.force_login(world["lead_user"])
    assert "Hilltop Member Primary" in client.get(reverse("alliances:manage", args=[alliance.slug])).content.decode()

    client.post(reverse("alliances:payment", args=[role.pk]), {"paid": "yes"})
    role.terms.refresh_from_db()
    assert role.terms.paid

    response = client.post(
        reverse("alliances:manage", args=[alliance.slug]), {"trust_code": "4321", "responsibilities": "Subject networks"}, follow=True
    )
    assert "Moor Learning Trust is now a deliverer" in response.content.decode()
    assert alliance.roles.get(role="deliverer").organisation == trust
    response = client.post(reverse("alliances:manage", args=[alliance.slug]), {"urn": "1", "trust_code": "4321", "responsibilities": "x"})
    assert "Give one of" in response.content.decode()

    last_day = date.today() + timedelta(days=60)
    client.post(reverse("alliances:end-role", args=[role.pk]), {"ends_on": last_day.isoformat(), "reason": "Joined a closer alliance"})
    role.refresh_from_db()
    assert role.ends_on == last_day and role.end_reason == "Joined a closer alliance" and role.ended_by == world["lead_user"]


def test_another_alliances_lead_cannot_change_members(client, world, person):
    role = world["alliance"].roles.get(role="member")
    client.force_login(person("lead@riverside.example", world["other"].lead_schools().get()))
    assert client.get(reverse("alliances:manage", args=[world["alliance"].slug])).status_code == 403
    client.post(reverse("alliances:end-role", args=[role.pk]), {"ends_on": "2026-07-31"})
    client.post(reverse("alliances:payment", args=[role.pk]), {"paid": "yes"})
    role.refresh_from_db()
    role.terms.refresh_from_db()
    assert role.ends_on is None and not role.terms.paid


def test_directory_flags_missing_agreements_and_filters_by_local_authority(client, world, teaching_school):
    la = Organisation.objects.create(kind="local_authority", code="383", name="Leeds")
    lead = world["alliance"].lead_schools().get()
    lead.local_authority = la
    lead.save()
    roles.add_lead(world["alliance"], teaching_school(name="Second Lead"), new_type="multiple")
    page = client.get(reverse("alliances:directory")).content.decode()
    assert "No signed agreement between leads" in page
    filtered = client.get(reverse("alliances:directory"), {"local_authority": la.pk}).content.decode()
    assert "Hilltop Alliance" in filtered and "Riverside Alliance" not in filtered


def test_your_alliances_lists_roles_and_what_is_waiting(client, world, person):
    client.force_login(world["member_user"])
    page = client.get(reverse("alliances:yours")).content.decode()
    assert "Hilltop Member Primary: member school of" in page
    assert "Version 1 of Hilltop Alliance's memorandum of understanding" in page
    client.force_login(world["lead_user"])
    joining.request_membership(world["alliance"], world["outsider"], person("h@outsider.example", world["outsider"]))
    page = client.get(reverse("alliances:yours")).content.decode()
    assert "1 request to join" in page
    assert "Riverside" not in page


def test_school_profile_shows_its_alliances_and_a_way_to_find_more(client, world):
    page = client.get(reverse("registry:school", args=[world["member"].urn])).content.decode()
    assert "Member school of" in page and "Hilltop Alliance" in page
    assert f"/alliances/find/?urn={world['member'].urn}" in page


def test_leads_share_links_and_documents_in_the_network_library(client, world, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    network = Network.objects.create(name="Northern Network")
    network.alliances.add(world["alliance"], world["other"])
    client.force_login(world["lead_user"])
    pdf = SimpleUploadedFile("coaching.pdf", b"%PDF-1.4 coaching guide", content_type="application/pdf")
    response = client.post(network.get_absolute_url(), {"title": "Coaching guide", "document": pdf}, follow=True)
    assert "Coaching guide" in response.content.decode()
    resource = network.resources.get()
    assert (tmp_path / resource.document.name).read_bytes().startswith(b"%PDF")
    assert "coaching" not in resource.document.name  # stored under a name nobody can guess
    document_url = reverse("alliances:network-document", args=[network.slug, resource.pk])
    download = client.get(document_url)
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert 'filename="coaching.pdf"' in download["Content-Disposition"]

    exe = SimpleUploadedFile("tool.exe", b"MZ", content_type="application/octet-stream")
    refused = client.post(network.get_absolute_url(), {"title": "Tool", "document": exe}).content.decode()
    assert "Share a PDF, Word, Excel or PowerPoint file." in refused
    both = client.post(network.get_absolute_url(), {"title": "X", "url": "https://example.org/x", "document": SimpleUploadedFile("a.pdf", b"%PDF")})
    assert "Give a link or a document" in both.content.decode()
    # A member of a member alliance sees the library but cannot add to it.
    client.force_login(world["other_user"])
    page = client.get(network.get_absolute_url()).content.decode()
    assert "Coaching guide" in page and "Share a link" not in page
    assert client.post(network.get_absolute_url(), {"title": "Mine", "url": "https://example.org/m"}).status_code == 403
    # Nobody outside the network gets the document, whatever address they try.
    client.logout()
    assert client.get(document_url).status_code == 403
    assert client.get(f"/media/{resource.document.name}").status_code == 404


def test_a_teaching_school_starts_an_alliance_and_the_type_rules_apply(client, teaching_school, make_school, person):
    lead = teaching_school(name="Northfield Teaching School")
    other = teaching_school(name="Southfield Teaching School")
    plain = make_school(name="Plain Primary")
    client.force_login(person("head@northfield.example", lead))
    form = {"name": "Northfield Alliance", "lead": lead.pk, "delivery_areas": ["itt", "cpd"], "specialisms": "Early reading"}

    refused = client.post(reverse("alliances:start"), {**form, "alliance_type": "single", "other_lead_urns": str(other.urn)})
    assert "A single alliance is led by exactly one teaching school; this would have 2." in refused.content.decode()
    refused = client.post(reverse("alliances:start"), {**form, "alliance_type": "multiple", "other_lead_urns": f"{plain.urn}, x1"})
    assert "These are not URNs: x1." in refused.content.decode()
    assert not Alliance.objects.exists()

    response = client.post(reverse("alliances:start"), {**form, "alliance_type": "multiple", "other_lead_urns": str(other.urn)}, follow=True)
    assert "Northfield Alliance has started" in response.content.decode()
    alliance = Alliance.objects.get()
    # Southfield leads only once its own leader accepts.
    assert list(alliance.lead_schools()) == [lead] and alliance.delivery_areas == ["itt", "cpd"]
    assert "Waiting for Southfield Teaching School to accept" in response.content.decode()

    client.force_login(person("head@southfield.example", other))
    invitation = alliance.lead_invitations.get()
    assert "invites Southfield Teaching School to co-lead it, as a multiple alliance" in client.get(reverse("alliances:yours")).content.decode()
    response = client.post(reverse("alliances:accept-lead", args=[invitation.pk]), follow=True)
    assert "Southfield Teaching School now co-leads Northfield Alliance" in response.content.decode()
    alliance.refresh_from_db()
    assert set(alliance.lead_schools()) == {lead, other} and alliance.alliance_type == "multiple"
    assert "No current agreement signed by all its lead schools" in client.get(alliance.get_absolute_url()).content.decode()


def test_only_designated_schools_can_start_an_alliance(client, make_school, person):
    school = make_school(name="Not Yet Primary")
    client.force_login(person("head@notyet.example", school))
    page = client.get(reverse("alliances:start")).content.decode()
    assert "Only the leader or business manager of a designated teaching school" in page
    client.post(reverse("alliances:start"), {"name": "Sneaky Alliance", "alliance_type": "single", "lead": school.pk})
    assert not Alliance.objects.exists()


def test_leads_edit_what_their_alliance_offers_and_its_patch(client, world, make_school):
    leeds = Organisation.objects.create(kind="local_authority", code="383", name="Leeds")
    unreached = make_school(name="Unreached Primary", local_authority=leeds)
    client.force_login(world["lead_user"])
    client.post(
        reverse("alliances:edit", args=[world["alliance"].slug]),
        {"specialisms": "Maths mastery", "delivery_areas": ["itt"], "patch": [leeds.pk]},
    )
    world["alliance"].refresh_from_db()
    assert world["alliance"].specialism_list() == ["Maths mastery"] and world["alliance"].delivery_areas == ["itt"]
    assert list(world["alliance"].patch.all()) == [leeds]
    profile = client.get(world["alliance"].get_absolute_url()).content.decode()
    assert "every school in Leeds" in profile and unreached.name in profile
    client.force_login(world["member_user"])
    assert client.get(reverse("alliances:edit", args=[world["alliance"].slug])).status_code == 403


def test_payment_is_only_for_members(client, single_alliance, lead_user):
    university = Organisation.objects.create(kind="university", name="University of Northfield")
    role = roles.add_deliverer(single_alliance, university, "Mentor training")
    client.force_login(lead_user)
    response = client.post(reverse("alliances:payment", args=[role.pk]), {"paid": "yes"}, follow=True)
    assert "Only member schools have subscriptions" in response.content.decode()


def test_ending_a_role_explains_what_is_wrong(client, single_alliance, lead_user, make_school):
    role = roles.add_member(single_alliance, make_school(), date(2020, 9, 1))
    client.force_login(lead_user)
    response = client.post(reverse("alliances:end-role", args=[role.pk]), {"ends_on": "2026-01-01", "reason": "x" * 300}, follow=True)
    assert "Reason: Ensure this value has at most 200 characters" in response.content.decode()
    role.refresh_from_db()
    assert role.ends_on is None


def test_current_means_started_and_not_yet_ended(client, single_alliance, make_school, person):
    leaving, joining = make_school(name="Leaving Later Primary"), make_school(name="Joining Next Year Primary")
    roles.add_member(single_alliance, leaving, date(2020, 9, 1), date.today() + timedelta(days=60))
    roles.add_member(single_alliance, joining, date.today() + timedelta(days=365))
    client.force_login(person("h@leaving.example", leaving))
    assert "Leaving Later Primary: member school of" in client.get(reverse("alliances:yours")).content.decode()
    page = client.get(reverse("registry:school", args=[joining.urn])).content.decode()
    assert "Not in a teaching school alliance." in page


def test_directory_filters_by_where_the_current_leads_are(client, single_alliance, teaching_school):
    former = teaching_school(name="Former Lead", region="North East")
    AllianceRole.objects.create(
        alliance=single_alliance, role="lead", school=former, starts_on=date(2015, 1, 1), ends_on=date(2019, 8, 31)
    )
    tyne = Alliance.objects.create(name="Tyne Alliance", alliance_type="single")
    AllianceRole.objects.create(alliance=tyne, role="lead", school=teaching_school(region="North East"), starts_on=date(2020, 1, 1))
    page = client.get(reverse("alliances:directory"), {"region": "North East"}).content.decode()
    assert "Tyne Alliance" in page and "Hilltop Alliance" not in page


def test_a_superscript_digit_among_the_other_leads_urns_is_named_as_wrong(client, teaching_school, person):
    lead = teaching_school(name="Northfield Teaching School")
    client.force_login(person("head@northfield.example", lead))
    form = {"name": "Northfield Alliance", "lead": lead.pk, "alliance_type": "multiple", "other_lead_urns": "10000²"}
    response = client.post(reverse("alliances:start"), form)
    assert response.status_code == 200 and "These are not URNs: 10000²." in response.content.decode()
