"""Calendar subscriptions, Atom feeds and the embeddable list (events/feeds.py)."""

from datetime import timedelta
from xml.etree import ElementTree

import icalendar
import pytest
from django.utils import timezone

from samlas.events.models import Event
from tests.factories import make_event, make_organisation, make_press_invitation, make_theme

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def _summaries(response) -> list[str]:
    calendar = icalendar.Calendar.from_ical(response.content)
    return [str(component["SUMMARY"]) for component in calendar.walk("VEVENT")]


def test_an_organisations_calendar_holds_its_public_events_only(client):
    police = make_organisation(name="Polisen")
    hosted = make_event(host=police, title="Polisens dag")
    cohosted = make_event(cohosts=[police], title="Gemensam hearing")
    make_event(host=police, title="Utkast", status=Event.Status.DRAFT)
    make_event(title="Någon annans")
    make_event(host=police, title="Länge sedan", start=timezone.now() - timedelta(days=400))
    response = client.get(f"/kalender/arrangor/{police.pk}.ics")
    assert response["Content-Type"].startswith("text/calendar")
    assert sorted(_summaries(response)) == sorted([hosted.title, cohosted.title])
    assert client.get("/kalender/arrangor/999999.ics").status_code == 404


def test_theme_and_county_calendars(client):
    theme = make_theme("Våld i nära relationer")
    themed = make_event(themes=[theme], county="M", title="Skånedagen")
    make_event(county="AB", title="Stockholmsdagen")
    assert _summaries(client.get(f"/kalender/tema/{theme.slug}.ics")) == [themed.title]
    assert _summaries(client.get("/kalender/lan/m.ics")) == [themed.title]
    assert client.get("/kalender/lan/QQ.ics").status_code == 404
    assert client.get("/kalender/tema/finns-inte.ics").status_code == 404


def test_the_atom_feed_lists_new_public_events_with_absolute_links(client, settings):
    settings.SITE_URL = "https://samlas.example.se"
    newest = make_event(title="Nyaste konferensen")
    make_event(title="Utkastet", status=Event.Status.DRAFT)
    response = client.get("/flode/evenemang.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [newest.title]
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link == f"https://samlas.example.se/evenemang/{newest.slug}/"


def test_the_press_feed_keeps_embargoed_invitations_out(client):
    published = make_press_invitation(make_event(title="Öppen"))
    make_press_invitation(
        make_event(title="Hemlig"), published_at=timezone.now() + timedelta(days=2)
    )
    feed = ElementTree.fromstring(client.get("/flode/pressinbjudningar.atom").content)
    titles = [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")]
    assert len(titles) == 1
    assert published.event.title in titles[0]


def test_the_embed_is_a_plain_fragment_without_script(client, settings):
    settings.SITE_URL = "https://samlas.example.se"
    kommun = make_organisation(name="Umeå kommun")
    for n in range(3):
        make_event(host=kommun, title=f"Trygghetsvandring {n}")
    response = client.get(f"/inbaddning/arrangor/{kommun.pk}/?antal=2")
    html = response.content.decode()
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "<html" not in html and "<script" not in html and "style=" not in html
    assert html.count('<li class="samlas-embed__event">') == 2
    assert 'href="https://samlas.example.se/evenemang/' in html
    assert "<time datetime=" in html
    assert client.get(f"/inbaddning/arrangor/{kommun.pk}/?antal=x").status_code == 200
