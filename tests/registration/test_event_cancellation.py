"""A cancelled event takes no registrations and moves no waiting list, whatever a cache says.

The registration form finds its event in a per-process cache (queries.public_event), so a
registration may start from a picture of the event taken before it was cancelled. The
locks decide (docs/locking.md, "Cancelling an event"); these tests hand the services such a
stale picture. The race itself, with threads, is in test_concurrency.py.
"""

import pytest

from samlas.events.models import Event
from samlas.programme.models import Block
from samlas.registration import outbox, services, staff
from samlas.registration.exceptions import EventCancelled
from samlas.registration.links import make_token
from samlas.registration.models import (
    EventSeatStripe,
    OutboxMessage,
    Registration,
    RegistrationLogEntry,
    SeminarChoice,
)
from tests.registration.conftest import build_event, person

FCFS = Block.ChoiceMode.FIRST_COME
Status, ChoiceStatus, Kind = Registration.Status, SeminarChoice.Status, OutboxMessage.Kind

pytestmark = pytest.mark.django_db


def written() -> tuple[int, ...]:
    """What registering writes: registrations, choices, e-mails, log entries, seats taken."""
    seats = sum(EventSeatStripe.objects.values_list("confirmed", flat=True))
    return (
        Registration.objects.count(),
        SeminarChoice.objects.count(),
        OutboxMessage.objects.count(),
        RegistrationLogEntry.objects.count(),
        seats,
    )


@pytest.mark.parametrize(
    ("capacity", "confirm_email"),
    [
        pytest.param(10, False, id="a free seat (one UPDATE)"),
        pytest.param(1, False, id="a full event (all stripes locked)"),
        pytest.param(None, True, id="no seat until the e-mail is confirmed"),
    ],
)
def test_a_registration_that_saw_the_event_before_it_was_cancelled_is_refused(
    capacity, confirm_email
):
    s = build_event(capacity=capacity, blocks=[(FCFS, [5])])
    block, (seminar,) = s.blocks[0], s.seminars()
    services.register(s.event, person(0), {block.pk: seminar.pk}, idempotency_key="0")
    stale = Event.objects.get(pk=s.event.pk)
    assert staff.cancel_event(s.event, reason="Stormen") == 1
    before = written()

    with pytest.raises(EventCancelled):
        services.register(
            stale,
            person(1),
            {block.pk: seminar.pk},
            idempotency_key="1",
            require_email_confirmation=confirm_email,
        )

    assert written() == before


def test_a_cancelled_event_tells_nobody_in_line_that_a_place_is_free():
    s = build_event(capacity=1, blocks=[(FCFS, [1])])
    block, (seminar,) = s.blocks[0], s.seminars()
    first, second = (
        services.register(s.event, person(n), {block.pk: seminar.pk}, idempotency_key=str(n))
        for n in range(2)
    )
    assert (first.status, second.status) == (Status.CONFIRMED, Status.WAITING)
    staff.cancel_event(s.event, reason="Stormen")

    services.cancel(first)
    assert services.promote_waiting_list(s.event) == 0

    second.refresh_from_db()
    assert second.status == Status.WAITING
    promotions = [Kind.PROMOTED, Kind.SEMINAR_PROMOTED]
    assert not OutboxMessage.objects.filter(kind__in=promotions).exists()
    assert not RegistrationLogEntry.objects.filter(
        action__in=[
            RegistrationLogEntry.Action.PROMOTED,
            RegistrationLogEntry.Action.SEMINAR_PROMOTED,
        ]
    ).exists()


def test_a_seminar_waiting_list_does_not_move_in_a_cancelled_event():
    s = build_event(capacity=None, blocks=[(FCFS, [1])])
    block, (seminar,) = s.blocks[0], s.seminars()
    first, second = (
        services.register(s.event, person(n), {block.pk: seminar.pk}, idempotency_key=str(n))
        for n in range(2)
    )
    assert list(second.choices.values_list("status", flat=True)) == [ChoiceStatus.WAITING]
    staff.cancel_event(s.event, reason="Stormen")

    services.cancel(first)

    assert list(second.choices.values_list("status", flat=True)) == [ChoiceStatus.WAITING]
    assert not OutboxMessage.objects.filter(kind=Kind.SEMINAR_PROMOTED).exists()


def test_an_address_confirmed_after_the_event_was_cancelled_gets_no_place():
    s = build_event(capacity=10)
    registration = services.register(
        s.event, person(1), idempotency_key="k", require_email_confirmation=True
    )
    staff.cancel_event(s.event, reason="Stormen")

    with pytest.raises(EventCancelled):
        services.confirm_email(make_token(registration))

    registration.refresh_from_db()
    assert registration.status == Status.PENDING
    assert sum(EventSeatStripe.objects.values_list("confirmed", flat=True)) == 0


def test_seminar_choices_cannot_be_changed_once_the_event_is_cancelled():
    s = build_event(capacity=None, blocks=[(FCFS, [5, 5])])
    block, (first, second) = s.blocks[0], s.seminars()
    registration = services.register(s.event, person(1), {block.pk: first.pk}, idempotency_key="1")
    staff.cancel_event(s.event, reason="Stormen")
    before = written()

    registration.event = Event.objects.get(pk=s.event.pk)
    with pytest.raises(EventCancelled):
        services.change_choices(registration, {block.pk: second.pk})
    registration.event = s.event  # as it looked when the change began
    with pytest.raises(EventCancelled):
        services.change_choices(registration, {block.pk: second.pk})

    assert written() == before
    assert list(registration.choices.values_list("seminar_id", flat=True)) == [first.pk]


def test_unsent_good_news_is_withdrawn_so_that_only_the_cancellation_arrives(smtp_sink):
    """Queued before the cancellation and still unsent (a busy or unreachable mail server):
    a confirmation or a waiting-list place must not arrive after the cancellation e-mail."""
    s = build_event(capacity=1)
    confirmed = services.register(s.event, person(1), idempotency_key="1")
    waiting = services.register(s.event, person(2), idempotency_key="2")
    new_link = outbox.queue_for(Kind.LINK, confirmed)
    # Eight attempts while the mail server was down: failed, until someone retries it.
    OutboxMessage.objects.filter(kind=Kind.WAITING_LIST).update(status=OutboxMessage.Status.FAILED)

    staff.cancel_event(s.event, reason="Stormen")

    status = dict(OutboxMessage.objects.values_list("pk", "status"))
    for registration, kind in ((confirmed, Kind.CONFIRMATION), (waiting, Kind.WAITING_LIST)):
        message = OutboxMessage.objects.get(registration=registration, kind=kind)
        assert status[message.pk] == OutboxMessage.Status.WITHDRAWN
    assert status[new_link.pk] == OutboxMessage.Status.PENDING  # still true: shows the cancellation
    assert outbox.deliver_due() == {"sent": 3}
    received = sorted((m["To"], m["Subject"].strip()) for m in smtp_sink.messages)
    cancelled = f"Inställt: {s.event.title}"
    assert [subject for _to, subject in received].count(cancelled) == 2
    assert {to for to, _subject in received} == {"deltagare1@example.se", "deltagare2@example.se"}
    assert not any("Bekräftelse" in subject or "väntelista" in subject for _t, subject in received)

    # Retried or asked to send now, a withdrawn message stays withdrawn.
    assert outbox.retry_failed() == 0
    withdrawn = OutboxMessage.objects.filter(status=OutboxMessage.Status.WITHDRAWN)
    assert outbox.send_now(withdrawn.values_list("pk", flat=True)) == ["skipped", "skipped"]
    assert len(smtp_sink.messages) == 3


def test_a_confirmation_withdrawn_while_a_worker_renders_it_is_not_sent(smtp_sink, monkeypatch):
    s = build_event(capacity=5)
    services.register(s.event, person(1), idempotency_key="1")
    confirmation = OutboxMessage.objects.get(kind=Kind.CONFIRMATION)
    render = outbox.render

    def cancelled_meanwhile(message):
        staff.cancel_event(s.event, reason="Stormen")  # after the worker claimed the message
        return render(message)

    monkeypatch.setattr(outbox, "render", cancelled_meanwhile)
    assert outbox.deliver(confirmation.pk) == "skipped"
    confirmation.refresh_from_db()
    assert confirmation.status == OutboxMessage.Status.WITHDRAWN
    assert smtp_sink.messages == []


def test_answers_cannot_be_changed_once_the_event_is_cancelled():
    """The registrant's page was opened before the cancellation: no "changed" e-mail may be
    queued behind the cancellation's."""
    s = build_event(capacity=10)
    registration = services.register(s.event, person(1), idempotency_key="1")
    staff.cancel_event(s.event, reason="Stormen")
    before = OutboxMessage.objects.count()

    registration.event = s.event  # as it looked before the cancellation
    with pytest.raises(EventCancelled):
        services.change_answers(registration, person(1, organisation="Region Västerbotten"))

    assert OutboxMessage.objects.count() == before
    registration.refresh_from_db()
    assert registration.organisation == "Umeå kommun"


def test_a_lost_link_for_a_cancelled_event_is_a_plain_link_not_a_request_to_confirm():
    s = build_event(capacity=10)
    registration = services.register(
        s.event, person(1), idempotency_key="k", require_email_confirmation=True
    )
    staff.cancel_event(s.event, reason="Stormen")
    Registration.objects.filter(pk=registration.pk).update(link_sent_at=None)

    assert services.resend_link(s.event, "deltagare1@example.se")

    latest = OutboxMessage.objects.filter(registration=registration).latest("pk")
    assert latest.kind == Kind.LINK
    assert latest.status == OutboxMessage.Status.PENDING
    text = outbox.render(latest).text
    assert "ny länk till din anmälan" in text
    assert services.manage_url(Registration.objects.get(pk=registration.pk)) in text
