from django.urls import path
from django.views.decorators.http import require_safe

from delivery.views import browse, contributions, itt, people, review, running, support

app_name = "delivery"
urlpatterns = [
    path("programmes/", require_safe(browse.programme_list), name="programmes"),
    path("programmes/<int:pk>/", require_safe(browse.programme_detail), name="programme"),
    path("programmes/<int:pk>/book/", browse.book, name="book"),
    path("programmes/<int:pk>/edit/", running.edit_programme, name="edit-programme"),
    path("programmes/<int:pk>/sessions/", running.add_session, name="add-session"),
    path("programmes/<int:pk>/publish/", running.publish, name="publish"),
    path("programmes/<int:pk>/bookings/", running.programme_bookings, name="programme-bookings"),
    path("programmes/<int:pk>/evaluations/", running.evaluation_summary, name="evaluation-summary"),
    path("alliances/<slug:slug>/programmes/", running.alliance_programmes, name="alliance-programmes"),
    path("alliances/<slug:slug>/programmes/new/", running.new_programme, name="new-programme"),
    path("sessions/<int:pk>/remove/", running.remove_session, name="remove-session"),
    path("sessions/<int:pk>/attendance/", running.take_attendance, name="attendance"),
    path("schools/<int:urn>/bookings/", people.school_bookings, name="school-bookings"),
    path("bookings/<int:pk>/approve/", people.approve, name="approve-booking"),
    path("bookings/<int:pk>/refuse/", people.refuse, name="refuse-booking"),
    path("bookings/<int:pk>/cancel/", people.cancel, name="cancel-booking"),
    path("bookings/<int:pk>/evaluate/", people.evaluate, name="evaluate"),
    path("account/bookings/", people.your_bookings, name="your-bookings"),
    # Initial teacher training
    path("alliances/<slug:slug>/itt/", itt.summary, name="itt"),
    path("alliances/<slug:slug>/itt/cohorts/new/", itt.new_cohort, name="new-cohort"),
    path("itt/cohorts/<int:pk>/", itt.cohort, name="cohort"),
    path("itt/cohorts/<int:pk>/trainees/", itt.add_trainee, name="add-trainee"),
    path("itt/cohorts/<int:pk>/trainees/bulk/", itt.bulk_add_trainees, name="bulk-add-trainees"),
    path("itt/cohorts/<int:pk>/entries/", itt.cohort_entries, name="cohort-entries"),
    path("itt/trainees/<int:pk>/", itt.trainee, name="trainee"),
    path("itt/trainees/<int:pk>/outcome/", itt.record_outcome, name="record-outcome"),
    path("itt/trainees/<int:pk>/placements/", itt.add_placement, name="add-placement"),
    path("itt/placements/<int:pk>/end/", itt.end_placement, name="end-placement"),
    path("itt/national-rates/", itt.national_rates, name="national-rates"),
    path("schools/<int:urn>/trainees/", itt.school_placements, name="school-placements"),
    # School-to-school support and the contribution ledger.
    path("alliances/<slug:slug>/support/", support.alliance_support, name="alliance-support"),
    path("alliances/<slug:slug>/support/new/", support.new_support, name="new-support"),
    path("support-assignments/<int:pk>/", support.support_assignment, name="support-assignment"),
    path("support-assignments/<int:pk>/edit/", support.edit_support, name="edit-support"),
    path("support-assignments/<int:pk>/complete/", support.complete_support, name="complete-support"),
    path("support-assignments/<int:pk>/rate/", support.rate_support, name="rate-support"),
    path("support-assignments/<int:pk>/entries/", support.record_entries, name="support-entries"),
    path("alliances/<slug:slug>/contributions/", contributions.alliance_ledger, name="alliance-ledger"),
    path("alliances/<slug:slug>/contributions/accept/", contributions.accept_suggestions, name="accept-suggestions"),
    path("schools/<int:urn>/contributions/", contributions.school_contributions, name="school-contributions"),
    path("organisations/<int:pk>/contributions/", contributions.organisation_contributions, name="organisation-contributions"),
    path("contributions/<int:pk>/confirm/", contributions.confirm, name="confirm-contribution"),
    path("contributions/<int:pk>/dispute/", contributions.dispute, name="dispute-contribution"),
    path("contributions/<int:pk>/void/", contributions.void, name="void-contribution"),
    path("contributions/<int:pk>/correct/", contributions.correct, name="correct-contribution"),
    # The contribution and effective-delivery review, and success criteria.
    path("alliances/<slug:slug>/review/", review.alliance_review, name="alliance-review"),
    path("alliances/<slug:slug>/success-criteria/", review.success_criteria, name="success-criteria"),
    path("council/reviews/", review.council_reviews, name="council-reviews"),
]

# Annual returns, the national roll-up and evidence packs (delivery/returns.py, documents.py).
from delivery.views import documents as document_views, returns as return_views  # noqa: E402

urlpatterns += [
    path("alliances/<slug:slug>/returns/", return_views.alliance_returns, name="alliance-returns"),
    path("alliances/<slug:slug>/returns/prepare/", return_views.prepare_return, name="prepare-return"),
    path("returns/<int:pk>/", return_views.annual_return, name="annual-return"),
    path("returns/<int:pk>/sign/", return_views.sign_return, name="sign-return"),
    path("returns/<int:pk>/notes/", return_views.return_notes, name="return-notes"),
    path("returns/<int:pk>/return.csv", return_views.return_csv, name="annual-return-csv"),
    path("returns/<int:pk>/return.xlsx", return_views.return_xlsx, name="annual-return-xlsx"),
    path("returns/national/", document_views.national_rollup, name="national-rollup"),
    path("alliances/<slug:slug>/evidence-packs/", document_views.evidence_packs, name="evidence-packs"),
    path("documents/<int:pk>/", document_views.prepared_document, name="prepared-document"),
    path("documents/<int:pk>/files/<int:file_pk>/", document_views.document_file, name="document-file"),
]
