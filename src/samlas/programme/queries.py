"""Read models of the programme: what the event page, the calendars and JSON-LD show.

`programme_days` loads a whole programme in a fixed number of queries (eight at most,
whatever the number of items, blocks, seminars and people) and returns it as plain
dataclasses per day, so templates never touch the database.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from itertools import pairwise

from django.db.models import Case, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, Greatest, Now
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import ngettext

from samlas.events.models import Event, Room, Venue
from samlas.programme.models import Block, Participation, ProgrammeItem, Role, Seminar

PERSON_ORDER = ("position", "pk")


@dataclass
class PeopleGroup:
    """The people of an item with one role: speakers first and unlabelled, then the rest."""

    role: str
    people: list[Participation]

    @property
    def label(self) -> str:
        count = len(self.people)
        if self.role == Role.MODERATOR:
            return ngettext("Moderator", "Moderators", count)
        if self.role == Role.PANELIST:
            return ngettext("Panelist", "Panelists", count)
        if self.role == Role.HOST:
            return ngettext("Host", "Hosts", count)
        return ""


def group_people(people: list[Participation]) -> list[PeopleGroup]:
    order = [Role.SPEAKER, Role.PANELIST, Role.MODERATOR, Role.HOST]
    groups = [PeopleGroup(role, [p for p in people if p.role == role]) for role in order]
    return [group for group in groups if group.people]


@dataclass
class SeminarEntry:
    seminar: Seminar
    venue: Venue | None
    people: list[Participation]
    # Free seats once registration is open; None until then (see `seminar_queryset`).
    seats_left: int | None = None

    @property
    def capacity(self) -> int:
        return self.seminar.capacity

    @property
    def room(self) -> Room | None:
        return self.seminar.room

    @property
    def anchor(self) -> str:
        return f"seminarium-{self.seminar.pk}"

    @cached_property
    def people_groups(self) -> list[PeopleGroup]:
        return group_people(self.people)


@dataclass
class Entry:
    """One row of the timetable: a programme item, or a block of parallel seminars."""

    start: datetime
    end: datetime
    venue: Venue | None
    people: list[Participation]
    item: ProgrammeItem | None = None
    block: Block | None = None
    seminars: list[SeminarEntry] = field(default_factory=list)
    # True when this entry takes place at another venue than the one before it that day.
    venue_change: bool = False

    @property
    def title(self) -> str:
        return self.item.title if self.item else self.block.title

    @property
    def room(self) -> Room | None:
        return self.item.room if self.item else None

    @property
    def is_block(self) -> bool:
        return self.block is not None

    @property
    def is_pause(self) -> bool:
        return self.item is not None and self.item.is_pause

    @cached_property
    def kind_label(self) -> str:
        """The item's kind, unless it is a pause or its title says it already ("Lunch")."""
        if self.item is None or self.is_pause:
            return ""
        label = str(self.item.get_kind_display())
        return "" if label.lower() == self.title.lower() else capfirst(label)

    @property
    def anchor(self) -> str:
        return f"punkt-{self.item.pk}" if self.item else f"block-{self.block.pk}"

    @cached_property
    def people_groups(self) -> list[PeopleGroup]:
        return group_people(self.people)


@dataclass
class ProgrammeDay:
    date: date
    entries: list[Entry]
    # Moderators and hosts of the whole event and of this day, in order.
    moderators: list[Participation]
    # Where the day begins, when that is not the event's main venue or the venue changes.
    venue: Venue | None = None

    @property
    def start(self) -> datetime:
        return self.entries[0].start

    @property
    def end(self) -> datetime:
        return max(entry.end for entry in self.entries)

    @property
    def anchor(self) -> str:
        return f"dag-{self.date.isoformat()}"

    @cached_property
    def moderator_groups(self) -> list[PeopleGroup]:
        return group_people(self.moderators)


def _people() -> Prefetch:
    return Prefetch(
        "participations",
        queryset=Participation.objects.select_related("person").order_by(*PERSON_ORDER),
    )


def seminar_queryset() -> QuerySet[Seminar]:
    """The seminars as the programme shows them.

    Hook for registration: annotate `seats_left` here (e.g. capacity minus confirmed choices,
    through the reverse relation, without importing registration) and every seminar entry
    shows it; without the annotation `SeminarEntry.seats_left` stays None.
    """
    # Wired by registration: confirmed seats are counted in its SeminarSeats row (reverse
    # relation `registration_seats`), shown for first-come-first-served blocks while the
    # event's registration is open.
    registration_open = (
        Q(block__event__registration_settings__isnull=False)
        & Q(block__event__registration_opens__lte=Now())
        & (
            Q(block__event__registration_closes__gt=Now())
            | Q(block__event__registration_closes__isnull=True, block__event__start__gt=Now())
        )
        & Q(block__choice_mode=Block.ChoiceMode.FIRST_COME)
    )
    seats_left = Greatest(
        F("capacity") - Coalesce(F("registration_seats__confirmed"), Value(0)), Value(0)
    )
    return (
        Seminar.objects.select_related("room__venue")
        .prefetch_related(_people())
        .annotate(
            seats_left=Case(
                When(registration_open, then=seats_left), default=None, output_field=IntegerField()
            )
        )
    )


def _item_venue(item: ProgrammeItem, default: Venue | None) -> Venue | None:
    if item.room_id:
        return item.room.venue
    return item.venue or default


def _block_venue(block: Block, seminars: list[Seminar], default: Venue | None) -> Venue | None:
    """The block's own venue; else the one venue all its seminars' rooms share."""
    if block.venue_id:
        return block.venue
    venues = {seminar.room.venue_id: seminar.room.venue for seminar in seminars if seminar.room_id}
    if len(venues) == 1:
        return next(iter(venues.values()))
    return default


def programme_days(event: Event) -> list[ProgrammeDay]:
    """The event's programme grouped per local day, items and blocks merged by time."""
    main_venue = event.venue
    items = event.items.select_related("venue", "room__venue").prefetch_related(_people())
    blocks = event.blocks.select_related("venue").prefetch_related(
        _people(), Prefetch("seminars", queryset=seminar_queryset())
    )
    entries = [
        Entry(
            start=item.start,
            end=item.end,
            venue=_item_venue(item, main_venue),
            people=list(item.participations.all()),
            item=item,
        )
        for item in items
    ]
    for block in blocks:
        block_seminars = list(block.seminars.all())
        block_venue = _block_venue(block, block_seminars, main_venue)
        seminars = [
            SeminarEntry(
                seminar=seminar,
                venue=seminar.room.venue if seminar.room_id else block_venue,
                people=list(seminar.participations.all()),
                seats_left=getattr(seminar, "seats_left", None),
            )
            for seminar in block_seminars
        ]
        entries.append(
            Entry(
                start=block.start,
                end=block.end,
                venue=block_venue,
                people=list(block.participations.all()),
                block=block,
                seminars=seminars,
            )
        )
    entries.sort(key=lambda entry: (entry.start, entry.end, entry.is_block))

    hosts = list(
        event.participations.filter(role__in=[Role.MODERATOR, Role.HOST])
        .select_related("person")
        .order_by(*PERSON_ORDER)
    )
    days: dict[date, list[Entry]] = {}
    for entry in entries:
        days.setdefault(timezone.localdate(entry.start), []).append(entry)

    result = []
    for day, day_entries in days.items():
        for before, after in pairwise(day_entries):
            after.venue_change = _venue_id(after.venue) != _venue_id(before.venue)
        first_venue = day_entries[0].venue
        changes = any(entry.venue_change for entry in day_entries)
        shown = changes or _venue_id(first_venue) != _venue_id(main_venue)
        result.append(
            ProgrammeDay(
                date=day,
                entries=day_entries,
                moderators=[p for p in hosts if p.day is None or p.day == day],
                venue=first_venue if shown else None,
            )
        )
    return result


def _venue_id(venue: Venue | None) -> int | None:
    return venue.pk if venue else None


def item_for_calendar(event: Event, item_id: int) -> Entry | None:
    """One item of a public event as a timetable entry, or None if it is not the event's."""
    item = (
        event.items.select_related("venue", "room__venue")
        .prefetch_related(_people())
        .filter(pk=item_id)
        .first()
    )
    if item is None:
        return None
    return Entry(
        start=item.start,
        end=item.end,
        venue=_item_venue(item, event.venue),
        people=list(item.participations.all()),
        item=item,
    )
