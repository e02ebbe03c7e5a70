"""Read models of operations: is this instance ready, and how much e-mail is waiting."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils import timezone

from samlas.ops.logs import redact
from samlas.ops.models import WorkerHeartbeat
from samlas.organisations.queries import event_ids_visible_to
from samlas.registration.models import OutboxMessage

PENDING = OutboxMessage.Status.PENDING
FAILED = OutboxMessage.Status.FAILED


def heartbeat_timeout() -> timedelta:
    """A worker that has not beaten for three intervals is taken for dead."""
    return timedelta(seconds=3 * settings.SAMLAS_WORKER_HEARTBEAT_SECONDS)


@dataclass(frozen=True)
class Readiness:
    database: bool
    workers: int  # task workers seen alive recently

    @property
    def ready(self) -> bool:
        return self.database and self.workers > 0


def readiness() -> Readiness:
    """Can this app server do its work: is the database answering, is a task worker alive?"""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        workers = workers_alive()
    except DatabaseError:
        return Readiness(database=False, workers=0)
    return Readiness(database=True, workers=workers)


def workers_alive(now: datetime | None = None) -> int:
    now = now or timezone.now()
    return WorkerHeartbeat.objects.filter(seen_at__gte=now - heartbeat_timeout()).count()


@dataclass(frozen=True)
class EventBacklog:
    event_id: int | None
    title: str
    pending: int
    retrying: int
    failed: int
    oldest_pending_at: datetime | None


@dataclass(frozen=True)
class OutboxBacklog:
    """E-mail not yet delivered. `retrying` is pending after a failed attempt (the mail
    server refused or could not be reached); `failed` gave up after the last attempt and
    needs `python -m samlas flush_outbox --retry-failed` once the cause is fixed."""

    pending: int
    retrying: int
    failed: int
    oldest_pending_at: datetime | None
    next_retry_at: datetime | None
    last_error: str
    per_event: list[EventBacklog] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.pending or self.failed)


def _counts() -> dict:
    retrying = Q(status=PENDING) & ~Q(last_error="")
    return {
        "pending": Count("pk", filter=Q(status=PENDING)),
        "retrying": Count("pk", filter=retrying),
        "failed": Count("pk", filter=Q(status=FAILED)),
        "oldest_pending_at": Min("created_at", filter=Q(status=PENDING)),
    }


def _messages_for(user) -> QuerySet[OutboxMessage]:
    messages = OutboxMessage.objects.all()
    if user is None or user.is_superuser:
        return messages
    # Imported here: the events app sits beside this one, not below it.
    from samlas.events.models import Event

    return messages.filter(registration__event__in=Event.objects.filter(event_ids_visible_to(user)))


def outbox_backlog(user=None) -> OutboxBacklog:
    """The outbox's undelivered e-mail: everything, or what concerns `user`'s events.

    Counts and times only, never an address; the last error is redacted.
    """
    messages = _messages_for(user)
    totals = messages.aggregate(
        **_counts(),
        next_retry_at=Min("next_attempt_at", filter=Q(status=PENDING) & ~Q(last_error="")),
    )
    last_error = (
        messages.filter(status__in=[PENDING, FAILED])
        .exclude(last_error="")
        .order_by("-next_attempt_at", "-pk")
        .values_list("last_error", flat=True)
        .first()
    )
    rows = (
        messages.filter(status__in=[PENDING, FAILED])
        .values("registration__event_id")
        .annotate(title=Max("registration__event__title"), **_counts())
        .order_by("registration__event_id")
    )
    per_event = [
        EventBacklog(
            event_id=row["registration__event_id"],
            title=row["title"] or "",
            pending=row["pending"],
            retrying=row["retrying"],
            failed=row["failed"],
            oldest_pending_at=row["oldest_pending_at"],
        )
        for row in rows
    ]
    return OutboxBacklog(
        pending=totals["pending"],
        retrying=totals["retrying"],
        failed=totals["failed"],
        oldest_pending_at=totals["oldest_pending_at"],
        next_retry_at=totals["next_retry_at"],
        last_error=redact(last_error or ""),
        per_event=per_event,
    )
