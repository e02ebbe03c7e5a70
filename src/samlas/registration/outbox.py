"""The e-mail outbox: written in the caller's transaction, delivered by a background task.

`queue()` stores the message beside the change it reports and, once that transaction has
committed, enqueues `tasks.send_outbox_message`. `deliver()` claims the message with a
lease (so two workers never send it twice at once), sends it with Django's mail API, and
on an SMTP or network error backs off exponentially and tries again. `flush_outbox` (the
management command) sends whatever is due, e.g. from cron after an outage. docs/email.md.
"""

import logging
import smtplib
from collections.abc import Iterable
from datetime import timedelta
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from samlas.events.ical import site_host
from samlas.registration.emails import RenderedEmail, registration_calendar
from samlas.registration.models import OutboxMessage, Registration

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
LEASE = timedelta(minutes=5)
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=2)

SENT = "sent"
RETRY = "retry"
FAILED = "failed"
SKIPPED = "skipped"


def backoff(attempts: int) -> timedelta:
    """1, 2, 4 … minutes after the 1st, 2nd, 3rd … failure, at most two hours."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


def queue(kind: str, email: RenderedEmail, registration: Registration | None) -> OutboxMessage:
    """Store a message in the current transaction; it is enqueued for sending on commit."""
    message = OutboxMessage.objects.create(
        kind=kind,
        registration=registration,
        to=email.to,
        subject=" ".join(email.subject.split()),
        text=email.text,
        html=email.html,
        attachments=email.attachments,
        next_attempt_at=timezone.now(),
        message_id=make_msgid(domain=site_host(settings.SITE_URL)),
    )
    transaction.on_commit(lambda: _enqueue(message.pk))
    return message


def queue_many(
    kind: str, emails: Iterable[tuple[RenderedEmail, Registration | None]]
) -> list[OutboxMessage]:
    """`queue` for many messages at once (e.g. an allocation telling everyone): one INSERT
    per batch instead of one per message, which matters inside a transaction holding locks."""
    now = timezone.now()
    domain = site_host(settings.SITE_URL)
    messages = OutboxMessage.objects.bulk_create(
        [
            OutboxMessage(
                kind=kind,
                registration=registration,
                to=email.to,
                subject=" ".join(email.subject.split()),
                text=email.text,
                html=email.html,
                attachments=email.attachments,
                next_attempt_at=now,
                message_id=make_msgid(domain=domain),
            )
            for email, registration in emails
        ],
        batch_size=500,
    )
    ids = [message.pk for message in messages]
    transaction.on_commit(lambda: [_enqueue(pk) for pk in ids])
    return messages


def _enqueue(message_id: int, run_after=None) -> None:
    # Imported here because tasks.py imports this module to do the work.
    from samlas.registration.tasks import send_outbox_message

    task = send_outbox_message
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return  # flush_outbox picks it up when it is due
        task = task.using(run_after=run_after)
    try:
        task.enqueue(message_id)
    except Exception:
        # The message is safe in the outbox; flush_outbox will send it. Never fail the
        # request that has already committed the registration.
        logger.exception("Could not enqueue outbox message %s", message_id)


def _claim(message_id: int) -> bool:
    now = timezone.now()
    return bool(
        OutboxMessage.objects.filter(
            pk=message_id, status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now
        ).update(attempts=F("attempts") + 1, next_attempt_at=now + LEASE)
    )


def _build(message: OutboxMessage) -> EmailMultiAlternatives:
    mail = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        headers={"Message-ID": message.message_id},
    )
    if message.html:
        mail.attach_alternative(message.html, "text/html")
    for attachment in message.attachments:
        content = attachment_content(attachment)
        if content is not None:
            mail.attach(attachment["filename"], content, attachment["mimetype"])
    return mail


def attachment_content(attachment: dict) -> str | None:
    """Stored content, or a calendar built now for `calendar_for` (a registration id): the
    .ics then shows the registration as it is when the message leaves, and building it is
    kept out of the request that queued the message."""
    if "calendar_for" in attachment:
        return registration_calendar(attachment["calendar_for"])
    return attachment["content"]


def deliver(message_id: int) -> str:
    """Send one message if it is due; returns "sent", "retry", "failed" or "skipped"."""
    if not _claim(message_id):
        return SKIPPED
    message = OutboxMessage.objects.get(pk=message_id)
    try:
        _build(message).send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as exc:
        # The server refuses the address itself: trying again will not help.
        _mark_failed(message, repr(exc))
        return FAILED
    except (smtplib.SMTPException, OSError) as exc:
        if message.attempts >= MAX_ATTEMPTS:
            _mark_failed(message, repr(exc))
            return FAILED
        retry_at = timezone.now() + backoff(message.attempts)
        OutboxMessage.objects.filter(pk=message.pk).update(
            next_attempt_at=retry_at, last_error=repr(exc)[:2000]
        )
        logger.warning("E-mail %s not sent (attempt %s): %r", message.pk, message.attempts, exc)
        _enqueue(message.pk, run_after=retry_at)
        return RETRY
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxMessage.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return SENT


def _mark_failed(message: OutboxMessage, error: str) -> None:
    logger.error("E-mail %s to %s failed for good: %s", message.pk, message.to, error)
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxMessage.Status.FAILED, last_error=error[:2000]
    )


def due_messages() -> list[int]:
    return list(
        OutboxMessage.objects.filter(
            status=OutboxMessage.Status.PENDING, next_attempt_at__lte=timezone.now()
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)
    )


def retry_failed() -> int:
    """Give failed messages a fresh set of attempts (after fixing the mail server)."""
    return OutboxMessage.objects.filter(status=OutboxMessage.Status.FAILED).update(
        status=OutboxMessage.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
    )


def send_now(message_ids: Iterable[int]) -> list[str]:
    """Send unsent messages at once, whatever their schedule (staff asked for it)."""
    ids = list(message_ids)
    OutboxMessage.objects.filter(pk__in=ids).exclude(status=OutboxMessage.Status.SENT).update(
        status=OutboxMessage.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    return [deliver(pk) for pk in ids]
