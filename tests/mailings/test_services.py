"""Messages to participants: the right recipients, one outbox message each in the same
transaction, progress read from the outbox, the audit entry; and the reminder, sent once
when due (time travel by passing `now`), from the service, the task and the command."""

import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from samlas.core.models import AuditLogEntry
from samlas.events.models import Event
from samlas.mailings import queries, services, tasks
from samlas.mailings.models import Audience, Campaign, CampaignRecipient, ReminderSettings
from samlas.programme.models import Block
from samlas.registration import outbox
from samlas.registration import services as registration_services
from samlas.registration.models import OutboxMessage
from tests.registration.conftest import build_event, person

FCFS = Block.ChoiceMode.FIRST_COME


@pytest.fixture
def setup(db):
    """Three confirmed (two in seminar A, one in B, whose seat is full), one on the event's
    waiting list, one on seminar A's waiting list... and one who cancelled."""
    setup = build_event(capacity=4, blocks=[(FCFS, [2, 1])])
    block = setup.blocks[0]
    a, b = setup.seminars()
    for n, seminar in [(1, a), (2, a), (3, b), (4, b), (5, a), (6, a)]:
        registration_services.register(
            setup.event,
            person(n),
            {block.pk: seminar.pk},
            idempotency_key=f"mailings-{setup.event.pk}-{n}",
            language="en" if n == 2 else "sv",
        )
    cancelled = registration_services.register(
        setup.event, person(7), {block.pk: b.pk}, idempotency_key=f"m-{setup.event.pk}-7"
    )
    registration_services.cancel(cancelled)
    OutboxMessage.objects.all().delete()  # the confirmations are not under test
    setup.staff = get_user_model().objects.create_user("redaktor")
    return setup


def names(registrations) -> list[str]:
    return sorted(r.name for r in registrations)


def test_audiences(setup):
    a, b = setup.seminars()
    event = setup.event
    # Capacity 4: 1-4 confirmed; 5 and 6 on the event waiting list. Seminar B (1 seat)
    # seats 3, so 4 waits for it.
    assert names(queries.recipients(event, Audience.CONFIRMED)) == [
        "Deltagare 1",
        "Deltagare 2",
        "Deltagare 3",
        "Deltagare 4",
    ]
    assert names(queries.recipients(event, Audience.SEMINAR, a)) == ["Deltagare 1", "Deltagare 2"]
    assert names(queries.recipients(event, Audience.SEMINAR, b)) == ["Deltagare 3"]
    assert names(queries.recipients(event, Audience.SEMINAR_WAITING_LIST, b)) == ["Deltagare 4"]
    assert names(queries.recipients(event, Audience.WAITING_LIST)) == [
        "Deltagare 5",
        "Deltagare 6",
    ]
    assert not queries.recipients(event, Audience.SEMINAR).exists()  # no seminar chosen


def test_a_campaign_queues_one_personal_message_each_and_is_logged(
    setup, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        campaign = services.send_campaign(
            setup.event,
            audience=Audience.CONFIRMED,
            subject="Inför {evenemang}",
            body="Hej {namn}!\nDin länk: {min_anmalan_lank}",
            actor=setup.staff,
            idempotency_key="k1",
        )
    assert campaign.recipient_count == 4
    assert len(callbacks) == 4  # one send task per message, enqueued after the commit
    messages = {m.to: m for m in OutboxMessage.objects.filter(kind="campaign")}
    assert set(messages) == {f"deltagare{n}@example.se" for n in (1, 2, 3, 4)}
    first = messages["deltagare1@example.se"]
    assert first.subject == f"Inför {setup.event.title}"
    assert first.text.startswith("Hej Deltagare 1!\nDin länk: http://")
    assert "Det här e-postmeddelandet skickades via Samlas av arrangörerna" in first.text
    english = messages["deltagare2@example.se"]
    assert "This e-mail was sent through Samlas by the organisers" in english.text
    assert "Hej Deltagare 2!" in english.text  # the organiser's own words stay as written
    assert "<p>Hej Deltagare 1!<br>" in first.html and 'href="http://' in first.html
    assert CampaignRecipient.objects.filter(campaign=campaign).count() == 4
    entry = AuditLogEntry.objects.get(
        action="created", target_type__model="campaign", target_id=campaign.pk
    )
    assert entry.actor == setup.staff and entry.event_id == setup.event.pk
    assert entry.data["recipients"] == 4 and entry.data["audience"] == "confirmed"

    # A double click: the same key sends nothing more.
    again = services.send_campaign(
        setup.event,
        audience=Audience.CONFIRMED,
        subject="Inför {evenemang}",
        body="Hej {namn}!",
        actor=setup.staff,
        idempotency_key="k1",
    )
    assert again == campaign
    assert OutboxMessage.objects.filter(kind="campaign").count() == 4


def test_progress_is_read_from_the_outbox(setup, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    campaign = services.send_campaign(
        setup.event,
        audience=Audience.SEMINAR,
        seminar=setup.seminars()[0],
        subject="Lokalbyte",
        body="Seminariet flyttar, {namn}.",
        actor=setup.staff,
    )
    assert queries.progress(campaign) == queries.Progress(total=2, sent=0, pending=2, failed=0)
    ids = list(
        CampaignRecipient.objects.filter(campaign=campaign)
        .order_by("pk")
        .values_list("message_id", flat=True)
    )
    assert outbox.deliver(ids[0]) == outbox.SENT
    OutboxMessage.objects.filter(pk=ids[1]).update(status=OutboxMessage.Status.FAILED)
    progress = queries.progress(campaign)
    assert (progress.sent, progress.pending, progress.failed, progress.done) == (1, 0, 1, True)
    assert progress.percent == 100
    listed = queries.campaigns_for(setup.event).get()
    assert (listed.pending, listed.failed) == (0, 1)


def test_bad_messages_and_empty_groups_send_nothing(setup):
    with pytest.raises(ValidationError) as error:
        services.send_campaign(
            setup.event,
            audience=Audience.CONFIRMED,
            subject="{evenemang}",
            body="Hej {förnamn}",
            actor=setup.staff,
        )
    assert error.value.message_dict["body"][0].startswith("Okänd platshållare: {förnamn}.")
    with pytest.raises(ValidationError) as error:
        services.send_campaign(
            setup.event, audience=Audience.SEMINAR, subject="X", body="Y", actor=setup.staff
        )
    assert "seminar" in error.value.message_dict
    other = build_event(blocks=[(FCFS, [5])])
    with pytest.raises(ValidationError) as error:
        services.send_campaign(
            setup.event,
            audience=Audience.SEMINAR,
            seminar=other.seminars()[0],
            subject="X",
            body="Y",
            actor=setup.staff,
        )
    assert "seminar" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.send_campaign(other.event, audience="confirmed", subject="X", body="Y", actor=None)
    assert error.value.message_dict["audience"] == [
        "Ingen finns i den här gruppen, så inget skickades."
    ]
    assert not Campaign.objects.exists() and not OutboxMessage.objects.exists()


# --- The reminder ------------------------------------------------------------------------


def remind(setup, days=2, **values) -> ReminderSettings:
    return services.save_reminder_settings(
        setup.event,
        {**services.default_reminder(), "days_before": days, **values},
        actor=setup.staff,
    )


def test_the_reminder_is_sent_once_when_due(setup):
    row = remind(setup, days=2)
    start = setup.event.start
    assert AuditLogEntry.objects.filter(
        target_type__model="remindersettings", target_id=row.pk
    ).exists()
    assert services.send_due_reminders(now=start - timedelta(days=2, minutes=1)) == []
    [campaign] = services.send_due_reminders(now=start - timedelta(days=2))
    assert campaign.kind == Campaign.Kind.REMINDER and campaign.recipient_count == 4
    reminders = OutboxMessage.objects.filter(kind="reminder")
    assert reminders.count() == 4
    text = reminders.get(to="deltagare1@example.se").text
    assert text.startswith("Hej Deltagare 1!\n\nVälkommen till " + setup.event.title)
    assert "Miniseminarium 1.1" in text and "/anmalan/" in text
    # Later runs, and a changed setting, never send it again.
    assert services.send_due_reminders(now=start - timedelta(days=1)) == []
    remind(setup, days=1)
    assert services.send_due_reminders(now=start - timedelta(hours=1)) == []
    assert OutboxMessage.objects.filter(kind="reminder").count() == 4
    assert (
        AuditLogEntry.objects.get(target_type__model="campaign", target_id=campaign.pk).actor
        is None
    )


def test_no_reminder_when_off_cancelled_or_the_event_has_begun(setup):
    start = setup.event.start
    remind(setup, days=None)
    assert services.send_due_reminders(now=start - timedelta(hours=1)) == []
    remind(setup, days=3)
    assert services.send_due_reminders(now=start + timedelta(minutes=1)) == []
    Event.objects.filter(pk=setup.event.pk).update(status=Event.Status.CANCELLED)
    assert services.send_due_reminders(now=start - timedelta(days=1)) == []
    assert not OutboxMessage.objects.exists()


def test_reminder_settings_are_validated(setup):
    with pytest.raises(ValidationError) as error:
        remind(setup, days=2, body="Hej {nman}")
    assert "body" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        remind(setup, days=0)
    assert "days_before" in error.value.message_dict
    assert not ReminderSettings.objects.exists()


def test_the_task_and_the_command_send_due_reminders(setup, monkeypatch):
    remind(setup, days=40)  # due already: the event is 30 days away
    other = build_event()
    services.save_reminder_settings(
        other.event, {**services.default_reminder(), "days_before": 1}, actor=None
    )
    assert tasks.send_reminders.call() == 1
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert out.getvalue().strip() == "Reminders sent: 0."
    later = (other.event.start - timedelta(hours=2)).isoformat()
    call_command("send_reminders", "--now", later, stdout=out)
    assert "Reminders sent: 1." in out.getvalue()
    assert Campaign.objects.filter(kind="reminder").count() == 2
    assert timezone.now() < other.event.start  # nothing was really late


@pytest.mark.django_db(transaction=True)
def test_reminder_runs_at_the_same_moment_send_it_once():
    """Four cron runs or workers at once: the database lets one reminder through."""
    setup = build_event(capacity=10)
    for n in range(3):
        registration_services.register(
            setup.event, person(n), idempotency_key=f"race-{setup.event.pk}-{n}"
        )
    services.save_reminder_settings(
        setup.event, {**services.default_reminder(), "days_before": 40}, actor=None
    )
    barrier = threading.Barrier(4)
    results, errors = [], []

    def run() -> None:
        try:
            barrier.wait()
            results.append(len(services.send_due_reminders()))
        except BaseException as exc:  # every failure is reported
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors and sorted(results) == [0, 0, 0, 1]
    assert OutboxMessage.objects.filter(kind="reminder").count() == 3


def test_erasing_a_registrant_takes_their_copies_and_keeps_the_campaign(setup):
    from samlas.privacy.services import erase_registration

    campaign = services.send_campaign(
        setup.event, audience=Audience.CONFIRMED, subject="X", body="Hej {namn}", actor=None
    )
    first = CampaignRecipient.objects.filter(campaign=campaign).order_by("pk").first()
    erase_registration(first.registration)
    assert not CampaignRecipient.objects.filter(registration=first.registration).exists()
    assert not OutboxMessage.objects.filter(registration=first.registration).exists()
    campaign.refresh_from_db()
    assert campaign.recipient_count == 4 and queries.progress(campaign).pending == 3
