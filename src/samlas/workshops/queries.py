"""Read models of workshops: what participants, presenters and exports show.

Results are computed from one query over the ballot entries of a question (plus one each
for its proposals and the workshop's groups), so the presenter's live view stays cheap
while a room of phones is voting.
"""

import uuid
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet

from samlas.events.models import Event
from samlas.workshops import scoring
from samlas.workshops.models import (
    Ballot,
    BallotEntry,
    Group,
    Participant,
    Proposal,
    Question,
    Workshop,
)

TOP = 3


@dataclass(frozen=True)
class ResultRow:
    proposal: Proposal
    place: int
    score: int
    votes: int
    tied: bool
    percent: int
    """Bar length: the score as a share of the best score."""
    is_top: bool


@dataclass(frozen=True)
class GroupResults:
    group: Group | None
    ballots: int
    rows: list[ResultRow]

    @property
    def top(self) -> list[ResultRow]:
        return [row for row in self.rows if row.is_top]


@dataclass(frozen=True)
class QuestionResults:
    question: Question
    overall: GroupResults
    groups: list[GroupResults]

    @property
    def ballots(self) -> int:
        return self.overall.ballots


def open_workshop_by_code(code: str) -> Workshop | None:
    return Workshop.objects.select_related("event").filter(code=code, is_open=True).first()


def participant(workshop: Workshop, token: uuid.UUID | None) -> Participant | None:
    if token is None:
        return None
    return (
        Participant.objects.select_related("group").filter(workshop=workshop, token=token).first()
    )


def approved_proposals(question: Question) -> list[Proposal]:
    return list(question.proposals.filter(status=Proposal.Status.APPROVED))


def participant_questions(workshop: Workshop) -> list[Question]:
    """The questions participants see: opened at least once, in order."""
    return list(workshop.questions.exclude(status=Question.Status.DRAFT))


def participant_question(workshop: Workshop, question_id: int) -> Question | None:
    return (
        workshop.questions.exclude(status=Question.Status.DRAFT)
        .select_related("workshop")
        .filter(pk=question_id)
        .first()
    )


def voted_question_ids(participant: Participant | None) -> set[int]:
    if participant is None:
        return set()
    return set(participant.ballots.values_list("question_id", flat=True))


def ballot_values(question: Question, participant: Participant | None) -> dict[int, int]:
    """This phone's current vote on the question: proposal id → rank, points or 1."""
    if participant is None:
        return {}
    return dict(
        BallotEntry.objects.filter(
            ballot__question=question, ballot__participant=participant
        ).values_list("proposal_id", "value")
    )


def _rows(scores: list[scoring.Score], proposals: dict[int, Proposal]) -> list[ResultRow]:
    best = max((s.score for s in scores), default=0)
    top = {s.proposal for s in scoring.top(scores, TOP)}
    return [
        ResultRow(
            proposal=proposals[s.proposal],
            place=s.place,
            score=s.score,
            votes=s.votes,
            tied=s.tied,
            percent=round(100 * s.score / best) if best else 0,
            is_top=s.proposal in top,
        )
        for s in scores
    ]


def question_results(question: Question, groups: list[Group] | None = None) -> QuestionResults:
    """Ranked proposals with scores, overall and per group, ties broken as scoring.py says."""
    if groups is None:
        groups = list(question.workshop.groups.all())
    proposals = {p.pk: p for p in approved_proposals(question)}
    entries = BallotEntry.objects.filter(ballot__question=question).values_list(
        "ballot_id", "ballot__participant__group_id", "proposal_id", "value"
    )
    ballots: dict[int, tuple[int | None, dict[int, int]]] = {}
    for ballot_id, group_id, proposal_id, value in entries:
        ballots.setdefault(ballot_id, (group_id, {}))[1][proposal_id] = value
    results = scoring.results_by_group(
        question.method,
        list(proposals),
        [scoring.BallotInput(values=v, group=g) for g, v in ballots.values()],
        [g.pk for g in groups],
    )
    return QuestionResults(
        question=question,
        overall=GroupResults(None, results.ballots, _rows(results.overall, proposals)),
        groups=[
            GroupResults(g, results.group_ballots[g.pk], _rows(results.groups[g.pk], proposals))
            for g in groups
        ],
    )


def workshop_results(workshop: Workshop) -> list[QuestionResults]:
    """Every question that has been opened, for the printable page and the CSV export."""
    groups = list(workshop.groups.all())
    return [
        question_results(question, groups)
        for question in workshop.questions.exclude(status=Question.Status.DRAFT)
    ]


@dataclass(frozen=True)
class GroupReport:
    """What one group takes home: its results for every question."""

    group: Group
    questions: list[tuple[Question, GroupResults]]


def group_reports(results: list[QuestionResults]) -> list[GroupReport]:
    if not results:
        return []
    return [
        GroupReport(section.group, [(r.question, r.groups[index]) for r in results])
        for index, section in enumerate(results[0].groups)
    ]


def organiser_workshops(event: Event) -> QuerySet[Workshop]:
    return (
        Workshop.objects.filter(event=event)
        .select_related("programme_item")
        .annotate(
            question_count=Count("questions", distinct=True),
            participant_count=Count("participants", distinct=True),
        )
    )


def organiser_workshop(event: Event, pk: int) -> Workshop | None:
    """The event's workshop with its questions, their proposals and ballot counts, its groups.

    Filtered by the event the caller has checked: a workshop of another event is not found.
    """
    questions = Question.objects.annotate(ballot_count=Count("ballots")).prefetch_related(
        Prefetch("proposals", queryset=Proposal.objects.exclude(status=Proposal.Status.REJECTED))
    )
    workshop = (
        Workshop.objects.select_related("programme_item")
        .prefetch_related(
            Prefetch("questions", queryset=questions),
            Prefetch(
                "groups", queryset=Group.objects.annotate(participant_count=Count("participants"))
            ),
        )
        .annotate(participant_count=Count("participants", distinct=True))
        .filter(event=event, pk=pk)
        .first()
    )
    if workshop is not None:
        workshop.event = event
    return workshop


def event_question(event: Event, workshop_pk: int, question_id: int) -> Question | None:
    """A question of the event's workshop, for the presenter's live fragment."""
    return (
        Question.objects.select_related("workshop")
        .filter(workshop__event=event, workshop_id=workshop_pk, pk=question_id)
        .first()
    )


def presenter_question(workshop: Workshop, question_id: int | None) -> Question | None:
    """The asked-for question, else the open one, else the latest closed, else the first."""
    questions = list(workshop.questions.all())
    if question_id is not None:
        return next((q for q in questions if q.pk == question_id), None)
    for wanted in (Question.Status.OPEN, Question.Status.CLOSED):
        matching = [q for q in questions if q.status == wanted]
        if matching:
            return matching[0] if wanted == Question.Status.OPEN else matching[-1]
    return questions[0] if questions else None


def ballot_count(workshop: Workshop, question: Question | None = None) -> int:
    """Votes given in a workshop, or in one of its questions."""
    ballots = Ballot.objects.filter(question__workshop=workshop)
    return (ballots.filter(question=question) if question else ballots).count()
