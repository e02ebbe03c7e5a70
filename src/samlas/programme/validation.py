"""Rules of a sound programme that span rows, with the messages an organiser reads.

The models call these from `clean()`, so the Django admin shows them beside the field
concerned; the organiser back office and the services call the same functions. Each raises
one `ValidationError` keyed by field. Rules that one row can check alone are named database
constraints in `models.py` (and an exclusion constraint on PostgreSQL, see
`migrations/0003_item_room_no_overlap.py`).

A room is a physical place: it is double-booked whether the other item belongs to this event
or another one, but another event's titles are not shown (they may be unpublished).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Model
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from samlas.core.dates import format_date_span, format_time_range

if TYPE_CHECKING:  # the models import this module to delegate their clean()
    from samlas.events.models import Event, Room, Venue
    from samlas.programme.models import Block, Participation, ProgrammeItem, Seminar

# Roles that make sense for the whole event or one day of it.
EVENT_ROLES = {"moderator", "host"}

#: Sent by `validate_block` when a saved block is about to become ranked (`block`). A
#: receiver returns a message that refuses it, or None: the seat allocation refuses a block
#: whose seats it has given, without the programme depending on it.
block_becoming_ranked = Signal()


class _Errors:
    """Collects messages per field and raises them together."""

    def __init__(self) -> None:
        self.messages: dict[str, list[str]] = defaultdict(list)

    def add(self, field: str, message: str) -> None:
        self.messages[field].append(message)

    def raise_if_any(self) -> None:
        if self.messages:
            raise ValidationError(dict(self.messages))


def overlaps(start: datetime, end: datetime, other_start: datetime, other_end: datetime) -> bool:
    """Half-open intervals: an item ending at 10.00 leaves the room free for one at 10.00."""
    return start < other_end and other_start < end


def _event_days(event: Event) -> tuple[date, date]:
    return timezone.localdate(event.start), timezone.localdate(event.end)


def _outside_event_days(event: Event, moment: datetime) -> bool:
    first, last = _event_days(event)
    return not first <= timezone.localdate(moment) <= last


def _has_times(obj: ProgrammeItem | Block) -> bool:
    return obj.start is not None and obj.end is not None


def _related(obj: Model, name: str) -> Model | None:
    """A foreign key's object, also when it is an unsaved parent (an admin inline's)."""
    field = obj._meta.get_field(name)
    if field.is_cached(obj) or getattr(obj, field.attname) is not None:
        return getattr(obj, name)
    return None


def room_used_message(room: Room, title: str | None, start: datetime, end: datetime) -> str:
    times = format_time_range(start, end)
    if title is None:
        return _("Room %(room)s is already used by another event at %(times)s.") % {
            "room": room.name,
            "times": times,
        }
    return _('Room %(room)s is already used by "%(title)s" at %(times)s.') % {
        "room": room.name,
        "title": title,
        "times": times,
    }


def _room_clash(
    room: Room,
    event_id: int,
    start: datetime,
    end: datetime,
    *,
    exclude_item: int | None = None,
    exclude_seminar: int | None = None,
) -> str | None:
    """The first booking of `room` overlapping start–end, as a message, or None."""
    items = room.items.filter(start__lt=end, end__gt=start).order_by("start")
    if exclude_item is not None:
        items = items.exclude(pk=exclude_item)
    item = items.only("title", "start", "end", "event_id").first()
    if item is not None:
        title = item.title if item.event_id == event_id else None
        return room_used_message(room, title, item.start, item.end)
    seminars = room.seminars.filter(block__start__lt=end, block__end__gt=start)
    if exclude_seminar is not None:
        seminars = seminars.exclude(pk=exclude_seminar)
    seminar = seminars.select_related("block").order_by("block__start").first()
    if seminar is not None:
        title = seminar.title if seminar.block.event_id == event_id else None
        return room_used_message(room, title, seminar.block.start, seminar.block.end)
    return None


def _room_at_venue_message(room: Room, venue: Venue) -> str:
    return _("Room %(room)s is not at %(venue)s.") % {"room": room.name, "venue": venue.name}


def validate_item(item: ProgrammeItem) -> None:
    errors = _Errors()
    event = _related(item, "event")
    if event is None or not _has_times(item):
        return  # the missing fields are reported on their own
    if item.end <= item.start:
        errors.add("end", _("The item must end after it starts."))
    elif _outside_event_days(event, item.start) or _outside_event_days(event, item.end):
        field = "start" if _outside_event_days(event, item.start) else "end"
        errors.add(
            field,
            _("The item must lie within the event's dates (%(dates)s).")
            % {"dates": format_date_span(event.start, event.end)},
        )
    if item.room_id is not None:
        room = item.room
        if item.venue_id is not None and room.venue_id != item.venue_id:
            errors.add("room", _room_at_venue_message(room, item.venue))
        elif item.end > item.start:
            clash = _room_clash(room, item.event_id, item.start, item.end, exclude_item=item.pk)
            if clash:
                errors.add("room", clash)
    errors.raise_if_any()


def validate_block(block: Block) -> None:
    errors = _Errors()
    event = _related(block, "event")
    if event is None or not _has_times(block):
        return
    if block.end <= block.start:
        errors.add("end", _("The block must end after it starts."))
        errors.raise_if_any()
    if _outside_event_days(event, block.start) or _outside_event_days(event, block.end):
        field = "start" if _outside_event_days(event, block.start) else "end"
        errors.add(
            field,
            _("The block must lie within the event's dates (%(dates)s).")
            % {"dates": format_date_span(event.start, event.end)},
        )
    if event.pk is not None:
        others = event.blocks.filter(start__lt=block.end, end__gt=block.start).order_by("start")
        if block.pk is not None:
            others = others.exclude(pk=block.pk)
        other = others.first()
        if other is not None:
            errors.add("start", block_overlap_message(other))
    if block.pk is not None:
        # Moving a block moves its seminars: their rooms must still be free.
        for seminar in block.seminars.select_related("room").exclude(room=None):
            clash = _room_clash(
                seminar.room,
                block.event_id,
                block.start,
                block.end,
                exclude_seminar=seminar.pk,
            )
            if clash:
                errors.add("start", clash)
                break
        if block.choice_mode == block.ChoiceMode.RANKED:
            stored = type(block).objects.filter(pk=block.pk).values_list("choice_mode", flat=True)
            if stored.first() not in {None, block.ChoiceMode.RANKED}:
                for _receiver, refusal in block_becoming_ranked.send(type(block), block=block):
                    if refusal:
                        errors.add("choice_mode", refusal)
    errors.raise_if_any()


def block_overlap_message(other: Block) -> str:
    return _('The block overlaps the block "%(title)s" (%(times)s).') % {
        "title": other.title,
        "times": format_time_range(other.start, other.end),
    }


def validate_seminar(seminar: Seminar) -> None:
    errors = _Errors()
    block = _related(seminar, "block")
    if block is None or seminar.room_id is None or not _has_times(block):
        return
    room = seminar.room
    same_room = block.pk is not None and (
        block.seminars.filter(room_id=seminar.room_id).exclude(pk=seminar.pk).exists()
    )
    if block.venue_id is not None and room.venue_id != block.venue_id:
        errors.add("room", _room_at_venue_message(room, block.venue))
    elif same_room:
        errors.add("room", _("Seminars in one block must be in different rooms."))
    else:
        clash = _room_clash(
            room, block.event_id, block.start, block.end, exclude_seminar=seminar.pk
        )
        # Another seminar of this very block is the rule above, not a clash.
        if clash:
            errors.add("room", clash)
    errors.raise_if_any()


def capacity_warning(seminar: Seminar) -> str | None:
    """A warning, not an error: the organiser may know the room takes more chairs."""
    room_capacity = seminar.room.capacity if seminar.room_id else None
    if room_capacity is None or seminar.capacity is None or seminar.capacity <= room_capacity:
        return None
    return _("The seminar's capacity (%(capacity)s) is larger than the room's (%(room)s).") % {
        "capacity": seminar.capacity,
        "room": room_capacity,
    }


def validate_participation(participation: Participation) -> None:
    errors = _Errors()
    if participation.event_id is not None:
        if participation.role not in EVENT_ROLES:
            errors.add(
                "role", _("Only a moderator or a host can be set for the whole event or a day.")
            )
        if participation.day is not None:
            first, last = _event_days(participation.event)
            if not first <= participation.day <= last:
                errors.add(
                    "day",
                    _("The day must be one of the event's days (%(dates)s).")
                    % {
                        "dates": format_date_span(
                            participation.event.start, participation.event.end
                        )
                    },
                )
    elif participation.day is not None:
        errors.add("day", _("A day can only be given for the whole event's moderator or host."))
    targets = [
        participation.event_id,
        participation.item_id,
        participation.block_id,
        participation.seminar_id,
    ]
    if sum(target is not None for target in targets) > 1:
        errors.add(NON_FIELD_ERRORS, _("A person takes part in one item, block or seminar."))
    errors.raise_if_any()


def validate_items_together(items: Sequence[ProgrammeItem]) -> None:
    """Items saved together (one admin page) must not double-book a room among themselves."""
    messages = []
    for index, item in enumerate(items):
        for other in items[:index]:
            if (
                item.room_id is not None
                and item.room_id == other.room_id
                and _has_times(item)
                and _has_times(other)
                and overlaps(item.start, item.end, other.start, other.end)
            ):
                messages.append(room_used_message(item.room, other.title, other.start, other.end))
    if messages:
        raise ValidationError(messages)


def validate_blocks_together(blocks: Sequence[Block]) -> None:
    messages = [
        block_overlap_message(other)
        for index, block in enumerate(blocks)
        for other in blocks[:index]
        if _has_times(block)
        and _has_times(other)
        and overlaps(block.start, block.end, other.start, other.end)
    ]
    if messages:
        raise ValidationError(messages)


def validate_seminars_together(seminars: Iterable[Seminar]) -> None:
    rooms = [seminar.room_id for seminar in seminars if seminar.room_id is not None]
    if len(rooms) != len(set(rooms)):
        raise ValidationError(_("Seminars in one block must be in different rooms."))
