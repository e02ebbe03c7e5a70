"""Real threads racing for seats on the real database: never overbooked, nothing lost.

Every thread has its own database connection (closed at the end) and all start together
at a barrier. On SQLite the test database is a file and writers queue on BEGIN IMMEDIATE;
on PostgreSQL the event and seminar counter rows are locked FOR UPDATE. PostgreSQL here
allows 100 connections shared with other test runs, so there 200 submissions go through
40 concurrent connections; on SQLite each of 100 threads makes one.
"""

import threading
import time
from collections.abc import Callable

import pytest
from django.db import connection, transaction
from django.db.models import Count, Q

from samlas.programme.models import Block
from samlas.registration import services, staff
from samlas.registration.exceptions import EventCancelled
from samlas.registration.models import (
    EventSeatStripe,
    OutboxMessage,
    Registration,
    RegistrationLogEntry,
    SeminarChoice,
    SeminarSeats,
)
from tests.registration.conftest import build_event, person

FCFS = Block.ChoiceMode.FIRST_COME
Status, ChoiceStatus = Registration.Status, SeminarChoice.Status

pytestmark = pytest.mark.django_db(transaction=True)


def run_concurrently(jobs: list[Callable], workers: int) -> tuple[list, list[BaseException]]:
    """Run the jobs on `workers` threads that start together; return results and errors."""
    pending = list(reversed(jobs))
    lock = threading.Lock()
    barrier = threading.Barrier(workers)
    results, errors = [], []

    def worker() -> None:
        try:
            barrier.wait()
            while True:
                with lock:
                    if not pending:
                        return
                    job = pending.pop()
                try:
                    outcome = job()
                except BaseException as exc:  # every failure is reported
                    with lock:
                        errors.append(exc)
                else:
                    with lock:
                        results.append(outcome)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=240)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return results, errors


def sizes() -> tuple[int, int, int]:
    """(submissions, seats, concurrent connections) for the database under test."""
    return (200, 50, 40) if connection.vendor == "postgresql" else (100, 30, 100)


def assert_counters_match_rows(event) -> None:
    stripes = list(EventSeatStripe.objects.filter(event=event))
    confirmed = Registration.objects.filter(event=event, status=Status.CONFIRMED).count()
    assert sum(stripe.confirmed for stripe in stripes) == confirmed
    capacity = event.registration_settings.capacity
    assert capacity is None or confirmed <= capacity
    # The stripes never hold more seats than the event: their capacities add up to it.
    assert capacity is None or sum(stripe.capacity for stripe in stripes) == capacity
    actual = dict(
        SeminarChoice.objects.filter(block__event=event, status=ChoiceStatus.CONFIRMED)
        .values_list("seminar_id")
        .annotate(n=Count("pk"))
    )
    for row in SeminarSeats.objects.filter(seminar__block__event=event).select_related("seminar"):
        assert row.confirmed == actual.get(row.seminar_id, 0)
        assert row.confirmed <= row.seminar.capacity


def test_a_rush_on_one_seminar_seats_exactly_its_capacity_and_queues_the_rest():
    submissions, seats, workers = sizes()
    s = build_event(capacity=None, blocks=[(FCFS, [seats])])
    block, (seminar,) = s.blocks[0], s.seminars()
    jobs = [
        (
            lambda n=n: (
                services.register(
                    s.event, person(n), {block.pk: seminar.pk}, idempotency_key=f"k{n}"
                ).status
            )
        )
        for n in range(submissions)
    ]
    results, errors = run_concurrently(jobs, workers)
    assert errors == []
    assert results == [Status.CONFIRMED] * submissions
    assert Registration.objects.filter(event=s.event).count() == submissions  # none lost
    choices = SeminarChoice.objects.filter(seminar=seminar)
    assert choices.filter(status=ChoiceStatus.CONFIRMED).count() == seats
    assert choices.filter(status=ChoiceStatus.WAITING).count() == submissions - seats
    assert SeminarSeats.objects.get(seminar=seminar).confirmed == seats
    assert OutboxMessage.objects.count() == submissions
    assert_counters_match_rows(s.event)


def test_a_rush_for_event_places_fills_them_exactly_and_queues_the_rest():
    submissions, seats, workers = sizes()
    s = build_event(capacity=seats)
    jobs = [
        (lambda n=n: services.register(s.event, person(n), idempotency_key=f"k{n}").status)
        for n in range(submissions)
    ]
    results, errors = run_concurrently(jobs, workers)
    assert errors == []
    assert sorted(results) == sorted(
        [Status.CONFIRMED] * seats + [Status.WAITING] * (submissions - seats)
    )
    statuses = Registration.objects.filter(event=s.event).values_list("status", flat=True)
    assert sorted(statuses) == sorted(results)  # none lost, none changed afterwards
    assert_counters_match_rows(s.event)


def test_registrations_holding_different_stripes_do_not_wait_for_each_other():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time by design (docs/locking.md)")
    s = build_event(capacity=100)
    services.register(s.event, person(0), idempotency_key="0")  # creates the stripes
    holding, release = threading.Event(), threading.Event()

    def first_keeps_its_transaction_open() -> None:
        try:
            with transaction.atomic():
                services.register(s.event, person(1), idempotency_key="1")
                holding.set()
                release.wait(20)
        finally:
            connection.close()

    thread = threading.Thread(target=first_keeps_its_transaction_open)
    thread.start()
    assert holding.wait(20)
    try:
        began = time.monotonic()
        second = services.register(s.event, person(2), idempotency_key="2")
        waited = time.monotonic() - began
    finally:
        release.set()
        thread.join(30)
    assert second.status == Status.CONFIRMED
    assert waited < 5, f"the second registration waited {waited:.1f} s for the first's stripe"
    assert_counters_match_rows(s.event)


def test_double_submits_in_a_rush_make_one_registration_each():
    submissions, seats, workers = sizes()
    s = build_event(capacity=seats)
    people = submissions // 4
    jobs = [
        (lambda n=n: services.register(s.event, person(n), idempotency_key=f"k{n}").pk)
        for n in range(people)
        for _twice in range(2)
    ]
    results, errors = run_concurrently(jobs, min(workers, len(jobs)))
    assert errors == []
    assert len(results) == 2 * people
    assert len(set(results)) == people  # each double submit returned the same registration
    assert Registration.objects.filter(event=s.event).count() == people
    assert_counters_match_rows(s.event)


def test_cancellations_during_the_rush_promote_the_first_in_line():
    submissions, seats, workers = sizes()
    s = build_event(capacity=seats, blocks=[(FCFS, [seats // 2, seats // 2 + 5])])
    block, (small, big) = s.blocks[0], s.seminars()
    early = [
        services.register(
            s.event, person(f"e{n}"), {block.pk: (small, big)[n % 2].pk}, idempotency_key=f"e{n}"
        )
        for n in range(seats)
    ]
    assert all(r.status == Status.CONFIRMED for r in early)
    cancellations = seats // 2

    def register(n: int):
        choice = {block.pk: (small, big)[n % 2].pk}
        return services.register(s.event, person(n), choice, idempotency_key=f"k{n}")

    def cancel(registration: Registration):
        return services.cancel(registration)

    jobs = []
    for n in range(submissions):
        jobs.append(lambda n=n: register(n))
        if n % 4 == 0 and n // 4 < cancellations:
            jobs.append(lambda r=early[n // 4]: cancel(r))
    results, errors = run_concurrently(jobs, workers)
    assert errors == []
    assert len(results) == submissions + cancellations
    registrations = Registration.objects.filter(event=s.event)
    assert registrations.count() == seats + submissions
    assert registrations.filter(status=Status.CANCELLED).count() == cancellations
    assert registrations.filter(status=Status.CONFIRMED).count() == seats  # refilled at once
    waiting = registrations.filter(status=Status.WAITING)
    assert waiting.count() == submissions - cancellations
    assert_counters_match_rows(s.event)
    # First in, first promoted: everyone promoted had joined the line before anyone still in it.
    promoted_ids = RegistrationLogEntry.objects.filter(
        event=s.event, action=RegistrationLogEntry.Action.PROMOTED
    ).values_list("registration_id", flat=True)
    promoted = list(registrations.filter(pk__in=promoted_ids).values_list("queued_at", "pk"))
    still_waiting = list(waiting.values_list("queued_at", "pk"))
    if promoted and still_waiting:
        assert max(promoted) < min(still_waiting)
    # A free seminar seat never sits beside a seminar waiting list.
    for seminar in (small, big):
        row = SeminarSeats.objects.get(seminar=seminar)
        queue = SeminarChoice.objects.filter(seminar=seminar, status=ChoiceStatus.WAITING)
        assert row.confirmed == seminar.capacity or not queue.exists()
    assert not SeminarChoice.objects.filter(
        Q(status=ChoiceStatus.CONFIRMED) | Q(status=ChoiceStatus.WAITING),
        registration__status=Status.WAITING,
    ).exists()


def test_an_event_cancelled_during_the_rush_tells_each_registrant_or_refuses_them():
    """Every registration made is one the cancellation e-mails; every later one is refused,
    although all of them start from the event as it was before (as from the event cache)."""
    submissions, seats, workers = sizes()
    s = build_event(capacity=seats, blocks=[(FCFS, [seats // 2])])
    block, (seminar,) = s.blocks[0], s.seminars()

    def register(n: int):
        choice = {block.pk: seminar.pk}
        return services.register(s.event, person(n), choice, idempotency_key=f"k{n}").pk

    before = register(-1)  # makes the seat stripes that assert_counters_match_rows reads

    jobs = [lambda n=n: register(n) for n in range(submissions)]
    jobs.insert(submissions // 3, lambda: ("told", staff.cancel_event(s.event, reason="Storm")))
    results, errors = run_concurrently(jobs, workers)

    assert all(isinstance(error, EventCancelled) for error in errors), errors
    (told,) = [count for kind, count in (r for r in results if isinstance(r, tuple))]
    made = {before} | {pk for pk in results if isinstance(pk, int)}
    assert len(made) - 1 + len(errors) == submissions  # each one made, or refused
    assert set(Registration.objects.filter(event=s.event).values_list("pk", flat=True)) == made
    cancelled_mail = OutboxMessage.objects.filter(kind=OutboxMessage.Kind.CANCELLED)
    assert told == len(made)
    assert set(cancelled_mail.values_list("registration_id", flat=True)) == made
    assert_counters_match_rows(s.event)
