"""What events leave behind, and the standing bodies that carry the work between them.

Thin models: fields, named constraints and small properties. State changes (publishing a
recording, attaching a document, a contact message, a press registration) are in
`services.py`; the search index (`SearchEntry`) is written only by `search.py`.

Uploaded files live under MEDIA_ROOT in a directory with a random name, so that a file of
an unpublished recording or document cannot be found by guessing its address.
"""

import uuid
from pathlib import PurePath

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import capfirst, get_valid_filename
from django.utils.translation import gettext_lazy as _

from samlas.archive.files import (
    DocumentType,
    format_size,
    validate_captions,
    validate_document,
    validate_video,
)
from samlas.core.counties import County
from samlas.events.models import Event, Theme
from samlas.organisations.models import ContactPerson, Organisation
from samlas.programme.models import Person, ProgrammeItem

# Events anyone may see (drafts stay with their organisers), as `Event.objects.public()`.
PUBLIC_EVENT_STATUSES = [status for status in Event.Status.values if status != Event.Status.DRAFT]


def _random_path(folder: str, filename: str) -> str:
    name = get_valid_filename(PurePath(filename).name)[-100:] or "fil"
    return f"{folder}/{uuid.uuid4().hex}/{name}"


def recording_upload_path(instance: models.Model, filename: str) -> str:
    return _random_path("recordings", filename)


def captions_upload_path(instance: models.Model, filename: str) -> str:
    return _random_path("captions", filename)


def document_upload_path(instance: models.Model, filename: str) -> str:
    return _random_path("documents", filename)


class Language(models.TextChoices):
    """Languages of recordings and caption tracks (BCP 47 codes for `<track srclang>`)."""

    SWEDISH = "sv", _("Swedish")
    ENGLISH = "en", _("English")
    FINNISH = "fi", _("Finnish")
    MEANKIELI = "fit", _("Meänkieli")
    NORTHERN_SAMI = "se", _("Northern Sami")
    ARABIC = "ar", _("Arabic")
    SOMALI = "so", _("Somali")
    PERSIAN = "fa", _("Persian")
    UKRAINIAN = "uk", _("Ukrainian")


class StandingBody(models.Model):
    """A body that outlives single events: a programme council, a regional network."""

    class Kind(models.TextChoices):
        COUNCIL = "council", _("council")
        NETWORK = "network", _("network")
        OTHER = "other", _("other")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.COUNCIL)
    summary = models.CharField(_("short summary"), max_length=300)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="standing_bodies",
        verbose_name=_("secretariat"),
        help_text=_(
            "The organisation that runs the body's secretariat. Its staff receive the "
            "messages sent through the contact form."
        ),
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="standing_bodies", verbose_name=_("focus areas")
    )
    events = models.ManyToManyField(
        Event, blank=True, related_name="standing_bodies", verbose_name=_("events")
    )
    contact_email = models.EmailField(
        _("contact e-mail"),
        blank=True,
        help_text=_("A shared mailbox that also receives the contact form's messages."),
    )
    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("standing body")
        verbose_name_plural = _("standing bodies")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("archive:body", kwargs={"slug": self.slug})


class BodyMember(models.Model):
    body = models.ForeignKey(
        StandingBody, on_delete=models.CASCADE, related_name="members", verbose_name=_("body")
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(
        _("role in the body"), max_length=100, blank=True, help_text=_("E.g. chair.")
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["body", "position", "pk"]
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self) -> str:
        return self.name


class Recording(models.Model):
    """A recorded lecture: a video file played here, or a link to a player elsewhere.

    Pre-recorded media must be accessible (the DOS law, WCAG 1.2.2): a recording is
    published with captions or a transcript, or with an explicit, recorded override.
    """

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="recordings", verbose_name=_("event")
    )
    item = models.ForeignKey(
        ProgrammeItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recordings",
        verbose_name=_("programme item"),
    )
    people = models.ManyToManyField(
        Person, blank=True, related_name="recordings", verbose_name=_("people")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(
        _("spoken language"), max_length=3, choices=Language.choices, default=Language.SWEDISH
    )
    video = models.FileField(
        _("video file"),
        upload_to=recording_upload_path,
        blank=True,
        max_length=300,
        validators=[validate_video],
        help_text=_("MP4 or WebM. Leave empty when the recording is elsewhere."),
    )
    external_url = models.URLField(
        _("address of an external player"),
        max_length=500,
        blank=True,
        help_text=_("Visitors follow a link to it; nothing from that site is loaded here."),
    )
    duration = models.DurationField(_("duration"), null=True, blank=True)
    transcript = models.TextField(
        _("transcript"), blank=True, help_text=_("Everything said, as text. Markdown.")
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_without_text_alternative = models.BooleanField(
        _("published without captions or transcript"),
        default=False,
        help_text=_("Set when someone chose to publish without them."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["event", "pk"]
        verbose_name = _("recording")
        verbose_name_plural = _("recordings")
        constraints = [
            models.CheckConstraint(
                condition=(Q(video="") & ~Q(external_url="")) | (~Q(video="") & Q(external_url="")),
                name="recording_one_source",
                violation_error_message=_(
                    "Give either a video file or the address of an external player, not both."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("archive:recording", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def video_mime_type(self) -> str:
        return "video/webm" if self.video.name.lower().endswith(".webm") else "video/mp4"


class Caption(models.Model):
    """One WebVTT track of a recording: captions (for the deaf) or subtitles (translation)."""

    class Kind(models.TextChoices):
        CAPTIONS = "captions", _("captions")
        SUBTITLES = "subtitles", _("subtitles")

    recording = models.ForeignKey(
        Recording, on_delete=models.CASCADE, related_name="captions", verbose_name=_("recording")
    )
    language = models.CharField(_("language"), max_length=3, choices=Language.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CAPTIONS)
    label = models.CharField(
        _("label"),
        max_length=100,
        blank=True,
        help_text=_("Shown in the player's menu. Leave empty to use the language's name."),
    )
    file = models.FileField(
        _("WebVTT file"),
        upload_to=captions_upload_path,
        max_length=300,
        validators=[validate_captions],
    )

    class Meta:
        ordering = ["recording", "pk"]
        verbose_name = _("caption track")
        verbose_name_plural = _("caption tracks")
        constraints = [
            models.UniqueConstraint(
                fields=["recording", "language", "kind"],
                name="caption_once_per_language_and_kind",
                violation_error_message=_(
                    "The recording already has this kind of track in this language."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["captions", "subtitles"]), name="caption_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.display_label

    @property
    def display_label(self) -> str:
        return self.label or capfirst(self.get_language_display())


class Document(models.Model):
    """A PDF or office file that belongs to exactly one event, programme item or body."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    file = models.FileField(
        _("file"), upload_to=document_upload_path, max_length=300, validators=[validate_document]
    )
    file_type = models.CharField(_("file type"), max_length=20, choices=DocumentType.choices)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("event"),
    )
    item = models.ForeignKey(
        ProgrammeItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("programme item"),
    )
    body = models.ForeignKey(
        StandingBody,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("standing body"),
    )
    is_published = models.BooleanField(_("published"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(event__isnull=False, item__isnull=True, body__isnull=True)
                    | Q(event__isnull=True, item__isnull=False, body__isnull=True)
                    | Q(event__isnull=True, item__isnull=True, body__isnull=False)
                ),
                name="document_exactly_one_owner",
                violation_error_message=_(
                    "A document belongs to exactly one event, programme item or body."
                ),
            ),
            models.CheckConstraint(
                condition=Q(file_type__in=DocumentType.values), name="document_file_type_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def type_and_size(self) -> str:
        """ "Pdf, 42 kB", as a link to a file should say what it leads to."""
        return f"{self.get_file_type_display()}, {format_size(self.size)}"


class LearningExample(models.Model):
    """A lärande exempel: what someone did, what came of it, and whom to ask."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("short summary"), max_length=400)
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="learning_examples", verbose_name=_("organisations")
    )
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    county = models.CharField(_("county"), max_length=2, choices=County.choices, blank=True)
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="learning_examples", verbose_name=_("themes")
    )
    what_was_done = models.TextField(_("what was done"), help_text=_("Markdown."))
    results = models.TextField(_("results"), blank=True, help_text=_("Markdown."))
    contact = models.ForeignKey(
        ContactPerson,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact person"),
    )
    events = models.ManyToManyField(
        Event,
        blank=True,
        related_name="learning_examples",
        verbose_name=_("presented at"),
    )
    body = models.ForeignKey(
        StandingBody,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="learning_examples",
        verbose_name=_("published by"),
    )
    website = models.URLField(_("read more at"), max_length=500, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-published_at", "title"]
        verbose_name = _("learning example")
        verbose_name_plural = _("learning examples")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("archive:example", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class ContactMessage(models.Model):
    """A message to a standing body's staff, sent through its public contact form."""

    body = models.ForeignKey(
        StandingBody, on_delete=models.CASCADE, related_name="messages", verbose_name=_("body")
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), max_length=254)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    message = models.TextField(_("message"), max_length=5000)
    proof_of_work = models.BooleanField(
        _("browser check passed"),
        default=False,
        help_text=_(
            "False when the sender's browser did not run the check (no JavaScript): such "
            "messages are kept here but not e-mailed."
        ),
    )
    language = models.CharField(_("language"), max_length=10, default="sv")
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")
        indexes = [models.Index(fields=["body", "created_at"], name="contact_body_created_idx")]

    def __str__(self) -> str:
        return f"{self.name} → {self.body}"


class PressRegistration(models.Model):
    """A journalist registered for an event; the event's press list."""

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="press_registrations",
        verbose_name=_("event"),
    )
    name = models.CharField(_("name"), max_length=200)
    media_outlet = models.CharField(_("media outlet"), max_length=200)
    email = models.EmailField(_("e-mail"), max_length=254)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(_("language"), max_length=10, default="sv")
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        ordering = ["event", "media_outlet", "name"]
        verbose_name = _("press registration")
        verbose_name_plural = _("press registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"], name="press_registration_once_per_event"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.media_outlet}"


class SearchKind(models.TextChoices):
    EVENT = "event", _("event")
    ITEM = "item", _("programme item")
    SEMINAR = "seminar", _("seminar")
    PERSON = "person", _("person")
    RECORDING = "recording", _("recording")
    DOCUMENT = "document", _("document")
    EXAMPLE = "example", _("learning example")
    BODY = "body", _("standing body")


class SearchEntry(models.Model):
    """One searchable thing, denormalised so that one table answers every search.

    Besides these columns, a vendor-specific migration adds the full-text machinery: on
    PostgreSQL generated `search_vector` and `title_vector` columns (Swedish configuration)
    with a GIN index; on SQLite an FTS5 table on the pre-stemmed columns, kept in step by
    triggers (docs/search.md). Title and body are TEXT so that their type never needs
    altering under PostgreSQL's generated columns.
    """

    Kind = SearchKind

    kind = models.CharField(_("kind"), max_length=10, choices=SearchKind.choices)
    object_id = models.PositiveBigIntegerField(_("object id"))
    title = models.TextField(_("title"))
    body = models.TextField(_("text"), blank=True)
    meta = models.CharField(_("context"), max_length=300, blank=True)
    url = models.CharField(_("address"), max_length=500)
    date = models.DateTimeField(_("date"), null=True, blank=True)
    is_public = models.BooleanField(_("public"), default=False)
    themes = models.ManyToManyField(Theme, blank=True, related_name="+", verbose_name=_("themes"))
    # Snowball stems without stop words, for SQLite's FTS5; empty on PostgreSQL, which stems
    # for itself (and reads a narrower table the faster).
    title_stems = models.TextField(blank=True, editable=False)
    body_stems = models.TextField(blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["kind", "object_id"]
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_once"),
            models.CheckConstraint(
                condition=Q(kind__in=SearchKind.values), name="search_entry_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


class SearchWord(models.Model):
    """Every word of the indexed texts (case-folded, no stop words) with its stem.

    A query word is looked up inside these words (a trigram index finds "brott" in
    "strömavbrott"), and the stems of the words found join the full-text query, so that
    compounds match without scanning the texts. Words are never removed: a word no entry
    contains any more only adds a term that matches nothing.
    """

    word = models.CharField(_("word"), max_length=100, unique=True)
    stem = models.CharField(_("stem"), max_length=100)

    class Meta:
        ordering = ["word"]
        verbose_name = _("search word")
        verbose_name_plural = _("search words")

    def __str__(self) -> str:
        return self.word
