"""The timetable of an event: items, parallel blocks of seminars, and the people in them.

Locations inherit downwards (Indico's idea): an item or seminar takes place at the event's
main venue unless it names a room or venue of its own. Rules that span rows (inside the
event's dates, no double-booked rooms, no overlapping blocks) live in `validation.py`;
rules on one row are named database constraints here.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from samlas.events.models import Event, Room, Venue
from samlas.programme import validation


class ItemKind(models.TextChoices):
    OPENING = "opening", _("opening")
    TALK = "talk", _("talk")
    KEYNOTE = "keynote", _("keynote")
    PANEL = "panel", _("panel discussion")
    QA = "qa", _("questions and answers")
    BREAK = "break", _("break")
    LUNCH = "lunch", _("lunch")
    MINGLE = "mingle", _("mingle")
    CLOSING = "closing", _("closing")
    OTHER = "other", _("other")


class ChoiceMode(models.TextChoices):
    FIRST_COME = "fcfs", _("first come, first served")
    RANKED = "ranked", _("ranked preferences, allocated")


class Role(models.TextChoices):
    SPEAKER = "speaker", _("speaker")
    MODERATOR = "moderator", _("moderator")
    PANELIST = "panelist", _("panelist")
    HOST = "host", _("host")


class ProgrammeItem(models.Model):
    Kind = ItemKind

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="items", verbose_name=_("event")
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TALK)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    venue = models.ForeignKey(
        Venue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("venue"),
        help_text=_("Leave empty to use the event's main venue."),
    )
    room = models.ForeignKey(
        Room,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("room"),
    )

    class Meta:
        ordering = ["start", "end", "pk"]
        verbose_name = _("programme item")
        verbose_name_plural = _("programme items")
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="item_end_after_start"),
            models.CheckConstraint(condition=Q(kind__in=ItemKind.values), name="item_kind_valid"),
        ]
        indexes = [models.Index(fields=["event", "start"], name="item_event_start_idx")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        validation.validate_item(self)

    @property
    def is_pause(self) -> bool:
        return self.kind in {self.Kind.BREAK, self.Kind.LUNCH, self.Kind.MINGLE}

    @property
    def effective_venue(self) -> Venue | None:
        if self.room_id:
            return self.room.venue
        return self.venue or self.event.venue


class Block(models.Model):
    """A slot of parallel mini-seminars; each registrant takes one seminar per block."""

    ChoiceMode = ChoiceMode

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="blocks", verbose_name=_("event")
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    title = models.CharField(_("title"), max_length=200)
    choice_mode = models.CharField(
        _("choice mode"), max_length=10, choices=ChoiceMode.choices, default=ChoiceMode.FIRST_COME
    )
    venue = models.ForeignKey(
        Venue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("venue"),
        help_text=_("Leave empty to use the event's main venue."),
    )

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("block of parallel seminars")
        verbose_name_plural = _("blocks of parallel seminars")
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="block_end_after_start"),
            models.CheckConstraint(
                condition=Q(choice_mode__in=ChoiceMode.values), name="block_choice_mode_valid"
            ),
        ]
        indexes = [models.Index(fields=["event", "start"], name="block_event_start_idx")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        validation.validate_block(self)

    @property
    def effective_venue(self) -> Venue | None:
        return self.venue or self.event.venue


class Seminar(models.Model):
    block = models.ForeignKey(
        Block, on_delete=models.CASCADE, related_name="seminars", verbose_name=_("block")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    room = models.ForeignKey(
        Room,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seminars",
        verbose_name=_("room"),
    )
    capacity = models.PositiveIntegerField(_("capacity"))
    topic = models.CharField(
        _("topic"),
        max_length=100,
        blank=True,
        help_text=_(
            "Give the same topic to a seminar repeated in several blocks; nobody is given it twice."
        ),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["block", "position", "pk"]
        verbose_name = _("seminar")
        verbose_name_plural = _("seminars")
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="seminar_capacity_positive"),
            models.UniqueConstraint(
                fields=["block", "room"],
                name="seminar_room_once_per_block",
                violation_error_message=_("Seminars in one block must be in different rooms."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        validation.validate_seminar(self)

    @property
    def effective_venue(self) -> Venue | None:
        if self.room_id:
            return self.room.venue
        return self.block.effective_venue


class Person(models.Model):
    """A speaker, moderator or panelist; title and organisation may differ per event."""

    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    bio = models.TextField(_("short bio"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="people/", blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [models.Index(fields=["name"], name="person_name_idx")]

    def __str__(self) -> str:
        return ", ".join(part for part in (self.name, self.title, self.organisation) if part)


TARGETS = ("event", "item", "block", "seminar")


def _only(target: str) -> Q:
    """`target` is set and the participation's other possible targets are empty."""
    return Q(**{f"{name}__isnull": name != target for name in TARGETS})


class Participation(models.Model):
    """A person's part in exactly one of: an item, a block, a seminar, or the event (a day).

    Title and organisation are stored as of that event when they differ from the person's
    current ones, so an old programme keeps saying what was true then.
    """

    Role = Role

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="participations", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.SPEAKER)
    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("event"),
    )
    day = models.DateField(
        _("day"), null=True, blank=True, help_text=_("For a moderator of one day only.")
    )
    item = models.ForeignKey(
        ProgrammeItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("programme item"),
    )
    block = models.ForeignKey(
        Block,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("block"),
    )
    seminar = models.ForeignKey(
        Seminar,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("seminar"),
    )
    title = models.CharField(_("title at the time"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation at the time"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.CheckConstraint(
                condition=_only("event") | _only("item") | _only("block") | _only("seminar"),
                name="participation_exactly_one_target",
            ),
            models.CheckConstraint(
                condition=Q(day__isnull=True) | Q(event__isnull=False),
                name="participation_day_only_for_event",
            ),
            models.CheckConstraint(
                condition=Q(role__in=Role.values), name="participation_role_valid"
            ),
            # One row per person, role and target; the event-wide and per-day cases are
            # separate because NULL days never compare equal in a unique index.
            models.UniqueConstraint(
                fields=["person", "role", "item"],
                condition=Q(item__isnull=False),
                name="participation_once_per_item",
                violation_error_message=_("This person already has this role here."),
            ),
            models.UniqueConstraint(
                fields=["person", "role", "block"],
                condition=Q(block__isnull=False),
                name="participation_once_per_block",
                violation_error_message=_("This person already has this role here."),
            ),
            models.UniqueConstraint(
                fields=["person", "role", "seminar"],
                condition=Q(seminar__isnull=False),
                name="participation_once_per_seminar",
                violation_error_message=_("This person already has this role here."),
            ),
            models.UniqueConstraint(
                fields=["person", "role", "event"],
                condition=Q(event__isnull=False, day__isnull=True),
                name="participation_once_per_event",
                violation_error_message=_("This person already has this role here."),
            ),
            models.UniqueConstraint(
                fields=["person", "role", "event", "day"],
                condition=Q(event__isnull=False, day__isnull=False),
                name="participation_once_per_day",
                violation_error_message=_("This person already has this role here."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} ({self.get_role_display()})"

    def clean(self) -> None:
        validation.validate_participation(self)

    @property
    def display_title(self) -> str:
        return self.title or self.person.title

    @property
    def display_organisation(self) -> str:
        return self.organisation or self.person.organisation

    @property
    def display(self) -> str:
        """ "Name, title, organisation" as the programme prints it."""
        parts = (self.person.name, self.display_title, self.display_organisation)
        return ", ".join(part for part in parts if part)
