"""The task worker as production needs it: survives database restarts, says it is alive.

django-tasks-db's worker stops with a traceback when the database goes away for a moment
(only "database is locked" is retried), and an idle worker leaves no trace anywhere. Here
the worker waits and reconnects instead, with back-off; one side thread writes a heartbeat
row every SAMLAS_WORKER_HEARTBEAT_SECONDS (read by /readyz), another every
SAMLAS_OUTBOX_SWEEP_SECONDS sends outbox e-mail whose task was lost (`sweep_outbox`), and a
third every SAMLAS_REMINDER_SWEEP_SECONDS sends the events' reminders that have come due
(`mailings.services.send_due_reminders`), and a fourth runs the daily retention run
(`privacy.services.purge`) once a day at SAMLAS_RETENTION_HOUR, so that no cron job is
needed. Each worker runs its own; the reminder's unique constraint lets one of them send an
event's reminder, once, and `services.claim_daily` lets one of them run the purge.
"""

import logging
import os
import socket
import threading
import time
from contextlib import suppress
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker

from samlas.mailings import services as mailings
from samlas.ops import services
from samlas.privacy import services as privacy

RETENTION_JOB = "purge_personal_data"

logger = logging.getLogger(__name__)
LONGEST_WAIT = 30  # seconds between reconnection attempts, at most


class ResilientWorker(Worker):
    def run(self) -> None:
        wait = 1
        while True:
            began = time.monotonic()
            try:
                return super().run()
            except (OperationalError, InterfaceError) as exc:
                if not self.running:
                    return None
                if time.monotonic() - began > 60:
                    wait = 1  # it had recovered: a new outage starts the back-off afresh
                logger.warning(
                    "Database unavailable (%s); the worker retries in %s s",
                    type(exc).__name__,
                    wait,
                )
                connections.close_all()
                time.sleep(wait)
                wait = min(wait * 2, LONGEST_WAIT)


class Heartbeat:
    """Side threads until stopped: one beats, one sweeps the outbox, one sends due reminders,
    one runs the daily retention run (a long sweep must not delay a beat, nor a big reminder
    the outbox sweep). A database error only skips a round."""

    def __init__(self, worker_id: str) -> None:
        self.worker_id = worker_id
        self.hostname = socket.gethostname()[:255]
        self.started_at = timezone.now()
        self.stopped = threading.Event()
        self.threads = [
            self._every(settings.SAMLAS_WORKER_HEARTBEAT_SECONDS, self.beat, "heartbeat"),
            self._every(settings.SAMLAS_OUTBOX_SWEEP_SECONDS, self.sweep, "outbox sweep"),
            self._every(settings.SAMLAS_REMINDER_SWEEP_SECONDS, self.remind, "reminders"),
            self._every(settings.SAMLAS_RETENTION_SWEEP_SECONDS, self.retain, "retention"),
        ]

    def _every(self, seconds: float, action, name: str) -> threading.Thread:
        def loop() -> None:
            try:
                while not self.stopped.is_set():
                    try:
                        action()
                    except DatabaseError as exc:
                        logger.warning(
                            "%s skipped, database unavailable: %s", name, type(exc).__name__
                        )
                        connections.close_all()
                    except Exception:
                        # A bug in one round (say, one event's reminder) must not end the
                        # thread: the next round tries again, and the log says why.
                        logger.exception("%s failed", name)
                    self.stopped.wait(seconds)
            finally:
                connections.close_all()  # this thread's own connection

        return threading.Thread(target=loop, name=f"{name} {self.worker_id}", daemon=True)

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def beat(self) -> None:
        services.record_heartbeat(self.worker_id, self.hostname, os.getpid(), self.started_at)

    def sweep(self) -> None:
        grace = timedelta(seconds=settings.SAMLAS_OUTBOX_SWEEP_SECONDS)
        swept = services.sweep_outbox(grace=grace)
        if swept:
            logger.warning("Outbox sweep sent e-mail whose task was lost: %s", swept)

    def remind(self) -> None:
        sent = mailings.send_due_reminders()
        if sent:
            logger.info("Reminders queued for %s event(s)", len(sent))

    def retain(self) -> None:
        if not services.claim_daily(RETENTION_JOB):
            return
        report = privacy.purge()
        services.finish_daily(RETENTION_JOB, settings.SAMLAS_RETENTION_HOUR)
        logger.info("Retention run: %s", report)

    def stop(self) -> None:
        self.stopped.set()
        for thread in self.threads:
            thread.join(timeout=5)
        # If the database is away, the row goes stale and stops counting by itself.
        with suppress(DatabaseError):
            services.remove_heartbeat(self.worker_id)
