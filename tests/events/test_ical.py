"""The event's calendar file, parsed back the way a calendar program reads it."""

import icalendar
import pytest

from samlas.events.models import Event
from tests.factories import at, make_event, make_venue


def calendar_of(client, event) -> tuple[icalendar.Calendar, object]:
    response = client.get(f"/evenemang/{event.slug}/kalender.ics")
    assert response.status_code == 200
    return icalendar.Calendar.from_ical(response.content), response


@pytest.mark.django_db
def test_calendar_file_has_one_event_at_the_right_time_and_place(client, settings):
    settings.SITE_URL = "https://samlas.example.org"
    event = make_event(
        slug="trygghetsdag",
        title="Trygghetsdag",
        start=at(2030, 9, 24, 9),
        end=at(2030, 9, 24, 16),
        venue=make_venue(
            name="Stadshuset", street_address="Stora torget 1", postcode="582 25", city="Linköping"
        ),
    )
    calendar, response = calendar_of(client, event)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="trygghetsdag.ics"'
    assert calendar["VERSION"] == "2.0"
    assert calendar["METHOD"] == "PUBLISH"
    assert "Samlas" in str(calendar["PRODID"])
    assert calendar["X-WR-TIMEZONE"] == "Europe/Stockholm"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Stockholm"]
    (vevent,) = calendar.events
    assert vevent.start == event.start
    assert vevent.end == event.end
    assert vevent["SUMMARY"] == "Trygghetsdag"
    assert "Stora torget 1, 582 25 Linköping" in vevent["LOCATION"]
    assert vevent["URL"] == "https://samlas.example.org/evenemang/trygghetsdag/"
    assert "https://samlas.example.org/evenemang/trygghetsdag/" in vevent["DESCRIPTION"]
    assert vevent["STATUS"] == "CONFIRMED"
    assert vevent["UID"] == "trygghetsdag@samlas.example.org"
    assert "DTSTAMP" in vevent


@pytest.mark.django_db
def test_uid_is_stable_and_cancellation_is_sent(client):
    event = make_event()
    first, _ = calendar_of(client, event)
    Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED)
    second, _ = calendar_of(client, event)
    assert first.events[0]["UID"] == second.events[0]["UID"]
    assert second.events[0]["STATUS"] == "CANCELLED"
