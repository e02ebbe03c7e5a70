"""Services: one ballot per phone and question, replacing votes, closing, codes, groups."""

import threading
import uuid

import pytest
from django.db import IntegrityError, connection, transaction

from samlas.workshops import queries, services
from samlas.workshops.models import (
    CODE_ALPHABET,
    Ballot,
    BallotEntry,
    Participant,
    Proposal,
    Question,
    Workshop,
)

from .conftest import make_event, make_workshop, proposal_ids


def test_join_code_is_six_unambiguous_characters(workshop):
    assert len(workshop.code) == 6
    assert set(workshop.code) <= set(CODE_ALPHABET)
    assert not set(workshop.code) & set("0O1IL")


def test_join_code_is_unique_among_open_workshops_only(workshop):
    other = make_workshop(workshop.event)
    with (
        pytest.raises(IntegrityError, match=r"workshop_code_unique_while_open|UNIQUE"),
        transaction.atomic(),
    ):
        Workshop.objects.filter(pk=other.pk).update(code=workshop.code)
    services.close_workshop(workshop)
    Workshop.objects.filter(pk=other.pk).update(code=workshop.code)
    # Reopening the first would clash with the code now in use: it draws a fresh one.
    services.reopen_workshop(workshop)
    workshop.refresh_from_db()
    assert workshop.is_open and workshop.code != other.code


def test_code_clash_draws_again(event, monkeypatch):
    first = services.create_workshop(event=event, title="A")
    codes = iter([first.code, first.code, "ABCDEF"])
    monkeypatch.setattr(services, "generate_code", lambda: next(codes))
    second = services.create_workshop(event=event, title="B")
    assert second.code == "ABCDEF"


def test_programme_item_must_belong_to_the_event(event):
    from samlas.programme.models import ProgrammeItem

    other = make_event("other")
    item = ProgrammeItem.objects.create(
        event=other, start=other.start, end=other.end, title="Grupparbete"
    )
    with pytest.raises(services.WorkshopError):
        services.create_workshop(event=event, title="X", programme_item=item)
    assert services.create_workshop(event=other, title="Y", programme_item=item).programme_item


def test_cast_ballot_replaces_the_vote(ranking):
    token = uuid.uuid4()
    a, b, c, d = proposal_ids(ranking)
    services.cast_ballot(ranking, token, {a: 1, b: 2})
    services.cast_ballot(ranking, token, {c: 1, d: 2, a: 3})
    assert Ballot.objects.filter(question=ranking).count() == 1
    assert Participant.objects.count() == 1
    participant = Participant.objects.get()
    assert queries.ballot_values(ranking, participant) == {c: 1, d: 2, a: 3}


def test_one_ballot_per_participant_and_question_in_the_database(ranking):
    participant = Participant.objects.create(workshop=ranking.workshop, token=uuid.uuid4())
    Ballot.objects.create(question=ranking, participant=participant)
    with (
        pytest.raises(IntegrityError, match=r"ballot_one_per_participant_and_question|UNIQUE"),
        transaction.atomic(),
    ):
        Ballot.objects.create(question=ranking, participant=participant)


def test_each_phone_has_its_own_ballot(dots):
    a, b, *_ = proposal_ids(dots)
    for _ in range(3):
        services.cast_ballot(dots, uuid.uuid4(), {a: 3, b: 2})
    results = queries.question_results(dots)
    assert results.ballots == 3
    assert [(r.proposal.pk, r.score) for r in results.overall.rows[:2]] == [(a, 9), (b, 6)]


@pytest.mark.parametrize(
    ("method", "values"),
    [
        ("ranking", {0: 1, 1: 1}),  # one rank twice
        ("ranking", {0: 1, 1: 3}),  # a gap
        ("dots", {0: 4, 1: 2}),  # 6 of 5 points
        ("choice", {0: 1, 1: 1}),  # two choices
        ("choice", {}),  # nothing
    ],
)
def test_invalid_ballots_are_refused(workshop, method, values):
    question = workshop.questions.get(method=method)
    ids = proposal_ids(question)
    with pytest.raises(services.InvalidBallot):
        services.cast_ballot(question, uuid.uuid4(), {ids[i]: v for i, v in values.items()})
    assert not Ballot.objects.exists()


def test_proposals_of_another_question_or_not_approved_are_refused(ranking, dots):
    with pytest.raises(services.InvalidBallot):
        services.cast_ballot(ranking, uuid.uuid4(), {proposal_ids(dots)[0]: 1})
    pending = services.submit_proposal(ranking, "Nytt förslag")
    assert pending.status == Proposal.Status.PENDING
    with pytest.raises(services.InvalidBallot):
        services.cast_ballot(ranking, uuid.uuid4(), {pending.pk: 1})
    services.approve_proposal(pending)
    services.cast_ballot(ranking, uuid.uuid4(), {pending.pk: 1})
    assert Ballot.objects.count() == 1


def test_closed_question_keeps_the_vote_unchanged(choice):
    token = uuid.uuid4()
    first, second, *_ = proposal_ids(choice)
    services.cast_ballot(choice, token, {first: 1})
    services.close_question(choice)
    with pytest.raises(services.QuestionNotOpen):
        services.cast_ballot(choice, token, {second: 1})
    participant = queries.participant(choice.workshop, token)
    assert queries.ballot_values(choice, participant) == {first: 1}
    # A stale question object (loaded before the close) is refused too.
    stale = Question.objects.get(pk=choice.pk)
    stale.status = Question.Status.OPEN
    with pytest.raises(services.QuestionNotOpen):
        services.cast_ballot(stale, token, {second: 1})


def test_closing_the_workshop_closes_its_questions_and_voting(workshop, ranking):
    services.close_workshop(workshop)
    assert set(workshop.questions.values_list("status", flat=True)) == {"closed"}
    assert queries.open_workshop_by_code(workshop.code) is None
    with pytest.raises(services.WorkshopError):
        services.open_question(ranking)


def test_open_question_needs_a_proposal(workshop):
    question = services.add_question(workshop, text="Tom fråga", method="choice")
    with pytest.raises(services.WorkshopError):
        services.open_question(question)
    question.refresh_from_db()
    assert question.status == Question.Status.DRAFT


def test_dot_voting_needs_points(workshop):
    with pytest.raises(services.WorkshopError):
        services.add_question(workshop, text="Poäng?", method="dots")
    with (
        pytest.raises(IntegrityError, match=r"question_dots_need_points|CHECK"),
        transaction.atomic(),
    ):
        Question.objects.create(workshop=workshop, text="x", method="dots")


def test_unmoderated_proposal_goes_straight_on_the_ballot(workshop):
    question = services.add_question(
        workshop, text="Idéer?", method="choice", allow_proposals=True, moderate_proposals=False
    )
    proposal = services.submit_proposal(question, "  Lokala trygghetsvandringar  ")
    assert (proposal.status, proposal.text, proposal.from_participant) == (
        Proposal.Status.APPROVED,
        "Lokala trygghetsvandringar",
        True,
    )


def test_proposals_refused_when_not_allowed_or_closed(workshop):
    question = services.add_question(workshop, text="Fast lista", method="choice", proposals=["A"])
    with pytest.raises(services.WorkshopError):
        services.submit_proposal(question, "B")
    question.allow_proposals = True
    services.close_question(question)
    with pytest.raises(services.QuestionNotOpen):
        services.submit_proposal(question, "B")
    assert question.proposals.count() == 1


def test_groups_assigned_evenly(event):
    workshop = make_workshop(event, groups=("Bord 1", "Bord 2", "Bord 3"), assign=True)
    question = workshop.questions.get(method="choice")
    first = proposal_ids(question)[0]
    for _ in range(7):
        services.cast_ballot(question, uuid.uuid4(), {first: 1})
    names = sorted(Participant.objects.values_list("group__name", flat=True))
    assert names == ["Bord 1"] * 3 + ["Bord 2"] * 2 + ["Bord 3"] * 2


def test_participant_chooses_a_group_of_this_workshop_only(event):
    workshop = make_workshop(event, groups=("Bord 1", "Bord 2"))
    other = make_workshop(event, groups=("Bord 1",))
    token = uuid.uuid4()
    with pytest.raises(services.WorkshopError):
        services.join_group(workshop, token, other.groups.get())
    participant = services.join_group(workshop, token, workshop.groups.get(name="Bord 2"))
    assert participant.group.name == "Bord 2"
    # Changing the table moves the ballots with the participant.
    question = workshop.questions.get(method="choice")
    services.cast_ballot(question, token, {proposal_ids(question)[1]: 1})
    services.join_group(workshop, token, workshop.groups.get(name="Bord 1"))
    results = queries.question_results(question)
    assert [g.ballots for g in results.groups] == [1, 0]


def test_workshops_are_isolated(event):
    first, second = make_workshop(event), make_workshop(event)
    token = uuid.uuid4()
    q1 = first.questions.get(method="choice")
    q2 = second.questions.get(method="choice")
    services.cast_ballot(q1, token, {proposal_ids(q1)[0]: 1})
    services.cast_ballot(q2, token, {proposal_ids(q2)[1]: 1})
    # The same token is two unrelated participants, one per workshop.
    assert Participant.objects.filter(token=token).count() == 2
    assert queries.question_results(q1).overall.rows[0].proposal.pk == proposal_ids(q1)[0]
    assert queries.question_results(q2).overall.rows[0].proposal.pk == proposal_ids(q2)[1]
    assert queries.question_results(q1).ballots == 1


def test_rejected_proposal_no_longer_counts(ranking):
    a, b, *_ = proposal_ids(ranking)
    services.cast_ballot(ranking, uuid.uuid4(), {a: 1, b: 2})
    services.reject_proposal(Proposal.objects.get(pk=a))
    rows = queries.question_results(ranking).overall.rows
    assert a not in [r.proposal.pk for r in rows]
    # b keeps the points of its rank: n = 3 proposals now, rank 2 earns 1.
    assert rows[0].proposal.pk == b and rows[0].score == 1


def test_results_take_a_bounded_number_of_queries(django_assert_max_num_queries, event):
    workshop = make_workshop(event, groups=("Bord 1", "Bord 2"), assign=True)
    question = workshop.questions.get(method="ranking")
    ids = proposal_ids(question)
    for i in range(20):
        services.cast_ballot(question, uuid.uuid4(), {ids[i % 4]: 1, ids[(i + 1) % 4]: 2})
    with django_assert_max_num_queries(3):
        results = queries.question_results(question)
    assert results.ballots == 20
    assert sum(g.ballots for g in results.groups) == 20


def test_a_lost_insert_race_runs_the_vote_again(choice, monkeypatch):
    """The twin's insert won: ours fails on the constraint, and the retry finds its row."""
    real = services._get_participant
    calls = []

    def lose_first_race(workshop, token):
        calls.append(token)
        if len(calls) == 1:
            raise IntegrityError("participant_token_unique_per_workshop")
        return real(workshop, token)

    monkeypatch.setattr(services, "_get_participant", lose_first_race)
    token = uuid.uuid4()
    services.cast_ballot(choice, token, {proposal_ids(choice)[0]: 1})
    assert len(calls) == 2
    assert Ballot.objects.filter(question=choice).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_double_submit_keeps_one_ballot():
    """Two requests of the same phone at once: one ballot, the entries of one of them."""
    workshop = make_workshop(make_event())
    question = workshop.questions.get(method="ranking")
    a, b, c, _d = proposal_ids(question)
    token = uuid.uuid4()
    votes = [{a: 1, b: 2}, {c: 1, a: 2, b: 3}]
    errors: list[BaseException] = []

    def vote(values):
        try:
            start.wait(timeout=10)
            services.cast_ballot(Question.objects.get(pk=question.pk), token, values)
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=vote, args=(v,)) for v in votes for _ in range(3)]
    start = threading.Barrier(len(threads))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert Participant.objects.filter(token=token).count() == 1
    assert Ballot.objects.filter(question=question).count() == 1
    entries = dict(BallotEntry.objects.values_list("proposal_id", "value"))
    assert entries in votes
