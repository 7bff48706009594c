from django.urls import path

from registry import views

app_name = "registry"
urlpatterns = [
    path("schools/", views.school_list, name="schools"),
    path("schools/<int:urn>/", views.school_detail, name="school"),
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation"),
]
