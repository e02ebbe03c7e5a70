"""E-mail through the outbox to a real SMTP server: content, retries, the worker."""

import time
from datetime import timedelta

import icalendar
import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from samlas.programme.models import Block
from samlas.registration import outbox, queries, services
from samlas.registration.exceptions import EventFull
from samlas.registration.models import OutboxMessage, Registration
from tests.registration.conftest import build_event, person

FCFS = Block.ChoiceMode.FIRST_COME
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

pytestmark = pytest.mark.django_db


def _event(**kwargs):
    return build_event(capacity=10, blocks=[(FCFS, [5, 5]), (FCFS, [5])], **kwargs)


def _register_one(s=None) -> tuple[Registration, object]:
    s = s or _event()
    choices = {s.blocks[0].pk: s.seminars(0)[1].pk, s.blocks[1].pk: s.seminars(1)[0].pk}
    return services.register(s.event, person(1), choices, idempotency_key="1"), s


def test_the_confirmation_reaches_the_smtp_server_in_swedish_with_calendar_and_link(
    smtp_sink, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    s = _event()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        registration, s = _register_one(s)
    assert smtp_sink.messages == []  # nothing is sent before the transaction commits
    enqueue = [c for c in callbacks if c == outbox.sending.trigger]
    assert len(enqueue) == 1
    enqueue[0]()
    (message,) = smtp_sink.messages
    assert message["To"] == "deltagare1@example.se"
    # Long non-ASCII subjects are folded; unfolding leaves a leading space, as in any client.
    assert message["Subject"].strip() == f"Bekräftelse på anmälan: {s.event.title}"
    stored = OutboxMessage.objects.get(registration=registration)
    assert message["Message-ID"] == stored.message_id
    assert (stored.status, stored.attempts) == (OutboxMessage.Status.SENT, 1)
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert text.startswith("Hej Deltagare 1,")
    assert "Din plats på evenemanget är bekräftad" in text
    assert "Miniseminarium 1.2 (plats bekräftad)" in text
    assert '<html lang="sv">' in html and "<h1>" in html
    link = services.manage_url(registration)
    assert link in text and f'href="{link}"' in html
    assert queries.registration_for_token(link.rstrip("/").split("/")[-1]) == registration
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == f"{s.event.slug}.ics"
    assert attachment.get_content_type() == "text/calendar"
    calendar = icalendar.Calendar.from_ical(attachment.get_content())
    summaries = sorted(str(e["SUMMARY"]) for e in calendar.walk("VEVENT"))
    assert summaries == sorted(
        [
            s.event.title,
            f"Miniseminarium 1.2 ({s.event.title})",
            f"Miniseminarium 2.1 ({s.event.title})",
        ]
    )
    block_entry = next(e for e in calendar.walk("VEVENT") if "1.2" in str(e["SUMMARY"]))
    assert block_entry.decoded("DTSTART") == s.blocks[0].start


def test_english_registrants_get_english_e_mail(smtp_sink):
    s = build_event()
    registration = services.register(s.event, person(1), idempotency_key="1", language="en")
    outbox.deliver(OutboxMessage.objects.get(registration=registration).pk)
    (message,) = smtp_sink.messages
    assert message["Subject"].strip() == f"Registration confirmed: {s.event.title}"
    assert message.get_body(("plain",)).get_content().startswith("Hello Deltagare 1,")


def test_nothing_is_queued_or_enqueued_when_the_registration_fails(
    smtp_sink, django_capture_on_commit_callbacks
):
    s = build_event(capacity=0, waiting_list=False)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(EventFull):
        services.register(s.event, person(1), idempotency_key="1")
    assert callbacks == []
    assert not OutboxMessage.objects.exists()
    assert smtp_sink.messages == []


def test_an_smtp_error_is_retried_with_back_off_until_it_goes_through(smtp_sink):
    registration, _s = _register_one()
    message = OutboxMessage.objects.get(registration=registration)
    smtp_sink.refuse()
    before = timezone.now()
    assert outbox.deliver(message.pk) == outbox.RETRY
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxMessage.Status.PENDING, 1)
    assert "451" in message.last_error
    assert before + timedelta(seconds=59) < message.next_attempt_at < before + timedelta(minutes=2)
    assert outbox.deliver(message.pk) == outbox.SKIPPED  # not due yet
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert outbox.deliver(message.pk) == outbox.RETRY
    message.refresh_from_db()
    assert message.next_attempt_at > timezone.now() + timedelta(seconds=110)  # doubled
    smtp_sink.refuse(False)
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    call_command("flush_outbox")
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == ("sent", 3, "")
    assert len(smtp_sink.messages) == 1


def test_a_message_that_keeps_failing_is_marked_failed_and_can_be_revived(smtp_sink, capsys):
    registration, _s = _register_one()
    message = OutboxMessage.objects.get(registration=registration)
    smtp_sink.refuse()
    for _ in range(outbox.MAX_ATTEMPTS):
        OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
        outbox.deliver(message.pk)
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxMessage.Status.FAILED, outbox.MAX_ATTEMPTS)
    smtp_sink.refuse(False)
    call_command("flush_outbox")
    assert smtp_sink.messages == []
    call_command("flush_outbox", "--retry-failed")
    assert "sent: 1" in capsys.readouterr().out
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT


def test_a_dead_mail_server_is_a_retry_not_a_crash(settings):
    registration, _s = _register_one()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    message = OutboxMessage.objects.get(registration=registration)
    assert outbox.deliver(message.pk) == outbox.RETRY
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.PENDING and message.last_error


def _run_worker_when_due(task: DBTaskResult) -> None:
    time.sleep(max((task.run_after - timezone.now()).total_seconds(), 0) + 0.05)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_the_db_worker_sends_what_the_registration_enqueued(smtp_sink):
    # A real commit (the worker closes connections, which a test transaction cannot survive).
    registration, _s = _register_one()
    task = DBTaskResult.objects.get()
    assert task.task_path == "samlas.registration.tasks.send_due_outbox"
    assert task.run_after >= task.enqueued_at + outbox.SEND_DUE_DELAY * 0.9
    _run_worker_when_due(task)
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert [m["To"] for m in smtp_sink.messages] == ["deltagare1@example.se"]
    message = OutboxMessage.objects.get(registration=registration)
    assert (message.status, message.rendered) == ("sent", True)
    assert services.manage_url(registration) in message.text


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_registrations_shares_one_task_that_sends_them_all(smtp_sink, monkeypatch):
    monkeypatch.setattr(outbox.sending, "delay", timedelta(seconds=3))  # a burst, surely
    s = _event()
    choices = {s.blocks[0].pk: s.seminars(0)[0].pk, s.blocks[1].pk: s.seminars(1)[0].pk}
    for n in range(1, 6):
        services.register(s.event, person(n), choices, idempotency_key=str(n))
    task = DBTaskResult.objects.get()
    _run_worker_when_due(task)
    assert sorted(m["To"] for m in smtp_sink.messages) == [
        f"deltagare{n}@example.se" for n in range(1, 6)
    ]
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}


def test_a_message_is_written_from_the_registration_as_it_is_when_sent(smtp_sink):
    registration, _s = _register_one()
    services.change_answers(registration, {**person(1), "name": "Ändrat Namn"})
    message = OutboxMessage.objects.filter(registration=registration).earliest("pk")
    assert outbox.deliver(message.pk) == outbox.SENT
    message.refresh_from_db()
    assert message.text.startswith("Hej Ändrat Namn,")
    assert smtp_sink.messages[0]["To"] == "deltagare1@example.se"


def test_a_message_whose_registration_is_gone_fails_without_sending(smtp_sink):
    registration, _s = _register_one()
    message = OutboxMessage.objects.get(registration=registration)
    registration.delete()
    assert outbox.deliver(message.pk) == outbox.FAILED
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.FAILED and not smtp_sink.messages
