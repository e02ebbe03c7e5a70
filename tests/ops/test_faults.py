"""Faults injected for real, fast versions (bench/faults.py runs the long ones).

1. The task worker is SIGKILLed while sending e-mail (200 here, 500 in the benchmark).
3. The mail server is down for a while.
(2, PostgreSQL restarted during a rush, is in test_database_restart.py.)

The delivery guarantee under test: every message in the outbox is delivered at least once,
and a message is delivered twice only if its worker died between the mail server accepting
it and the outbox recording that (a window of milliseconds); the second copy carries the
same Message-ID, by which mail systems, and the sink here, recognise it.
"""

import time

import pytest
from django.db import transaction

from samlas.ops.queries import outbox_backlog
from samlas.registration import outbox
from samlas.registration.emails import RenderedEmail
from samlas.registration.models import OutboxMessage
from tests.ops.harness import SmtpSink, wait_for, worker

pytestmark = pytest.mark.django_db(transaction=True)


def queue_messages(count: int) -> set[str]:
    """`count` e-mails in the outbox, queued as the registration services queue them."""
    with transaction.atomic():
        return {
            outbox.queue(
                OutboxMessage.Kind.CONFIRMATION,
                RenderedEmail(
                    to=f"deltagare{n}@example.se",
                    subject=f"Bekräftelse på anmälan {n}",
                    text="Hej! Din plats är bekräftad.",
                    html="",
                ),
                None,
            ).message_id
            for n in range(count)
        }


def unsent():
    return OutboxMessage.objects.exclude(status=OutboxMessage.Status.SENT)


def log_tail(*paths) -> str:
    return "\n".join(p.read_text()[-2000:] for p in paths if p.exists())


def test_a_killed_worker_loses_no_email_and_sends_none_twice(process_env, logs):
    sink = SmtpSink(delay=0.004).up()
    env = {
        **process_env,
        "EMAIL_URL": sink.url,
        "SAMLAS_OUTBOX_SWEEP_SECONDS": "1",
        "SAMLAS_WORKER_HEARTBEAT_SECONDS": "1",
    }
    expected = queue_messages(200)
    first = worker(env, logs / "first.log", lease=2).start()
    second = worker(env, logs / "second.log", lease=2)
    try:
        wait_for(lambda: len(sink.received()) >= 60, 90, what="60 e-mails")
        first.kill()  # SIGKILL, in the middle of the run
        delivered_before_restart = len(sink.unique())
        assert delivered_before_restart < 200, "the worker was killed too late to matter"
        second.start()
        wait_for(lambda: sink.unique() >= expected, 90, what="every e-mail")
        # A message the killed worker had handed to the mail server but not yet marked
        # sent is sent again when its lease runs out: wait until the outbox is empty.
        wait_for(lambda: not unsent().exists(), 60, what="the outbox to be empty")
        time.sleep(0.5)  # a message sent twice would have arrived by now
    finally:
        first.kill()
        second.stop()
        sink.down()
    assert sink.unique() == expected, log_tail(logs / "first.log", logs / "second.log")
    assert sink.duplicates() <= 1  # at most the one in flight when the worker died


def test_email_waits_while_the_mail_server_is_down_and_all_goes_when_it_returns(process_env, logs):
    sink = SmtpSink()  # not listening yet: connection refused
    env = {**process_env, "EMAIL_URL": sink.url, "SAMLAS_WORKER_HEARTBEAT_SECONDS": "1"}
    expected = queue_messages(40)
    # Retries after 1, 2, 4, 4 … s instead of 1, 2, 4 … minutes.
    process = worker(env, logs / "worker.log", first_retry=1, longest_retry=4).start()
    try:
        wait_for(
            lambda: outbox_backlog().retrying == 40,
            60,
            what="every message to be retrying",
        )
        backlog = outbox_backlog()
        # What organisers see on /organisera/drift/ during the outage.
        assert (backlog.pending, backlog.failed) == (40, 0)
        assert "refused" in backlog.last_error.lower()
        assert backlog.next_retry_at is not None
        time.sleep(1.5)  # more retries against the closed port
        assert sink.received() == []
        sink.up()
        wait_for(lambda: sink.unique() >= expected, 60, what="every e-mail after the outage")
        time.sleep(0.5)
    finally:
        process.stop()
        sink.down()
    assert sink.unique() == expected, log_tail(logs / "worker.log")
    assert sink.duplicates() == 0
    assert outbox_backlog().empty
    attempts = OutboxMessage.objects.values_list("attempts", flat=True)
    assert min(attempts) >= 2  # each was tried during the outage, then delivered
