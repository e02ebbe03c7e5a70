"""Building a programme: every change validated by the same rules the admin shows.

Each function checks its row with `full_clean()` (the named constraints and
`validation.py`) and saves it in one transaction with the people taking part, so a caller
(the demo data, the back office, tests) either gets a sound row or a `ValidationError` with
Swedish messages keyed by field, and never half an item.
"""

from collections.abc import Iterable
from datetime import date, datetime

from django.db import transaction

from samlas.events.models import Event, Room, Venue
from samlas.programme.models import (
    Block,
    ChoiceMode,
    ItemKind,
    Participation,
    Person,
    ProgrammeItem,
    Role,
    Seminar,
)

# A person, or a person with a role other than speaker, e.g. (anna, Role.MODERATOR).
PersonWithRole = Person | tuple[Person, str]


def add_person(name: str, *, title: str = "", organisation: str = "", bio: str = "") -> Person:
    person = Person(name=name, title=title, organisation=organisation, bio=bio)
    person.full_clean()
    person.save()
    return person


def _add_people(people: Iterable[PersonWithRole], **target: object) -> None:
    for position, entry in enumerate(people):
        person, role = entry if isinstance(entry, tuple) else (entry, Role.SPEAKER)
        add_participation(person, role=role, position=position, **target)


@transaction.atomic
def add_participation(
    person: Person,
    *,
    role: str = Role.SPEAKER,
    event: Event | None = None,
    day: date | None = None,
    item: ProgrammeItem | None = None,
    block: Block | None = None,
    seminar: Seminar | None = None,
    title: str = "",
    organisation: str = "",
    position: int = 0,
) -> Participation:
    """`title` and `organisation` only where they differ from the person's current ones."""
    participation = Participation(
        person=person,
        role=role,
        event=event,
        day=day,
        item=item,
        block=block,
        seminar=seminar,
        title=title,
        organisation=organisation,
        position=position,
    )
    participation.full_clean()
    participation.save()
    return participation


@transaction.atomic
def add_item(
    event: Event,
    *,
    start: datetime,
    end: datetime,
    title: str,
    kind: str = ItemKind.TALK,
    description: str = "",
    venue: Venue | None = None,
    room: Room | None = None,
    people: Iterable[PersonWithRole] = (),
) -> ProgrammeItem:
    item = ProgrammeItem(
        event=event,
        start=start,
        end=end,
        title=title,
        kind=kind,
        description=description,
        venue=venue,
        room=room,
    )
    item.full_clean()
    item.save()
    _add_people(people, item=item)
    return item


@transaction.atomic
def add_block(
    event: Event,
    *,
    start: datetime,
    end: datetime,
    title: str,
    choice_mode: str = ChoiceMode.FIRST_COME,
    venue: Venue | None = None,
    people: Iterable[PersonWithRole] = (),
) -> Block:
    block = Block(
        event=event, start=start, end=end, title=title, choice_mode=choice_mode, venue=venue
    )
    block.full_clean()
    block.save()
    _add_people(people, block=block)
    return block


@transaction.atomic
def add_seminar(
    block: Block,
    *,
    title: str,
    capacity: int,
    room: Room | None = None,
    description: str = "",
    topic: str = "",
    position: int | None = None,
    people: Iterable[PersonWithRole] = (),
) -> Seminar:
    """Appended after the block's other seminars unless `position` is given.

    A capacity above the room's is allowed; `validation.capacity_warning` tells about it.
    """
    if position is None:
        position = block.seminars.count()
    seminar = Seminar(
        block=block,
        title=title,
        capacity=capacity,
        room=room,
        description=description,
        topic=topic,
        position=position,
    )
    seminar.full_clean()
    seminar.save()
    _add_people(people, seminar=seminar)
    return seminar
