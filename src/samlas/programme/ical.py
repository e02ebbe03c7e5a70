"""The programme as calendar entries: one VEVENT per item or block, each with its place.

Built on `samlas.events.ical`, which writes the time zone, stable UIDs and the cancelled
status the same way for whole events and for programme items.
"""

import icalendar
from django.utils.translation import gettext as _

from samlas.events.ical import CalendarEntry, build_calendar, site_host
from samlas.events.models import Event
from samlas.programme.queries import Entry, ProgrammeDay


def location(entry: Entry) -> str:
    """ "Stora salen, Stadshotellet, Hamngatan 1, 271 43 Ystad" — as far as it is known."""
    parts = [entry.room.name] if entry.room else []
    if entry.venue:
        parts += [entry.venue.name, entry.venue.address]
    return ", ".join(parts)


def _people_lines(entry: Entry) -> list[str]:
    return [
        f"{participation.get_role_display().capitalize()}: {participation.display}"
        for participation in entry.people
    ]


def _seminar_lines(entry: Entry) -> list[str]:
    lines = []
    for seminar in entry.seminars:
        where = f" ({seminar.room.name})" if seminar.room else ""
        lines.append(f"– {seminar.seminar.title}{where}")
        lines += [f"  {participation.display}" for participation in seminar.people]
    return lines


def calendar_entry(event: Event, entry: Entry, base_url: str) -> CalendarEntry:
    url = f"{base_url}{event.get_absolute_url()}#{entry.anchor}"
    lines = [_("Part of %(event)s.") % {"event": event.title}]
    lines += _people_lines(entry)
    description = entry.item.description if entry.item else ""
    if description:
        lines += ["", description]
    if entry.seminars:
        lines += ["", _("Parallel seminars; you choose one when you register:")]
        lines += _seminar_lines(entry)
    lines += ["", url]
    kind = "item" if entry.item else "block"
    record = entry.item or entry.block
    return CalendarEntry(
        uid=f"programme-{kind}-{record.pk}@{site_host(base_url)}",
        summary=entry.title,
        start=entry.start,
        end=entry.end,
        description="\n".join(lines),
        location=location(entry),
        url=url,
        cancelled=event.is_cancelled,
    )


def programme_calendar(event: Event, days: list[ProgrammeDay], base_url: str) -> icalendar.Calendar:
    """The whole programme, breaks included, so a calendar shows the day as it will run."""
    entries = [calendar_entry(event, entry, base_url) for day in days for entry in day.entries]
    return build_calendar(entries, name=_("Programme: %(event)s") % {"event": event.title})


def item_calendar(event: Event, entry: Entry, base_url: str) -> icalendar.Calendar:
    return build_calendar([calendar_entry(event, entry, base_url)], name=entry.title)
