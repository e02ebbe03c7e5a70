"""Registrations, their seminar choices, and the rows that keep seats from being overbooked.

Thin models: fields, named constraints and small properties. Every state change is in
`services.py` (see docs/registration.md); the locking rules are in docs/locking.md.

Capacity lives twice on purpose. Organisers edit `RegistrationSettings.capacity` and
`Seminar.capacity`; the services copy them into the counter rows `EventSeatStripe` and
`SeminarSeats`, which they lock before seating anyone and which carry the named
CheckConstraints that make the database refuse an overbooking the code might miss.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from samlas.core.counties import County
from samlas.events.models import Event
from samlas.programme.models import Block, Seminar


class FieldMode(models.TextChoices):
    OFF = "off", _("not asked")
    OPTIONAL = "optional", _("optional")
    REQUIRED = "required", _("required")


class LawfulBasis(models.TextChoices):
    """The legal grounds for processing (GDPR art. 6.1) stated on the registration form."""

    PUBLIC_TASK = "public_task", _("task carried out in the public interest")
    CONTRACT = "contract", _("contract")
    LEGITIMATE_INTEREST = "legitimate_interest", _("legitimate interest")
    LEGAL_OBLIGATION = "legal_obligation", _("legal obligation")
    CONSENT = "consent", _("consent")


class Sector(models.TextChoices):
    MUNICIPALITY = "municipality", _("municipality")
    REGION = "region", _("region")
    COUNTY_BOARD = "county_board", _("county administrative board")
    POLICE = "police", _("police")
    STATE_AGENCY = "state_agency", _("other state agency")
    SCHOOL = "school", _("school")
    HEALTHCARE = "healthcare", _("health and social care")
    CIVIL_SOCIETY = "civil_society", _("civil society")
    BUSINESS = "business", _("business")
    POLITICIAN = "politician", _("elected representative")
    OTHER = "other", _("other")


def _field_mode(label: str, default: str = FieldMode.OFF) -> models.CharField:
    return models.CharField(label, max_length=10, choices=FieldMode.choices, default=default)


class RegistrationSettings(models.Model):
    """How an event takes registrations: capacity, what is asked, and why.

    When registration opens and closes is on the event (`Event.registration_opens` /
    `registration_closes`); an event without settings takes no registrations.
    """

    event = models.OneToOneField(
        Event,
        on_delete=models.CASCADE,
        related_name="registration_settings",
        verbose_name=_("event"),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Number of places at the event. Leave empty for no limit."),
    )
    waiting_list = models.BooleanField(
        _("waiting list"),
        default=True,
        help_text=_(
            "When the event or a seminar is full, registrants may join a waiting list; a freed "
            "place goes at once to the first in line."
        ),
    )
    seminar_choice_required = models.BooleanField(
        _("a seminar must be chosen in every block"), default=True
    )
    organisation = _field_mode(_("organisation"), FieldMode.REQUIRED)
    title = _field_mode(_("job title"), FieldMode.OPTIONAL)
    sector = _field_mode(_("sector"), FieldMode.OPTIONAL)
    municipality = _field_mode(_("municipality"))
    county = _field_mode(_("county"))
    phone = _field_mode(_("phone"))
    invoice_details = _field_mode(
        _("invoice details (organisation number, Peppol ID or reference)")
    )
    dietary_needs = _field_mode(_("dietary needs"))
    allergies = _field_mode(_("allergies"))
    accessibility_needs = _field_mode(_("accessibility needs"))
    lawful_basis = models.CharField(
        _("lawful basis"),
        max_length=30,
        choices=LawfulBasis.choices,
        default=LawfulBasis.PUBLIC_TASK,
    )
    purpose_text = models.TextField(
        _("purpose of processing"),
        help_text=_(
            "Shown on the form: why the details are collected, who sees them and when they "
            "are erased."
        ),
    )
    confirmation_text = models.TextField(_("extra text in the confirmation e-mail"), blank=True)

    class Meta:
        verbose_name = _("registration settings")
        verbose_name_plural = _("registration settings")

    def __str__(self) -> str:
        return str(self.event)


class Question(models.Model):
    """A custom question on an event's registration form."""

    class Kind(models.TextChoices):
        TEXT = "text", _("text")
        SINGLE = "single", _("single choice")
        MULTIPLE = "multiple", _("multiple choice")
        YES_NO = "yes_no", _("yes or no")

    settings = models.ForeignKey(
        RegistrationSettings,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("registration settings"),
    )
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TEXT)
    required = models.BooleanField(_("required"), default=False)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["settings", "position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text

    @property
    def has_options(self) -> bool:
        return self.kind in {self.Kind.SINGLE, self.Kind.MULTIPLE}


class QuestionOption(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="options", verbose_name=_("question")
    )
    text = models.CharField(_("option"), max_length=200)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["question", "position", "pk"]
        verbose_name = _("option")
        verbose_name_plural = _("options")

    def __str__(self) -> str:
        return self.text


class ConsentOption(models.Model):
    """An optional consent for an extra (photos, newsletter…); never pre-ticked."""

    settings = models.ForeignKey(
        RegistrationSettings,
        on_delete=models.CASCADE,
        related_name="consents",
        verbose_name=_("registration settings"),
    )
    text = models.TextField(_("text"))
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        help_text=_("Raised automatically when the text changes; each consent records it."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["settings", "position", "pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return self.text[:80]


class EventSeatStripe(models.Model):
    """One of the rows an event's seats are spread over (docs/locking.md).

    A registration takes an event seat from whichever stripe is free (skipping those
    another transaction holds), so a rush does not queue behind one row that stays locked
    until each commit is on disk. Whoever needs the exact count (a full event, a
    cancellation, a changed capacity) locks all the stripes in order and sees their sum.
    """

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="seat_stripes", verbose_name=_("event")
    )
    stripe = models.PositiveSmallIntegerField(_("stripe"))
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    confirmed = models.PositiveIntegerField(_("confirmed"), default=0)
    total = models.PositiveIntegerField(
        _("event capacity"),
        null=True,
        blank=True,
        help_text=_("The organiser's capacity when the seats were last spread over the stripes."),
    )

    class Meta:
        verbose_name = _("event seat stripe")
        verbose_name_plural = _("event seat stripes")
        ordering = ["event", "stripe"]
        constraints = [
            models.UniqueConstraint(fields=["event", "stripe"], name="event_seat_stripe_once"),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(confirmed__lte=F("capacity")),
                name="event_seats_not_overbooked",
            ),
            models.CheckConstraint(
                condition=Q(confirmed__gte=0), name="event_seats_confirmed_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} #{self.stripe}: {self.confirmed}/{self.capacity or '∞'}"


class SeminarSeats(models.Model):
    """A seminar's seat counter, locked after the event's in ascending seminar id."""

    seminar = models.OneToOneField(
        Seminar,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="registration_seats",
        verbose_name=_("seminar"),
    )
    capacity = models.PositiveIntegerField(_("capacity"))
    confirmed = models.PositiveIntegerField(_("confirmed"), default=0)

    class Meta:
        verbose_name = _("seminar seat counter")
        verbose_name_plural = _("seminar seat counters")
        constraints = [
            models.CheckConstraint(
                condition=Q(confirmed__lte=F("capacity")), name="seminar_seats_not_overbooked"
            ),
            models.CheckConstraint(
                condition=Q(confirmed__gte=0), name="seminar_seats_confirmed_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.seminar}: {self.confirmed}/{self.capacity}"


class Registration(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting e-mail confirmation")
        CONFIRMED = "confirmed", _("confirmed")
        WAITING = "waiting", _("on the waiting list")
        CANCELLED = "cancelled", _("cancelled")

    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("event")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), max_length=254)
    email_normalised = models.CharField(_("e-mail (normalised)"), max_length=254, editable=False)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    title = models.CharField(_("job title"), max_length=200, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    county = models.CharField(_("county"), max_length=2, choices=County.choices, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    organisation_number = models.CharField(_("organisation number"), max_length=11, blank=True)
    peppol_id = models.CharField(_("Peppol ID"), max_length=60, blank=True)
    invoice_reference = models.CharField(_("invoice reference"), max_length=100, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=settings.LANGUAGES, default="sv"
    )
    idempotency_key = models.CharField(_("idempotency key"), max_length=64, blank=True)
    link_secret = models.CharField(
        _("link secret"),
        max_length=32,
        editable=False,
        help_text=_("Random; a new one makes every link sent before stop working."),
    )
    link_sent_at = models.DateTimeField(_("link sent"), null=True, blank=True)
    queued_at = models.DateTimeField(
        _("joined the waiting list"), null=True, blank=True, db_index=True
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    # Arrival at the event (registration/checkin.py); staff may undo a mistaken check-in.
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked in by"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["event", "created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email_normalised"],
                condition=~Q(status="cancelled"),
                name="registration_email_once_per_event",
            ),
            models.UniqueConstraint(
                fields=["event", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="registration_idempotency_key_once",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "confirmed", "waiting", "cancelled"]),
                name="registration_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="waiting") | Q(queued_at__isnull=False),
                name="registration_waiting_has_queue_time",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status", "queued_at"], name="registration_queue_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.CANCELLED


class HealthInformation(models.Model):
    """Diet, allergies and accessibility needs: health data (GDPR art. 9).

    Kept apart from the registration so that it is shown only to roles with the
    `registration.view_health_data` permission, left out of general exports, and erased first.
    """

    registration = models.OneToOneField(
        Registration,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="health",
        verbose_name=_("registration"),
    )
    dietary_needs = models.TextField(_("dietary needs"), max_length=1000, blank=True)
    allergies = models.TextField(_("allergies"), max_length=1000, blank=True)
    accessibility_needs = models.TextField(_("accessibility needs"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("health information")
        verbose_name_plural = _("health information")
        permissions = [
            ("view_health_data", _("Can view health data (diet, allergies, accessibility)")),
        ]

    def __str__(self) -> str:
        return str(self.registration)

    @property
    def is_empty(self) -> bool:
        return not (self.dietary_needs or self.allergies or self.accessibility_needs)


class Answer(models.Model):
    """The answer to a custom question: text, a bool, an option id or a list of option ids."""

    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("registration"),
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    value = models.JSONField(_("answer"))

    class Meta:
        ordering = ["registration", "question__position", "question__pk"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "question"], name="answer_once_per_question"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.value}"


class ConsentRecord(models.Model):
    """A consent given, with the exact text and version the registrant saw."""

    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="consents",
        verbose_name=_("registration"),
    )
    consent = models.ForeignKey(
        ConsentOption,
        on_delete=models.SET_NULL,
        null=True,
        related_name="records",
        verbose_name=_("consent"),
    )
    text = models.TextField(_("text shown"))
    version = models.PositiveIntegerField(_("version"))
    given_at = models.DateTimeField(_("given"))
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["registration", "given_at", "pk"]
        verbose_name = _("consent given")
        verbose_name_plural = _("consents given")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "consent"],
                condition=Q(withdrawn_at__isnull=True),
                name="consent_record_once_while_given",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class SeminarChoice(models.Model):
    """The seminar a registrant takes in a first-come-first-served block."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        WAITING = "waiting", _("on the waiting list")
        REQUESTED = "requested", _("requested")

    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="choices",
        verbose_name=_("registration"),
    )
    block = models.ForeignKey(
        Block, on_delete=models.PROTECT, related_name="choices", verbose_name=_("block")
    )
    seminar = models.ForeignKey(
        Seminar, on_delete=models.PROTECT, related_name="choices", verbose_name=_("seminar")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    queued_at = models.DateTimeField(_("joined the waiting list"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["registration", "block__start", "block__pk"]
        verbose_name = _("seminar choice")
        verbose_name_plural = _("seminar choices")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "block"], name="seminar_choice_once_per_block"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["confirmed", "waiting", "requested"]),
                name="seminar_choice_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="waiting") | Q(queued_at__isnull=False),
                name="seminar_choice_waiting_has_queue_time",
            ),
        ]
        indexes = [
            models.Index(
                fields=["seminar", "status", "queued_at"], name="seminar_choice_queue_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration}: {self.seminar}"


class SeminarPreference(models.Model):
    """One ranked seminar in a ranked block; seats come from the allocation."""

    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="preferences",
        verbose_name=_("registration"),
    )
    block = models.ForeignKey(
        Block, on_delete=models.PROTECT, related_name="preferences", verbose_name=_("block")
    )
    seminar = models.ForeignKey(
        Seminar, on_delete=models.PROTECT, related_name="preferences", verbose_name=_("seminar")
    )
    rank = models.PositiveSmallIntegerField(_("rank"))

    class Meta:
        ordering = ["registration", "block__start", "block__pk", "rank"]
        verbose_name = _("seminar preference")
        verbose_name_plural = _("seminar preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "block", "rank"], name="seminar_preference_rank_once"
            ),
            models.UniqueConstraint(
                fields=["registration", "seminar"], name="seminar_preference_seminar_once"
            ),
            models.CheckConstraint(
                condition=Q(rank__gte=1), name="seminar_preference_rank_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration}: {self.rank}. {self.seminar}"


class RegistrationLogEntry(models.Model):
    """One entry per action: what, who, when, on what (feeds the audit log and history)."""

    class Action(models.TextChoices):
        REGISTERED = "registered", _("registered")
        EMAIL_CONFIRMED = "email_confirmed", _("confirmed the e-mail address")
        ANSWERS_CHANGED = "answers_changed", _("changed details")
        CHOICES_CHANGED = "choices_changed", _("changed seminar choices")
        CANCELLED = "cancelled", _("cancelled")
        PROMOTED = "promoted", _("got a place from the waiting list")
        SEMINAR_PROMOTED = "seminar_promoted", _("got a seminar seat from the waiting list")
        LINK_SENT = "link_sent", _("was sent a new link")
        DATA_EXPORTED = "data_exported", _("exported their data")
        CHECKED_IN = "checked_in", _("checked in")
        CHECK_IN_UNDONE = "check_in_undone", _("check-in undone")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registration_log", verbose_name=_("event")
    )
    registration = models.ForeignKey(
        Registration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="log_entries",
        verbose_name=_("registration"),
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
        help_text=_("Empty when the registrant acted through their link, or the system did."),
    )
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("registration log entry")
        verbose_name_plural = _("registration log entries")
        indexes = [models.Index(fields=["event", "created_at"], name="registration_log_event_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()}"


class OutboxMessage(models.Model):
    """An e-mail written in the same transaction as the change it reports (docs/email.md)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        # Not sent because the event was cancelled before it left (outbox.withdraw_for).
        WITHDRAWN = "withdrawn", _("withdrawn")

    class Kind(models.TextChoices):
        CONFIRMATION = "confirmation", _("confirmation")
        CONFIRM_EMAIL = "confirm_email", _("please confirm the e-mail address")
        WAITING_LIST = "waiting_list", _("on the waiting list")
        PROMOTED = "promoted", _("place from the waiting list")
        SEMINAR_PROMOTED = "seminar_promoted", _("seminar seat from the waiting list")
        CHANGED = "changed", _("registration changed")
        CANCELLED = "cancelled", _("cancellation")
        LINK = "link", _("new link")
        CAMPAIGN = "campaign", _("message from the organiser")
        REMINDER = "reminder", _("reminder")
        # Staff accounts (samlas.backoffice.accounts): not about a registration.
        STAFF_INVITATION = "staff_invitation", _("invitation to a staff account")
        PASSWORD_RESET = "password_reset", _("link to choose a new password")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    registration = models.ForeignKey(
        Registration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("registration"),
    )
    to = models.EmailField(_("to"), max_length=254)
    subject = models.CharField(_("subject"), max_length=300)
    text = models.TextField(_("plain text"), blank=True)
    html = models.TextField(_("HTML"), blank=True)
    attachments = models.JSONField(
        _("attachments"),
        default=list,
        blank=True,
        help_text=_(
            'A list of {"filename", "mimetype", "content"}; "calendar_for": a registration id '
            "instead of content builds its calendar file when the message is sent."
        ),
    )
    rendered = models.BooleanField(
        _("rendered"),
        default=True,
        help_text=_(
            "Unticked: the text is written from the registration as it is when the message is sent."
        ),
    )
    reason = models.TextField(
        _("reason"), blank=True, help_text=_("Written into the message when it is rendered.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"))
    last_error = models.TextField(_("last error"), blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "sent", "failed", "withdrawn"]),
                name="outbox_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx")]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"
