"""State changes of operations: worker heartbeats and the outbox sweep."""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from samlas.ops.models import DailyJob, WorkerHeartbeat
from samlas.registration import outbox
from samlas.registration.models import OutboxMessage

# Rows of workers gone this long are deleted (a killed worker cannot delete its own).
FORGET_DEAD_WORKERS_AFTER = timedelta(hours=1)
SWEEP_BATCH = 500
NEVER_TRIED_GRACE_FACTOR = 10


def record_heartbeat(worker_id: str, hostname: str, pid: int, started_at: datetime) -> None:
    """The worker is alive now."""
    now = timezone.now()
    with transaction.atomic():
        WorkerHeartbeat.objects.update_or_create(
            worker_id=worker_id,
            defaults={"hostname": hostname, "pid": pid, "started_at": started_at, "seen_at": now},
        )
        WorkerHeartbeat.objects.filter(seen_at__lt=now - FORGET_DEAD_WORKERS_AFTER).delete()


def remove_heartbeat(worker_id: str) -> None:
    """The worker stops cleanly: it no longer counts as alive."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def sweep_outbox(grace: timedelta) -> dict[str, int]:
    """Send outbox messages whose task was lost.

    Every message normally has a task queued that sends it the moment it is due. A task can
    be lost: its worker was killed mid-send (the message's lease then expires, but the
    task stays "running" for ever), or enqueueing failed after the commit. Such a message
    is still pending and overdue: by more than `grace` after an attempt (a lease or a retry
    that ran out), by more than ten times `grace` when never tried (its task may just be
    waiting behind a long queue, which the sweep should not race). Sending it here is safe
    beside the regular tasks because `outbox.deliver` claims a message atomically, so no
    message is sent twice at once.
    """
    now = timezone.now()
    overdue = list(
        OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING)
        .filter(
            Q(attempts__gte=1, next_attempt_at__lte=now - grace)
            | Q(attempts=0, next_attempt_at__lte=now - NEVER_TRIED_GRACE_FACTOR * grace)
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    results: dict[str, int] = {}
    for message_id in overdue:
        result = outbox.deliver(message_id)
        results[result] = results.get(result, 0) + 1
    return results


DAILY_LEASE = timedelta(hours=1)


def claim_daily(name: str, now: datetime | None = None) -> bool:
    """Claim a daily job's run if it is due: True for exactly one worker, whichever asks
    first (a conditional UPDATE, as the outbox claims a message). The claim is a lease: a run
    that fails or whose worker dies is claimed again when DAILY_LEASE has passed. A job never
    run before is due at once."""
    now = now or timezone.now()
    DailyJob.objects.bulk_create([DailyJob(name=name, next_run_at=now)], ignore_conflicts=True)
    due = DailyJob.objects.filter(name=name, next_run_at__lte=now)
    return bool(due.update(next_run_at=now + DAILY_LEASE))


def finish_daily(name: str, hour: int, now: datetime | None = None) -> datetime:
    """After a run: the job is next due tomorrow at `hour` o'clock, local time."""
    tomorrow = timezone.localtime(now or timezone.now()) + timedelta(days=1)
    due = tomorrow.replace(hour=hour, minute=0, second=0, microsecond=0)
    DailyJob.objects.filter(name=name).update(next_run_at=due)
    return due
