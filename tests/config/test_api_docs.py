"""The API documentation page (drf-spectacular's Swagger UI) says its language
(templates/drf_spectacular/swagger_ui.html)."""
import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_the_api_documentation_page_says_its_language(client):
    response = client.get(reverse("api-docs"))

    assert response.status_code == 200
    text = response.content.decode()
    assert '<html lang="en-GB">' in text
    assert '<div id="swagger-ui"></div>' in text
    assert "swagger-ui-bundle.js" in text  # still drf-spectacular's page, from the sidecar
