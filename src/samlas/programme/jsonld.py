"""schema.org `subEvent`s for an event's programme: its talks and seminars, with performers.

Breaks, lunch and mingling are left out: they are part of the timetable but not events
anyone looks for. A block of parallel seminars appears as its seminars.
"""

from typing import Any

from samlas.events.models import Event, Room, Venue
from samlas.programme.models import Participation
from samlas.programme.queries import Entry, ProgrammeDay, SeminarEntry

SCHEMA = "https://schema.org"


def performer(participation: Participation) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Person", "name": participation.person.name}
    if participation.display_title:
        data["jobTitle"] = participation.display_title
    if participation.display_organisation:
        data["affiliation"] = {
            "@type": "Organization",
            "name": participation.display_organisation,
        }
    return data


def _location(venue: Venue | None, room: Room | None) -> dict[str, Any] | None:
    # events.jsonld imports this module for `sub_events`, so import its helper when called.
    from samlas.events.jsonld import place

    if venue is None:
        return None
    if room is None:
        return place(venue)
    return {"@type": "Place", "name": room.name, "containedInPlace": place(venue)}


def _sub_event(
    event: Event,
    *,
    name: str,
    entry: Entry,
    anchor: str,
    base_url: str,
    people: list[Participation],
    venue: Venue | None,
    room: Room | None,
    description: str = "",
) -> dict[str, Any]:
    from samlas.events.jsonld import iso  # see _location

    data: dict[str, Any] = {
        "@type": "Event",
        "name": name,
        "startDate": iso(entry.start),
        "endDate": iso(entry.end),
        "url": f"{base_url}{event.get_absolute_url()}#{anchor}",
    }
    if description:
        data["description"] = description
    location = _location(venue, room)
    if location:
        data["location"] = location
    if people:
        data["performer"] = [performer(participation) for participation in people]
    if event.is_cancelled:
        data["eventStatus"] = f"{SCHEMA}/EventCancelled"
    return data


def _seminar(event: Event, entry: Entry, seminar: SeminarEntry, base_url: str) -> dict[str, Any]:
    data = _sub_event(
        event,
        name=seminar.seminar.title,
        entry=entry,
        anchor=seminar.anchor,
        base_url=base_url,
        people=seminar.people,
        venue=seminar.venue,
        room=seminar.room,
        description=seminar.seminar.description,
    )
    data["maximumAttendeeCapacity"] = seminar.capacity
    if seminar.seats_left is not None:
        data["remainingAttendeeCapacity"] = seminar.seats_left
    return data


def sub_events(event: Event, days: list[ProgrammeDay], base_url: str) -> list[dict]:
    """`days` from `programme_days(event)`; `base_url` is the site's public address."""
    result = []
    for day in days:
        for entry in day.entries:
            if entry.is_pause:
                continue
            if entry.item:
                result.append(
                    _sub_event(
                        event,
                        name=entry.title,
                        entry=entry,
                        anchor=entry.anchor,
                        base_url=base_url,
                        people=entry.people,
                        venue=entry.venue,
                        room=entry.room,
                        description=entry.item.description,
                    )
                )
            result += [_seminar(event, entry, seminar, base_url) for seminar in entry.seminars]
    return result
