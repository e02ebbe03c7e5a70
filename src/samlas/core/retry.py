"""Retrying background work with exponential back-off, through Django's tasks API.

Shared by everything that talks to the outside world from the worker (webhooks; the e-mail
outbox follows the same rule): the row that describes the work is the truth, the task only
says "look at it now". So a task that cannot be enqueued, or a backend that cannot defer,
loses nothing: a catch-up command (`flush_outbox`, `dispatch_webhooks`) picks the row up
when it is due.
"""

import logging
import threading
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

logger = logging.getLogger(__name__)


def backoff(
    attempts: int,
    first: timedelta = timedelta(minutes=1),
    longest: timedelta = timedelta(hours=2),
) -> timedelta:
    """`first`, then twice, four times … as long after each failure, at most `longest`."""
    return min(first * 2 ** max(attempts - 1, 0), longest)


def enqueue(task: Any, *args: Any, run_after: datetime | None = None) -> bool:
    """Enqueue `task(*args)`, at `run_after` if given; False if it could not be.

    Never raises: callers have already committed the row the task works on, and must not fail
    the request that did so because the queue is unavailable.
    """
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return False  # the catch-up command sends it when it is due
        task = task.using(run_after=run_after)
    try:
        task.enqueue(*args)
    except Exception:
        logger.exception("Could not enqueue %s%r", getattr(task, "name", task), args)
        return False
    return True


class Coalesced:
    """One deferred run of a task for many triggers in this process.

    `trigger()` enqueues the task `delay` from now unless a run this process enqueued has
    not started yet: that run starts after the trigger and must act on every row due when
    it starts (all outbox e-mail due, all webhook deliveries due). So a burst costs one task
    per `delay` instead of one per change. A backend that cannot defer runs it every time.
    Correct across app servers with NTP-synchronised clocks; the worker's sweeps and the
    catch-up commands are the backstop.
    """

    def __init__(self, task_path: str, delay: timedelta) -> None:
        self.task_path = task_path
        self.delay = delay
        self._lock = threading.Lock()
        self._until: datetime | None = None

    def trigger(self) -> None:
        from django.utils.module_loading import import_string

        task = import_string(self.task_path)  # tasks import the modules that trigger them
        now = timezone.now()
        with self._lock:
            if self._until is not None and now < self._until:
                return
            run_after = now + self.delay
            if enqueue(task, run_after=run_after):
                self._until = run_after
                return
        enqueue(task)

    def forget(self) -> None:
        """Enqueue afresh at the next trigger (a promised run may not come: tests, resets)."""
        with self._lock:
            self._until = None
