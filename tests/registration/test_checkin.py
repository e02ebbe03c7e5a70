"""Check-in: the code on the badge, the idempotent service (also with real threads racing
for one person), undo, the search at the door and the arrivals count."""

import threading
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from samlas.programme.models import Block
from samlas.registration import checkin, services
from samlas.registration.models import Registration, RegistrationLogEntry
from tests.registration.conftest import build_event, person

FCFS = Block.ChoiceMode.FIRST_COME


def staff(name: str):
    return get_user_model().objects.create_user(
        username=name, first_name=name.capitalize(), last_name="Värd"
    )


def register(setup, n, **extra):
    choices = {setup.blocks[0].pk: setup.seminars()[0].pk} if setup.blocks else None
    return services.register(
        setup.event, person(n, **extra), choices, idempotency_key=f"checkin-{setup.event.pk}-{n}"
    )


@pytest.fixture
def setup(db):
    return build_event(capacity=2, blocks=[(FCFS, [10, 10])])


def test_the_code_identifies_the_registration_and_rejects_typos(setup):
    registration = register(setup, 1)
    code = checkin.checkin_code(registration)
    assert code.startswith(f"{registration.pk}-") and len(code.split("-")[1]) == 8
    assert checkin.parse_code(code) == registration.pk
    assert checkin.parse_code(f"  {code.lower()} ") == registration.pk  # typed on a phone
    wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
    for bad in (wrong, f"{registration.pk + 1}-{code.split('-')[1]}", "", "x" * 500, "12-!!"):
        assert checkin.parse_code(bad) is None
    other = build_event()
    assert checkin.registration_for_code(other.event, code) is None
    found = checkin.registration_for_code(setup.event, code)
    assert found == registration
    assert [c.seminar.title for c in found.choices.all()] == ["Miniseminarium 1.1"]


def test_check_in_is_logged_and_idempotent(setup):
    registration = register(setup, 1)
    anna, bo = staff("anna"), staff("bo")
    moment = timezone.now().replace(microsecond=0)
    first = checkin.check_in(registration, actor=anna, now=moment)
    assert not first.already
    assert first.registration.checked_in_at == moment
    assert first.registration.checked_in_by == anna
    second = checkin.check_in(registration, actor=bo, now=moment + timedelta(minutes=3))
    assert second.already
    assert second.registration.checked_in_at == moment  # unchanged: the first one counts
    assert second.registration.checked_in_by == anna
    entries = RegistrationLogEntry.objects.filter(
        registration=registration, action=RegistrationLogEntry.Action.CHECKED_IN
    )
    assert [(e.actor, e.event_id) for e in entries] == [(anna, setup.event.pk)]


def test_undo_clears_the_check_in_and_is_logged(setup):
    registration = register(setup, 1)
    anna = staff("anna")
    checkin.check_in(registration, actor=anna)
    undone = checkin.undo_check_in(registration, actor=anna)
    assert undone.checked_in_at is None
    registration.refresh_from_db()
    assert registration.checked_in_at is None and registration.checked_in_by is None
    assert checkin.undo_check_in(registration, actor=anna).checked_in_at is None  # idempotent
    actions = list(
        RegistrationLogEntry.objects.filter(registration=registration)
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions[-2:] == ["checked_in", "check_in_undone"]
    assert checkin.check_in(registration, actor=anna).already is False  # may check in again


def test_only_confirmed_registrations_can_be_checked_in(setup):
    register(setup, 1)
    register(setup, 2)
    waiting = register(setup, 3)
    assert waiting.status == Registration.Status.WAITING
    with pytest.raises(checkin.CheckInRefused) as refused:
        checkin.check_in(waiting, actor=staff("anna"))
    assert str(refused.value) == "Deltagare 3 står på väntelistan och har ingen plats."
    first = Registration.objects.get(email="deltagare1@example.se")
    services.cancel(first)
    with pytest.raises(checkin.CheckInRefused, match="avbokad"):
        checkin.check_in(first, actor=staff("bo"))
    assert not Registration.objects.filter(checked_in_at__isnull=False).exists()


def test_search_matches_every_word_in_name_or_organisation(setup):
    setup.settings.capacity = 10
    setup.settings.save()
    register(setup, "asa", name="Åsa Öberg", organisation="Polisen Umeå")
    register(setup, "anna", name="Anna Andersson", organisation="Umeå kommun")
    register(setup, "bo", name="Bo Berg", organisation="Region Västerbotten")
    assert [r.name for r in checkin.search(setup.event, "åsa")] == ["Åsa Öberg"]
    assert [r.name for r in checkin.search(setup.event, "umeå")] == ["Anna Andersson", "Åsa Öberg"]
    assert [r.name for r in checkin.search(setup.event, "umeå polis")] == ["Åsa Öberg"]
    assert checkin.search(setup.event, "  ") == []
    assert checkin.search(setup.event, "Bo", limit=1)[0].name == "Bo Berg"
    assert checkin.search(build_event().event, "Bo") == []


def test_arrivals_count_confirmed_participants(setup):
    first, second = register(setup, 1), register(setup, 2)
    register(setup, 3)  # waiting: not expected
    assert checkin.arrivals(setup.event) == checkin.Arrivals(arrived=0, expected=2)
    checkin.check_in(first, actor=staff("anna"))
    arrivals = checkin.arrivals(setup.event)
    assert (arrivals.arrived, arrivals.expected, arrivals.percent) == (1, 2, 50)
    services.cancel(second)  # the waiting registration takes the place
    assert checkin.arrivals(setup.event) == checkin.Arrivals(arrived=1, expected=2)


@pytest.mark.django_db(transaction=True)
def test_staff_racing_to_check_in_one_person_make_one_check_in():
    """Eight phones tap "Check in" for the same person at the same moment."""
    setup = build_event(capacity=10)
    registration = register(setup, 1)
    users = [staff(f"värd{n}") for n in range(8)]
    barrier = threading.Barrier(len(users))
    results, errors = [], []
    lock = threading.Lock()

    def tap(user) -> None:
        try:
            barrier.wait()
            outcome = checkin.check_in(registration, actor=user)
            with lock:
                results.append(outcome)
        except BaseException as exc:  # every failure is reported
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=tap, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert len(results) == len(users)
    assert sum(not r.already for r in results) == 1
    winner = next(r for r in results if not r.already).registration
    # Everyone else was told who was first and when.
    assert {(r.registration.checked_in_at, r.registration.checked_in_by_id) for r in results} == {
        (winner.checked_in_at, winner.checked_in_by_id)
    }
    assert (
        RegistrationLogEntry.objects.filter(
            registration=registration, action=RegistrationLogEntry.Action.CHECKED_IN
        ).count()
        == 1
    )
