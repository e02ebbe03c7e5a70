"""The task worker's additions: reconnecting after a database outage, the outbox sweep."""

from datetime import timedelta

import pytest
from django.db import OperationalError
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker

from samlas.ops import services, worker
from samlas.registration import outbox
from samlas.registration.emails import RenderedEmail
from samlas.registration.models import OutboxMessage

pytestmark = pytest.mark.django_db


def _message(n: int) -> OutboxMessage:
    email = RenderedEmail(to=f"deltagare{n}@example.se", subject="Hej", text="Hej!", html="")
    return outbox.queue(OutboxMessage.Kind.CONFIRMATION, email, None)


def test_the_sweep_sends_only_what_has_been_due_too_long(settings, mailoutbox):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    lost, queued, unqueued, fresh = (_message(n) for n in range(4))
    now = timezone.now()
    # The task of `lost` went with a killed worker: its lease ran out two minutes ago.
    OutboxMessage.objects.filter(pk=lost.pk).update(
        attempts=1, next_attempt_at=now - timedelta(minutes=2)
    )
    # Never tried: `queued` waits behind a long queue, `unqueued`'s task was never made.
    OutboxMessage.objects.filter(pk=queued.pk).update(next_attempt_at=now - timedelta(minutes=2))
    OutboxMessage.objects.filter(pk=unqueued.pk).update(next_attempt_at=now - timedelta(minutes=11))
    assert services.sweep_outbox(grace=timedelta(seconds=60)) == {"sent": 2}
    sent = {m.extra_headers["Message-ID"] for m in mailoutbox}
    assert sent == {lost.message_id, unqueued.message_id}
    # The others are left to their own tasks.
    assert set(OutboxMessage.objects.filter(status="pending")) == {queued, fresh}
    assert services.sweep_outbox(grace=timedelta(seconds=60)) == {}


def test_the_worker_waits_for_the_database_instead_of_dying(monkeypatch):
    calls = []

    def run(self):
        calls.append("run")
        if calls.count("run") < 3:
            raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr(Worker, "run", run)
    monkeypatch.setattr(worker.time, "sleep", lambda seconds: calls.append(seconds))
    resilient = worker.ResilientWorker(
        queue_names=["*"],
        interval=1,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="w",
        excluded_queue_names=[],
    )
    resilient.run()
    assert calls == ["run", 1, "run", 2, "run"]  # waits longer each time, then recovers
