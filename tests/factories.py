"""Small helpers that create valid rows for tests, with unique names and sensible defaults.

Each `make_*` function saves and returns one object; keyword arguments override any field.

    event = make_event()                                     # published, in 30 days, one host
    event = make_event(status=Event.Status.DRAFT, title="X")
    event = make_event(host=police, cohosts=[kommun], themes=[theme], venue=None)
    person = make_contact_person(event.host.organisation)

Times are timezone-aware in Europe/Stockholm; `at(2024, 9, 24, 9)` builds one.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.text import slugify

from samlas.events.models import (
    Audience,
    Event,
    EventLink,
    EventOrganiser,
    PressInvitation,
    Room,
    Theme,
    Venue,
)
from samlas.organisations.models import ContactPerson, Organisation

STOCKHOLM = ZoneInfo("Europe/Stockholm")
_numbers = count(1)


def _next() -> int:
    return next(_numbers)


def at(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    """A moment in Swedish time."""
    return datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


def make_organisation(**fields) -> Organisation:
    number = _next()
    defaults = {"name": f"Organisation {number}", "kind": Organisation.Kind.MUNICIPALITY}
    return Organisation.objects.create(**{**defaults, **fields})


def make_contact_person(organisation: Organisation | None = None, **fields) -> ContactPerson:
    number = _next()
    defaults = {
        "name": f"Kontakt Person {number}",
        "title": "Samordnare",
        "email": f"kontakt{number}@example.org",
        "phone": "010-123 45 67",
    }
    return ContactPerson.objects.create(
        organisation=organisation or make_organisation(), **{**defaults, **fields}
    )


def make_venue(**fields) -> Venue:
    number = _next()
    defaults = {
        "name": f"Konferenshuset {number}",
        "street_address": f"Storgatan {number}",
        "postcode": "111 22",
        "city": "Stockholm",
        "county": "AB",
    }
    return Venue.objects.create(**{**defaults, **fields})


def make_room(venue: Venue | None = None, **fields) -> Room:
    defaults = {"name": f"Sal {_next()}", "capacity": 40}
    return Room.objects.create(venue=venue or make_venue(), **{**defaults, **fields})


def make_theme(name: str | None = None, **fields) -> Theme:
    name = name or f"Tema {_next()}"
    return Theme.objects.create(name=name, slug=fields.pop("slug", slugify(name)), **fields)


def make_audience(name: str | None = None) -> Audience:
    return Audience.objects.create(name=name or f"Målgrupp {_next()}")


def make_event(
    *,
    host: Organisation | None = None,
    cohosts: Iterable[Organisation] = (),
    themes: Iterable[Theme] = (),
    **fields,
) -> Event:
    """A published event 30 days from now (09.00 to 16.00), at a new venue, with a host.

    Pass `venue=None` for an event without a venue, `host=` / `cohosts=` for the organisers.
    """
    number = _next()
    start = fields.pop("start", None) or timezone.localtime().replace(
        hour=9, minute=0, second=0, microsecond=0
    ) + timedelta(days=30)
    defaults = {
        "slug": f"evenemang-{number}",
        "kind": Event.Kind.CONFERENCE,
        "title": f"Evenemang {number}",
        "summary": "En dag om trygghet och brottsförebyggande arbete.",
        "status": Event.Status.PUBLISHED,
        "county": "AB",
        "end": start + timedelta(hours=7),
    }
    if "venue" not in fields:
        fields["venue"] = make_venue()
    event = Event.objects.create(start=start, **{**defaults, **fields})
    EventOrganiser.objects.create(
        event=event, organisation=host or make_organisation(), role=EventOrganiser.Role.HOST
    )
    for position, organisation in enumerate(cohosts, start=1):
        EventOrganiser.objects.create(
            event=event,
            organisation=organisation,
            role=EventOrganiser.Role.COHOST,
            position=position,
        )
    event.themes.set(themes)
    return event


def make_link(event: Event, **fields) -> EventLink:
    defaults = {
        "kind": EventLink.Kind.RECORDING,
        "title": f"Inspelning {_next()}",
        "url": "https://example.org/inspelning",
    }
    return EventLink.objects.create(event=event, **{**defaults, **fields})


def make_press_invitation(event: Event, **fields) -> PressInvitation:
    defaults = {"text": "Media är välkomna. Anmäl dig till presskontakten."}
    return PressInvitation.objects.create(event=event, **{**defaults, **fields})
