"""The retention run, by time travel: `purge(now=…)` on a fixed event that ended at `past.ended`.

Defaults: health data one day after the event, everything else after 90 days, organisers
warned 14 days before (and never erased sooner than 14 days after the warning).
"""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from samlas.archive.models import ContactMessage, PressRegistration
from samlas.core.models import AuditLogEntry
from samlas.events.models import Event
from samlas.privacy import services
from samlas.privacy.models import EventRetention
from samlas.privacy.tasks import purge_personal_data
from samlas.registration.exceptions import InvalidLink
from samlas.registration.links import make_token
from samlas.registration.models import (
    Answer,
    ConsentRecord,
    HealthInformation,
    OutboxMessage,
    Registration,
    SeminarChoice,
)
from samlas.registration.queries import event_confirmed, registration_for_token

from .conftest import contact_message, make_body

pytestmark = pytest.mark.django_db
DAY = timedelta(days=1)


def _retention_entries(event, kind: str):
    return AuditLogEntry.objects.filter(event_id=event.pk, data__retention=kind)


def test_nothing_is_erased_while_the_event_is_recent(past):
    report = services.purge(now=past.ended + timedelta(hours=12))
    assert not report.changed_anything
    assert HealthInformation.objects.count() == 2


def test_health_data_goes_the_day_after_and_nothing_else(past):
    report = services.purge(now=past.ended + DAY)
    assert report.health_erased == {past.event.pk: 2}
    assert not HealthInformation.objects.exists()
    assert Registration.objects.filter(name__startswith="Anna").count() == 3
    entry = _retention_entries(past.event, "health_data").get()
    assert (entry.action, entry.actor, entry.data["registrations"]) == ("deleted", None, 2)
    assert EventRetention.objects.get(event=past.event).health_data_erased_at is not None


def test_organisers_are_warned_before_and_can_still_export(past):
    report = services.purge(now=past.ended + 75 * DAY)
    assert report.warned == []
    report = services.purge(now=past.ended + 76 * DAY)
    assert report.warned == [past.event.pk]
    (message,) = mail.outbox
    assert message.to == ["admin@lansstyrelsen.se"]
    assert past.event.title in message.subject
    assert f"/organisera/evenemang/{past.event.pk}/export/" in message.body
    assert Registration.objects.filter(email="anna1@example.se").exists()
    assert _retention_entries(past.event, "organisers_warned").count() == 1
    services.purge(now=past.ended + 77 * DAY)
    assert len(mail.outbox) == 1  # warned once


def test_personal_data_is_erased_when_due_and_statistics_are_kept(past):
    services.purge(now=past.ended + 76 * DAY)
    seats = event_confirmed(past.event)
    report = services.purge(now=past.ended + 90 * DAY)
    assert report.personal_erased == {past.event.pk: 3}
    assert report.press_erased == {past.event.pk: 1}
    for registration in Registration.objects.filter(event=past.event):
        assert registration.name == f"#{registration.pk}"
        assert registration.email == registration.phone == registration.organisation == ""
        assert registration.email_normalised == f"erased:{registration.pk}"
        assert registration.sector == "municipality"  # kept for statistics
    assert sorted(Registration.objects.values_list("status", flat=True)) == [
        "confirmed",
        "confirmed",
        "waiting",
    ]
    assert not Answer.objects.filter(question=past.question).exists()  # free text
    assert Answer.objects.filter(question=past.choice_question).count() == 2  # options
    assert not ConsentRecord.objects.exists()
    assert not OutboxMessage.objects.exists()
    assert not PressRegistration.objects.exists()
    assert event_confirmed(past.event) == seats
    retention = EventRetention.objects.get(event=past.event)
    assert retention.statistics["by_status"] == {"confirmed": 2, "waiting": 1}
    assert retention.statistics["by_sector"] == {"municipality": 3}
    assert retention.statistics["press_registrations"] == 1
    entry = _retention_entries(past.event, "personal_data").get()
    assert entry.data == {
        "retention": "personal_data",
        "registrations": 3,
        "press_registrations": 1,
    }


def test_a_second_run_finds_nothing_and_erased_links_stop_working(past):
    token = make_token(past.registrations[0])
    services.purge(now=past.ended + 76 * DAY)
    services.purge(now=past.ended + 90 * DAY)
    again = services.purge(now=past.ended + 91 * DAY)
    assert not again.changed_anything
    assert _retention_entries(past.event, "personal_data").count() == 1
    with pytest.raises(InvalidLink):
        registration_for_token(token)


def test_an_event_found_late_is_erased_only_after_the_warning_period(past):
    late = past.ended + 200 * DAY
    report = services.purge(now=late)
    assert report.warned == [past.event.pk] and not report.personal_erased
    assert not services.purge(now=late + 13 * DAY).personal_erased
    assert services.purge(now=late + 14 * DAY).personal_erased == {past.event.pk: 3}


def test_an_event_may_keep_its_data_for_a_shorter_time(past):
    services.set_retention(past.event, personal_data_days=20, health_data_days=0)
    assert services.purge(now=past.ended).health_erased == {past.event.pk: 2}
    assert services.purge(now=past.ended + 6 * DAY).warned == [past.event.pk]
    assert services.purge(now=past.ended + 20 * DAY).personal_erased == {past.event.pk: 3}


def test_health_data_is_never_kept_longer_than_the_rest(past):
    with pytest.raises(Exception, match="health"):
        services.set_retention(past.event, personal_data_days=5, health_data_days=10)


def test_a_warning_that_cannot_be_sent_postpones_the_erasure(past, settings):
    settings.EMAIL_BACKEND = "tests.privacy.test_retention.BrokenBackend"
    report = services.purge(now=past.ended + 100 * DAY)
    assert report.warning_failures == [past.event.pk]
    assert not report.personal_erased
    assert Registration.objects.filter(email="anna1@example.se").exists()


class BrokenBackend:
    def __init__(self, *args, **kwargs) -> None:
        pass

    def send_messages(self, messages) -> int:
        raise OSError("mail server down")


def test_a_dry_run_reports_and_changes_nothing(past):
    report = services.purge(now=past.ended + 100 * DAY, dry_run=True)
    assert report.warned == [past.event.pk]
    assert report.health_erased == {past.event.pk: 2}
    assert HealthInformation.objects.count() == 2
    assert not EventRetention.objects.exists()
    assert not mail.outbox


def test_old_contact_messages_are_deleted(past):
    body = make_body(past.host)
    old = contact_message(body, "old@example.se", past.ended - 400 * DAY)
    recent = contact_message(body, "new@example.se", past.ended - 10 * DAY)
    assert services.purge(now=past.ended).contact_messages_erased == 1
    assert list(ContactMessage.objects.values_list("pk", flat=True)) == [recent.pk]
    assert old.pk not in ContactMessage.objects.values_list("pk", flat=True)
    assert AuditLogEntry.objects.filter(data__retention="contact_messages").count() == 1


def _ended_days_ago(past, days: int) -> None:
    """For the command and the task, which take the real time."""
    ended = past.ended - days * DAY
    Event.objects.filter(pk=past.event.pk).update(start=ended - timedelta(hours=7), end=ended)


def test_the_management_command_runs_the_purge(past):
    _ended_days_ago(past, 2)
    out = StringIO()
    call_command("purge_personal_data", "--dry-run", stdout=out)
    assert "Would erase health data of 2 registration(s)" in out.getvalue()
    assert HealthInformation.objects.count() == 2
    call_command("purge_personal_data", stdout=StringIO())
    assert not HealthInformation.objects.exists()


def test_the_background_task_runs_the_purge(past, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    _ended_days_ago(past, 2)

    result = purge_personal_data.enqueue()
    assert result.return_value["health_erased"] == 2
    assert SeminarChoice.objects.count() == 0  # nobody chose a seminar; nothing else touched
