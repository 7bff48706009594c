"""Test-only URLs: the site's, with a stand-in for the deployment page (`brokerage:deployment`,
built on another branch) while this branch does not route it, so that the progress pages'
redirects to it resolve. Once brokerage/urls.py routes the page, this adds nothing."""
from django.http import HttpResponse
from django.urls import include, path

from brokerage import urls as brokerage_urls
from config import urls as site

handler500, handler404, handler400 = site.handler500, site.handler404, site.handler400

if any(getattr(route, "name", None) == "deployment" for route in brokerage_urls.urlpatterns):
    urlpatterns = site.urlpatterns
else:
    stand_in = path("deployments/<int:pk>/", lambda request, pk: HttpResponse(f"Deployment {pk}"), name="deployment")
    urlpatterns = [
        path("", include(([*brokerage_urls.urlpatterns, stand_in], "brokerage"))),
        *[route for route in site.urlpatterns if getattr(route, "namespace", None) != "brokerage"],
    ]
