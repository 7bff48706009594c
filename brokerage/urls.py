from django.urls import path

from brokerage.views import areas, deployment_progress, deployments, profiles, sles
from brokerage.views import runs as run_views

app_name = "brokerage"
urlpatterns = [
    # Specialist leaders of education.
    path("specialist-leaders/", sles.directory, name="directory"),
    path("specialist-leaders/apply/", sles.apply, name="apply"),
    path("specialist-leaders/yours/", sles.yours, name="yours"),
    path("specialist-leaders/<int:pk>/", sles.sle, name="sle"),
    path("specialist-leaders/<int:pk>/consent/", sles.consent, name="consent"),
    path("specialist-leaders/<int:pk>/assess/", sles.assess, name="assess"),
    path("specialist-leaders/<int:pk>/capacity/", sles.capacity, name="capacity"),
    path("specialist-leaders/<int:pk>/end/", sles.end, name="end"),
    path("specialist-leaders/<int:pk>/withdraw/", sles.withdraw, name="withdraw"),
    path("schools/<int:urn>/specialist-leaders/", sles.school_sles, name="school-sles"),
    path("schools/<int:urn>/specialist-leaders/assessment/", sles.assessments, name="assessments"),
    # Schools' needs and offers.
    path("schools/<int:urn>/needs-and-offers/", profiles.profile, name="profile"),
    path("schools/<int:urn>/needs/new/", profiles.new_need, name="new-need"),
    path("needs/<int:pk>/edit/", profiles.edit_need, name="edit-need"),
    path("schools/<int:urn>/offers/new/", profiles.new_offer, name="new-offer"),
    path("offers/<int:pk>/edit/", profiles.edit_offer, name="edit-offer"),
    # The Council's list of areas of expertise.
    path("expertise-areas/", areas.areas, name="areas"),
    path("expertise-areas/<int:pk>/edit/", areas.edit_area, name="edit-area"),
    # Deployments: asking for support, the home school's release, the agreement, cancelling.
    path("needs/<int:pk>/support/", deployments.request_support, name="request-support"),
    path("deployments/", deployments.deployment_list, name="deployments"),
    path("deployments/<int:pk>/", deployments.deployment, name="deployment"),
    path("deployments/<int:pk>/release/", deployments.release, name="release"),
    path("deployments/<int:pk>/agree/", deployments.agree, name="agree"),
    path("deployments/<int:pk>/cancel/", deployments.cancel, name="cancel"),
    # An agreed deployment's progress reviews, final report and confirmation of impact.
    path("deployments/<int:pk>/review/", deployment_progress.review, name="review-deployment"),
    path("deployments/<int:pk>/final-report/", deployment_progress.final_report, name="report-deployment"),
    path("deployments/<int:pk>/impact/", deployment_progress.confirm_impact, name="confirm-impact"),
    # Matching runs (brokerage/runs.py, tasks.py): start one, follow it, read its proposals.
    path("matching/", run_views.run_list, name="runs"),
    path("matching/new/", run_views.new_run, name="new-run"),
    path("matching/<int:pk>/", run_views.run, name="run"),
    path("matching/proposals/<int:pk>/request/", deployments.request_proposed, name="request-proposal"),
]
