"""Changing, cancelling and promoting: freed seats go to the first in line at once."""

import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.db.models import Sum
from django.utils import timezone, translation

from samlas.programme.models import Block, Seminar
from samlas.registration import outbox, queries, services
from samlas.registration.exceptions import (
    AlreadyRegistered,
    InvalidLink,
    LinkExpired,
    RegistrationCancelled,
    RegistrationClosed,
    SeminarFull,
)
from samlas.registration.models import (
    ConsentOption,
    EventSeatStripe,
    HealthInformation,
    OutboxMessage,
    Question,
    Registration,
    RegistrationLogEntry,
    SeminarChoice,
    SeminarSeats,
)
from tests.registration.conftest import build_event, person

FCFS, RANKED = Block.ChoiceMode.FIRST_COME, Block.ChoiceMode.RANKED
Status, ChoiceStatus, Kind = Registration.Status, SeminarChoice.Status, OutboxMessage.Kind

pytestmark = pytest.mark.django_db


def reload(*registrations: Registration) -> list[Registration]:
    return [Registration.objects.get(pk=r.pk) for r in registrations]


def token_of(registration: Registration) -> str:
    registration.refresh_from_db()
    return services.manage_url(registration).rstrip("/").split("/")[-1]


def test_cancelling_a_confirmed_registration_promotes_the_first_in_line_and_tells_them():
    s = build_event(capacity=1, blocks=[(FCFS, [5])])
    block, (seminar,) = s.blocks[0], s.seminars()
    regs = [
        services.register(s.event, person(n), {block.pk: seminar.pk}, idempotency_key=str(n))
        for n in range(4)
    ]
    assert [r.status for r in regs] == [Status.CONFIRMED] + [Status.WAITING] * 3
    assert queries.waiting_position(regs[3]) == 3
    services.cancel(regs[0])
    first, second, third = reload(*regs[1:])
    assert (first.status, second.status, third.status) == (
        Status.CONFIRMED,
        Status.WAITING,
        Status.WAITING,
    )
    assert first.choices.get().status == ChoiceStatus.CONFIRMED
    assert queries.waiting_position(third) == 2
    assert queries.event_confirmed(s.event) == 1
    assert SeminarSeats.objects.get(seminar=seminar).confirmed == 1
    promoted = outbox.render(OutboxMessage.objects.get(registration=first, kind=Kind.PROMOTED))
    assert promoted.subject == f"Du har fått en plats: {s.event.title}"
    assert promoted.attachments  # a calendar file now that there is a place
    assert RegistrationLogEntry.objects.filter(
        registration=first, action=RegistrationLogEntry.Action.PROMOTED
    ).exists()
    cancelled = outbox.render(OutboxMessage.objects.get(registration=regs[0], kind=Kind.CANCELLED))
    assert "Din anmälan är avbokad." in cancelled.text


def test_a_freed_seminar_seat_goes_to_the_first_waiting_for_that_seminar():
    s = build_event(capacity=None, blocks=[(FCFS, [1, 5])])
    block, (small, big) = s.blocks[0], s.seminars()
    holder = services.register(s.event, person(0), {block.pk: small.pk}, idempotency_key="0")
    waiters = [
        services.register(s.event, person(n), {block.pk: small.pk}, idempotency_key=str(n))
        for n in (1, 2)
    ]
    waiting_choice = waiters[1].choices.get()
    assert queries.choice_waiting_position(waiting_choice) == 2
    services.change_choices(holder, {block.pk: big.pk})
    assert SeminarChoice.objects.get(registration=holder).seminar == big
    assert [w.choices.get().status for w in waiters] == [
        ChoiceStatus.CONFIRMED,
        ChoiceStatus.WAITING,
    ]
    assert queries.choice_waiting_position(waiters[1].choices.get()) == 1
    assert OutboxMessage.objects.filter(
        registration=waiters[0], kind=Kind.SEMINAR_PROMOTED
    ).exists()
    assert SeminarSeats.objects.get(seminar=small).confirmed == 1
    assert SeminarSeats.objects.get(seminar=big).confirmed == 1


def test_cancelling_someone_on_the_waiting_list_frees_nothing_and_promotes_nobody():
    s = build_event(capacity=1)
    holder = services.register(s.event, person(0), idempotency_key="0")
    waiting = [services.register(s.event, person(n), idempotency_key=str(n)) for n in (1, 2)]
    services.cancel(waiting[0])
    assert [r.status for r in reload(holder, *waiting)] == [
        Status.CONFIRMED,
        Status.CANCELLED,
        Status.WAITING,
    ]
    assert queries.event_confirmed(s.event) == 1
    assert not OutboxMessage.objects.filter(kind=Kind.PROMOTED).exists()


def test_cancel_is_idempotent_and_a_cancelled_registration_cannot_be_changed():
    s = build_event(blocks=[(FCFS, [5])])
    block, (seminar,) = s.blocks[0], s.seminars()
    registration = services.register(
        s.event, person(1), {block.pk: seminar.pk}, idempotency_key="1"
    )
    services.cancel(registration, reason="Sjuk")
    services.cancel(registration)
    assert queries.event_confirmed(s.event) == 0
    assert OutboxMessage.objects.filter(registration=registration, kind=Kind.CANCELLED).count() == 1
    log = RegistrationLogEntry.objects.get(action=RegistrationLogEntry.Action.CANCELLED)
    assert log.data["reason"] == "Sjuk"
    with pytest.raises(RegistrationCancelled) as caught:
        services.change_choices(registration, {block.pk: seminar.pk})
    with translation.override("sv"):
        assert str(caught.value) == "Anmälan är avbokad och kan inte ändras."
    with pytest.raises(RegistrationCancelled):
        services.change_answers(registration, person(1))


def test_after_the_event_has_started_only_staff_can_cancel():
    s = build_event()
    registration = services.register(s.event, person(1), idempotency_key="1")
    s.event.start = timezone.now() - timedelta(hours=1)
    s.event.save()
    registration.refresh_from_db()
    with pytest.raises(RegistrationClosed):
        services.cancel(registration)
    staff = User.objects.create_user("admin", is_staff=True)
    assert services.cancel(registration, actor=staff).status == Status.CANCELLED


def test_moving_to_a_full_seminar_without_accepting_the_waiting_list_changes_nothing():
    s = build_event(capacity=None, blocks=[(FCFS, [1, 5])])
    block, (small, big) = s.blocks[0], s.seminars()
    services.register(s.event, person(0), {block.pk: small.pk}, idempotency_key="0")
    mover = services.register(s.event, person(1), {block.pk: big.pk}, idempotency_key="1")
    with pytest.raises(SeminarFull):
        services.change_choices(mover, {block.pk: small.pk}, accept_waiting_list=False)
    choice = mover.choices.get()
    assert (choice.seminar, choice.status) == (big, ChoiceStatus.CONFIRMED)
    assert SeminarSeats.objects.get(seminar=big).confirmed == 1
    services.change_choices(mover, {block.pk: small.pk})
    choice.refresh_from_db()
    assert (choice.seminar, choice.status) == (small, ChoiceStatus.WAITING)
    assert SeminarSeats.objects.get(seminar=big).confirmed == 0
    assert OutboxMessage.objects.filter(registration=mover, kind=Kind.CHANGED).exists()


def test_an_unchanged_choice_keeps_its_place_in_line():
    s = build_event(capacity=None, blocks=[(FCFS, [1]), (FCFS, [5, 5])])
    first, second = s.blocks
    (small,), (x, y) = s.seminars(0), s.seminars(1)
    services.register(
        s.event, person(0), {first.pk: small.pk, second.pk: x.pk}, idempotency_key="0"
    )
    waiter = services.register(
        s.event, person(1), {first.pk: small.pk, second.pk: x.pk}, idempotency_key="1"
    )
    queued = waiter.choices.get(block=first)
    services.change_choices(waiter, {first.pk: small.pk, second.pk: y.pk})
    again = waiter.choices.get(block=first)
    assert (again.status, again.queued_at) == (ChoiceStatus.WAITING, queued.queued_at)
    assert waiter.choices.get(block=second).seminar == y


def test_a_registrant_waiting_for_the_event_changes_choices_without_taking_seats():
    s = build_event(capacity=1, blocks=[(FCFS, [5, 5])])
    block, (a, b) = s.blocks[0], s.seminars()
    services.register(s.event, person(0), {block.pk: a.pk}, idempotency_key="0")
    waiting = services.register(s.event, person(1), {block.pk: a.pk}, idempotency_key="1")
    services.change_choices(waiting, {block.pk: b.pk})
    choice = waiting.choices.get()
    assert (choice.seminar, choice.status) == (b, ChoiceStatus.REQUESTED)
    assert not SeminarSeats.objects.filter(seminar=b, confirmed__gt=0).exists()


def test_ranked_preferences_are_replaced_per_block():
    s = build_event(blocks=[(RANKED, [5, 5, 5])])
    block, (a, b, c) = s.blocks[0], s.seminars()
    registration = services.register(
        s.event, person(1), preferences={block.pk: [a.pk, b.pk]}, idempotency_key="1"
    )
    services.change_choices(registration, preferences={block.pk: [c.pk]})
    assert list(registration.preferences.values_list("seminar_id", "rank")) == [(c.pk, 1)]


def test_change_answers_updates_details_health_answers_and_withdraws_consents():
    s = build_event(dietary_needs="optional")
    consent = ConsentOption.objects.create(settings=s.settings, text="Bilder får publiceras")
    question = Question.objects.create(settings=s.settings, text="Förväntningar?", kind="text")
    registration = services.register(
        s.event,
        person(1, consents=[consent.pk], answers={question.pk: "Mycket"}, dietary_needs="Vego"),
        idempotency_key="1",
    )
    services.change_answers(
        registration, person(1, name="Eva Ek", dietary_needs="", answers={}, consents=[])
    )
    registration.refresh_from_db()
    assert registration.name == "Eva Ek"
    assert HealthInformation.objects.get(registration=registration).dietary_needs == ""
    assert not registration.answers.exists()
    record = registration.consents.get()
    assert record.withdrawn_at is not None
    log = RegistrationLogEntry.objects.get(action=RegistrationLogEntry.Action.ANSWERS_CHANGED)
    assert set(log.data["fields"]) == {"name", "health", "answers", "consents"}
    assert "Eva" not in json.dumps(log.data)  # the log names fields, never values
    services.change_answers(registration, person(1, name="Eva Ek", consents=[consent.pk]))
    assert registration.consents.filter(withdrawn_at__isnull=True).count() == 1
    assert registration.consents.count() == 2


def test_change_answers_refuses_an_email_address_already_registered():
    s = build_event()
    services.register(s.event, person(1), idempotency_key="1")
    other = services.register(s.event, person(2), idempotency_key="2")
    with pytest.raises(AlreadyRegistered):
        services.change_answers(other, person(1))
    other.refresh_from_db()
    assert other.email == "deltagare2@example.se"
    moved = services.change_answers(other, person(2, email="Ny.Adress@example.se"))
    assert moved.email_normalised == "ny.adress@example.se"


def test_a_raised_event_capacity_promotes_the_waiting_list_before_any_newcomer():
    s = build_event(capacity=1)
    services.register(s.event, person(0), idempotency_key="0")
    waiting = services.register(s.event, person(1), idempotency_key="1")
    s.settings.capacity = 2
    s.settings.save()
    # Nobody called promote_waiting_list: the next registration finds the raise under the
    # lock and serves the line first.
    newcomer = services.register(s.event, person(2), idempotency_key="2")
    assert reload(waiting)[0].status == Status.CONFIRMED
    assert newcomer.status == Status.WAITING
    assert queries.event_confirmed(s.event) == 2


def test_promote_waiting_list_fills_raised_seminar_capacity_in_order():
    s = build_event(capacity=None, blocks=[(FCFS, [1])])
    block, (seminar,) = s.blocks[0], s.seminars()
    regs = [
        services.register(s.event, person(n), {block.pk: seminar.pk}, idempotency_key=str(n))
        for n in range(4)
    ]
    Seminar.objects.filter(pk=seminar.pk).update(capacity=3)
    assert services.promote_waiting_list(s.event) == 2
    statuses = [r.choices.get().status for r in regs]
    assert statuses == [ChoiceStatus.CONFIRMED] * 3 + [ChoiceStatus.WAITING]
    assert SeminarSeats.objects.get(seminar=seminar).confirmed == 3
    assert services.promote_waiting_list(s.event) == 0


def test_a_capacity_lowered_below_the_bookings_keeps_them_and_admits_nobody_new():
    s = build_event(capacity=3)
    regs = [services.register(s.event, person(n), idempotency_key=str(n)) for n in range(3)]
    s.settings.capacity = 1
    s.settings.save()
    late = services.register(s.event, person(9), idempotency_key="9")
    assert late.status == Status.WAITING
    services.cancel(regs[0])  # 2 left for 1 place: still nobody promoted
    assert reload(late)[0].status == Status.WAITING
    services.cancel(regs[1])
    services.cancel(regs[2])
    assert reload(late)[0].status == Status.CONFIRMED
    stripes = EventSeatStripe.objects.filter(event=s.event)
    seats = stripes.aggregate(Sum("confirmed"), Sum("capacity"))
    assert (seats["confirmed__sum"], seats["capacity__sum"]) == (1, 1)


def test_the_link_finds_the_registration_and_refuses_tampering_and_old_events():
    s = build_event()
    registration = services.register(s.event, person(1), idempotency_key="1")
    token = token_of(registration)
    assert queries.registration_for_token(token) == registration
    pk, secret, mac = token.split(".")
    for bad in [
        f"{pk}.{secret}.{mac[:-1]}x",
        f"{int(pk) + 1}.{secret}.{mac}",
        f"{pk}.{secret}x.{mac}",
        "",
        "abc",
        "1.2.3.4",
        f"{'9' * 30}.{secret}.{mac}",
    ]:
        with pytest.raises(InvalidLink):
            queries.registration_for_token(bad)
    with pytest.raises(InvalidLink) as caught:
        queries.registration_for_token("x")
    with translation.override("sv"):
        assert str(caught.value).startswith("Länken är ogiltig.")
    s.event.start = timezone.now() - timedelta(days=40)
    s.event.end = timezone.now() - timedelta(days=31)
    s.event.registration_opens = s.event.registration_closes = None
    s.event.save()
    with pytest.raises(LinkExpired):
        queries.registration_for_token(token)


def test_resend_link_makes_a_new_link_and_the_old_one_stops_working():
    s = build_event()
    registration = services.register(s.event, person(1), idempotency_key="1")
    old = token_of(registration)
    assert services.resend_link(s.event, "DELTAGARE1@example.se") is False  # within a minute
    Registration.objects.filter(pk=registration.pk).update(
        link_sent_at=timezone.now() - timedelta(minutes=2)
    )
    assert services.resend_link(s.event, "DELTAGARE1@example.se", language="en") is True
    new = token_of(registration)
    assert new != old
    with pytest.raises(InvalidLink):
        queries.registration_for_token(old)
    assert queries.registration_for_token(new) == registration
    message = outbox.render(OutboxMessage.objects.get(registration=registration, kind=Kind.LINK))
    assert message.subject == f"Link to your registration: {s.event.title}"
    assert services.manage_url(registration) in message.text
    outbox_before = OutboxMessage.objects.count()
    assert services.resend_link(s.event, "ingen@example.se") is False
    assert OutboxMessage.objects.count() == outbox_before


def test_export_own_data_is_complete_and_json_serialisable():
    s = build_event(blocks=[(FCFS, [5])], allergies="optional")
    block, (seminar,) = s.blocks[0], s.seminars()
    question = Question.objects.create(settings=s.settings, text="Lunch?", kind="yes_no")
    registration = services.register(
        s.event,
        person(1, allergies="Nötter", answers={question.pk: True}),
        {block.pk: seminar.pk},
        idempotency_key="1",
    )
    data = services.export_own_data(registration)
    text = json.dumps(data, ensure_ascii=False)
    assert data["registration"]["email"] == "deltagare1@example.se"
    assert data["health"]["allergies"] == "Nötter"
    assert data["answers"] == [{"question": "Lunch?", "answer": True}]
    assert data["seminar_choices"] == [
        {"block": block.title, "seminar": seminar.title, "status": "confirmed"}
    ]
    assert data["emails"][0]["subject"].startswith("Bekräftelse")
    assert "link_secret" not in text and registration.link_secret not in text
    assert RegistrationLogEntry.objects.filter(
        registration=registration, action=RegistrationLogEntry.Action.DATA_EXPORTED
    ).exists()
