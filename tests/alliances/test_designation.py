"""Designation: criteria from data on all three inspection regimes, decisions, reviews."""
import csv
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from alliances import designation as designating
from alliances.designation import MET, NEEDS_EVIDENCE, NOT_MET, TO_JUDGE, designation_criteria
from alliances.models import Designation, DesignationEvent
from alliances.rules import NotAllowed, RuleBroken
from registry.importers.gias import import_gias
from registry.importers.ofsted import import_ofsted
from registry.models import Inspection, School
from tests.conftest import GIAS_SAMPLE_2026, OFSTED_2024, read_gias_rows, write_csv

pytestmark = pytest.mark.django_db
EVIDENCE = dict(itt_evidence="SCITT partner since 2014", support_evidence="NLE deployments", headteacher_evidence="Head 9 years")


def statuses(criteria):
    return {c.key: c.status for c in criteria}


@pytest.mark.parametrize(
    "regime, grades, expected",
    [
        (Inspection.Regime.OEIF_GRADED, {"overall_effectiveness": 2}, MET),
        (Inspection.Regime.OEIF_GRADED, {"overall_effectiveness": 3}, NOT_MET),
        (Inspection.Regime.OEIF_NO_OVERALL, {"quality_of_education": 2, "behaviour_and_attitudes": 1, "personal_development": 2, "leadership_and_management": 2, "safeguarding_effective": True}, MET),
        (Inspection.Regime.OEIF_NO_OVERALL, {"quality_of_education": 3, "behaviour_and_attitudes": 1, "personal_development": 2, "leadership_and_management": 2, "safeguarding_effective": True}, NOT_MET),
        (Inspection.Regime.REPORT_CARD, {**{a: "strong_standard" for a in Inspection.REPORT_CARD_AREAS}, "safeguarding_standards_met": True}, MET),
        (Inspection.Regime.REPORT_CARD, {**{a: "strong_standard" for a in Inspection.REPORT_CARD_AREAS}, "achievement": "needs_attention", "safeguarding_standards_met": True}, NOT_MET),
    ],
)
def test_at_least_good_criterion_reads_every_inspection_regime(make_school, make_inspection, regime, grades, expected):
    school = make_school()
    make_inspection(school, date(2025, 1, 15), regime=regime, **grades)
    assert statuses(designation_criteria(school, **EVIDENCE))["at_least_good"] == expected


def test_each_criterion_is_met_not_met_needs_evidence_or_to_judge(make_school, make_inspection):
    school = make_school(status="closed", is_state_funded=True)
    criteria = statuses(designation_criteria(school, itt_evidence="Lead school for School Direct"))
    assert criteria == {
        "at_least_good": NEEDS_EVIDENCE,  # never inspected
        "open_state_funded": NOT_MET,
        "itt": TO_JUDGE,  # typed text is evidence to judge, never met by itself
        "support": NEEDS_EVIDENCE,
        "headteacher": NEEDS_EVIDENCE,
    }
    independent = make_school(is_state_funded=False, type_name="Other independent school")
    assert statuses(designation_criteria(independent))["open_state_funded"] == NOT_MET


def test_council_member_approves_when_every_criterion_is_met(make_school, make_inspection, person, council_member):
    school = make_school()
    make_inspection(school, overall_effectiveness=1)
    head = person("head@example.org", school)
    application = designating.apply(school, head, **EVIDENCE)

    with pytest.raises(RuleBroken, match="Track record in initial teacher training: evidence to judge"):
        designating.approve(application, council_member, reason="Strong ITT partnership")
    designating.approve(
        application, council_member, reason="Strong ITT partnership", on=date(2026, 9, 1),
        evidence_judged_met=["itt", "support", "headteacher"],
    )
    application.refresh_from_db()
    assert application.itt_judged_met and application.support_judged_met and application.headteacher_judged_met
    assert application.status == Designation.Status.DESIGNATED
    assert (application.designated_on, application.review_due_on) == (date(2026, 9, 1), date(2030, 9, 1))
    assert [e.kind for e in application.events.all()] == ["applied", "approved"]


def test_approval_is_refused_while_a_criterion_is_unmet(make_school, make_inspection, person, council_member):
    school = make_school()
    make_inspection(school, overall_effectiveness=3)
    application = designating.apply(school, person("head@example.org", school), itt_evidence="x")
    with pytest.raises(RuleBroken) as refused:
        designating.approve(application, council_member)
    reasons = " ".join(refused.value.messages)
    assert "At least Good at its most recent inspection: not met" in reasons
    assert "Track record of supporting other schools: needs evidence" in reasons
    application.refresh_from_db()
    assert application.status == Designation.Status.APPLIED


def test_only_council_members_decide_and_declines_need_reasons(make_school, person, council_member):
    school = make_school()
    head = person("head@example.org", school)
    application = designating.apply(school, head)
    with pytest.raises(NotAllowed, match="Teaching Schools Council"):
        designating.decline(application, head, "no")
    with pytest.raises(RuleBroken, match="Give the reasons"):
        designating.decline(application, council_member, "  ")
    designating.decline(application, council_member, "No ITT track record yet")
    designating.appeal(application, head, "We became a SCITT lead partner in July")
    assert [e.kind for e in application.events.all()] == ["applied", "declined", "appealed"]


def test_a_school_cannot_apply_twice(make_school, person):
    school = make_school()
    head = person("head@example.org", school)
    designating.apply(school, head)
    with pytest.raises(RuleBroken, match="already has an application"):
        designating.apply(school, head)


def _designate(urn):
    school = School.objects.get(urn=urn)
    return Designation.objects.create(school=school, status="designated", designated_on=date(2024, 9, 1), review_due_on=date(2028, 9, 1))


def test_reimport_showing_closure_puts_the_designation_under_review(write_gias, django_capture_on_commit_callbacks):
    header, rows = read_gias_rows()
    import_gias(write_gias(rows, name="edubasealldata20260101.csv"))
    designation = _designate(100000)

    rows[0].update({"EstablishmentStatus (name)": "Closed", "CloseDate": "31-08-2026", "ReasonEstablishmentClosed (name)": "Academy Converter"})
    with django_capture_on_commit_callbacks(execute=True):  # the review runs once the import commits
        import_gias(write_gias(rows, name="edubasealldata20260901.csv"))

    designation.refresh_from_db()
    assert designation.status == Designation.Status.UNDER_REVIEW
    assert "GIAS records the school as closed on 31 August 2026." in designation.review_reason
    assert designation.events.get().kind == DesignationEvent.Kind.PUT_UNDER_REVIEW


def test_reimport_showing_a_fall_below_good_puts_the_designation_under_review(tmp_path, django_capture_on_commit_callbacks):
    import_gias(GIAS_SAMPLE_2026)
    import_ofsted(OFSTED_2024)  # The Aldgate School: Outstanding in June 2024
    designation = _designate(100000)
    import_ofsted(OFSTED_2024)
    designation.refresh_from_db()
    assert designation.status == Designation.Status.DESIGNATED  # nothing new, nothing flagged

    with open(OFSTED_2024, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header, rows = reader.fieldnames, list(reader)
    row = rows[0]
    row.update({"Inspection number of latest graded inspection": "10400001", "Inspection start date": "10/06/2025",
                "Publication date": "20/07/2025", "Overall effectiveness": "NULL", "Quality of education": "3",
                "Behaviour and attitudes": "2", "Personal development": "2", "Effectiveness of leadership and management": "3"})
    with django_capture_on_commit_callbacks(execute=True):
        import_ofsted(write_csv(tmp_path / "latest_2025.csv", header, [row]))

    designation.refresh_from_db()
    assert designation.status == Designation.Status.UNDER_REVIEW
    assert "No longer at least Good" in designation.review_reason and "quality of education" in designation.review_reason


def _designated(make_school, make_inspection, designated_on=date(2022, 9, 1), **fields):
    school = make_school(**fields)
    make_inspection(school, date(2022, 3, 1), overall_effectiveness=2)
    return Designation.objects.create(
        school=school, status="designated", designated_on=designated_on, review_due_on=designated_on.replace(year=designated_on.year + 4)
    )


def test_designations_fall_due_for_review_when_their_term_ends_once_only(make_school, make_inspection):
    due = _designated(make_school, make_inspection, date(2022, 9, 1))
    not_yet = _designated(make_school, make_inspection, date(2023, 9, 1))
    assert designating.review_due_designations(date(2026, 9, 1)) == [due]
    assert designating.review_due_designations(date(2026, 9, 2)) == []  # idempotent
    due.refresh_from_db(), not_yet.refresh_from_db()
    assert (due.status, due.review_cause) == (Designation.Status.UNDER_REVIEW, Designation.ReviewCause.TERM)
    assert due.review_reason == "Its four-year term ended on 1 September 2026: the Council reviews it before renewing."
    assert not_yet.status == Designation.Status.DESIGNATED
    assert [e.kind for e in due.events.all()] == [DesignationEvent.Kind.PUT_UNDER_REVIEW]


def test_the_daily_command_puts_due_designations_under_review(make_school, make_inspection):
    designation = _designated(make_school, make_inspection, date(2020, 1, 1))
    out = StringIO()
    call_command("review_designations", stdout=out)
    assert "1 designations put under review as their term ended" in out.getvalue()
    designation.refresh_from_db()
    assert designation.status == Designation.Status.UNDER_REVIEW


def test_council_asks_for_evidence_then_clears_the_review_for_four_more_years(make_school, make_inspection, person, council_member):
    designation = _designated(make_school, make_inspection)
    designating.review_due_designations(date(2026, 9, 1))
    head = person("head@example.org", designation.school)
    with pytest.raises(NotAllowed):
        designating.request_evidence(designation, head, "Send us your ITT outcomes")
    designating.request_evidence(designation, council_member, "Send us your ITT outcomes for 2025")
    with pytest.raises(NotAllowed):
        designating.give_evidence(designation, person("teacher@example.org", designation.school, "staff"), "x")
    designating.give_evidence(designation, head, "96% QTS, 88% employed within six months")
    with pytest.raises(RuleBroken, match="Give the reasons"):
        designating.clear_review(designation, council_member, " ")
    designating.clear_review(designation, council_member, "Strong outcomes", on=date(2026, 10, 1))
    designation.refresh_from_db()
    assert (designation.status, designation.review_due_on, designation.review_reason) == ("designated", date(2030, 10, 1), "")
    assert [e.kind for e in designation.events.all()] == [
        "put_under_review", "evidence_requested", "evidence_given", "review_cleared"
    ]


def test_a_review_cannot_be_cleared_while_the_school_is_below_good(make_school, make_inspection, council_member):
    designation = _designated(make_school, make_inspection)
    make_inspection(designation.school, date(2025, 5, 1), overall_effectiveness=3)
    assert designating.review_designations_against_registry() == [designation]
    with pytest.raises(RuleBroken, match="It cannot be cleared: No longer at least Good"):
        designating.clear_review(designation, council_member, "Trust them")
    designation.refresh_from_db()
    assert designation.status == Designation.Status.UNDER_REVIEW and not designating.cause_gone(designation)

    make_inspection(designation.school, date(2026, 5, 1), overall_effectiveness=2)  # Good again
    assert designating.cause_gone(designation)


def test_de_designation_needs_reasons_and_can_be_appealed(make_school, make_inspection, person, council_member):
    designation = _designated(make_school, make_inspection)
    with pytest.raises(RuleBroken, match="not under review"):
        designating.de_designate(designation, council_member, "Falling standards")
    designating.review_due_designations(date(2026, 9, 1))
    with pytest.raises(RuleBroken, match="Give the reasons for removing"):
        designating.de_designate(designation, council_member, "")
    designating.de_designate(designation, council_member, "No ITT for two years")
    designation.refresh_from_db()
    assert designation.status == Designation.Status.DE_DESIGNATED
    designating.appeal(designation, person("head@example.org", designation.school), "We restarted ITT in 2026")
    assert designating.has_open_appeal(designation)


def test_appeals_reach_the_council_and_are_decided(client, make_school, person, council_member):
    school = make_school(name="Appealing Academy")
    head = person("h@appealing.example", school)
    application = designating.apply(school, head)
    designating.decline(application, council_member, "No ITT evidence")
    designating.appeal(application, head, "Evidence attached now")
    with pytest.raises(RuleBroken, match="already waiting"):
        designating.appeal(application, head, "Again")

    client.force_login(council_member)
    assert "Appealing Academy" in client.get(reverse("alliances:council")).content.decode()
    response = client.post(application.get_absolute_url(), {"uphold": "1", "reason": "New evidence is strong"}, follow=True)
    assert "The appeal was upheld" in response.content.decode()
    application.refresh_from_db()
    assert application.status == "applied"
    assert [e.kind for e in application.events.all()] == ["applied", "declined", "appealed", "appeal_upheld"]
    with pytest.raises(RuleBroken, match="no appeal waiting"):
        designating.decide_appeal(application, council_member, False, "x")


def test_teaching_schools_are_paged_and_filtered_on_the_page_and_in_the_api(client, make_school, make_inspection):
    from registry.models import Organisation

    leeds = Organisation.objects.create(kind="local_authority", code="383", name="Leeds")
    for n in range(30):
        school = make_school(name=f"Teaching School {n:02d}", region="London" if n % 2 else "Yorkshire and the Humber", phase="Primary")
        Designation.objects.create(school=school, status="designated", designated_on=date(2023, 1, 1), review_due_on=date(2027, 1, 1))
    due = make_school(name="Due Academy", region="Yorkshire and the Humber", local_authority=leeds, phase="Secondary")
    Designation.objects.create(school=due, status="designated", designated_on=date(2022, 9, 1), review_due_on=date(2026, 9, 1))
    make_school(name="Applicant Primary").designations.create(status="applied")

    page = client.get(reverse("alliances:teaching-schools")).content.decode()
    assert "31 teaching schools" in page and "Teaching School 23" in page and "Teaching School 24" not in page
    assert "Applicant Primary" not in page
    page = client.get(reverse("alliances:teaching-schools"), {"region": "Yorkshire and the Humber", "phase": "Secondary"}).content.decode()
    assert "1 teaching school" in page and "Due Academy" in page
    page = client.get(reverse("alliances:teaching-schools"), {"review_due": "overdue", "local_authority": leeds.pk}).content.decode()
    assert "1 teaching school" in page and "Due Academy" in page

    body = client.get("/api/designations/", {"review_due": "overdue"}).json()
    assert [row["school"]["name"] for row in body["results"]] == ["Due Academy"]
    assert client.get("/api/designations/", {"review_due": "someday"}).status_code == 400
    assert client.get("/api/designations/", {"status": "applied"}).json()["count"] == 0  # only the Council and the school see applications


def test_the_councils_queue_pages_the_reviews(client, council_member, make_school):
    for n in range(55):
        Designation.objects.create(
            school=make_school(name=f"Review School {n:02d}"), status="under_review",
            designated_on=date(2021, 9, 1), review_due_on=date(2025, 9, 1), review_reason="Its four-year term ended.",
        )
    client.force_login(council_member)
    first = client.get("/council/").content.decode()
    assert "Under review (55)" in first and "Review School 49" in first and "Review School 50" not in first
    second = client.get("/council/", {"page": 2}).content.decode()
    assert "Review School 54" in second and "Review School 00" not in second
