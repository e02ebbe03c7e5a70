"""schema.org Event data on the event page, read back the way a search engine reads it."""

import json
import re

import pytest

from samlas.events.jsonld import jsonld_script
from samlas.events.models import Event
from tests.factories import at, make_event, make_organisation, make_venue

SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def jsonld_of(client, event) -> dict:
    html = client.get(f"/evenemang/{event.slug}/").content.decode()
    scripts = SCRIPT.findall(html)
    assert len(scripts) == 1
    return json.loads(scripts[0])


@pytest.mark.django_db
def test_event_page_carries_a_schema_org_event(client, settings):
    settings.SITE_URL = "https://samlas.example.org"
    event = make_event(
        slug="brottsforebyggande-dag",
        title="Brottsförebyggande dag",
        start=at(2030, 9, 24, 9),
        end=at(2030, 9, 24, 16),
        host=make_organisation(name="Länsstyrelsen Skåne", website="https://example.org/"),
        cohosts=[make_organisation(name="Polisregion Syd")],
        venue=make_venue(
            name="Ystads teater",
            street_address="Sjömansgatan 13",
            postcode="271 43",
            city="Ystad",
            county="M",
        ),
    )
    data = jsonld_of(client, event)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == "Brottsförebyggande dag"
    assert data["startDate"] == "2030-09-24T09:00:00+02:00"
    assert data["endDate"] == "2030-09-24T16:00:00+02:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["inLanguage"] == "sv"
    assert data["url"] == "https://samlas.example.org/evenemang/brottsforebyggande-dag/"
    assert data["location"]["@type"] == "Place"
    assert data["location"]["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Sjömansgatan 13",
        "postalCode": "271 43",
        "addressLocality": "Ystad",
        "addressRegion": "Skåne län",
        "addressCountry": "SE",
    }
    assert data["organizer"] == [
        {"@type": "Organization", "name": "Länsstyrelsen Skåne", "url": "https://example.org/"},
        {"@type": "Organization", "name": "Polisregion Syd"},
    ]


@pytest.mark.django_db
def test_cancelled_and_mixed_attendance(client):
    event = make_event(status=Event.Status.CANCELLED, online_information="Sänds på webben.")
    data = jsonld_of(client, event)
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [place["@type"] for place in data["location"]] == ["Place", "VirtualLocation"]


@pytest.mark.django_db
def test_online_only(client):
    data = jsonld_of(client, make_event(venue=None, online_information="Via webben."))
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"]["@type"] == "VirtualLocation"


@pytest.mark.django_db
def test_text_from_organisers_cannot_end_the_script(client):
    title = "</script><script>alert(1)</script> & <!-- x"
    event = make_event(title=title)
    html = client.get(f"/evenemang/{event.slug}/").content.decode()
    assert "<script>alert(1)" not in html
    assert jsonld_of(client, event)["name"] == title


def test_script_escapes_markup_characters():
    html = jsonld_script({"name": "<b>&</b>"})
    assert html == (
        '<script type="application/ld+json">{"name": "\\u003cb\\u003e\\u0026\\u003c/b\\u003e"}'
        "</script>"
    )
