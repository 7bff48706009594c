"""Annual returns: prepared by the alliance's managers from the ledger, signed off by each lead
school's leader, final and frozen once all have signed (confirmed entries signed off in the
ledger), corrected by a new version; the CSV and XLSX in the documented column layout."""
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from alliances.models import AllianceRole
from alliances.rules import NotAllowed, RuleBroken
from delivery import ledger, return_layout, returns, support
from delivery.models import AnnualReturn, Contribution
from delivery.spreadsheets import read_table
from registry.models import Organisation

pytestmark = pytest.mark.django_db
YEAR = 2024  # the support fixture's work ran from January to March 2025
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def second_lead(single_alliance, teaching_school, person):
    """A second lead teaching school (the alliance has become a multiple one) and its leader."""
    school = teaching_school(name="Valley Teaching School")
    AllianceRole.objects.create(alliance=single_alliance, role="lead", school=school, starts_on=date(2021, 9, 1))
    return person("head@valley.example", school)


@pytest.fixture
def sly_trust(single_alliance):
    """A deliverer whose name a spreadsheet would run as a formula."""
    made = Organisation.objects.create(name='=HYPERLINK("http://evil.example","Click")', kind=Organisation.Kind.UNIVERSITY, code="U9")
    AllianceRole.objects.create(alliance=single_alliance, role="deliverer", organisation=made, starts_on=date(2022, 9, 1))
    return made


@pytest.fixture
def ledger_year(lead_user, support_for, member_school, trust, sly_trust, person):
    """Six days of support: 3 by the member school (confirmed), 2 by the trust (disputed), 1 by
    the university with the formula-like name (left recorded)."""
    assignment = support_for(lead_user)
    support.complete(lead_user, assignment, days_delivered=Decimal(6), outcome="Met")
    assignment.refresh_from_db()
    mine, trusts, sly = ledger.record(lead_user, assignment, [(member_school, Decimal(3)), (trust, Decimal(2)), (sly_trust, Decimal(1))])
    ledger.confirm(person("head@brookside.example", member_school), mine)
    ledger.dispute(person("ceo@trust.example", trust), trusts, "We gave one day, not two")
    return {"member": mine, "trust": trusts, "sly": sly, "assignment": assignment}


def _row(annual_return, contributor):
    [row] = [r for r in annual_return.rows if r["contributor"] == contributor]
    return row


def test_a_prepared_return_holds_the_years_rows_disputed_entries_shown_not_counted(lead_user, ledger_year, single_alliance, sly_trust):
    sly_name = sly_trust.name
    made = returns.prepare(lead_user, single_alliance, YEAR)
    assert (made.version, made.state, made.prepared_by) == (1, "draft", lead_user)
    member = _row(made, "Brookside Primary")
    assert member["urn"] and member["role"] == "member" and member["area"] == "School-to-school support"
    assert (member["days"], member["share_of_area"], member["overall_share"], member["outputs"]) == ("3.00", "75.0", "75.0", 1)
    assert (member["confirmed_entries"], member["awaiting_entries"], member["status"]) == (1, 0, "Confirmed")
    assert _row(made, sly_name)["status"] == "Awaiting confirmation"
    trust = _row(made, "Northern Lights Learning Trust")
    assert (trust["days"], trust["outputs"], trust["disputed_entries"], trust["disputed_days"], trust["status"]) == ("0.00", 0, 1, "2.00", "Disputed")
    assert (trust["role"], trust["contributor_type"], trust["organisation_code"]) == ("deliverer", "Academy trust", "TR77")
    # The lead school has a row for each area, though it delivered nothing: the return shows it.
    lead_rows = [r for r in made.rows if r["contributor"] == "Hilltop Teaching School"]
    assert [(r["area"], r["status"], r["role"]) for r in lead_rows] == [
        ("Initial teacher training", "Nothing recorded", "lead"), ("CPD and leadership development", "Nothing recorded", "lead"),
        ("School-to-school support", "Nothing recorded", "lead"),
    ]
    assert made.rows[0]["contributor"] == "Hilltop Teaching School"  # leads first
    assert "1 entry for Northern Lights Learning Trust is disputed: left out of these figures until resolved." in made.flags
    assert "1 entry still awaits the contributor's confirmation." in made.flags
    assert [r["contributor"] for r in returns.prepare(lead_user, single_alliance, YEAR - 1).rows] == ["Hilltop Teaching School"] * 3


def test_each_lead_signs_then_it_is_final_and_confirmed_entries_are_signed_off(lead_user, second_lead, ledger_year, single_alliance):
    made = returns.prepare(lead_user, single_alliance, YEAR)
    returns.sign(lead_user, made)
    made.refresh_from_db()
    assert made.state == "draft" and made.sign_offs.get().school.name == "Hilltop Teaching School"
    assert Contribution.objects.filter(state="signed_off").count() == 0
    returns.sign(second_lead, made)
    made.refresh_from_db()
    assert made.state == "final" and made.final_at is not None
    signed = Contribution.objects.get(pk=ledger_year["member"].pk)
    assert (signed.state, signed.return_ref) == ("signed_off", made.return_ref)
    # Disputed and unconfirmed entries are not signed off.
    assert Contribution.objects.get(pk=ledger_year["trust"].pk).state == "disputed"
    assert Contribution.objects.get(pk=ledger_year["sly"].pk).state == "recorded"


def test_a_final_return_is_frozen_and_a_correction_is_a_new_version(lead_user, ledger_year, single_alliance):
    first = returns.prepare(lead_user, single_alliance, YEAR)
    returns.sign(lead_user, first)
    first.refresh_from_db()
    assert first.state == "final"
    frozen = "Version 1 of the 2024 to 2025 return is final: it cannot be changed. Prepare a new version to correct it."
    with pytest.raises(RuleBroken) as refused:
        returns.amend_notes(lead_user, first, "Typo fixed")
    assert refused.value.messages == [frozen]
    with pytest.raises(RuleBroken) as refused:
        returns.sign(lead_user, first)
    assert frozen in refused.value.messages
    first.rows = []
    with pytest.raises(RuleBroken, match="cannot be changed"):
        first.save()
    first.refresh_from_db()
    with pytest.raises(TypeError):
        first.delete()

    second = returns.prepare(lead_user, single_alliance, YEAR)
    first.refresh_from_db()
    assert (second.version, second.state, second.supersedes) == (2, "draft", first)
    assert first.state == "superseded" and first.final_at and first.rows and first.sign_offs.count() == 1
    with pytest.raises(RuleBroken, match="replaced by version 2"):
        returns.sign(lead_user, first)


def test_only_managers_prepare_and_only_lead_leaders_sign(lead_user, ledger_year, single_alliance, person, member_school, council_member):
    business_manager = person("bursar@hilltop.example", single_alliance.lead_schools().get(), "business_manager")
    with pytest.raises(NotAllowed):
        returns.prepare(person("head2@brookside.example", member_school), single_alliance, YEAR)
    with pytest.raises(NotAllowed):
        returns.prepare(council_member, single_alliance, YEAR)
    made = returns.prepare(business_manager, single_alliance, YEAR)
    for refused_person in (business_manager, council_member):
        with pytest.raises(NotAllowed, match="Only the leaders of Hilltop Alliance's lead teaching schools"):
            returns.sign(refused_person, made)
    assert not returns.may_sign(business_manager, made) and returns.may_sign(lead_user, made)


def test_signing_is_refused_with_every_reason_when_the_ledger_changed(lead_user, second_lead, ledger_year, single_alliance):
    made = returns.prepare(lead_user, single_alliance, YEAR)
    returns.sign(lead_user, made)
    ledger.void(lead_user, ledger_year["sly"], "Recorded by mistake")
    with pytest.raises(RuleBroken) as refused:
        returns.sign(lead_user, made)
    assert refused.value.messages == [
        "Hilltop Teaching School has already signed version 1.",
        "The ledger for 2024 to 2025 has changed since version 1 was prepared (an entry was recorded, voided, disputed or "
        "corrected): prepare a new version and sign that.",
    ]
    # Confirming an entry changes no figure: signing still goes ahead.
    newer = returns.prepare(lead_user, single_alliance, YEAR)
    returns.sign(lead_user, newer)
    assert newer.sign_offs.count() == 1


def test_changing_a_drafts_notes_withdraws_its_sign_offs(lead_user, second_lead, ledger_year, single_alliance):
    made = returns.prepare(lead_user, single_alliance, YEAR)
    returns.sign(second_lead, made)
    _, withdrawn = returns.amend_notes(lead_user, made, "Two days are in dispute with the trust.")
    assert withdrawn == 1 and made.sign_offs.count() == 0
    with pytest.raises(RuleBroken, match="Keep the notes to 5,000 characters"):
        returns.amend_notes(lead_user, made, "x" * 5001)


def test_a_future_year_is_refused(lead_user, single_alliance):
    with pytest.raises(RuleBroken, match="Choose an academic year from 2000 to 2001 to"):
        returns.prepare(lead_user, single_alliance, date.today().year + 2)


def test_the_csv_and_xlsx_follow_the_layout_with_numbers_as_numbers_and_formulas_neutralised(client, lead_user, ledger_year, single_alliance):
    made = returns.prepare(lead_user, single_alliance, YEAR)
    client.force_login(lead_user)
    book = load_workbook(io.BytesIO(client.get(reverse("delivery:annual-return-xlsx", args=[made.pk])).content))
    assert book.sheetnames == ["Contributions", "KPIs", "About this return"]
    sheet = book["Contributions"]
    header = [cell.value for cell in sheet[1]]
    assert header == [h for _, h, _ in return_layout.COLUMNS]
    rows = [dict(zip(header, (cell.value for cell in line))) for line in sheet.iter_rows(min_row=2)]
    member = next(r for r in rows if r["Contributor"] == "Brookside Primary")
    assert member["Days"] == 3 and isinstance(member["Days"], (int, float)) and member["Share of area (%)"] == 75
    assert member["URN"] == single_alliance.member_schools().get().urn and member["Return version"] == 1
    sly = next(r for r in rows if "HYPERLINK" in r["Contributor"])
    assert sly["Contributor"] == '\'=HYPERLINK("http://evil.example","Click")'
    trust = next(r for r in rows if r["Contributor"] == "Northern Lights Learning Trust")
    assert (trust["Status"], trust["Disputed entries"], trust["Disputed days"]) == ("Disputed", 1, 2)
    about = dict(line for line in book["About this return"].iter_rows(values_only=True))
    assert about["Return state"] == "Draft, awaiting sign-off" and about["Signed off by"] == "Nobody yet"

    response = client.get(reverse("delivery:annual-return-csv", args=[made.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="hilltop-alliance-annual-return-2024-2025-v1.csv"'
    table = read_table("return.csv", response.content)
    assert table.header == header
    assert sorted((row["Contributor"], row["Delivery area"], row["Days"]) for _, row in table.rows) == [
        ('\'=HYPERLINK("http://evil.example","Click")', "School-to-school support", "1"),
        ("Brookside Primary", "School-to-school support", "3"),
        ("Hilltop Teaching School", "CPD and leadership development", "0"),
        ("Hilltop Teaching School", "Initial teacher training", "0"),
        ("Hilltop Teaching School", "School-to-school support", "0"),
        ("Northern Lights Learning Trust", "School-to-school support", "0"),
    ]


def test_kpis_go_in_their_own_sheet(lead_user, single_alliance, client):
    from delivery.models import Trainee, TraineeCohort

    cohort = TraineeCohort.objects.create(alliance=single_alliance, academic_year=YEAR, route="scitt", lead_school=single_alliance.lead_schools().get(), accredited_provider_name="Moor SCITT")
    for n in range(16):
        Trainee.objects.create(cohort=cohort, reference=f"T-{n:03d}")
    made = returns.prepare(lead_user, single_alliance, YEAR)
    client.force_login(lead_user)
    book = load_workbook(io.BytesIO(client.get(reverse("delivery:annual-return-xlsx", args=[made.pk])).content))
    kpis = list(book["KPIs"].iter_rows(values_only=True))
    assert kpis[0] == tuple(h for _, h, _ in return_layout.KPI_COLUMNS)
    first, second = dict(zip(kpis[0], kpis[1])), dict(zip(kpis[0], kpis[2]))
    assert (first["KPI"], first["Target"], first["Target set by"], first["Actual"], first["Met"]) == (
        "1.1 Teachers trained per year", "At least 15 trainees", "national default", "16 trainees", "Yes",
    )
    assert first["Accountable lead school"] == "Hilltop Teaching School"
    assert (second["KPI"], second["Met"]) == ("1.2 Trainees who secure a teaching post within six months", "Not known")
    assert len(kpis) == 7  # the six KPIs of 2018


def test_every_column_is_documented():
    documented = (ROOT / "docs" / "annual-return.md").read_text()
    readme = (ROOT / "README.md").read_text()
    for columns in (return_layout.COLUMNS, return_layout.KPI_COLUMNS, return_layout.RETURN_COLUMNS):
        for _, header, _ in columns:
            assert f"| {header} |" in documented, f"{header} is not described in docs/annual-return.md"
    assert "docs/annual-return.md" in readme


def test_the_return_page_offers_signing_to_a_lead_leader_and_signing_makes_it_final(client, lead_user, ledger_year, single_alliance, person):
    made = returns.prepare(lead_user, single_alliance, YEAR)
    business_manager = person("bursar@hilltop.example", single_alliance.lead_schools().get(), "business_manager")
    client.force_login(business_manager)
    page = client.get(made.get_absolute_url()).content.decode()
    assert "Sign off version 1" not in page and "Northern Lights Learning Trust" in page and "Disputed" in page
    assert "1 ledger entry for 2024 to 2025 is disputed today" in page
    client.force_login(lead_user)
    assert "Sign off version 1" in client.get(made.get_absolute_url()).content.decode()
    response = client.post(reverse("delivery:sign-return", args=[made.pk]), follow=True)
    assert "version 1 of the 2024 to 2025 return is final" in response.content.decode()
    assert "Sign off version 1" not in response.content.decode()
    response = client.post(reverse("delivery:return-notes", args=[made.pk]), {"notes": "Late change"}, follow=True)
    assert "it cannot be changed. Prepare a new version to correct it." in response.content.decode()
    response = client.post(reverse("delivery:prepare-return", args=[single_alliance.slug]), {"academic_year": YEAR}, follow=True)
    assert "Version 2 of the 2024 to 2025 return is prepared" in response.content.decode()
    listing = client.get(reverse("delivery:alliance-returns", args=[single_alliance.slug])).content.decode()
    assert "Superseded" in listing and "Final" not in listing.split("Superseded")[0].split("<tbody")[-1]


def test_a_bad_year_is_a_message_not_a_server_error(client, lead_user, single_alliance):
    client.force_login(lead_user)
    response = client.post(reverse("delivery:prepare-return", args=[single_alliance.slug]), {"academic_year": "soon"}, follow=True)
    assert response.status_code == 200 and "Academic year: Select a valid choice" in response.content.decode()
    assert not AnnualReturn.objects.exists()


def test_the_api_gives_returns_to_their_managers_and_the_council_only(client, lead_user, ledger_year, single_alliance, council_member, person, member_school):
    made = returns.prepare(lead_user, single_alliance, YEAR)
    client.force_login(lead_user)
    listed = client.get("/api/returns/?academic_year=2024").json()
    assert [r["id"] for r in listed["results"]] == [made.pk] and "rows" not in listed["results"][0]
    detail = client.get(f"/api/returns/{made.pk}/").json()
    member = next(r for r in detail["rows"] if r["contributor"] == "Brookside Primary")
    assert (member["days"], member["disputed_entries"], detail["state"], detail["year_label"]) == ("3.00", 0, "draft", "2024 to 2025")
    client.force_login(person("head3@brookside.example", member_school))
    assert client.get("/api/returns/").json()["results"] == []
    assert client.get(f"/api/returns/{made.pk}/").status_code == 404
    client.force_login(council_member)
    assert client.get(f"/api/returns/{made.pk}/").status_code == 200
    assert client.get("/api/returns/?academic_year=later").status_code == 400


def test_the_returns_figures_are_the_reviews(lead_user, ledger_year, single_alliance, make_school):
    """The returns read the ledger once for the review and their own counts: the reviews they
    make must be the review's own, for one alliance and for all."""
    from delivery import return_figures, review

    start, end = review.academic_year_bounds(YEAR)
    assert return_figures.figures([single_alliance], YEAR)[single_alliance.pk]["review"] == review.review_for(single_alliance, start, end)
    assert [f["review"] for f in return_figures.figures(None, YEAR).values()] == review.reviews_for_all(start, end)


def test_lead_leaders_are_asked_to_sign_and_the_notice_is_settled_when_they_do(lead_user, second_lead, ledger_year, single_alliance, person):
    from notices.models import Notice

    business_manager = person("bursar@hilltop.example", single_alliance.lead_schools().get(name="Hilltop Teaching School"), "business_manager")
    made = returns.prepare(business_manager, single_alliance, YEAR)
    asked = Notice.objects.filter(kind="return_to_sign", done_at__isnull=True)
    assert sorted(n.recipient.email for n in asked) == ["head@valley.example", "lead@example.org"]
    assert asked.first().link == made.get_absolute_url() and "2024 to 2025 annual return is ready" in asked.first().text
    returns.sign(second_lead, made)
    assert [n.recipient for n in asked.all()] == [lead_user]
    returns.amend_notes(business_manager, made, "One more note.")  # the Valley head signs again: asked again
    assert sorted(n.recipient.email for n in asked.all()) == ["head@valley.example", "lead@example.org"]
    newer = returns.prepare(business_manager, single_alliance, YEAR)  # the old version's requests are settled
    assert {n.subject_id for n in asked.all()} == {newer.pk}
    returns.sign(lead_user, newer)
    returns.sign(second_lead, newer)
    assert not asked.all().exists()


def test_the_returns_are_reached_from_the_alliance_and_the_council(client, lead_user, single_alliance, council_member):
    client.force_login(lead_user)
    profile = client.get(single_alliance.get_absolute_url()).content.decode()
    assert reverse("delivery:alliance-returns", args=[single_alliance.slug]) in profile
    assert reverse("delivery:evidence-packs", args=[single_alliance.slug]) in profile
    client.force_login(council_member)
    assert reverse("delivery:national-rollup") in client.get(reverse("alliances:council")).content.decode()
