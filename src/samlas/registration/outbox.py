"""The e-mail outbox: written in the caller's transaction, delivered by a background task.

`queue()` / `queue_for()` store the message beside the change it reports and, once that
transaction has committed, make sure a task will send it: one `tasks.send_due_outbox` run
a moment later covers every message its process committed until then (`retry.Coalesced`:
a rush does not pay one task row and one extra commit per registration). `deliver()`
claims the message with a lease (so two workers never send it twice at once), renders it
if need be, sends it with Django's mail API, and on an SMTP or network error backs off
exponentially and tries again. `flush_outbox` (the management command) sends whatever is
due, e.g. from cron after an outage. docs/email.md.
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

from samlas.core import retry
from samlas.core.retry import Coalesced
from samlas.events.ical import site_host
from samlas.events.models import Event
from samlas.registration.emails import (
    RenderedEmail,
    registration_calendar,
    render_current,
    subject_for,
)
from samlas.registration.models import OutboxMessage, Registration

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
LEASE = timedelta(minutes=5)
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=2)

# How long after the first message a deferred "send what is due" task runs: the delay
# before e-mail leaves under a rush, and the window whose messages share one task.
SEND_DUE_DELAY = timedelta(milliseconds=500)
# Queued messages are sent by one `send_due_outbox` run per SEND_DUE_DELAY and process.
sending = Coalesced("samlas.registration.tasks.send_due_outbox", SEND_DUE_DELAY)

SENT = "sent"
RETRY = "retry"
FAILED = "failed"
SKIPPED = "skipped"


def backoff(attempts: int) -> timedelta:
    """1, 2, 4 … minutes after the 1st, 2nd, 3rd … failure, at most two hours."""
    return retry.backoff(attempts, FIRST_RETRY, LONGEST_RETRY)


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
    transaction.on_commit(sending.trigger)
    return message


def queue_for(kind: str, registration: Registration, *, reason: str = "") -> OutboxMessage:
    """Store a registration e-mail whose text is rendered when it is sent (`render`): only
    the address and subject are written now."""
    message = OutboxMessage.objects.create(
        kind=kind,
        registration=registration,
        to=registration.email,
        subject=subject_for(kind, registration),
        rendered=False,
        reason=reason,
        next_attempt_at=timezone.now(),
        message_id=make_msgid(domain=site_host(settings.SITE_URL)),
    )
    transaction.on_commit(sending.trigger)
    return message


# What a registration's own e-mail may say that a cancellation makes untrue: a place, a
# queue, a change, an address to confirm. The organiser's own messages (campaigns and
# reminders) are theirs to judge, and a new link still shows the cancelled registration.
UNTRUE_ONCE_CANCELLED = (
    OutboxMessage.Kind.CONFIRMATION,
    OutboxMessage.Kind.CONFIRM_EMAIL,
    OutboxMessage.Kind.WAITING_LIST,
    OutboxMessage.Kind.PROMOTED,
    OutboxMessage.Kind.SEMINAR_PROMOTED,
    OutboxMessage.Kind.CHANGED,
)


def withdraw_for(event: Event) -> int:
    """Withdraw the event's unsent registration e-mails that the cancellation makes untrue,
    pending or failed, so that none arrives after the cancellation e-mail (say while the
    mail server is down, or once failed messages are retried); returns how many. Called
    under the event's row lock, which every service that queues such a message takes
    (docs/locking.md). A worker that has claimed one checks again before sending it."""
    return OutboxMessage.objects.filter(
        registration__event=event,
        status__in=[OutboxMessage.Status.PENDING, OutboxMessage.Status.FAILED],
        kind__in=UNTRUE_ONCE_CANCELLED,
    ).update(status=OutboxMessage.Status.WITHDRAWN)


def render(message: OutboxMessage) -> OutboxMessage | None:
    """Write a `queue_for` message's text, HTML and attachments from its registration as it
    is now, and store them (a retry then sends the same words); None if the registration
    no longer exists. A message rendered already is returned as it is."""
    if message.rendered:
        return message
    registration = (
        Registration.objects.select_related("event__venue")
        .filter(pk=message.registration_id)
        .first()
    )
    if registration is None:
        return None
    email = render_current(message.kind, registration, reason=message.reason)
    message.subject, message.text, message.html = email.subject, email.text, email.html
    message.attachments, message.rendered = email.attachments, True
    message.save(update_fields=["subject", "text", "html", "attachments", "rendered"])
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
    transaction.on_commit(sending.trigger)
    return messages


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
    message = render(OutboxMessage.objects.get(pk=message_id))
    if message is None:
        _mark_failed(OutboxMessage.objects.get(pk=message_id), "The registration was deleted.")
        return FAILED
    if not OutboxMessage.objects.filter(
        pk=message_id, status=OutboxMessage.Status.PENDING
    ).exists():
        return SKIPPED  # withdrawn while it was claimed (an event cancelled meanwhile)
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
        from samlas.registration.tasks import send_outbox_message  # tasks imports this module

        # Without a backend that defers, flush_outbox or the worker's sweep sends it when due.
        retry.enqueue(send_outbox_message, message.pk, run_after=retry_at)
        return RETRY
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxMessage.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return SENT


def _mark_failed(message: OutboxMessage, error: str) -> None:
    logger.error("E-mail %s to %s failed for good: %s", message.pk, message.to, error)
    OutboxMessage.objects.filter(pk=message.pk, status=OutboxMessage.Status.PENDING).update(
        status=OutboxMessage.Status.FAILED, last_error=error[:2000]
    )


def deliver_due() -> dict[str, int]:
    """Send every message that is due; how many were sent, retried, failed or skipped."""
    results: dict[str, int] = {}
    for message_id in due_messages():
        result = deliver(message_id)
        results[result] = results.get(result, 0) + 1
    return results


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
    """Send unsent messages at once, whatever their schedule (staff asked for it); withdrawn
    ones stay withdrawn."""
    ids = list(message_ids)
    OutboxMessage.objects.filter(
        pk__in=ids, status__in=[OutboxMessage.Status.PENDING, OutboxMessage.Status.FAILED]
    ).update(status=OutboxMessage.Status.PENDING, attempts=0, next_attempt_at=timezone.now())
    return [deliver(pk) for pk in ids]
