"""The site's own 404 and 500 pages, which visitors see while DEBUG is off (the default, and
always under pytest-django)."""
import pytest
from django.test import override_settings


@pytest.mark.django_db
def test_a_missing_page_gets_the_sites_own_404(client, settings):
    assert settings.DEBUG is False
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    text = response.content.decode()
    assert "<h1" in text and "Page not found" in text
    assert "Teaching school alliances" in text  # the site's layout
    assert "URLconf" not in text and "[name=" not in text  # not Django's debug page with its URL list


@override_settings(ROOT_URLCONF="tests.config.urls_that_fail")
def test_a_server_error_gets_the_sites_own_500_without_touching_the_database(client):
    # No django_db mark: any query while rendering the page would fail, and the plain fallback
    # page (without the layout checked below) would be sent instead.
    client.raise_request_exception = False

    response = client.get("/test-only/fails/")

    assert response.status_code == 500
    text = response.content.decode()
    assert "Sorry, there is a problem with the service" in text
    assert 'class="govuk-template"' in text  # with the site's layout
    assert "deliberate failure" not in text and "Traceback" not in text


@override_settings(ROOT_URLCONF="tests.config.urls_that_fail")
def test_the_500_page_still_says_sorry_when_its_layout_cannot_render(client, monkeypatch):
    from django.template import loader

    def broken(name, *args, **kwargs):
        raise RuntimeError("the layout is broken too")

    monkeypatch.setattr(loader, "get_template", broken)
    client.raise_request_exception = False

    response = client.get("/test-only/fails/")

    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
