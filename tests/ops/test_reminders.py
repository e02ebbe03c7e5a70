"""Reminders without cron: the task worker's own sweep sends an event's reminder once it is
due, and only once, however many workers sweep the same database at the same moment.

Two real worker processes (`python -m samlas db_worker`, as `serve` and `make demo` start
it) against a real SMTP sink, and two threads meeting at a barrier inside the worker's
reminder step; both run in the PostgreSQL run of the suite as well as on SQLite.
"""

import threading
import time

import pytest
from django.db import connection

from samlas.mailings import services as mailings
from samlas.mailings.models import Campaign, CampaignRecipient
from samlas.ops import worker as ops_worker
from samlas.registration import services as registration_services
from samlas.registration.models import OutboxMessage
from tests.ops.harness import SmtpSink, wait_for, worker
from tests.registration.conftest import build_event, person

pytestmark = pytest.mark.django_db(transaction=True)
PARTICIPANTS = 12


def event_with_due_reminder(participants: int = PARTICIPANTS):
    """A published event in 30 days with `participants` confirmed and a reminder set 40
    days before: due already. The confirmations count as sent (not under test)."""
    setup = build_event(capacity=100)
    for n in range(participants):
        registration_services.register(
            setup.event, person(n), idempotency_key=f"reminder-{setup.event.pk}-{n}"
        )
    OutboxMessage.objects.update(status=OutboxMessage.Status.SENT)
    mailings.save_reminder_settings(
        setup.event, {**mailings.default_reminder(), "days_before": 40}, actor=None
    )
    return setup.event


def reminders():
    return OutboxMessage.objects.filter(kind=OutboxMessage.Kind.REMINDER)


def test_two_workers_send_everyone_one_reminder_without_cron(process_env, logs):
    event = event_with_due_reminder()
    sink = SmtpSink().up()
    env = {
        **process_env,
        "EMAIL_URL": sink.url,
        "SAMLAS_REMINDER_SWEEP_SECONDS": "1",
        "SAMLAS_WORKER_HEARTBEAT_SECONDS": "1",
    }
    workers = [worker(env, logs / f"worker{n}.log") for n in range(2)]
    try:
        for process in workers:
            process.start()
        wait_for(lambda: reminders().count() == PARTICIPANTS, 90, what="the reminders")
        expected = set(reminders().values_list("message_id", flat=True))
        wait_for(lambda: sink.unique() >= expected, 60, what="every reminder to arrive")
        time.sleep(3)  # several more sweeps by both workers: nothing more may come
        for process in workers:
            assert process.alive(), (logs / "worker0.log").read_text()[-3000:]
    finally:
        for process in workers:
            process.stop()
        sink.down()
    assert Campaign.objects.filter(event=event, kind=Campaign.Kind.REMINDER).count() == 1
    assert reminders().count() == PARTICIPANTS
    assert sink.unique() == expected and sink.duplicates() == 0
    per_person = reminders().values_list("registration_id", flat=True)
    assert len(set(per_person)) == PARTICIPANTS  # one each, nobody twice
    assert not reminders().exclude(status=OutboxMessage.Status.SENT).exists()


def test_two_workers_reminding_at_the_same_moment_send_it_once(monkeypatch):
    event = event_with_due_reminder(participants=5)
    # Writing the recipients takes a while here, so the second worker certainly arrives
    # while the first one's transaction is still open.
    queue_all = mailings._queue_all

    def slow_queue_all(campaign, registrations):
        time.sleep(0.3)
        return queue_all(campaign, registrations)

    monkeypatch.setattr(mailings, "_queue_all", slow_queue_all)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def sweep() -> None:
        heartbeat = ops_worker.Heartbeat(f"test-{threading.get_ident()}")
        try:
            barrier.wait()
            heartbeat.remind()
        except BaseException as exc:  # every failure is reported
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    [campaign] = Campaign.objects.filter(event=event, kind=Campaign.Kind.REMINDER)
    assert campaign.recipient_count == 5
    assert CampaignRecipient.objects.filter(campaign=campaign).count() == 5
    assert reminders().count() == 5


def test_a_broken_reminder_does_not_hold_back_the_others(monkeypatch, caplog):
    broken, fine = event_with_due_reminder(participants=1), event_with_due_reminder(2)
    render = mailings.render_message

    def render_or_fail(subject, body, registration, organisers):
        if registration.event_id == broken.pk:
            raise RuntimeError("a bug in one event's reminder")
        return render(subject, body, registration, organisers)

    monkeypatch.setattr(mailings, "render_message", render_or_fail)
    sent = mailings.send_due_reminders()
    assert [campaign.event_id for campaign in sent] == [fine.pk]
    assert not Campaign.objects.filter(event=broken).exists()  # tried again next round
    assert "could not be sent" in caplog.text


def test_the_worker_sends_due_reminders_by_itself_and_survives_a_failed_round(
    settings, monkeypatch, caplog
):
    event = event_with_due_reminder(participants=2)
    settings.SAMLAS_REMINDER_SWEEP_SECONDS = 1
    rounds, send = [], mailings.send_due_reminders

    def send_due_reminders():
        rounds.append(time.monotonic())
        if len(rounds) == 1:
            raise RuntimeError("a bug in the first round")
        return send()

    monkeypatch.setattr(ops_worker.mailings, "send_due_reminders", send_due_reminders)
    heartbeat = ops_worker.Heartbeat("by-itself")
    heartbeat.start()
    try:
        wait_for(
            lambda: Campaign.objects.filter(event=event, kind="reminder").exists(),
            15,
            what="the worker's reminder round",
        )
    finally:
        heartbeat.stop()
    assert len(rounds) >= 2 and "reminders failed" in caplog.text
    assert reminders().count() == 2
