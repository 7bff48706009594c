"""The site's URLs plus one that fails, for the 500 page's tests."""
from django.urls import path

from config.urls import handler500, urlpatterns as site_urlpatterns  # noqa: F401  (handler500 is read from here)


def fails(request):
    raise RuntimeError("a deliberate failure for the 500 page's test")


urlpatterns = [path("test-only/fails/", fails), *site_urlpatterns]
