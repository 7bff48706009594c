"""Every page, and every way a form on it can be refused, checked by axe-core and for sideways
scrolling, on a desktop (1280 px) and on the narrowest phone (320 px)."""
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from accounts.models import Affiliation, User
from alliances import agreements, joining, lead_removal, memoranda, roles
from alliances.models import Agreement, AgreementSignature, Alliance, Designation, DeliveryArea, Network
from alliances.permissions import COUNCIL_GROUP
from registry.models import Organisation
from tests.browser.conftest import accessibility_violations
from tests.sign_in import verified, with_two_factor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = (1280, 320)
# Long, real-looking names: the ones that push a narrow page sideways.
LEADS = ("St Bartholomew's Church of England Voluntary Aided Primary Teaching School", "Northumberland Church of England Academy")


@pytest.fixture
def world(make_school, make_inspection):
    leads = []
    for name in LEADS:
        school = make_school(name=name, number_of_pupils=600, postcode="NE63 9FZ")
        make_inspection(school, date(2023, 3, 1), overall_effectiveness=1)
        Designation.objects.create(school=school, status="designated", designated_on=date(2023, 9, 1), review_due_on=date(2027, 9, 1))
        leads.append(school)
    alliance = roles.create_alliance(
        "Northumberland and Tyneside Collaborative Teaching School Alliance", Alliance.Type.MULTIPLE, leads,
        starts_on=date(2023, 9, 1), description="Training and support across the county.", specialisms="Early reading\nMaths mastery",
        delivery_areas=list(DeliveryArea.values),
    )
    lead_user = User.objects.create_user("lead@example.org", "a long test password", full_name="Lena Lead")
    Affiliation.objects.create(user=lead_user, school=leads[0], role="leader")
    agreements.record_agreement(
        alliance, lead_user, "Each lead runs two strands.", "A joint board meets each term.",
        {**{area: leads[0] for area in DeliveryArea.values}, "Every trainee placed within 20 miles": leads[1]},
    )
    member = make_school(name="Ashington Community First School")
    roles.add_member(alliance, member, date(2024, 9, 1), subscription_pence=25000, period="annual", renewal_due_on=date(2026, 9, 1))
    trust = Organisation.objects.create(name="Northern Lights Learning Trust", kind=Organisation.Kind.ACADEMY_TRUST, code="TR9001")
    roles.add_deliverer(alliance, trust, "Subject leadership CPD", date(2024, 1, 1))
    memoranda.publish_memorandum(alliance, lead_user, "We share training days and moderate together.", membership_is_free=True)
    asking = make_school(name="Bedlington Station Primary School")
    head = User.objects.create_user("head@example.org", "a long test password", full_name="Hugo Head")
    Affiliation.objects.create(user=head, school=asking, role="leader")
    joining.request_membership(alliance, asking, head, "We would like help with early reading.")
    application = Designation.objects.create(school=asking, applied_by=head, itt_evidence="Twelve trainees a year.")
    council = User.objects.create_user("council@example.org", "a long test password", full_name="Cara Council")
    council.groups.add(Group.objects.get_or_create(name=COUNCIL_GROUP)[0])
    with_two_factor(council)
    network = Network.objects.create(name="North East Early Reading Network")
    network.alliances.add(alliance)
    return {"alliance": alliance, "member": member, "application": application, "trust": trust, "users": (lead_user, head, council)}


def sign_in_as(page, base, user):
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}])


def problems_at_each_width(page):
    """axe-core's violations and any sideways scrolling, at each width; the page is not reloaded,
    so a page showing a refused form is checked as it is."""
    found = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        violations = accessibility_violations(page)
        if violations:
            found.append((width, violations))
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            wide = page.evaluate(
                """(width) => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > width && !e.closest('.app-table-scroll'))
                    .slice(0, 6).map(e => e.tagName + "." + e.className + " " + e.getBoundingClientRect().right)""",
                width,
            )
            found.append((width, f"scrolls sideways: {scroll_width} px", wide))
    page.set_viewport_size({"width": 1280, "height": 900})
    return found


def test_every_page_state_is_accessible_and_fits_a_phone(live_server, page, world, make_school):
    base = live_server.url
    alliance, application = world["alliance"], world["application"]
    lead_user, head, council = world["users"]
    slug = alliance.slug
    results = {}

    def check(state, path=None):
        if path:
            page.goto(base + path)
        results[state] = problems_at_each_width(page)

    check("home", "/")
    check("schools with results", "/schools/?q=Ashington")
    check("schools without results", "/schools/?q=Nowhere+at+all")
    check("school profile", f"/schools/{world['member'].urn}/")
    check("organisations", "/organisations/")
    check("organisation", f"/organisations/{world['trust'].pk}/")
    check("alliances", "/alliances/")
    check("alliance, anonymous", f"/alliances/{slug}/")
    check("alliance on an impossible date", f"/alliances/{slug}/?on_day=31&on_month=2&on_year=2024")
    assert page.title().startswith("Error: ")
    assert page.locator(".govuk-error-summary").get_by_role("link", name="Date: Date must be a real date").is_visible()
    check("teaching schools", "/teaching-schools/")
    check("networks", "/networks/")
    check("API reference", "/api/docs/")
    page.goto(base + "/sign-in/")
    page.get_by_label("Email address").fill("lead@example.org")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    check("sign-in with an error")
    check("sign in", "/sign-in/")
    check("sign up", "/sign-up/")
    page.get_by_role("button", name="Create account").click()
    check("sign up with errors")
    assert page.title().startswith("Error: ")
    page.get_by_label("Full name").fill("Nia Jones")
    page.get_by_label("Email address").fill("nia@example.org")
    page.get_by_label("Create a password").fill("mossy stones by the river")
    page.get_by_label("Confirm your password").fill("mossy stones by the river")
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url("**/sign-up/check-your-email/")
    check("check your email")
    check("password reset", "/password-reset/")
    page.get_by_role("button", name="Send the link").click()
    check("password reset with an error")
    page.get_by_label("Email address").fill("lead@example.org")
    page.get_by_role("button", name="Send the link").click()
    check("password reset sent")
    check("link cannot be used", "/confirm-email/not-a-key/")

    sign_in_as(page, base, lead_user)
    check("yours, lead", "/alliances/yours/")
    check("account", "/account/")
    check("email address", "/account/email/")
    page.get_by_label("New email address").fill("not an address")
    page.get_by_role("button", name="Send a link to the new address").click()
    check("email address with an error")
    check("change password", "/account/password/")
    check("two-factor", "/account/two-factor/")
    page.goto(base + "/account/two-factor/app/")
    check("confirm password")
    page.get_by_label("Password").fill("a long test password")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/account/two-factor/app/")
    check("two-factor set-up")
    page.get_by_label("Code from your authenticator app").fill("000000")
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    check("two-factor set-up with an error")
    check("alliance, lead", f"/alliances/{slug}/")
    check("requests", f"/alliances/{slug}/requests/")
    page.get_by_label("Subscription in pounds").fill("250")
    page.get_by_role("button", name="Accept Bedlington Station Primary School").click()
    check("requests with an error")
    check("manage", f"/alliances/{slug}/manage/")
    page.get_by_label("School name or URN").fill("Ashington")
    page.get_by_label("subscription is not paid").check()
    page.get_by_label("school has not signed the current memorandum").check()
    page.get_by_role("button", name="Show members").click()
    check("manage, members filtered")
    assert "1 of 1 member" in page.content()
    check("manage, no member matches", f"/alliances/{slug}/manage/?q=Nowhere&show=renewal_due")
    check("manage with a search too long", f"/alliances/{slug}/manage/?q={'x' * 201}")
    page.goto(base + f"/alliances/{slug}/manage/")
    page.get_by_role("link", name="End membership of Ashington Community First School").click()
    check("end membership")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="End membership").click()
    check("end membership with an impossible date and no reason")
    assert page.title().startswith("Error: ")
    assert page.locator(".govuk-error-summary").get_by_role("link", name="Reason: Enter the reason for ending it").is_visible()
    check("edit", f"/alliances/{slug}/edit/")
    check("history", f"/alliances/{slug}/history/")
    check("memorandum", f"/alliances/{slug}/memorandum/")
    page.get_by_label("Memorandum of understanding").fill("")
    page.get_by_role("button", name="Publish new version").click()
    check("memorandum with an error")
    check("agreement", f"/alliances/{slug}/agreement/")
    page.get_by_label("Governance arrangements").fill("")
    page.get_by_role("button", name="Record version 2").click()
    check("agreement with an error")
    check("networks, lead", "/networks/")
    # Ending another lead's role: the agreement allows it by majority, signed by both leads.
    leads = list(alliance.lead_schools())
    allowing = agreements.record_agreement(
        alliance, lead_user, "Each lead runs two strands.", "A joint board meets each term.",
        {area: leads[0] for area in DeliveryArea.values}, Agreement.LeadRemoval.MAJORITY_OF_OTHERS,
    )
    for school in leads:
        AgreementSignature.objects.create(agreement=allowing, school=school, signed_by=lead_user)
    check("manage, leads may propose ending a lead's role", f"/alliances/{slug}/manage/")
    page.get_by_role("link", name=f"Propose ending this lead school's role ({LEADS[1]})").click()
    check("propose ending a lead's role")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Propose ending the role").click()
    check("propose ending a lead's role with an impossible date and no reason")
    assert page.title().startswith("Error: ")
    page.get_by_label("Day").fill(str(date.today().day))
    page.get_by_label("Month").fill(str(date.today().month))
    page.get_by_label("Year").fill(str(date.today().year))
    page.get_by_label("Reason").fill("Leaving the area")
    page.get_by_role("button", name="Propose ending the role").click()
    check("propose ending a lead's role refused by the type rules")
    assert page.locator(".govuk-error-summary").get_by_text("A multiple alliance is led by two or more").is_visible()
    third = make_school(name="Morpeth Chantry Middle Teaching School", number_of_pupils=500)
    Designation.objects.create(school=third, status="designated", designated_on=date(2023, 9, 1), review_due_on=date(2027, 9, 1))
    roles.add_lead(alliance, third)
    AgreementSignature.objects.create(agreement=allowing, school=third, signed_by=lead_user)  # every lead has signed
    lead_removal.propose(lead_user, alliance.roles.get(school__name=LEADS[1]), date.today(), "Leaving the area")
    check("manage with a proposal to end a lead's role", f"/alliances/{slug}/manage/")
    third_head = User.objects.create_user("head@morpeth.example", "a long test password", full_name="Mo Morpeth")
    Affiliation.objects.create(user=third_head, school=third, role="leader")

    sign_in_as(page, base, third_head)
    check("yours, a proposal to answer", "/alliances/yours/")

    sign_in_as(page, base, head)
    check("join", f"/alliances/{slug}/join/")
    check("apply", "/teaching-schools/apply/")
    page.get_by_role("button", name="Send application").click()
    check("apply with errors")
    check("designation as the school", f"/designations/{application.pk}/")

    sign_in_as(page, base, council)
    check("council queue", "/council/")
    check("designation as the Council", f"/designations/{application.pk}/")
    page.get_by_role("button", name="Decline").click()
    check("designation refused")

    # Being told: the lead has notices (the join request, the agreement to sign), one of them done.
    from django.utils import timezone

    from notices.models import Notice

    Notice.objects.filter(recipient=lead_user, kind=Notice.Kind.AGREEMENT_TO_SIGN).update(done_at=timezone.now())
    sign_in_as(page, base, lead_user)
    check("yours with notices, open and done", "/alliances/yours/")
    page.get_by_text("Recently done").click()
    check("yours with recently done shown")
    check("notices, open", "/notices/")
    check("notices, done", "/notices/?show=done")
    check("email choices", "/account/emails/")
    sign_in_as(page, base, council)
    check("notices, none", "/notices/")

    assert {state: found for state, found in results.items() if found} == {}


def test_acting_for_a_school_pages_are_accessible_and_fit_a_phone(live_server, page, world):
    """Asking to act for a school, Your schools, a school's people, the support queue and an
    invitation's link, each with its refusals."""
    from accounts import affiliation_invitations, affiliation_requests
    from accounts.models import AffiliationInvitation

    base = live_server.url
    lead_user, head, council = world["users"]
    lead_school = lead_user.affiliations.get().school
    member = world["member"]
    support = verified(User.objects.create_user("support@example.org", "a long test password", full_name="Sam Support", is_staff=True))
    with_two_factor(support)
    newcomer = verified(User.objects.create_user("nia@example.org", "a long test password", full_name="Nia Jones"))
    affiliation_requests.ask_to_act_for(newcomer, lead_school, "staff", "Year 2 teacher and early reading lead")
    affiliation_requests.ask_to_act_for(newcomer, member, "leader", "Headteacher")
    affiliation_requests.propose_organisation(
        newcomer, "Northumbria Institute of Education and Professional Development", "university",
        "https://www.northumbria-institute-of-education.example/partnerships", "staff", "Senior lecturer",
    )
    refused = affiliation_requests.ask_to_act_for(head, lead_school, "staff", "Governor")
    affiliation_requests.refuse(lead_user, refused, "Governors do not act for the school here.")
    Affiliation.objects.create(user=User.objects.create_user("teacher@example.org", full_name="Tom Teacher"), school=lead_school, role="staff")
    affiliation_invitations.invite(lead_user, lead_school, "business_manager", "bursar.with.a.long.address@northumberland-schools.example")
    results = {}

    def check(state, path=None):
        if path:
            page.goto(base + path)
        results[state] = problems_at_each_width(page)

    sign_in_as(page, base, newcomer)
    check("act for", "/act-for/")
    check("act for, schools found", "/act-for/?q=Ashington")
    check("act for, search too long", f"/act-for/?q={'x' * 201}")
    check("ask", f"/act-for/schools/{member.urn}/")
    page.get_by_role("button", name="Send request").click()
    check("ask with errors")
    assert page.title().startswith("Error: ")
    check("propose an organisation", "/act-for/propose-organisation/")
    page.get_by_label("Website (optional)").fill("not a website")
    page.get_by_role("button", name="Send proposal").click()
    check("propose with errors")
    check("your schools, requests waiting", "/account/schools/")

    sign_in_as(page, base, head)
    check("your schools, refused", "/account/schools/")

    sign_in_as(page, base, lead_user)
    check("people", f"/schools/{lead_school.urn}/people/")
    page.get_by_label("Their email address").fill("teacher@example.org")
    page.get_by_role("button", name="Send invitation").click()
    check("people with errors")
    page.goto(base + f"/schools/{lead_school.urn}/people/")
    page.get_by_role("button", name="Refuse Nia Jones").click()
    check("people, refusal without a reason")

    sign_in_as(page, base, support)
    check("support", "/support/")
    page.get_by_role("button", name="Approve Nia Jones for Northumbria").click()
    check("support, approval without a reason")
    assert page.locator(".govuk-error-summary").is_visible()

    token = "accessibility-check-token"
    from accounts.models import token_digest

    AffiliationInvitation.objects.create(
        school=lead_school, role="staff", email="nia@example.org", invited_by=lead_user, token_digest=token_digest(token)
    )
    page.context.clear_cookies()
    check("invitation, signed out", f"/invitations/accept/{token}/")
    sign_in_as(page, base, newcomer)
    check("invitation, to accept", f"/invitations/accept/{token}/")
    sign_in_as(page, base, head)
    check("invitation, for another address", f"/invitations/accept/{token}/")
    check("invitation, wrong link", "/invitations/accept/not-a-token/")

    assert {state: found for state, found in results.items() if found} == {}


def test_personal_data_pages_are_accessible_and_fit_a_phone(live_server, page, world):
    """The privacy page, changing your name, the download, and deleting an account with its refusals."""
    base = live_server.url
    lead_user, head, council = world["users"]
    results = {}

    def check(state, path=None):
        if path:
            page.goto(base + path)
        results[state] = problems_at_each_width(page)

    check("privacy", "/privacy/")
    sign_in_as(page, base, lead_user)
    check("change name", "/account/name/")
    page.get_by_label("Full name").fill("")
    page.get_by_role("button", name="Save your name").click()
    check("change name with an error")
    download = page.request.get(base + "/account/data/")
    assert download.status == 200 and download.headers["content-type"] == "application/json"
    assert download.headers["content-disposition"].startswith("attachment; filename=")
    check("delete account", "/account/delete/")
    page.get_by_role("button", name="Delete your account").click()
    check("delete account without a password")
    assert page.title().startswith("Error: ")
    page.get_by_label("Your current password").fill("not the password")
    page.get_by_role("button", name="Delete your account").click()
    check("delete account with a wrong password")
    colleague = User.objects.create_user("teacher@example.org", full_name="Tom Teacher")
    Affiliation.objects.create(user=colleague, school=lead_user.affiliations.get().school, role="staff")
    check("delete account refused: the last leader", "/account/delete/")
    assert "You cannot delete your account yet" in page.content()
    colleague.affiliations.update(role="leader")
    page.goto(base + "/account/delete/")
    page.get_by_label("Your current password").fill("a long test password")
    page.get_by_role("button", name="Delete your account").click()
    page.wait_for_url("**/account/deleted/")
    check("account deleted")

    assert {state: found for state, found in results.items() if found} == {}
