"""Calendar files of the programme, parsed back with `icalendar` as a calendar app would."""

from datetime import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest

from samlas.events.models import Event
from samlas.programme import services
from tests.factories import make_event

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def test_whole_programme_has_one_vevent_per_item_and_block(client, full_programme):
    event = full_programme.event
    response = client.get(f"/evenemang/{event.slug}/program.ics")
    assert 'filename="trygghetskonferens-2027-program.ics"' in response["Content-Disposition"]
    vevents = parse(response).walk("VEVENT")
    assert len(vevents) == 40 + 4
    assert len({str(v["UID"]) for v in vevents}) == 44
    summaries = [str(v["SUMMARY"]) for v in vevents]
    assert summaries[:3] == [
        "Registrering och kaffe",
        "Välkommen och inledning",
        "Trygghet i hela kommunen – läget i länet",
    ]
    assert all(str(v["LOCATION"]) for v in vevents)
    block = next(v for v in vevents if str(v["SUMMARY"]) == "Miniseminarier, pass 1")
    assert str(block["LOCATION"]) == "Rådhuset, Stortorget 1, 271 80 Ystad"
    assert "Grannsamverkan som fungerar (Sal 1)" in str(block["DESCRIPTION"])


def test_one_item_as_a_calendar_file(client, full_programme):
    event = full_programme.event
    item = event.items.get(title="Platssamverkan i Ystads centrum")
    vevents = parse(client.get(f"/evenemang/{event.slug}/program/{item.pk}.ics")).walk("VEVENT")
    assert len(vevents) == 1
    (vevent,) = vevents
    assert str(vevent["SUMMARY"]) == "Platssamverkan i Ystads centrum"
    assert vevent.decoded("DTSTART") == datetime(2027, 9, 21, 13, 0, tzinfo=STOCKHOLM)
    assert vevent.decoded("DTEND") == datetime(2027, 9, 21, 13, 30, tzinfo=STOCKHOLM)
    assert vevent["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert str(vevent["LOCATION"]) == "Sessionssalen, Rådhuset, Stortorget 1, 271 80 Ystad"
    description = str(vevent["DESCRIPTION"])
    assert description.startswith("Del av Trygghetskonferens Skåne 2027.")
    assert "Talare: Mikael Andersson, verksamhetsledare, Brottsofferjouren" in description
    assert str(vevent["URL"]).endswith(f"/evenemang/{event.slug}/#punkt-{item.pk}")
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert str(vevent["UID"]).startswith(f"programme-item-{item.pk}@")


def test_item_of_a_cancelled_event_is_cancelled(client):
    event = make_event(status=Event.Status.CANCELLED)
    item = services.add_item(event, start=event.start, end=event.end, title="Föredrag")
    (vevent,) = parse(client.get(f"/evenemang/{event.slug}/program/{item.pk}.ics")).walk("VEVENT")
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert str(vevent["LOCATION"]).startswith(event.venue.name)


def test_calendars_that_do_not_exist_are_not_found(client, full_programme):
    draft = make_event(status=Event.Status.DRAFT)
    draft_item = services.add_item(draft, start=draft.start, end=draft.end, title="Hemlig")
    empty = make_event()
    slug = full_programme.event.slug
    for url in [
        f"/evenemang/{draft.slug}/program.ics",
        f"/evenemang/{draft.slug}/program/{draft_item.pk}.ics",
        f"/evenemang/{slug}/program/{draft_item.pk}.ics",  # another event's item
        f"/evenemang/{slug}/program/99999999999999999999999.ics",  # beyond any id
        f"/evenemang/{empty.slug}/program.ics",  # a calendar needs at least one entry
        "/evenemang/finns-inte/program.ics",
    ]:
        assert client.get(url).status_code == 404, url
