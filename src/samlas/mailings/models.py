"""Messages organisers send to an event's participants, and the automatic reminder.

Thin models (services.py does the work; docs/mailings.md). Each recipient's e-mail is an
`OutboxMessage` queued in the same transaction as the campaign, so a campaign the organiser
saw accepted has every message queued; `CampaignRecipient` ties them together so progress
(sent, waiting, failed) is read from the outbox itself.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samlas.events.models import Event
from samlas.programme.models import Seminar
from samlas.registration.models import OutboxMessage, Registration


class Audience(models.TextChoices):
    CONFIRMED = "confirmed", _("all confirmed participants")
    SEMINAR = "seminar", _("the participants with a seat in one seminar")
    WAITING_LIST = "waiting_list", _("the event's waiting list")
    SEMINAR_WAITING_LIST = "seminar_waiting_list", _("the waiting list of one seminar")


SEMINAR_AUDIENCES = frozenset({Audience.SEMINAR, Audience.SEMINAR_WAITING_LIST})
REMINDER_DAYS_MAX = 60


class Campaign(models.Model):
    """One message to a group of registrants: written by staff, or the reminder."""

    class Kind(models.TextChoices):
        MESSAGE = "message", _("message")
        REMINDER = "reminder", _("reminder")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="campaigns", verbose_name=_("event")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MESSAGE)
    audience = models.CharField(_("recipients"), max_length=20, choices=Audience.choices)
    seminar = models.ForeignKey(
        Seminar,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("seminar"),
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), max_length=10000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
        help_text=_("Empty for the automatic reminder."),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    recipient_count = models.PositiveIntegerField(_("number of recipients"), default=0)
    idempotency_key = models.CharField(_("idempotency key"), max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("message to participants")
        verbose_name_plural = _("messages to participants")
        constraints = [
            # The reminder is sent once per event, however many workers or cron runs try.
            models.UniqueConstraint(
                fields=["event"],
                condition=Q(kind="reminder"),
                name="campaign_one_reminder_per_event",
            ),
            # A double click on "Send" sends once.
            models.UniqueConstraint(
                fields=["event", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="campaign_idempotency_key_once",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["message", "reminder"]), name="campaign_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(
                    audience__in=["confirmed", "seminar", "waiting_list", "seminar_waiting_list"]
                ),
                name="campaign_audience_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.subject


class CampaignRecipient(models.Model):
    """One registrant's copy of a campaign: its outbox message tells whether it has left."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="recipients", verbose_name=_("message")
    )
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="+", verbose_name=_("registration")
    )
    # Erasing a registrant's data deletes their outbox messages, and this row with them.
    message = models.OneToOneField(
        OutboxMessage,
        on_delete=models.CASCADE,
        related_name="campaign_recipient",
        verbose_name=_("e-mail"),
    )

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "registration"], name="campaign_recipient_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign}: {self.registration_id}"


class ReminderSettings(models.Model):
    """The automatic reminder: how many days before the event, and what it says."""

    event = models.OneToOneField(
        Event, on_delete=models.CASCADE, related_name="reminder_settings", verbose_name=_("event")
    )
    days_before = models.PositiveSmallIntegerField(
        _("days before the event"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(REMINDER_DAYS_MAX)],
        help_text=_("Leave empty to send no reminder."),
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), max_length=10000)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.CheckConstraint(
                condition=Q(days_before__isnull=True)
                | Q(days_before__gte=1, days_before__lte=REMINDER_DAYS_MAX),
                name="reminder_days_before_in_range",
            ),
        ]

    def __str__(self) -> str:
        return str(self.event)
