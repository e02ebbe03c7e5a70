"""Property-based tests: random sequences of register / change / cancel / capacity changes.

A plain-Python model of the rules (a seat if free, else the end of the line; a freed seat
goes at once to the first in line; seminar lines are served before the event line) runs
beside the services. After every step the database must agree with the model exactly —
statuses and the order of every waiting list — and the invariants must hold: never
overbooked, counters equal rows, no free seat beside a waiting list, one choice per
first-come-first-served block.
"""

from collections import Counter

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from samlas.programme.models import Block, Seminar
from samlas.registration import queries, services
from samlas.registration.models import Registration, SeminarChoice, SeminarSeats
from tests.registration.conftest import build_event, person

FCFS = Block.ChoiceMode.FIRST_COME
Status, ChoiceStatus = Registration.Status, SeminarChoice.Status


class Model:
    """The rules, as simply as they can be written."""

    def __init__(self, capacity: int, seminar_capacity: dict[int, int], blocks: list[list[int]]):
        self.capacity = capacity
        self.seminar_capacity = dict(seminar_capacity)
        self.blocks = blocks
        self.status: dict[int, str] = {}
        self.choice: dict[int, dict[int, int]] = {}  # registration -> block index -> seminar
        self.seated: dict[int, set[int]] = {}  # registration -> seminars with a seat
        self.event_line: list[int] = []
        self.seminar_line: dict[int, list[int]] = {s: [] for s in seminar_capacity}

    def confirmed(self) -> int:
        return sum(1 for s in self.status.values() if s == Status.CONFIRMED)

    def taken(self, seminar: int) -> int:
        return sum(1 for seats in self.seated.values() if seminar in seats)

    def seat_or_queue(self, registration: int, seminar: int) -> None:
        if self.taken(seminar) < self.seminar_capacity[seminar]:
            self.seated[registration].add(seminar)
        else:
            self.seminar_line[seminar].append(registration)

    def admit(self, registration: int) -> None:
        self.status[registration] = Status.CONFIRMED
        for seminar in sorted(self.choice[registration].values()):
            self.seat_or_queue(registration, seminar)

    def register(self, registration: int, choice: dict[int, int]) -> None:
        self.choice[registration] = dict(choice)
        self.seated[registration] = set()
        if self.confirmed() < self.capacity:
            self.admit(registration)
        else:
            self.status[registration] = Status.WAITING
            self.event_line.append(registration)

    def fill_seminar(self, seminar: int) -> None:
        line = self.seminar_line[seminar]
        while line and self.taken(seminar) < self.seminar_capacity[seminar]:
            self.seated[line.pop(0)].add(seminar)

    def fill_event(self) -> None:
        while self.event_line and self.confirmed() < self.capacity:
            self.admit(self.event_line.pop(0))

    def cancel(self, registration: int) -> None:
        was = self.status[registration]
        self.status[registration] = Status.CANCELLED
        freed = sorted(self.seated.pop(registration, set()), key=self._block_order)
        for line in self.seminar_line.values():
            if registration in line:
                line.remove(registration)
        if registration in self.event_line:
            self.event_line.remove(registration)
        if was == Status.CONFIRMED:
            for seminar in freed:
                self.fill_seminar(seminar)
            self.fill_event()

    def change(self, registration: int, block: int, seminar: int) -> None:
        old = self.choice[registration][block]
        if old == seminar:
            return
        self.choice[registration][block] = seminar
        if self.status[registration] != Status.CONFIRMED:
            return
        freed = old in self.seated[registration]
        self.seated[registration].discard(old)
        if registration in self.seminar_line[old]:
            self.seminar_line[old].remove(registration)
        self.seat_or_queue(registration, seminar)
        if freed:
            self.fill_seminar(old)

    def raise_capacity(self, extra: int) -> None:
        self.capacity += extra
        self.fill_event()

    def raise_seminar(self, seminar: int, extra: int) -> None:
        self.seminar_capacity[seminar] += extra
        self.fill_seminar(seminar)

    def _block_order(self, seminar: int) -> int:
        return next(i for i, seminars in enumerate(self.blocks) if seminar in seminars)


class RegistrationMachine(RuleBasedStateMachine):
    active = Bundle("active")

    @initialize(
        capacity=st.integers(1, 4),
        capacities=st.tuples(st.integers(1, 2), st.integers(1, 2), st.integers(1, 3)),
    )
    def make_event(self, capacity, capacities):
        self.setup = build_event(
            capacity=capacity, blocks=[(FCFS, list(capacities[:2])), (FCFS, [capacities[2], 1])]
        )
        self.blocks = [[s.pk for s in self.setup.seminars(i)] for i in range(2)]
        seminar_capacity = {s.pk: s.capacity for i in range(2) for s in self.setup.seminars(i)}
        self.model = Model(capacity, seminar_capacity, self.blocks)
        self.serial = 0

    @rule(target=active, picks=st.tuples(st.integers(0, 1), st.integers(0, 1)))
    def register(self, picks):
        self.serial += 1
        choice = {i: self.blocks[i][pick] for i, pick in enumerate(picks)}
        registration = services.register(
            self.setup.event,
            person(self.serial),
            {self.setup.blocks[i].pk: seminar for i, seminar in choice.items()},
            idempotency_key=f"k{self.serial}",
        )
        self.model.register(registration.pk, choice)
        return registration.pk

    @rule(registration=consumes(active))
    def cancel(self, registration):
        services.cancel(Registration.objects.select_related("event").get(pk=registration))
        self.model.cancel(registration)

    @rule(registration=active, block=st.integers(0, 1), pick=st.integers(0, 1))
    def change(self, registration, block, pick):
        seminar = self.blocks[block][pick]
        services.change_choices(
            Registration.objects.select_related("event").get(pk=registration),
            {self.setup.blocks[block].pk: seminar},
        )
        self.model.change(registration, block, seminar)

    @rule(extra=st.integers(1, 2))
    def raise_event_capacity(self, extra):
        self.setup.settings.capacity += extra
        self.setup.settings.save()
        services.promote_waiting_list(self.setup.event)
        self.model.raise_capacity(extra)

    @rule(block=st.integers(0, 1), pick=st.integers(0, 1))
    def raise_seminar_capacity(self, block, pick):
        seminar = Seminar.objects.get(pk=self.blocks[block][pick])
        seminar.capacity += 1
        seminar.save()
        services.promote_waiting_list(self.setup.event)
        self.model.raise_seminar(seminar.pk, 1)

    @invariant()
    def database_agrees_with_the_model(self):
        if not hasattr(self, "model"):
            return
        event = self.setup.event
        registrations = {r.pk: r for r in Registration.objects.filter(event=event)}
        assert {pk: r.status for pk, r in registrations.items()} == self.model.status
        waiting = Registration.objects.filter(event=event, status=Status.WAITING)
        assert list(waiting.order_by("queued_at", "pk").values_list("pk", flat=True)) == (
            self.model.event_line
        )
        choices = list(SeminarChoice.objects.filter(registration__event=event))
        for choice in choices:
            registration = choice.registration_id
            block = 0 if choice.seminar_id in self.blocks[0] else 1
            assert self.model.choice[registration][block] == choice.seminar_id
            if self.model.status[registration] != Status.CONFIRMED:
                assert choice.status == ChoiceStatus.REQUESTED
            elif choice.seminar_id in self.model.seated[registration]:
                assert choice.status == ChoiceStatus.CONFIRMED
            else:
                assert choice.status == ChoiceStatus.WAITING
        for seminar, line in self.model.seminar_line.items():
            queue = SeminarChoice.objects.filter(seminar_id=seminar, status=ChoiceStatus.WAITING)
            assert (
                list(queue.order_by("queued_at", "pk").values_list("registration_id", flat=True))
                == line
            )
        # One choice per block for everyone not cancelled, none for the cancelled.
        per_registration = Counter(c.registration_id for c in choices)
        for pk, status in self.model.status.items():
            assert per_registration[pk] == (0 if status == Status.CANCELLED else 2)

    @invariant()
    def never_overbooked_and_counters_are_exact(self):
        if not hasattr(self, "model"):
            return
        event = self.setup.event
        confirmed = Registration.objects.filter(event=event, status=Status.CONFIRMED).count()
        assert confirmed <= self.model.capacity
        assert queries.event_confirmed(event) == confirmed
        if Registration.objects.filter(event=event, status=Status.WAITING).exists():
            assert confirmed == self.model.capacity  # no free seat beside a waiting list
        for seminar, capacity in self.model.seminar_capacity.items():
            taken = SeminarChoice.objects.filter(
                seminar_id=seminar, status=ChoiceStatus.CONFIRMED
            ).count()
            assert taken <= capacity
            row = SeminarSeats.objects.filter(seminar_id=seminar).first()
            assert (row.confirmed if row else 0) == taken
            if SeminarChoice.objects.filter(
                seminar_id=seminar, status=ChoiceStatus.WAITING
            ).exists():
                assert taken == capacity


@pytest.mark.django_db
def test_random_sequences_keep_every_invariant():
    run_state_machine_as_test(
        RegistrationMachine,
        settings=settings(
            max_examples=15,
            stateful_step_count=10,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
            database=None,
        ),
    )
