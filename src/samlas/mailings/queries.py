"""Reads for messages to participants: who gets one, and how far the sending has come."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from samlas.events.models import Event
from samlas.mailings.emails import organiser_names, render_message
from samlas.mailings.models import SEMINAR_AUDIENCES, Audience, Campaign, ReminderSettings
from samlas.programme.models import Seminar
from samlas.registration.emails import RenderedEmail
from samlas.registration.models import OutboxMessage, Registration, SeminarChoice

Status = Registration.Status


def recipients(
    event: Event, audience: str, seminar: Seminar | None = None
) -> QuerySet[Registration]:
    """The registrations an audience means, ordered, with what the placeholders read."""
    registrations = Registration.objects.filter(event=event)
    if audience in SEMINAR_AUDIENCES:
        if seminar is None:
            return registrations.none()
        choice_status = (
            SeminarChoice.Status.CONFIRMED
            if audience == Audience.SEMINAR
            else SeminarChoice.Status.WAITING
        )
        registrations = registrations.filter(
            status=Status.CONFIRMED,
            choices__seminar=seminar,
            choices__status=choice_status,
        )
    elif audience == Audience.WAITING_LIST:
        registrations = registrations.filter(status=Status.WAITING)
    else:
        registrations = registrations.filter(status=Status.CONFIRMED)
    return (
        registrations.select_related("event__venue")
        .prefetch_related(
            Prefetch(
                "choices",
                queryset=SeminarChoice.objects.select_related("block", "seminar__room").order_by(
                    "block__start", "block_id"
                ),
            )
        )
        .order_by("pk")
    )


@dataclass(frozen=True)
class Progress:
    total: int
    sent: int
    pending: int
    failed: int

    @property
    def done(self) -> bool:
        return self.pending == 0

    @property
    def percent(self) -> int:
        return round(100 * (self.sent + self.failed) / self.total) if self.total else 100


def progress(campaign: Campaign) -> Progress:
    """Counted from the outbox in one query: the worker updates it as it sends."""
    counts = OutboxMessage.objects.filter(campaign_recipient__campaign=campaign).aggregate(
        sent=Count("pk", filter=Q(status=OutboxMessage.Status.SENT)),
        pending=Count("pk", filter=Q(status=OutboxMessage.Status.PENDING)),
        failed=Count("pk", filter=Q(status=OutboxMessage.Status.FAILED)),
    )
    return Progress(total=campaign.recipient_count, **counts)


def campaigns_for(event: Event) -> QuerySet[Campaign]:
    return (
        Campaign.objects.filter(event=event)
        .select_related("seminar", "created_by")
        .annotate(
            pending=Count(
                "recipients",
                filter=Q(recipients__message__status=OutboxMessage.Status.PENDING),
            ),
            failed=Count(
                "recipients",
                filter=Q(recipients__message__status=OutboxMessage.Status.FAILED),
            ),
        )
    )


def reminder_settings(event: Event) -> ReminderSettings | None:
    return ReminderSettings.objects.filter(event=event).first()


def reminder_sent(event: Event) -> Campaign | None:
    return Campaign.objects.filter(event=event, kind=Campaign.Kind.REMINDER).first()


@dataclass(frozen=True)
class Preview:
    count: int
    recipient: Registration | None
    email: RenderedEmail | None


def preview(
    event: Event, audience: str, seminar: Seminar | None, subject: str, body: str
) -> Preview:
    """The message as its first recipient would get it, and how many would get it."""
    registrations = recipients(event, audience, seminar)
    first = registrations.first()
    email = render_message(subject, body, first, organiser_names(event)) if first else None
    return Preview(count=registrations.count(), recipient=first, email=email)
