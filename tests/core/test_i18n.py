"""Swedish first: an English browser still gets Swedish until the visitor switches."""

import pytest
from django.conf import settings


@pytest.mark.django_db
def test_swedish_is_the_default_even_for_an_english_browser(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="sv"' in html
    assert "Kommande evenemang" in html
    assert response["Content-Language"] == "sv"
    assert '<button type="submit" name="language" value="en"' in html


@pytest.mark.django_db
def test_the_language_switch_changes_to_english_and_back(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/evenemang/"})
    assert response.status_code == 302
    assert response["Location"] == "/evenemang/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    html = client.get("/evenemang/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert '<html lang="en"' in html
    assert "Upcoming events" in html
    assert "Kommande evenemang" not in html

    client.post("/i18n/setlang/", {"language": "sv", "next": "/"})
    assert '<html lang="sv"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_an_unknown_language_cookie_falls_back_to_swedish(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert '<html lang="sv"' in client.get("/").content.decode()
