"""Sending messages to participants and the automatic reminder: one transaction each.

A campaign and every recipient's outbox message are written in one transaction
(docs/email.md): the worker sends them afterwards, and the campaign's page reads progress
from the outbox. The reminder is a campaign of its own kind, unique per event in the
database, so it is sent once however many times `send_due_reminders` runs, even at once
(docs/mailings.md).
"""

import logging
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samlas.core import audit
from samlas.events.models import Event
from samlas.mailings import placeholders, queries
from samlas.mailings.emails import organiser_names, render_message
from samlas.mailings.models import (
    REMINDER_DAYS_MAX,
    SEMINAR_AUDIENCES,
    Audience,
    Campaign,
    CampaignRecipient,
    ReminderSettings,
)
from samlas.programme.models import Seminar
from samlas.registration import outbox
from samlas.registration.models import OutboxMessage

logger = logging.getLogger(__name__)

REMINDER_FIELDS = ["days_before", "subject", "body"]


def validate_message(subject: str, body: str) -> None:
    errors = {}
    for name, text in (("subject", subject), ("body", body)):
        try:
            placeholders.validate(text)
        except ValidationError as error:
            errors[name] = error.error_list
    if errors:
        raise ValidationError(errors)


def _check_audience(event: Event, audience: str, seminar: Seminar | None) -> None:
    if audience not in Audience.values:
        raise ValidationError({"audience": _("Choose who the message is for.")})
    if audience in SEMINAR_AUDIENCES and seminar is None:
        raise ValidationError({"seminar": _("Choose the seminar.")})
    if seminar is not None and seminar.block.event_id != event.pk:
        raise ValidationError({"seminar": _("Choose a seminar of this event.")})


def _queue_all(campaign: Campaign, registrations) -> int:
    organisers = organiser_names(campaign.event)
    kind = (
        OutboxMessage.Kind.REMINDER
        if campaign.kind == Campaign.Kind.REMINDER
        else OutboxMessage.Kind.CAMPAIGN
    )
    rows = []
    for registration in registrations.iterator(chunk_size=500):
        email = render_message(campaign.subject, campaign.body, registration, organisers)
        message = outbox.queue(kind, email, registration)
        rows.append(
            CampaignRecipient(campaign=campaign, registration=registration, message=message)
        )
    CampaignRecipient.objects.bulk_create(rows, batch_size=500)
    return len(rows)


@transaction.atomic
def send_campaign(
    event: Event,
    *,
    audience: str,
    subject: str,
    body: str,
    seminar: Seminar | None = None,
    actor,
    idempotency_key: str = "",
) -> Campaign:
    """E-mail everyone in `audience` (one outbox message each) and log it. A retry with
    the same `idempotency_key` returns the campaign already sent, sending nothing.
    Raises ValidationError (per field) for unknown placeholders, a missing seminar or
    nobody to send to."""
    key = str(idempotency_key)[:64]
    if key:
        existing = Campaign.objects.filter(event=event, idempotency_key=key).first()
        if existing is not None:
            return existing
    _check_audience(event, audience, seminar)
    validate_message(subject, body)
    registrations = queries.recipients(event, audience, seminar)
    if not registrations.exists():
        raise ValidationError({"audience": _("Nobody is in this group: nothing was sent.")})
    try:
        with transaction.atomic():
            campaign = Campaign.objects.create(
                event=event,
                audience=audience,
                seminar=seminar if audience in SEMINAR_AUDIENCES else None,
                subject=subject,
                body=body,
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
                idempotency_key=key,
            )
    except IntegrityError:
        # The same form was sent twice at once; the other request sends it.
        return Campaign.objects.get(event=event, idempotency_key=key)
    campaign.recipient_count = _queue_all(campaign, registrations)
    campaign.save(update_fields=["recipient_count"])
    audit.record(
        actor,
        audit.Action.CREATED,
        campaign,
        event_id=event.pk,
        data={
            "kind": campaign.kind,
            "audience": audience,
            "seminar": seminar.pk if campaign.seminar_id else None,
            "recipients": campaign.recipient_count,
        },
    )
    return campaign


# --- The reminder ------------------------------------------------------------------------


def default_reminder() -> dict[str, str]:
    """The text offered when an organiser first sets up the reminder."""
    return {
        "subject": _("Reminder: {evenemang}"),
        "body": _(
            "Hello {namn},\n\nWelcome to {evenemang}, {datum}, at {plats}.\n\n"
            "Your seminars:\n{seminarier}\n\n"
            "If you cannot come, please cancel so that someone on the waiting list gets your "
            "place: {min_anmalan_lank}\n\nWelcome!"
        ),
    }


@transaction.atomic
def save_reminder_settings(event: Event, values: Mapping[str, Any], *, actor) -> ReminderSettings:
    """Create or change the event's reminder (`days_before` None: no reminder)."""
    validate_message(values.get("subject", ""), values.get("body", ""))
    row = ReminderSettings.objects.select_for_update().filter(event=event).first()
    creating = row is None
    row = row or ReminderSettings(event=event)
    changed = {
        name: str(values[name])
        for name in REMINDER_FIELDS
        if name in values and getattr(row, name, None) != values[name]
    }
    for name in REMINDER_FIELDS:
        if name in values:
            setattr(row, name, values[name])
    row.full_clean(exclude=["event"])
    row.save()
    audit.record(
        actor,
        audit.Action.CREATED if creating else audit.Action.CHANGED,
        row,
        event_id=event.pk,
        data={"fields": changed},
    )
    return row


def reminder_due_at(row: ReminderSettings) -> datetime | None:
    """When the reminder leaves: `days_before` whole days before the event starts."""
    if row.days_before is None:
        return None
    return row.event.start - timedelta(days=row.days_before)


def due_reminders(now: datetime) -> list[ReminderSettings]:
    """Reminders whose time has come, for published events that have not started and have
    no reminder sent yet."""
    rows = (
        ReminderSettings.objects.filter(
            days_before__isnull=False,
            event__status=Event.Status.PUBLISHED,
            event__start__gt=now,
            event__start__lte=now + timedelta(days=REMINDER_DAYS_MAX),
        )
        .exclude(event__campaigns__kind=Campaign.Kind.REMINDER)
        .select_related("event")
        .order_by("event__start", "pk")
    )
    return [row for row in rows if reminder_due_at(row) <= now]


def _send_reminder(row: ReminderSettings) -> Campaign | None:
    try:
        with transaction.atomic():
            campaign = Campaign.objects.create(
                event=row.event,
                kind=Campaign.Kind.REMINDER,
                audience=Audience.CONFIRMED,
                subject=row.subject,
                body=row.body,
            )
            campaign.recipient_count = _queue_all(
                campaign, queries.recipients(row.event, Audience.CONFIRMED)
            )
            campaign.save(update_fields=["recipient_count"])
            audit.record(
                None,
                audit.Action.CREATED,
                campaign,
                event_id=row.event_id,
                data={"kind": campaign.kind, "recipients": campaign.recipient_count},
            )
    except IntegrityError:
        # Another run sent this event's reminder a moment ago (campaign_one_reminder_per_event).
        return None
    return campaign


def send_due_reminders(now: datetime | None = None) -> list[Campaign]:
    """Send every reminder that is due (one transaction per event); safe to run as often
    and in as many processes as you like: an event's reminder is only ever sent once."""
    now = now or timezone.now()
    sent = []
    for row in due_reminders(now):
        try:
            campaign = _send_reminder(row)
        except DatabaseError:
            raise  # the database is away: the whole round waits for the next
        except Exception:
            # One event's broken reminder must not hold back the others'.
            logger.exception("Reminder for event %s could not be sent", row.event_id)
            continue
        if campaign is not None:
            sent.append(campaign)
            logger.info(
                "Reminder for event %s queued to %s", row.event_id, campaign.recipient_count
            )
    return sent
