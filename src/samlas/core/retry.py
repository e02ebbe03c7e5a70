"""Retrying background work with exponential back-off, through Django's tasks API.

Shared by everything that talks to the outside world from the worker (webhooks; the e-mail
outbox follows the same rule): the row that describes the work is the truth, the task only
says "look at it now". So a task that cannot be enqueued, or a backend that cannot defer,
loses nothing: a catch-up command (`flush_outbox`, `dispatch_webhooks`) picks the row up
when it is due.
"""

import logging
from datetime import datetime, timedelta
from typing import Any

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
