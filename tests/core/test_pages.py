"""The site-wide pages: accessibility statement, privacy, and the error pages."""

import re

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error


def h1_count(html: str) -> int:
    return len(re.findall(r"<h1[\s>]", html))


@pytest.mark.django_db
def test_accessibility_statement_follows_diggs_structure(client, settings):
    settings.SAMLAS_ACCESSIBILITY_CONTACT = "tillganglighet@lansstyrelsen.example"
    response = client.get("/tillganglighet/")
    html = response.content.decode()
    assert response.status_code == 200
    assert h1_count(html) == 1
    for heading in (
        "Hur tillgänglig är webbplatsen?",
        "Vad kan du göra om du inte kan använda delar av webbplatsen?",
        "Rapportera brister i webbplatsens tillgänglighet",
        '<h2 class="govuk-heading-l">Tillsyn</h2>',
        "Teknisk information om webbplatsens tillgänglighet",
        "Innehåll som inte är tillgängligt",
        "Hur vi testat webbplatsen",
    ):
        assert heading in html, heading
    assert 'href="mailto:tillganglighet@lansstyrelsen.example"' in html
    assert "Myndigheten för digital förvaltning" in html
    assert "axe-core" in html
    assert "21 november 2026" in html


@pytest.mark.django_db
def test_accessibility_contact_has_a_default(client):
    assert "tillganglighet@example.org" in client.get("/tillganglighet/").content.decode()


@pytest.mark.django_db
def test_privacy_page_explains_health_data_retention_and_cookies(client):
    html = client.get("/personuppgifter/").content.decode()
    assert h1_count(html) == 1
    assert "Så behandlar vi dina personuppgifter" in html
    assert "Matpreferenser, allergier och behov av anpassning" in html
    assert "Hur länge vi sparar dina uppgifter" in html
    assert "Integritetsskyddsmyndigheten" in html
    assert "inga kakor för spårning" in html


@pytest.mark.django_db
def test_footer_links_to_both_pages_everywhere(client):
    html = client.get("/").content.decode()
    assert 'href="/tillganglighet/"' in html
    assert 'href="/personuppgifter/"' in html


@pytest.mark.django_db
def test_unknown_page_gets_a_friendly_swedish_404(client):
    response = client.get("/finns-inte/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Sidan hittades inte" in html
    assert h1_count(html) == 1
    assert 'href="/evenemang/"' in html


def test_500_page_renders_without_a_request_context():
    response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Tjänsten fungerar inte just nu" in html
    assert h1_count(html) == 1
