"""Events as the public sees them: what, when, where, by whom and for whom."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samlas.core.counties import County
from samlas.organisations.models import ContactPerson, Organisation


class Theme(models.Model):
    """A theme or focus area (tema / fokusområde), e.g. "Våld i nära relationer"."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.name


class Audience(models.Model):
    """A target sector (målgrupp), e.g. social services or school."""

    name = models.CharField(_("name"), max_length=120, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("target audience")
        verbose_name_plural = _("target audiences")

    def __str__(self) -> str:
        return self.name


class Venue(models.Model):
    name = models.CharField(_("name"), max_length=200)
    street_address = models.CharField(_("street address"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=10)
    city = models.CharField(_("city"), max_length=100)
    county = models.CharField(_("county"), max_length=2, choices=County.choices, blank=True)
    directions = models.TextField(_("directions"), blank=True)
    accessibility = models.TextField(
        _("accessibility information"),
        blank=True,
        help_text=_("Step-free access, hearing loop, accessible toilets, parking."),
    )

    class Meta:
        ordering = ["city", "name"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")

    def __str__(self) -> str:
        return f"{self.name}, {self.city}"

    @property
    def address(self) -> str:
        return f"{self.street_address}, {self.postcode} {self.city}"


class Room(models.Model):
    venue = models.ForeignKey(
        Venue, on_delete=models.CASCADE, related_name="rooms", verbose_name=_("venue")
    )
    name = models.CharField(_("name"), max_length=200)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)

    class Meta:
        ordering = ["venue", "name"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        constraints = [
            models.UniqueConstraint(fields=["venue", "name"], name="room_name_unique_per_venue"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.venue.name})"


class EventQuerySet(models.QuerySet):
    def public(self) -> "EventQuerySet":
        """Events anyone may see: drafts stay with their organisers."""
        return self.exclude(status=Event.Status.DRAFT)


class Event(models.Model):
    class Kind(models.TextChoices):
        CONFERENCE = "conference", _("conference")
        SEMINAR = "seminar", _("seminar")
        HEARING = "hearing", _("hearing")
        WORKSHOP = "workshop", _("workshop")
        WEBINAR = "webinar", _("webinar")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        CANCELLED = "cancelled", _("cancelled")
        ARCHIVED = "archived", _("archived")

    class Language(models.TextChoices):
        SWEDISH = "sv", _("Swedish")
        ENGLISH = "en", _("English")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("short summary"), max_length=300)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Markdown: headings, lists, links.")
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="events", verbose_name=_("themes")
    )
    audiences = models.ManyToManyField(
        Audience, blank=True, related_name="events", verbose_name=_("target audiences")
    )
    audience_text = models.CharField(
        _("target audience (free text)"),
        max_length=300,
        blank=True,
        help_text=_("E.g. politicians and officials in the municipalities of the county."),
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.SWEDISH
    )
    expected_size = models.PositiveIntegerField(
        _("expected number of participants"), null=True, blank=True
    )
    county = models.CharField(
        _("county"),
        max_length=2,
        choices=County.choices,
        blank=True,
        help_text=_("Leave empty for national events."),
    )
    venue = models.ForeignKey(
        Venue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("main venue"),
        help_text=_("Programme items take place here unless they name another venue."),
    )
    online_information = models.TextField(
        _("online participation"),
        blank=True,
        help_text=_("How to follow the event online, if that is possible."),
    )
    registration_opens = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(_("registration closes"), null=True, blank=True)
    cancellation_reason = models.TextField(_("reason for cancellation"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["start"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="event_end_after_start"),
            models.CheckConstraint(
                condition=Q(registration_opens__isnull=True)
                | Q(registration_closes__isnull=True)
                | Q(registration_closes__gt=F("registration_opens")),
                name="event_registration_closes_after_opens",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published", "cancelled", "archived"]),
                name="event_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["status", "start"], name="event_status_start_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", kwargs={"slug": self.slug})

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def host(self) -> "EventOrganiser | None":
        return next((o for o in self.organisers.all() if o.role == EventOrganiser.Role.HOST), None)


class EventOrganiser(models.Model):
    """An organisation arranging an event: exactly one host, any number of co-hosts."""

    class Role(models.TextChoices):
        HOST = "host", _("host")
        COHOST = "cohost", _("co-host")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="organisers", verbose_name=_("event")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="event_roles",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.COHOST)
    contact_persons = models.ManyToManyField(
        ContactPerson, blank=True, related_name="event_roles", verbose_name=_("contact persons")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["event", "position", "pk"]
        verbose_name = _("organiser")
        verbose_name_plural = _("organisers")
        constraints = [
            models.UniqueConstraint(
                fields=["event"], condition=Q(role="host"), name="event_one_host"
            ),
            models.UniqueConstraint(
                fields=["event", "organisation"], name="event_organisation_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class EventLink(models.Model):
    """A link to an earlier edition, a recorded lecture or other material elsewhere."""

    class Kind(models.TextChoices):
        EARLIER_EDITION = "earlier_edition", _("earlier edition")
        RECORDING = "recording", _("recording")
        DOCUMENT = "document", _("document")
        OTHER = "other", _("other")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="links", verbose_name=_("event")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("address"), max_length=500)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["event", "position", "pk"]
        verbose_name = _("link")
        verbose_name_plural = _("links")

    def __str__(self) -> str:
        return self.title


class PressInvitation(models.Model):
    """A press invitation (pressinbjudan): time, place, purpose and audience for journalists."""

    event = models.OneToOneField(
        Event, on_delete=models.CASCADE, related_name="press_invitation", verbose_name=_("event")
    )
    text = models.TextField(_("text"), help_text=_("Markdown."))
    press_contact = models.ForeignKey(
        ContactPerson,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("press contact"),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("press invitation")
        verbose_name_plural = _("press invitations")

    def __str__(self) -> str:
        return str(self.event)
