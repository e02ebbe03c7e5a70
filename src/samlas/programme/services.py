"""Building a programme: every change validated by the same rules the admin shows.

Each function checks its row with `full_clean()` (the named constraints and
`validation.py`) and saves it in one transaction with the people taking part, so a caller
(the demo data, the back office, tests) either gets a sound row or a `ValidationError` with
Swedish messages keyed by field, and never half an item.
"""

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samlas.core import audit
from samlas.events import services as event_services
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


# --- Changes from the organiser back office ---------------------------------------------------
# The same validation as the functions above, plus one audit-log entry per change. `values`
# holds model field names (as the back office's forms produce them).


def _update(obj, values: Mapping[str, Any], event_id: int, actor) -> None:
    changed = {name: str(value) for name, value in values.items() if getattr(obj, name) != value}
    for name, value in values.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    audit.record(actor, audit.Action.CHANGED, obj, event_id=event_id, data={"fields": changed})


@transaction.atomic
def update_item(item: ProgrammeItem, values: Mapping[str, Any], *, actor=None) -> ProgrammeItem:
    item = ProgrammeItem.objects.select_for_update().get(pk=item.pk)
    _update(item, values, item.event_id, actor)
    return item


@transaction.atomic
def update_block(block: Block, values: Mapping[str, Any], *, actor=None) -> Block:
    block = Block.objects.select_for_update().get(pk=block.pk)
    _update(block, values, block.event_id, actor)
    return block


@transaction.atomic
def update_seminar(seminar: Seminar, values: Mapping[str, Any], *, actor=None) -> Seminar:
    """A raised capacity frees seats: the caller then runs the registration app's
    `promote_waiting_list` so that the first in line get them."""
    seminar = Seminar.objects.select_for_update().select_related("block").get(pk=seminar.pk)
    _update(seminar, values, seminar.block.event_id, actor)
    return seminar


@transaction.atomic
def update_person(
    person: Person, values: Mapping[str, Any], *, event_id: int, actor=None
) -> Person:
    person = Person.objects.select_for_update().get(pk=person.pk)
    _update(person, values, event_id, actor)
    return person


def _deleted(obj, event_id: int, actor) -> None:
    audit.record(actor, audit.Action.DELETED, obj, event_id=event_id)


@transaction.atomic
def delete_item(item: ProgrammeItem, *, actor=None) -> None:
    _deleted(item, item.event_id, actor)
    item.delete()


@transaction.atomic
def delete_block(block: Block, *, actor=None) -> None:
    """Refused while anyone has chosen a seminar in it (their choice would be lost)."""
    if block.choices.exists() or block.preferences.exists():
        raise ValidationError(
            _("Participants have chosen seminars in this block; it cannot be removed.")
        )
    _deleted(block, block.event_id, actor)
    block.delete()


@transaction.atomic
def delete_seminar(seminar: Seminar, *, actor=None) -> None:
    if seminar.choices.exists() or seminar.preferences.exists():
        raise ValidationError(_("Participants have chosen this seminar; it cannot be removed."))
    _deleted(seminar, seminar.block.event_id, actor)
    seminar.delete()


def participation_event_id(participation: Participation) -> int:
    if participation.event_id:
        return participation.event_id
    if participation.item_id:
        return participation.item.event_id
    if participation.block_id:
        return participation.block.event_id
    return participation.seminar.block.event_id


@transaction.atomic
def add_participation_by_staff(person: Person, *, actor, **target: Any) -> Participation:
    """`add_participation` with an audit-log entry (the back office's path)."""
    participation = add_participation(person, **target)
    audit.record(
        actor,
        audit.Action.CREATED,
        participation,
        event_id=participation_event_id(participation),
    )
    return participation


@transaction.atomic
def remove_participation(participation: Participation, *, actor=None) -> None:
    _deleted(participation, participation_event_id(participation), actor)
    participation.delete()


@transaction.atomic
def add_by_staff(kind: str, parent: Event | Block, values: Mapping[str, Any], *, actor):
    """Add an item or block (`parent` is the event) or a seminar (`parent` is its block),
    logged; `kind` is "item", "block" or "seminar"."""
    adders = {"item": add_item, "block": add_block, "seminar": add_seminar}
    obj = adders[kind](parent, **values)
    event_id = parent.event_id if isinstance(parent, Block) else parent.pk
    audit.record(actor, audit.Action.CREATED, obj, event_id=event_id)
    return obj


@transaction.atomic
def copy_event(source: Event, *, title: str, start: datetime, actor=None) -> Event:
    """A draft copy of an earlier event as a template: its details and organisers
    (`events.services.copy_event_details`) and its whole programme moved to the new date,
    with the same people. Rooms stay; the validation refuses a room already taken then."""
    copy, shift = event_services.copy_event_details(source, title=title, start=start, actor=actor)
    day_shift = timezone.localdate(copy.start) - timezone.localdate(source.start)
    for participation in source.participations.all():
        participation.pk, participation.event = None, copy
        if participation.day is not None:
            participation.day += day_shift
        participation.save()
    for item in source.items.prefetch_related("participations"):
        people = list(item.participations.all())
        item.pk, item.event = None, copy
        item.start, item.end = item.start + shift, item.end + shift
        item.full_clean()
        item.save()
        _copy_people(people, item=item)
    for block in source.blocks.prefetch_related("participations", "seminars__participations"):
        people, seminars = list(block.participations.all()), list(block.seminars.all())
        block.pk, block.event = None, copy
        block.start, block.end = block.start + shift, block.end + shift
        block.full_clean()
        block.save()
        _copy_people(people, block=block)
        for seminar in seminars:
            seminar_people = list(seminar.participations.all())
            seminar.pk, seminar.block = None, block
            seminar.full_clean()
            seminar.save()
            _copy_people(seminar_people, seminar=seminar)
    return copy


def _copy_people(people: Iterable[Participation], **target: Any) -> None:
    for participation in people:
        participation.pk, participation.item, participation.block = None, None, None
        participation.seminar = None
        for name, value in target.items():
            setattr(participation, name, value)
        participation.save()
