"""What publication and the programme refuse around an allocation.

- Publication re-checks under the locks (the event's counter row, then the event's block
  rows) that the ranked blocks and the input are still those previewed: a change that lands
  between the first check and the locks, or one still being made in another transaction, is
  refused and nothing is written.
- A block whose seats a published allocation gave cannot be made ranked again, in the
  programme's service and in the back office's programme editor (inline, in Swedish).
"""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import translation

from samlas.allocation import services
from samlas.allocation.exceptions import (
    AlreadyPublished,
    BlocksChanged,
    EventCancelled,
    RegistrationsChanged,
)
from samlas.allocation.models import AllocationRun
from samlas.programme import services as programme_services
from samlas.programme.models import Block
from samlas.registration import services as registration_services
from samlas.registration import staff as registration_staff
from samlas.registration.models import OutboxMessage, SeminarChoice
from tests.allocation.product_world import IMMEDIATE, ranked_event
from tests.registration.conftest import build_event

RANKED, FCFS = Block.ChoiceMode.RANKED, Block.ChoiceMode.FIRST_COME


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = IMMEDIATE


def preview(event) -> AllocationRun:
    run = services.start_run(event)
    services.execute_run(run.pk)
    run.refresh_from_db()
    assert run.status == "done"
    return run


def nothing_published(setup, run: AllocationRun) -> None:
    assert not SeminarChoice.objects.filter(block__event=setup.event).exists()
    assert not OutboxMessage.objects.filter(kind="changed").exists()
    run.refresh_from_db()
    assert run.status == "done" and run.published_at is None


def between_checks(monkeypatch, change) -> None:
    """Run `change` once, after publication's first check and before it takes the locks
    (the e-mails are drafted in between), as a concurrent request would."""
    original = services.AllocationMailer.render
    done = []

    def render(self, *args):
        if not done:
            done.append(True)
            change()
        return original(self, *args)

    monkeypatch.setattr(services.AllocationMailer, "render", render)


@pytest.mark.django_db
def test_a_block_switched_before_the_locks_refuses_publication(monkeypatch):
    setup, _registrations = ranked_event(people=6)
    run = preview(setup.event)
    block = setup.blocks[1]
    between_checks(
        monkeypatch,
        lambda: programme_services.update_block(block, {"choice_mode": FCFS}, actor=None),
    )
    with translation.override("sv"), pytest.raises(BlocksChanged) as refused:
        services.publish_allocation(run, None)
    assert str(refused.value) == (
        "Vilka block som rangordnas har ändrats sedan förhandsvisningen. Kör fördelningen igen."
    )
    nothing_published(setup, run)
    block.refresh_from_db()
    assert block.choice_mode == FCFS  # as staff left it


@pytest.mark.django_db
def test_a_cancellation_before_the_locks_refuses_publication(monkeypatch):
    setup, registrations = ranked_event(people=6)
    run = preview(setup.event)
    between_checks(monkeypatch, lambda: registration_services.cancel(registrations[2]))
    with pytest.raises(RegistrationsChanged):
        services.publish_allocation(run, None)
    nothing_published(setup, run)


@pytest.mark.django_db
@pytest.mark.parametrize("when", ["before the preview's check", "while the e-mails are drafted"])
def test_an_allocation_is_not_published_for_a_cancelled_event(monkeypatch, when):
    """Nobody is told "you have seminar X" after "the event is cancelled"."""
    setup, _registrations = ranked_event(people=6)
    run = preview(setup.event)

    def cancel():
        registration_staff.cancel_event(setup.event, reason="Stormen")

    if when == "before the preview's check":
        cancel()
    else:
        between_checks(monkeypatch, cancel)
    with translation.override("sv"), pytest.raises(EventCancelled) as refused:
        services.publish_allocation(run, None)
    assert str(refused.value) == "Evenemanget är inställt: inga platser fördelas."
    nothing_published(setup, run)


@pytest.mark.django_db(transaction=True)
def test_a_block_being_switched_in_another_transaction_refuses_publication():
    """Staff switch a block while the organiser publishes: publication waits for the block's
    row, sees the change and refuses (without the block lock it would publish on
    PostgreSQL, its check reading the block as it was)."""
    setup, _registrations = ranked_event(people=6)
    run = preview(setup.event)
    block = setup.blocks[0]
    switched, outcome = threading.Event(), []

    def staff() -> None:
        try:
            with transaction.atomic():
                programme_services.update_block(block, {"choice_mode": FCFS}, actor=None)
                switched.set()
                time.sleep(1.0)  # publication starts meanwhile and must wait
        finally:
            switched.set()
            connection.close()

    def organiser() -> None:
        switched.wait(30)
        try:
            services.publish_allocation(run, None)
        except Exception as exc:  # the outcome is checked below
            outcome.append(exc)
        else:
            outcome.append("published")
        finally:
            connection.close()

    threads = [threading.Thread(target=staff), threading.Thread(target=organiser)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not any(thread.is_alive() for thread in threads)
    assert len(outcome) == 1 and isinstance(outcome[0], BlocksChanged), outcome
    nothing_published(setup, run)
    assert Block.objects.get(pk=block.pk).choice_mode == FCFS


@pytest.mark.django_db
def test_an_allocated_block_cannot_be_ranked_again():
    setup, _registrations = ranked_event(people=6)
    services.publish_allocation(preview(setup.event), None)
    block = setup.blocks[0]
    with translation.override("sv"), pytest.raises(ValidationError) as refused:
        programme_services.update_block(block, {"choice_mode": RANKED}, actor=None)
    assert refused.value.message_dict == {
        "choice_mode": [
            "Platserna i blocket har fördelats och publicerats, så blocket kan inte bli "
            "rangordnat igen. Nya deltagare får de platser som är kvar enligt först till kvarn."
        ]
    }
    block.refresh_from_db()
    assert block.choice_mode == FCFS
    # Anything else about the block may still change.
    programme_services.update_block(block, {"title": "Eftermiddagens pass"}, actor=None)
    assert Block.objects.get(pk=block.pk).title == "Eftermiddagens pass"


@pytest.mark.django_db
def test_blocks_that_were_never_allocated_may_become_ranked():
    setup = build_event(blocks=[(FCFS, [5, 5])])
    block = setup.blocks[0]
    programme_services.update_block(block, {"choice_mode": RANKED}, actor=None)
    assert Block.objects.get(pk=block.pk).choice_mode == RANKED
    # Nor does an unpublished preview of another event's block stand in the way.
    other, _registrations = ranked_event(people=2)
    preview(other.event)
    programme_services.update_block(other.blocks[0], {"choice_mode": FCFS}, actor=None)
    programme_services.update_block(other.blocks[0], {"choice_mode": RANKED}, actor=None)
    assert Block.objects.get(pk=other.blocks[0].pk).choice_mode == RANKED


@pytest.mark.django_db(transaction=True)
def test_two_organisers_publishing_at_once_publish_once():
    """Both pass the first check; the second to get the locks finds the run published (and
    the blocks first come, first served by then) and is told so."""
    setup, registrations = ranked_event(people=6)
    run = preview(setup.event)
    start, outcomes, lock = threading.Barrier(2), [], threading.Lock()

    def organiser() -> None:
        try:
            start.wait(30)
            services.publish_allocation(run, None)
            outcome = "published"
        except Exception as exc:  # the outcome is checked below
            outcome = exc
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=organiser) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not any(thread.is_alive() for thread in threads)
    assert outcomes.count("published") == 1, outcomes
    assert [type(o) for o in outcomes if o != "published"] == [AlreadyPublished]
    confirmed = SeminarChoice.objects.filter(block__event=setup.event, status="confirmed")
    assert confirmed.count() == sum(run.result["stats"]["fill"].values())
    assert OutboxMessage.objects.filter(kind="changed").count() == len(registrations)
