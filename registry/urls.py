from django.urls import path
from django.views.decorators.http import require_safe

from registry import views
from registry.page_cache import for_visitors

app_name = "registry"
urlpatterns = [
    path("schools/", require_safe(for_visitors(views.school_list)), name="schools"),
    path("schools/<int:urn>/", require_safe(for_visitors(views.school_detail)), name="school"),
    path("organisations/", require_safe(for_visitors(views.organisation_list)), name="organisations"),
    path("organisations/<int:pk>/", require_safe(for_visitors(views.organisation_detail)), name="organisation"),
]
