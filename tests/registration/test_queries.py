"""Read models: seats left, the form's questions, registration state, allocation input."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samlas.events.models import Event
from samlas.programme.models import Block, Seminar
from samlas.registration import queries, services
from samlas.registration.models import (
    ConsentOption,
    Question,
    QuestionOption,
    RegistrationSettings,
)
from tests.registration.conftest import build_event, person

FCFS, RANKED = Block.ChoiceMode.FIRST_COME, Block.ChoiceMode.RANKED

pytestmark = pytest.mark.django_db


def test_seats_left_counts_confirmed_seats_and_never_goes_negative():
    s = build_event(capacity=None, blocks=[(FCFS, [2, 3])])
    block, (small, big) = s.blocks[0], s.seminars()
    for n in range(3):
        services.register(s.event, person(n), {block.pk: small.pk}, idempotency_key=str(n))
    assert queries.seats_left([small, big.pk]) == {small.pk: 0, big.pk: 3}
    annotated = queries.with_seats_left(Seminar.objects.filter(block=block)).order_by("pk")
    assert [s.seats_left for s in annotated] == [0, 3]
    Seminar.objects.filter(pk=small.pk).update(capacity=1)  # lowered below the bookings
    assert queries.seats_left([small]) == {small.pk: 0}


def test_registration_state_follows_the_window_and_the_seats():
    s = build_event(capacity=1)
    assert queries.registration_state(s.event) == queries.OPEN
    services.register(s.event, person(1), idempotency_key="1")
    assert queries.registration_state(s.event) == queries.WAITING_LIST
    assert queries.event_seats_left(s.event) == 0
    RegistrationSettings.objects.filter(pk=s.settings.pk).update(waiting_list=False)
    assert queries.registration_state(s.event) == queries.FULL
    later = s.event.registration_opens + timedelta(days=400)
    assert queries.registration_state(s.event, now=later) == queries.CLOSED
    earlier = s.event.registration_opens - timedelta(seconds=1)
    assert queries.registration_state(s.event, now=earlier) == queries.NOT_OPEN
    Event.objects.filter(pk=s.event.pk).update(status=Event.Status.CANCELLED)
    s.event.refresh_from_db()
    assert queries.registration_state(s.event) == queries.CANCELLED
    unlimited = build_event(capacity=None)
    assert queries.event_seats_left(unlimited.event) is None
    unlimited.settings.delete()
    assert queries.registration_state(unlimited.event) == queries.NOT_OFFERED


def test_registration_form_lists_what_to_ask_in_a_fixed_number_of_queries():
    s = build_event(
        blocks=[(FCFS, [5, 5]), (RANKED, [5, 5, 5]), (FCFS, [])],
        phone="required",
        invoice_details="required",
        allergies="optional",
    )
    for n in range(3):
        question = Question.objects.create(settings=s.settings, text=f"F{n}", kind="single")
        QuestionOption.objects.create(question=question, text="Ja")
    ConsentOption.objects.create(settings=s.settings, text="Bilder")
    with CaptureQueriesContext(connection) as captured:
        form = queries.registration_form(s.event)
        seminar_titles = [s.title for b in form.fcfs_blocks for s in b.seminars.all()]
        options = [o.text for q in form.questions for o in q.options.all()]
        seats = [s.seats_left for b in form.ranked_blocks for s in b.seminars.all()]
    assert len(captured) == 6
    assert form.fields[:3] == [("name", True), ("email", True), ("organisation", True)]
    assert ("phone", True) in form.fields and ("allergies", False) in form.fields
    assert ("organisation_number", True) in form.fields
    assert ("peppol_id", False) in form.fields  # one of Peppol ID or reference is required
    assert ("municipality", False) not in form.fields  # not asked
    assert len(seminar_titles) == 2 and seats == [5, 5, 5]  # the empty block is left out
    assert options == ["Ja", "Ja", "Ja"]
    assert form.lawful_basis_display == "uppgift av allmänt intresse"
    assert form.purpose_text.startswith("Vi behandlar")
    assert queries.registration_form(build_event(blocks=[]).event).fcfs_blocks == []


def test_allocation_instance_has_the_solvers_shape_and_only_confirmed_registrants():
    s = build_event(capacity=2, blocks=[(RANKED, [10, 20]), (FCFS, [5])])
    ranked, fcfs = s.blocks
    a, b = s.seminars(0)
    (c,) = s.seminars(1)
    Seminar.objects.filter(pk=b.pk).update(topic="Trygghet i skolan")
    first = services.register(
        s.event, person(1), {fcfs.pk: c.pk}, {ranked.pk: [b.pk, a.pk]}, idempotency_key="1"
    )
    second = services.register(
        s.event, person(2), {fcfs.pk: c.pk}, {ranked.pk: [a.pk]}, idempotency_key="2"
    )
    services.register(s.event, person(3), {fcfs.pk: c.pk}, {ranked.pk: [a.pk]}, idempotency_key="3")
    instance = queries.allocation_instance(s.event, seed=7)
    assert instance == {
        "blocks": [
            {
                "id": str(ranked.pk),
                "seminars": [
                    {"id": str(a.pk), "capacity": 10, "topic": None},
                    {"id": str(b.pk), "capacity": 20, "topic": "Trygghet i skolan"},
                ],
            }
        ],
        "registrants": [
            {
                "id": str(first.pk),
                "preferences": {str(ranked.pk): [str(b.pk), str(a.pk)]},
                "priority": 0,
            },
            {"id": str(second.pk), "preferences": {str(ranked.pk): [str(a.pk)]}, "priority": 0},
        ],
        "seed": 7,
    }
    assert queries.allocation_instance(s.event)["seed"] == s.event.pk


def test_the_allocation_solver_accepts_the_instance():
    allocation = pytest.importorskip("samlas.allocation")
    allocate = getattr(allocation, "allocate", None)
    if allocate is None:
        pytest.skip("samlas.allocation.allocate is not there yet")
    s = build_event(capacity=None, blocks=[(RANKED, [1, 2])])
    block, (a, b) = s.blocks[0], s.seminars()
    for n in range(3):
        services.register(
            s.event, person(n), preferences={block.pk: [a.pk, b.pk]}, idempotency_key=str(n)
        )
    result = allocate(queries.allocation_instance(s.event), seed=3)
    assert result  # a result for three registrants over two seminars with three seats


def test_waiting_positions_and_the_detail_read_model():
    s = build_event(capacity=1, blocks=[(FCFS, [1])])
    block, (seminar,) = s.blocks[0], s.seminars()
    regs = [
        services.register(s.event, person(n), {block.pk: seminar.pk}, idempotency_key=str(n))
        for n in range(3)
    ]
    assert [queries.waiting_position(r) for r in regs] == [None, 1, 2]
    assert queries.choice_waiting_position(regs[0].choices.get()) is None
    with CaptureQueriesContext(connection) as captured:
        detail = queries.registration_detail(regs[0])
        _ = [(c.block.title, c.seminar.title) for c in detail.choices.all()]
        _ = detail.event.venue, list(detail.answers.all()), list(detail.consents.all())
        _ = list(detail.preferences.all()), detail.event.registration_settings
    assert len(captured) == 5


def test_the_programme_shows_seats_left_while_registration_is_open():
    from samlas.programme.queries import programme_days

    s = build_event(capacity=None, blocks=[(FCFS, [2, 3]), (RANKED, [4])])
    block = s.blocks[0]
    small = s.seminars(0)[0]
    ranked = {s.blocks[1].pk: [s.seminars(1)[0].pk]}
    services.register(s.event, person(1), {block.pk: small.pk}, ranked, idempotency_key="1")

    def seats() -> dict[str, int | None]:
        return {
            seminar.seminar.title: seminar.seats_left
            for day in programme_days(s.event)
            for entry in day.entries
            for seminar in (entry.seminars if entry.block else [])
        }

    assert seats() == {"Miniseminarium 1.1": 1, "Miniseminarium 1.2": 3, "Miniseminarium 2.1": None}
    Event.objects.filter(pk=s.event.pk).update(registration_opens=None)
    s.event.refresh_from_db()
    assert set(seats().values()) == {None}


def test_public_event_is_read_once_a_second_and_dropped_when_an_event_is_saved(monkeypatch):
    s = build_event(capacity=10)
    slug = s.event.slug
    clock = [1000.0]
    monkeypatch.setattr(queries.time, "monotonic", lambda: clock[0])
    with CaptureQueriesContext(connection) as first:
        event = queries.public_event(slug)
    with CaptureQueriesContext(connection) as again:
        copy = queries.public_event(slug)
    assert (event.pk, len(first), len(again)) == (s.event.pk, 1, 0)
    copy.title = "Ändrad i en annan förfrågan"  # what one request does to its copy stays there
    assert queries.public_event(slug).title == s.event.title

    Event.objects.filter(pk=s.event.pk).update(status=Event.Status.DRAFT)  # no signal
    assert queries.public_event(slug) is not None  # another process's change: within a second
    clock[0] += queries.PUBLIC_EVENT_SECONDS
    assert queries.public_event(slug) is None  # drafts are not public

    Event.objects.filter(pk=s.event.pk).update(status=Event.Status.PUBLISHED)
    s.event.refresh_from_db()
    s.event.title = "Nytt namn"
    s.event.save()  # saved in this process: seen at once
    assert queries.public_event(slug).title == "Nytt namn"
