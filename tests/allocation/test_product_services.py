"""Seat allocation in the product: previews as background runs, and publication.

Publication must write exactly the solver's assignment as registration rows, never exceed a
capacity, put the unplaced on waiting lists in lottery order, refuse when the input has
changed or the allocation is already published, and queue one e-mail per registrant.
"""

import hashlib
import json
from collections import Counter
from datetime import timedelta

import pytest
from django.db.models import Count
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from samlas.allocation import allocate, queries, services
from samlas.allocation.exceptions import (
    AlreadyPublished,
    DeadlineNotPassed,
    NoRankedBlocks,
    RegistrationsChanged,
    RunNotReady,
    SeatsAlreadyTaken,
    SeminarsChanged,
)
from samlas.allocation.models import AllocationRun
from samlas.core.models import AuditLogEntry
from samlas.programme.models import Block, Seminar
from samlas.registration import services as registration_services
from samlas.registration.models import (
    OutboxMessage,
    Registration,
    RegistrationLogEntry,
    SeminarChoice,
    SeminarSeats,
)
from samlas.registration.queries import allocation_instance
from tests.allocation.product_world import IMMEDIATE, close_rankings, ranked_event, register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = IMMEDIATE


@pytest.fixture
def run_now(django_capture_on_commit_callbacks):
    """Start a run and let the (immediate) task backend execute it on commit."""

    def run(event, **kwargs) -> AllocationRun:
        with django_capture_on_commit_callbacks(execute=True):
            started = services.start_run(event, **kwargs)
        started.refresh_from_db()
        return started

    return run


@pytest.fixture
def previewed(run_now):
    setup, registrations = ranked_event()
    return setup, registrations, run_now(setup.event)


def expected_choices(run: AllocationRun) -> set[tuple[int, int, int]]:
    return {
        (int(r), int(b), int(s))
        for r, blocks in run.result["assignments"].items()
        for b, s in blocks.items()
        if s is not None
    }


def confirmed_choices(event) -> set[tuple[int, int, int]]:
    return set(
        SeminarChoice.objects.filter(block__event=event, status="confirmed").values_list(
            "registration_id", "block_id", "seminar_id"
        )
    )


# --- Runs -------------------------------------------------------------------------------------


def test_a_preview_stores_input_hash_seed_and_the_solvers_result(previewed):
    setup, registrations, run = previewed
    assert run.status == AllocationRun.Status.DONE
    assert (run.progress, run.phase) == (100, AllocationRun.Phase.FINISHED)
    instance = allocation_instance(setup.event, seed=run.seed)
    assert run.instance == instance
    canonical = json.dumps(
        {"blocks": instance["blocks"], "registrants": instance["registrants"]},
        sort_keys=True,
        separators=(",", ":"),
    )
    assert run.input_hash == hashlib.sha256(canonical.encode()).hexdigest()
    # Reproducible: the stored result is what the solver gives for that input and seed.
    assert run.result == allocate(instance, seed=run.seed)
    assert run.stats["registrants"] == len(registrations) == 12
    assert run.stats["placed"] + run.stats["unplaced"] == 24
    assert run.stats["unplaced"] > 0  # 6 and 7 seats for 12 people
    assert run.finished_at >= run.created_at
    entry = AuditLogEntry.objects.get(
        event_id=setup.event.pk, action="created", target_type__model="allocationrun"
    )
    assert entry.data == {"seed": run.seed}


def test_the_hash_ignores_the_seed_so_reruns_of_one_input_share_it(previewed, run_now):
    setup, _registrations, first = previewed
    second = run_now(setup.event)
    assert second.seed != first.seed
    assert second.input_hash == first.input_hash
    assert queries.input_is_current(first, setup.event)


def test_starting_a_run_only_queues_it_for_the_worker(settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    setup, _registrations = ranked_event(people=3)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.start_run(setup.event)
    run.refresh_from_db()
    assert (run.status, run.progress, run.phase) == ("queued", 0, "waiting")
    task = DBTaskResult.objects.get()
    assert task.task_path == "samlas.allocation.tasks.run_allocation"
    assert task.args_kwargs["args"] == [run.pk]
    # What the worker does with it:
    assert services.execute_run(run.pk) == "done"
    run.refresh_from_db()
    assert run.status == "done" and run.result is not None
    assert services.execute_run(run.pk) == "skipped"  # a second delivery changes nothing


def test_a_new_run_replaces_one_still_waiting(django_capture_on_commit_callbacks):
    setup, _registrations = ranked_event(people=3)
    first = services.start_run(setup.event)  # its task is never delivered (no on_commit)
    second = services.start_run(setup.event)
    first.refresh_from_db()
    assert (first.status, first.error) == ("failed", "replaced")
    assert services.execute_run(first.pk) == "skipped"
    assert services.execute_run(second.pk) == "done"


def test_a_failing_solver_marks_the_run_failed(monkeypatch, run_now):
    setup, _registrations = ranked_event(people=3)

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(services, "allocate", broken)
    run = run_now(setup.event)
    assert (run.status, run.error, run.result) == ("failed", "crashed", None)
    with translation.override("sv"):
        assert (
            run.get_error_display() == "Fördelningen misslyckades. Orsaken finns i serverns logg."
        )


def test_runs_need_ranked_blocks():
    setup, _registrations = ranked_event(people=1)
    Block.objects.filter(event=setup.event).update(choice_mode=Block.ChoiceMode.FIRST_COME)
    with pytest.raises(NoRankedBlocks), translation.override("sv"):
        services.start_run(setup.event)


# --- Publication ------------------------------------------------------------------------------


def test_publishing_writes_exactly_the_solvers_assignment(previewed):
    setup, registrations, run = previewed
    outcome = services.publish_allocation(run, None)
    assert confirmed_choices(setup.event) == expected_choices(run)
    assert outcome.placed == run.stats["placed"] == len(expected_choices(run))
    run.refresh_from_db()
    assert run.status == "published" and run.published_at is not None
    # Everyone either has the seat the solver gave or waits, in every block they ranked.
    per_registration = Counter(
        SeminarChoice.objects.filter(block__event=setup.event).values_list(
            "registration_id", flat=True
        )
    )
    assert per_registration == {r.pk: 2 for r in registrations}


def test_capacity_is_never_exceeded_and_counters_match(previewed):
    setup, _registrations, run = previewed
    services.publish_allocation(run, None)
    seated = dict(
        SeminarChoice.objects.filter(block__event=setup.event, status="confirmed")
        .values_list("seminar_id")
        .annotate(n=Count("pk"))
    )
    for seminar in Seminar.objects.filter(block__event=setup.event):
        counter = SeminarSeats.objects.get(seminar=seminar)
        assert counter.confirmed == seated.get(seminar.pk, 0) <= seminar.capacity
        assert counter.capacity == seminar.capacity


def test_the_unplaced_wait_for_their_first_choice_in_lottery_order(previewed):
    _setup, _registrations, run = previewed
    outcome = services.publish_allocation(run, None)
    assert outcome.waiting == run.stats["unplaced"]
    first_choice = {
        (int(r["id"]), int(b)): int(ranking[0])
        for r in run.instance["registrants"]
        for b, ranking in r["preferences"].items()
    }
    for block_id, tickets in run.result["waiting"].items():
        waiting = list(
            SeminarChoice.objects.filter(block_id=int(block_id), status="waiting").order_by(
                "queued_at", "pk"
            )
        )
        assert [c.registration_id for c in waiting] == [int(t) for t in tickets]
        for choice in waiting:
            assert choice.seminar_id == first_choice[(choice.registration_id, choice.block_id)]
    # Queued before anyone who registers after publication.
    run.refresh_from_db()
    latest = SeminarChoice.objects.filter(status="waiting").order_by("-queued_at").first()
    assert latest.queued_at <= run.published_at


def test_one_email_per_registrant_in_swedish_with_their_seminars(previewed):
    setup, registrations, run = previewed
    before = OutboxMessage.objects.count()
    outcome = services.publish_allocation(run, None)
    messages = OutboxMessage.objects.order_by("pk")[before:]
    assert outcome.emails == len(messages) == len(registrations)
    assert Counter(m.registration_id for m in messages) == {r.pk: 1 for r in registrations}
    seated = SeminarChoice.objects.filter(
        block__event=setup.event, status="confirmed"
    ).select_related("seminar")
    some = seated.first()
    message = next(m for m in messages if m.registration_id == some.registration_id)
    assert message.kind == OutboxMessage.Kind.CHANGED
    assert message.subject == f"Platserna på seminarierna är fördelade: {setup.event.title}"
    assert "Du har fått plats på:" in message.text
    assert f"- {some.seminar.title} (" in message.text
    assert f"<strong>{some.seminar.title}</strong>" in message.html
    assert message.attachments == [
        {
            "filename": f"{setup.event.slug}.ics",
            "mimetype": "text/calendar",
            "calendar_for": some.registration_id,
        }
    ]
    first_in_line = (
        SeminarChoice.objects.filter(block__event=setup.event, status="waiting")
        .select_related("seminar", "block")
        .order_by("queued_at")
        .first()
    )
    told = next(m for m in messages if m.registration_id == first_in_line.registration_id)
    assert (
        f"I {first_in_line.block.title} fanns ingen plats kvar på de seminarier du rangordnade. "
        f"Du står som nummer 1 i kön till {first_in_line.seminar.title}"
    ) in " ".join(told.text.split())


def test_each_registration_gets_a_history_entry_and_the_run_an_audit_entry(previewed):
    setup, registrations, run = previewed
    services.publish_allocation(run, None)
    entries = RegistrationLogEntry.objects.filter(event=setup.event, data__allocation_run=run.pk)
    assert sorted(e.registration_id for e in entries) == sorted(r.pk for r in registrations)
    audit = AuditLogEntry.objects.get(event_id=setup.event.pk, action="published")
    assert audit.data["seed"] == run.seed and audit.data["input_hash"] == run.input_hash


def test_changed_rankings_refuse_publication_and_nothing_is_written(run_now):
    # Previewed before the deadline; a ranking changes; then the deadline passes.
    setup, registrations = ranked_event(deadline_passed=False)
    run = run_now(setup.event)
    registration_services.change_choices(
        registrations[0], preferences={setup.blocks[0].pk: [setup.seminars(0)[-1].pk]}
    )
    close_rankings(setup)
    with translation.override("sv"), pytest.raises(RegistrationsChanged) as refused:
        services.publish_allocation(run, None)
    assert str(refused.value) == (
        "Anmälningarna har ändrats sedan förhandsvisningen. Kör fördelningen igen."
    )
    assert not SeminarChoice.objects.filter(block__event=setup.event).exists()
    run.refresh_from_db()
    assert run.status == "done"
    assert not queries.input_is_current(run, setup.event)


def test_a_cancellation_since_the_preview_refuses_publication(previewed):
    # (After the deadline nobody can add a ranking: test_ranking_deadline.py.)
    _setup, registrations, run = previewed
    registration_services.cancel(registrations[0])
    with pytest.raises(RegistrationsChanged):
        services.publish_allocation(run, None)


def test_a_changed_capacity_refuses_publication(previewed):
    setup, _registrations, run = previewed
    services.change_capacities(setup.event, {setup.seminars(0)[0].pk: 10})
    with translation.override("sv"), pytest.raises(SeminarsChanged) as refused:
        services.publish_allocation(run, None)
    assert "Kör fördelningen igen" in str(refused.value)


def test_publishing_twice_is_refused(previewed, run_now):
    setup, _registrations, run = previewed
    other = run_now(setup.event)
    services.publish_allocation(run, None)
    with pytest.raises(AlreadyPublished):
        services.publish_allocation(run, None)
    with pytest.raises(AlreadyPublished):
        services.publish_allocation(other, None)
    with pytest.raises(AlreadyPublished):
        services.start_run(setup.event)
    assert SeminarChoice.objects.filter(block__event=setup.event).count() == 24


def test_publishing_waits_for_the_deadline_and_a_finished_run(run_now):
    setup, _registrations = ranked_event(people=4, deadline_passed=False)
    run = run_now(setup.event)
    with pytest.raises(DeadlineNotPassed):
        services.publish_allocation(run, None)
    close_rankings(setup)
    queued = services.start_run(setup.event)  # not executed
    with pytest.raises(RunNotReady):
        services.publish_allocation(queued, None)
    assert not SeminarChoice.objects.filter(block__event=setup.event).exists()


def test_seats_taken_before_in_a_ranked_block_refuse_publication(previewed):
    setup, registrations, run = previewed
    SeminarChoice.objects.create(
        registration=registrations[0],
        block=setup.blocks[0],
        seminar=setup.seminars(0)[0],
        status="confirmed",
    )
    with pytest.raises(SeatsAlreadyTaken):
        services.publish_allocation(run, None)


# --- After publication: first come, first served ----------------------------------------------


def test_after_publication_the_blocks_are_first_come_first_served(previewed):
    setup, _registrations, run = previewed
    services.publish_allocation(run, None)
    assert set(Block.objects.filter(event=setup.event).values_list("choice_mode", flat=True)) == {
        "fcfs"
    }
    assert queries.block_is_allocated(setup.blocks[0])
    # Every seat is taken: a newcomer queues for the seminar they choose.
    late = registration_services.register(
        setup.event,
        {"name": "Sen Anmälan", "email": "sen@example.se", "organisation": "Umeå kommun"},
        {setup.blocks[0].pk: setup.seminars(0)[0].pk, setup.blocks[1].pk: setup.seminars(1)[0].pk},
        idempotency_key="late",
    )
    statuses = set(late.choices.values_list("status", flat=True))
    assert statuses == {"waiting"}
    # A seat freed by a cancellation goes to the first in line, who was unplaced.
    seminar = setup.seminars(0)[0]
    first_in_line = (
        SeminarChoice.objects.filter(seminar=seminar, status="waiting")
        .order_by("queued_at", "pk")
        .first()
    )
    holder = SeminarChoice.objects.filter(seminar=seminar, status="confirmed").first()
    registration_services.cancel(holder.registration)
    first_in_line.refresh_from_db()
    assert first_in_line.status == "confirmed"
    assert first_in_line.registration_id != late.pk


def test_free_seats_after_publication_go_to_new_registrants():
    setup, _registrations = ranked_event(people=3, blocks=((5, 5),))
    with_seats = setup.seminars(0)[1]
    run = services.start_run(setup.event)
    services.execute_run(run.pk)
    run.refresh_from_db()
    services.publish_allocation(run, None)
    late = registration_services.register(
        setup.event,
        {"name": "Sen Anmälan", "email": "sen2@example.se", "organisation": "Umeå kommun"},
        {setup.blocks[0].pk: with_seats.pk},
        idempotency_key="late-2",
    )
    assert late.choices.get().status == "confirmed"
    counter = SeminarSeats.objects.get(seminar=with_seats)
    assert (
        counter.confirmed
        == SeminarChoice.objects.filter(seminar=with_seats, status="confirmed").count()
    )


def test_registrations_not_yet_confirmed_keep_their_first_choice_as_requested(run_now):
    setup, registrations = ranked_event(people=4)
    Registration.objects.filter(pk=registrations[0].pk).update(
        status="waiting", queued_at=timezone.now() - timedelta(hours=1)
    )
    run = run_now(setup.event)
    outcome = services.publish_allocation(run, None)
    assert str(registrations[0].pk) not in run.result["assignments"]
    requested = SeminarChoice.objects.filter(registration=registrations[0])
    assert set(requested.values_list("status", flat=True)) == {"requested"}
    first = {p.block_id: p.seminar_id for p in registrations[0].preferences.filter(rank=1)}
    assert {c.block_id: c.seminar_id for c in requested} == first
    assert outcome.requested == 2
    assert not OutboxMessage.objects.filter(registration=registrations[0], kind="changed").exists()


def test_nobody_waits_for_a_topic_they_already_have(run_now):
    setup, _registrations = ranked_event(people=0, blocks=((1, 1), (1, 1)), deadline_passed=False)
    a1, _b1 = setup.seminars(0)
    a2, b2 = setup.seminars(1)
    Seminar.objects.filter(pk__in=[a1.pk, a2.pk]).update(topic="grannsamverkan")
    prefs = {setup.blocks[0].pk: [a1.pk], setup.blocks[1].pk: [a2.pk, b2.pk]}
    people = [register(setup, f"t{i}", prefs) for i in range(3)]
    close_rankings(setup)
    run = run_now(setup.event)
    services.publish_allocation(run, None)
    for registration in people:
        topics = [
            c.seminar.topic
            for c in SeminarChoice.objects.filter(registration=registration).select_related(
                "seminar"
            )
            if c.seminar.topic
        ]
        assert len(topics) == len(set(topics)), registration


def test_an_email_drafted_before_the_locks_is_redone_if_the_registrant_changed(
    previewed, monkeypatch
):
    _setup, registrations, run = previewed
    renders = []
    original_render = services.AllocationMailer.render
    original_check = services._check
    checks = []

    def counting_render(self, registration, choices, outcomes):
        renders.append(registration.pk)
        return original_render(self, registration, choices, outcomes)

    def check_while_someone_edits(run, event, now):
        checks.append(now)
        if len(checks) == 2:  # under the locks, after the drafts
            Registration.objects.filter(pk=registrations[0].pk).update(name="Nytt Namn")
        original_check(run, event, now)

    monkeypatch.setattr(services.AllocationMailer, "render", counting_render)
    monkeypatch.setattr(services, "_check", check_while_someone_edits)
    services.publish_allocation(run, None)
    assert sorted(renders) == sorted([r.pk for r in registrations] + [registrations[0].pk])
    message = OutboxMessage.objects.get(registration=registrations[0], kind="changed")
    assert message.text.startswith("Hej Nytt Namn,")


def test_each_email_is_handed_to_the_worker_once_published(
    previewed, settings, django_capture_on_commit_callbacks, monkeypatch
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    _setup, registrations, run = previewed
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_allocation(run, None)
    # One deferred task sends every message that is due when it runs: one, not one each.
    tasks = DBTaskResult.objects.filter(task_path="samlas.registration.tasks.send_due_outbox")
    assert tasks.count() == 1 and tasks.get().run_after is not None
    messages = OutboxMessage.objects.filter(kind="changed", status="pending")
    assert sorted(messages.values_list("registration_id", flat=True)) == sorted(
        r.pk for r in registrations
    )
