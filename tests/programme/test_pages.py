"""The programme on the event page and on its own printable page, as HTML."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samlas.events.models import Event
from samlas.programme import services
from samlas.programme.models import Role
from tests.factories import at, make_event, make_room

pytestmark = pytest.mark.django_db


def text(html: str) -> str:
    """The page's text with tags removed and whitespace collapsed, as a reader gets it."""
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def page_html(client, full_programme) -> str:
    response = client.get(full_programme.event.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_event_page_shows_times_kinds_titles_and_people(page_html):
    assert '<h2 class="govuk-heading-l" id="program-heading">Program</h2>' in page_html
    assert re.search(
        r'<time datetime="2027-09-21T09:15:00\+02:00">kl\. 09\.15–09\.45</time>', page_html
    )
    words = text(page_html)
    assert "Huvudanförande Trygghet i hela kommunen – läget i länet" in words
    assert "Erik Andersson</span>, trygghetssamordnare, Ystads kommun" in page_html
    assert "Lokal: Saltsjösalen" in words


def test_event_page_shows_one_section_per_day_with_the_date(page_html):
    headings = re.findall(r'<h3 [^>]*id="dag-[^"]+-heading"><time[^>]*>([^<]+)</time>', page_html)
    assert headings == ["Tisdag 21 september 2027", "Onsdag 22 september 2027"]


def test_event_page_shows_the_change_of_venue_within_a_day(page_html):
    words = text(page_html)
    assert (
        "Byte av plats: från kl. 13.00 fortsätter programmet på Rådhuset, Stortorget 1, "
        "271 80 Ystad." in words
    )
    assert "från kl. 19.00 fortsätter programmet på Ystad Saltsjöbad" in words
    assert "Plats Ystad Saltsjöbad, Saltsjöbadsvägen 6, 271 39 Ystad" in words


def test_event_page_shows_moderators_per_day(page_html):
    first, second = page_html.split('id="dag-2027-09-22"')
    assert "<dt>Moderator</dt>" in first
    assert "<dt>Moderatorer</dt>" in second


def test_breaks_and_lunch_are_calm_rows_without_calendar_links(page_html):
    lunch = re.search(r'<li class="samlas-timetable__entry samlas-pause"[^>]*>.*?</li>', page_html,
                      re.S)  # fmt: skip
    assert lunch and "Lägg till i kalender" not in lunch.group(0)
    assert page_html.count("samlas-pause") >= 12


def test_blocks_show_their_seminars_side_by_side_with_rooms_and_places(page_html):
    assert page_html.count('<ul class="samlas-seminars">') == 4
    assert page_html.count("<h5 ") == 24
    words = text(page_html)
    assert "Lokal: Sal 1 40 platser" in words
    assert "Välj ett seminarium när du anmäler dig." in words
    assert "När du anmäler dig rangordnar du seminarierna." in words


def test_each_item_links_to_its_calendar_file(page_html, full_programme):
    item = full_programme.event.items.get(title="Välkommen och inledning")
    link = f'href="/evenemang/{full_programme.event.slug}/program/{item.pk}.ics"'
    assert link in page_html
    assert f'href="/evenemang/{full_programme.event.slug}/program.ics"' in page_html
    assert 'Lägg till i kalender<span class="govuk-visually-hidden">: Välkommen' in page_html


def test_printable_programme_page(client, full_programme):
    response = client.get(f"/evenemang/{full_programme.event.slug}/program/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "Trygghetskonferens Skåne 2027" in html
    assert "Tillbaka till evenemanget" in html
    assert html.count("samlas-timetable__entry") == 44


def test_programme_page_of_a_draft_or_empty_event_is_not_found(client):
    draft = make_event(status=Event.Status.DRAFT)
    services.add_item(draft, start=draft.start, end=draft.end, title="Hemlig")
    empty = make_event()
    assert client.get(f"/evenemang/{draft.slug}/program/").status_code == 404
    assert client.get(f"/evenemang/{empty.slug}/program/").status_code == 404
    assert b"Programpunkt" not in client.get(empty.get_absolute_url()).content


def test_event_page_in_english(client, full_programme):
    client.cookies["django_language"] = "en"
    html = client.get(full_programme.event.get_absolute_url()).content.decode()
    assert "Add the whole programme to your calendar" in html
    assert "Change of venue:" in html


def test_event_page_queries_do_not_grow_with_the_programme(client, full_programme):
    """A tiny programme and the full one (two days, 40 items, 4 blocks of 6 seminars, 60 people)."""
    tiny = make_event(start=at(2027, 10, 5, 9), end=at(2027, 10, 5, 16))
    block = services.add_block(tiny, start=at(2027, 10, 5, 14), end=at(2027, 10, 5, 15), title="P")
    services.add_seminar(block, title="S", capacity=5, room=make_room(tiny.venue),
                         people=[services.add_person("Ada", organisation="Bra")])  # fmt: skip
    services.add_item(tiny, start=at(2027, 10, 5, 9), end=at(2027, 10, 5, 10), title="T",
                      people=[services.add_person("Ben")])  # fmt: skip
    services.add_participation(services.add_person("Cai"), role=Role.MODERATOR, event=tiny)
    counts = []
    for event in (tiny, full_programme.event):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(event.get_absolute_url())
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    # 7 of them are the programme's (test_queries.py bounds those exactly); the rest belong to
    # the other parts of the page, which have their own tests.
    assert counts[1] <= 30
