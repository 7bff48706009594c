from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from django.views.decorators.http import require_safe
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from alliances import api as alliances_api
from brokerage import api as brokerage_api
from config import views as config_views
from delivery import api as delivery_api
from delivery import api_returns
from delivery import api_review
from registry import api as registry_api
from registry import views as registry_views
from registry.page_cache import for_visitors

# Administrators sign in through the site's own sign-in page, so two-factor applies to them too.
admin.site.login = login_required(admin.site.login)

router = DefaultRouter()
router.register("schools", registry_api.SchoolViewSet, basename="school")
router.register("organisations", registry_api.OrganisationViewSet, basename="organisation")
router.register("alliances", alliances_api.AllianceViewSet, basename="alliance")
router.register("designations", alliances_api.DesignationViewSet, basename="designation")
router.register("networks", alliances_api.NetworkViewSet, basename="network")
router.register("programmes", delivery_api.ProgrammeViewSet, basename="programme")
router.register("bookings", delivery_api.BookingViewSet, basename="booking")
router.register("support-assignments", delivery_api.SupportAssignmentViewSet, basename="support-assignment")
router.register("trainee-cohorts", delivery_api.TraineeCohortViewSet, basename="trainee-cohort")
router.register("trainees", delivery_api.TraineeViewSet, basename="trainee")
router.register("placements", delivery_api.PlacementViewSet, basename="placement")
router.register("contributions", delivery_api.ContributionViewSet, basename="contribution")
router.register("returns", api_returns.AnnualReturnViewSet, basename="annual-return")
router.register("specialist-leaders", brokerage_api.SpecialistLeaderViewSet, basename="specialist-leader")
router.register("school-needs", brokerage_api.SchoolNeedViewSet, basename="school-need")
router.register("school-offers", brokerage_api.SchoolOfferViewSet, basename="school-offer")
router.register("deployments", brokerage_api.DeploymentViewSet, basename="deployment")
router.register("matching-runs", brokerage_api.MatchingRunViewSet, basename="matching-run")

urlpatterns = [
    path("", require_safe(for_visitors(registry_views.home)), name="home"),
    path("data-sources/", require_safe(for_visitors(registry_views.data_sources)), name="data-sources"),
    path("", include("registry.urls")),
    path("", include("accounts.allauth_urls")),
    path("", include("accounts.urls")),
    path("", include("alliances.urls")),
    path("", include("delivery.urls")),
    path("", include("brokerage.urls")),
    path("", include("notices.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", config_views.api_docs, name="api-docs"),
    # The contribution review (delivery/api_review.py), before the router's alliance routes.
    path("api/alliances/<slug:slug>/review/", api_review.AllianceReviewView.as_view(), name="alliance-review"),
    path("api/reviews/", api_review.ReviewListView.as_view(), name="review-list"),
    path("api/", include(router.urls)),
    path("admin/", admin.site.urls),
]

# The site's own 500 page, rendered without touching the database (config/views.py).
handler500 = "config.views.server_error"
handler404 = "config.views.page_not_found"
handler400 = "config.views.bad_request"
handler429 = "config.views.too_many_requests"  # allauth's rate limits
