"""iCalendar (.ics) files that Outlook, Google Calendar and Apple Calendar import cleanly.

Build one `CalendarEntry` per thing to put in someone's calendar, then one calendar:

    entries = [event_entry(event, settings.SITE_URL)]          # a whole event
    entries = [CalendarEntry(uid=f"item-{item.pk}@{host}", …)]  # or one per programme item
    return calendar_response(build_calendar(entries, name=event.title), f"{event.slug}.ics")

Times are written in Europe/Stockholm with a VTIMEZONE component (Outlook ignores times
without one), UIDs are stable so that importing a file again updates the entry instead of
duplicating it, and a cancelled event is sent with STATUS:CANCELLED.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from samlas.events.models import Event

PRODID = "-//Samlas//Samlas//SV"


@dataclass(frozen=True)
class CalendarEntry:
    """One VEVENT. `start` and `end` must be timezone-aware."""

    uid: str
    summary: str
    start: datetime
    end: datetime
    description: str = ""
    location: str = ""
    url: str = ""
    cancelled: bool = False


def site_host(base_url: str) -> str:
    """The host part of the site's address, for UIDs such as "slug@samlas.example.org"."""
    return urlsplit(base_url).hostname or "samlas.invalid"


def entry_to_vevent(entry: CalendarEntry, stamp: datetime) -> icalendar.Event:
    local = ZoneInfo(settings.TIME_ZONE)
    vevent = icalendar.Event.new(
        uid=entry.uid,
        stamp=stamp,
        start=entry.start.astimezone(local),
        end=entry.end.astimezone(local),
        summary=entry.summary,
        status="CANCELLED" if entry.cancelled else "CONFIRMED",
    )
    if entry.description:
        vevent.add("DESCRIPTION", entry.description)
    if entry.location:
        vevent.add("LOCATION", entry.location)
    if entry.url:
        vevent.add("URL", entry.url)
    return vevent


def build_calendar(
    entries: Iterable[CalendarEntry], name: str = "", stamp: datetime | None = None
) -> icalendar.Calendar:
    """A VCALENDAR (METHOD:PUBLISH) holding one VEVENT per entry and their time zone."""
    stamp = stamp or datetime.now(UTC).replace(microsecond=0)
    calendar = icalendar.Calendar.new(prodid=PRODID, method="PUBLISH", name=name or None)
    calendar.add("X-WR-TIMEZONE", settings.TIME_ZONE)
    for entry in entries:
        calendar.add_component(entry_to_vevent(entry, stamp))
    calendar.add_missing_timezones()
    return calendar


def calendar_response(calendar: icalendar.Calendar, filename: str) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def event_location(event: Event) -> str:
    if event.venue:
        return f"{event.venue.name}, {event.venue.address}"
    if event.online_information.strip():
        return _("Online")
    return ""


def event_entry(event: Event, base_url: str) -> CalendarEntry:
    """A whole event as one calendar entry; its UID is "<slug>@<site host>"."""
    url = f"{base_url}{event.get_absolute_url()}"
    return CalendarEntry(
        uid=f"{event.slug}@{site_host(base_url)}",
        summary=event.title,
        start=timezone.localtime(event.start),
        end=timezone.localtime(event.end),
        description=f"{event.summary}\n\n{url}",
        location=event_location(event),
        url=url,
        cancelled=event.is_cancelled,
    )
