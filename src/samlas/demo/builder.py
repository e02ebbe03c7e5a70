"""Turns `data.py` into rows, and into the same rows on every run.

Shared reference data (themes, audiences, organisations, contact persons, venues, rooms and
people) is updated in place, keyed by a natural identifier. The demo's own events are
deleted by slug and created afresh, which takes their programmes, organisers, links and
press invitations with them; programmes are built through `samlas.programme.services`, so
every item, block and seminar passes the same checks as an organiser's. Everything happens
in one transaction, so a failed run leaves the database as it was.
"""

import enum
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone, translation

from samlas.core.dates import format_event_span
from samlas.demo import data
from samlas.demo.archive import build_archive_demo
from samlas.demo.registrations import build_registration_demo
from samlas.demo.workshops import build_workshop_demo
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
from samlas.programme import services
from samlas.programme.models import Block, Participation, Person, ProgrammeItem, Seminar
from samlas.registration.models import Registration

STOCKHOLM = ZoneInfo("Europe/Stockholm")

# What the command counts in its summary, in the order a reader thinks of them.
SUMMARY_MODELS: tuple[type[models.Model], ...] = (
    Theme,
    Audience,
    Organisation,
    ContactPerson,
    Venue,
    Room,
    Event,
    EventOrganiser,
    EventLink,
    PressInvitation,
    ProgrammeItem,
    Block,
    Seminar,
    Person,
    Participation,
)


class AdminAccount(enum.Enum):
    CREATED = "created"
    UNCHANGED = "unchanged"  # the demo account from an earlier run is still there
    NOT_CREATED = "not_created"  # another superuser exists: the demo leaves accounts alone


@dataclass(frozen=True)
class DemoResult:
    events: list[Event]
    admin: AdminAccount


@dataclass(frozen=True)
class _Refs:
    """Rows of the reference data, looked up by the keys `data.py` uses."""

    themes: dict[str, Theme]
    audiences: dict[str, Audience]
    organisations: dict[str, Organisation]
    contacts: dict[str, ContactPerson]
    venues: dict[str, Venue]
    rooms: dict[tuple[str, str], Room]
    people: dict[str, Person]


def build_demo(today: date | None = None) -> DemoResult:
    """Load the demo; `today` anchors every date (the local date by default)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        refs = _reference_data()
        demo_events = Event.objects.filter(slug__in=data.event_slugs())
        # Registrations guard their event against deletion; these events belong to the
        # demo, and so does whatever someone registered while trying it.
        Registration.objects.filter(event__in=demo_events).delete()
        demo_events.delete()
        events = [_create_event(spec, today, refs) for spec in data.EVENTS]
        build_registration_demo()
        build_archive_demo()
        build_workshop_demo(next(e for e in events if e.slug == "regional-hearing-ostergotland"))
        admin = ensure_demo_admin()
    return DemoResult(events=events, admin=admin)


def model_counts() -> list[tuple[str, int]]:
    """Rows per model ("events.Event", 7): labels a developer can look up, in any language."""
    return [(model._meta.label, model.objects.count()) for model in SUMMARY_MODELS]


# --- dates ---------------------------------------------------------------------------------


def _easter_sunday(year: int) -> date:
    """The Gregorian Easter Sunday (the anonymous algorithm, as in Meeus)."""
    golden = year % 19
    century, year_of_century = divmod(year, 100)
    leap_centuries, century_rest = divmod(century, 4)
    correction = (century + 8) // 25
    moon = (century - correction + 1) // 3
    epact = (19 * golden + century - leap_centuries - moon + 15) % 30
    quarter, quarter_rest = divmod(year_of_century, 4)
    weekday = (32 + 2 * century_rest + 2 * quarter - epact - quarter_rest) % 7
    shift = (golden + 11 * epact + 22 * weekday) // 451
    month, day = divmod(epact + weekday - 7 * shift + 114, 31)
    return date(year, month, day + 1)


def is_day_off(day: date) -> bool:
    """Weekends, public holidays and the weeks when Swedish offices hold no conferences."""
    if day.weekday() >= 5:
        return True
    month_day = (day.month, day.day)
    if month_day >= (12, 20) or month_day <= (1, 6):  # Christmas and New Year
        return True
    if (6, 19) <= month_day <= (8, 9):  # Midsummer and the summer holidays
        return True
    easter = _easter_sunday(day.year)
    movable = {easter - timedelta(days=2), easter + timedelta(days=1), easter + timedelta(days=39)}
    return month_day in {(5, 1), (6, 6)} or day in movable


def event_first_day(today: date, schedule: data.Schedule) -> date:
    """The first day on the schedule's weekday, `in_days` on, moved past days off by weeks."""
    day = today + timedelta(days=schedule.in_days)
    day += timedelta(days=(schedule.weekday - day.weekday()) % 7)
    while any(is_day_off(day + timedelta(days=n)) for n in range(schedule.days)):
        day += timedelta(weeks=1)
    return day


def _weekday(day: date, step: int) -> date:
    """`day`, or the nearest weekday forward (+1) or back (-1): offices open and close
    registration on weekdays. Only a weekend is skipped, so a date keeps its side of today."""
    while day.weekday() >= 5:
        day += timedelta(days=step)
    return day


def _at(day: date, clock: str) -> datetime:
    hour, minute = (int(part) for part in clock.split("."))
    return datetime.combine(day, time(hour, minute), tzinfo=STOCKHOLM)


# --- reference data ------------------------------------------------------------------------


def _reference_data() -> _Refs:
    themes = {
        theme.slug: Theme.objects.update_or_create(
            slug=theme.slug, defaults={"name": theme.name, "description": theme.description}
        )[0]
        for theme in data.THEMES
    }
    audiences = {name: Audience.objects.get_or_create(name=name)[0] for name in data.AUDIENCES}
    organisations = {
        org.name: Organisation.objects.update_or_create(
            name=org.name,
            defaults={
                "kind": org.kind,
                "county": org.county,
                "organisation_number": org.organisation_number,
                "website": org.website,
            },
        )[0]
        for org in data.ORGANISATIONS
    }
    contacts = {
        contact.email: ContactPerson.objects.update_or_create(
            organisation=organisations[contact.organisation],
            email=contact.email,
            defaults={"name": contact.name, "title": contact.title, "phone": contact.phone},
        )[0]
        for contact in data.CONTACTS
    }
    venues: dict[str, Venue] = {}
    rooms: dict[tuple[str, str], Room] = {}
    for spec in data.VENUES:
        venue = Venue.objects.update_or_create(
            name=spec.name,
            city=spec.city,
            defaults={
                "street_address": spec.street_address,
                "postcode": spec.postcode,
                "county": spec.county,
                "directions": spec.directions,
                "accessibility": spec.accessibility,
            },
        )[0]
        venues[spec.key] = venue
        for room in spec.rooms:
            rooms[spec.key, room.name] = Room.objects.update_or_create(
                venue=venue, name=room.name, defaults={"capacity": room.capacity}
            )[0]
    people = {
        key: Person.objects.update_or_create(
            name=person.name,
            defaults={"title": person.title, "organisation": person.organisation},
        )[0]
        for key, person in data.PEOPLE.items()
    }
    return _Refs(themes, audiences, organisations, contacts, venues, rooms, people)


# --- events --------------------------------------------------------------------------------


def _create_event(spec: data.EventData, today: date, refs: _Refs) -> Event:
    first = event_first_day(today, spec.schedule)
    last = first + timedelta(days=spec.schedule.days - 1)
    start, end = _at(first, spec.start), _at(last, spec.end)
    venue = refs.venues[spec.venue]
    with translation.override("sv"):
        when = format_event_span(start, end)
    texts = {
        "year": first.year,
        "previous_year": first.year - 1,
        "year_before": first.year - 2,
        "when": when,
        "place": f"{venue.name}, {venue.address}",
    }
    opens = closes = None
    if spec.registration:
        window = spec.registration
        opens_on = today + timedelta(days=window.opens_in_days)
        opens = _at(_weekday(opens_on, 1 if window.opens_in_days > 0 else -1), "09.00")
        closes = _at(_weekday(first - timedelta(days=window.closes_days_before), -1), "23.59")
    event = Event.objects.create(
        slug=spec.slug,
        kind=spec.kind,
        title=spec.title.format(**texts),
        summary=spec.summary.format(**texts),
        description=spec.description.format(**texts),
        audience_text=spec.audience_text,
        start=start,
        end=end,
        status=spec.status,
        expected_size=spec.expected_size,
        county=spec.county,
        venue=venue,
        online_information=spec.online_information,
        registration_opens=opens,
        registration_closes=closes,
        cancellation_reason=spec.cancellation_reason,
    )
    event.themes.set([refs.themes[slug] for slug in spec.themes])
    event.audiences.set([refs.audiences[name] for name in spec.audiences])
    for position, organiser in enumerate(spec.organisers):
        row = EventOrganiser.objects.create(
            event=event,
            organisation=refs.organisations[organiser.organisation],
            role=organiser.role,
            position=position,
        )
        row.contact_persons.set([refs.contacts[email] for email in organiser.contacts])
    for position, key in enumerate(spec.moderators):
        services.add_participation(
            refs.people[key], role=Participation.Role.MODERATOR, event=event, position=position
        )
    _create_programme(event, spec, first, refs)
    EventLink.objects.bulk_create(
        EventLink(
            event=event,
            kind=link.kind,
            title=link.title.format(**texts),
            url=link.url.format(**texts),
            position=position,
        )
        for position, link in enumerate(spec.links)
    )
    if spec.press:
        PressInvitation.objects.create(
            event=event,
            text=spec.press.text.format(**texts),
            press_contact=refs.contacts[spec.press.contact],
            published_at=_at(
                _weekday(today - timedelta(days=spec.press.published_days_ago), -1), "09.00"
            ),
        )
    return event


def _people(refs: _Refs, parts: tuple[data.Part, ...]) -> list[services.PersonWithRole]:
    return [(refs.people[part.person], part.role) for part in parts]


def _create_programme(event: Event, spec: data.EventData, first: date, refs: _Refs) -> None:
    """Through the programme's services, so the demo obeys the rules organisers meet."""
    for item in spec.items:
        day = first + timedelta(days=item.day)
        services.add_item(
            event,
            start=_at(day, item.start),
            end=_at(day, item.end),
            kind=item.kind,
            title=item.title,
            description=item.description,
            venue=refs.venues[item.venue] if item.venue else None,
            room=refs.rooms[item.room] if item.room else None,
            people=_people(refs, item.people),
        )
    for block in spec.blocks:
        day = first + timedelta(days=block.day)
        block_row = services.add_block(
            event,
            start=_at(day, block.start),
            end=_at(day, block.end),
            title=block.title,
            choice_mode=block.choice_mode,
            venue=refs.venues[block.venue] if block.venue else None,
        )
        for position, seminar in enumerate(block.seminars):
            services.add_seminar(
                block_row,
                title=seminar.title,
                description=seminar.description,
                room=refs.rooms[seminar.room],
                capacity=seminar.capacity,
                topic=seminar.topic,
                position=position,
                people=_people(refs, seminar.people),
            )


# --- the demo's admin account --------------------------------------------------------------


def ensure_demo_admin() -> AdminAccount:
    """A known superuser for trying the admin, but only where no superuser exists yet."""
    users = get_user_model().objects
    if not users.filter(is_superuser=True).exists():
        users.create_superuser(
            data.DEMO_ADMIN_USERNAME, data.DEMO_ADMIN_EMAIL, data.DEMO_ADMIN_PASSWORD
        )
        return AdminAccount.CREATED
    user = users.filter(username=data.DEMO_ADMIN_USERNAME, is_superuser=True).first()
    if user is not None and user.check_password(data.DEMO_ADMIN_PASSWORD):
        return AdminAccount.UNCHANGED
    return AdminAccount.NOT_CREATED
