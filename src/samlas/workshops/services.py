"""Every state change of a workshop, each one function running in one transaction.

Concurrency contract (see docs/workshops.md): a ballot is unique per (question, participant)
in the database. Casting a vote gets or creates the participant and the ballot; when two
first submits of one phone race, the loser's insert fails on the named constraint and its
transaction runs once more, now finding the winner's rows. An existing ballot is locked
before its entries are replaced, so two submits of one phone apply one after the other and
never leave two ballots or mixed entries. A vote that read its question as open before an
organiser's close committed still counts: voters do not lock the question row, so a room of
phones never queues behind one lock.
"""

import secrets
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils.translation import gettext_lazy as _

from samlas.events.models import Event
from samlas.programme.models import ProgrammeItem
from samlas.workshops.models import (
    CODE_ALPHABET,
    CODE_LENGTH,
    Ballot,
    BallotEntry,
    Group,
    Participant,
    Proposal,
    Question,
    Workshop,
)

CODE_ATTEMPTS = 20
T = TypeVar("T")


class WorkshopError(Exception):
    """A refused action, with a message fit to show the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class QuestionNotOpen(WorkshopError):
    pass


class InvalidBallot(WorkshopError):
    pass


def generate_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _save_with_fresh_code(workshop: Workshop) -> None:
    """Save under a new random code; a clash with an open workshop just draws again."""
    for _attempt in range(CODE_ATTEMPTS):
        workshop.code = generate_code()
        try:
            with transaction.atomic():
                workshop.save()
        except IntegrityError:
            continue
        return
    raise WorkshopError(_("No free join code was found. Please try again."))


@transaction.atomic
def create_workshop(
    *,
    event: Event,
    title: str,
    introduction: str = "",
    programme_item: ProgrammeItem | None = None,
    group_names: Sequence[str] = (),
    assign_groups: bool = False,
) -> Workshop:
    if programme_item is not None and programme_item.event_id != event.pk:
        raise WorkshopError(_("The programme item belongs to another event."))
    workshop = Workshop(
        event=event,
        title=title,
        introduction=introduction,
        programme_item=programme_item,
        assign_groups=assign_groups,
    )
    _save_with_fresh_code(workshop)
    for name in dict.fromkeys(n.strip() for n in group_names if n.strip()):
        add_group(workshop, name)
    return workshop


@transaction.atomic
def assign_code(workshop: Workshop) -> Workshop:
    """Give a workshop created elsewhere (the admin) a fresh join code and save it."""
    _save_with_fresh_code(workshop)
    return workshop


@transaction.atomic
def close_workshop(workshop: Workshop) -> Workshop:
    """End the workshop: nobody can join or vote any more, and its code is free again."""
    workshop.is_open = False
    workshop.save(update_fields=["is_open"])
    workshop.questions.filter(status=Question.Status.OPEN).update(status=Question.Status.CLOSED)
    return workshop


@transaction.atomic
def reopen_workshop(workshop: Workshop) -> Workshop:
    """Open again; if another open workshop took the code meanwhile, draw a new one."""
    workshop.is_open = True
    try:
        with transaction.atomic():
            workshop.save(update_fields=["is_open"])
    except IntegrityError:
        _save_with_fresh_code(workshop)
    return workshop


@transaction.atomic
def add_group(workshop: Workshop, name: str) -> Group:
    position = (workshop.groups.aggregate(last=Max("position"))["last"] or 0) + 1
    try:
        with transaction.atomic():
            return Group.objects.create(workshop=workshop, name=name.strip(), position=position)
    except IntegrityError as exc:
        raise WorkshopError(_("There is already a group with that name.")) from exc


@transaction.atomic
def add_question(
    workshop: Workshop,
    *,
    text: str,
    method: str,
    points: int | None = None,
    description: str = "",
    allow_proposals: bool = False,
    moderate_proposals: bool = True,
    proposals: Sequence[str] = (),
) -> Question:
    if method == Question.Method.DOTS and not points:
        raise WorkshopError(_("Dot voting needs the number of points each participant has."))
    position = (workshop.questions.aggregate(last=Max("position"))["last"] or 0) + 1
    question = Question.objects.create(
        workshop=workshop,
        position=position,
        text=text,
        description=description,
        method=method,
        points=points if method == Question.Method.DOTS else None,
        allow_proposals=allow_proposals,
        moderate_proposals=moderate_proposals,
    )
    Proposal.objects.bulk_create(
        Proposal(question=question, text=text.strip(), position=index)
        for index, text in enumerate(proposals, start=1)
        if text.strip()
    )
    return question


def _next_proposal_position(question: Question) -> int:
    return (question.proposals.aggregate(last=Max("position"))["last"] or 0) + 1


@transaction.atomic
def add_proposal(question: Question, text: str) -> Proposal:
    """An organiser's proposal: on the ballot at once."""
    return Proposal.objects.create(
        question=question, text=text.strip(), position=_next_proposal_position(question)
    )


@transaction.atomic
def submit_proposal(question: Question, text: str) -> Proposal:
    """A participant's proposal: held for approval when the question is moderated."""
    if not question.allow_proposals:
        raise WorkshopError(_("This question does not take proposals from participants."))
    if not question.workshop.is_open or question.status == Question.Status.CLOSED:
        raise QuestionNotOpen(_("This question is closed: no more proposals can be added."))
    return Proposal.objects.create(
        question=question,
        text=text.strip(),
        position=_next_proposal_position(question),
        from_participant=True,
        status=Proposal.Status.PENDING if question.moderate_proposals else Proposal.Status.APPROVED,
    )


@transaction.atomic
def approve_proposal(proposal: Proposal) -> Proposal:
    proposal.status = Proposal.Status.APPROVED
    proposal.save(update_fields=["status"])
    return proposal


@transaction.atomic
def reject_proposal(proposal: Proposal) -> Proposal:
    """Take a proposal off the ballot; votes already given to it no longer count."""
    proposal.status = Proposal.Status.REJECTED
    proposal.save(update_fields=["status"])
    return proposal


def _set_question(question: Question, **changes: object) -> Question:
    locked = Question.objects.select_for_update().get(pk=question.pk)
    for name, value in changes.items():
        setattr(locked, name, value)
        setattr(question, name, value)
    locked.save(update_fields=list(changes))
    return question


@transaction.atomic
def open_question(question: Question) -> Question:
    if not question.workshop.is_open:
        raise WorkshopError(_("The workshop is closed. Open it again first."))
    if not question.proposals.filter(status=Proposal.Status.APPROVED).exists():
        raise WorkshopError(_("Add at least one proposal before opening the question."))
    return _set_question(question, status=Question.Status.OPEN)


@transaction.atomic
def close_question(question: Question) -> Question:
    return _set_question(question, status=Question.Status.CLOSED)


@transaction.atomic
def reveal_results(question: Question, revealed: bool = True) -> Question:
    return _set_question(question, results_revealed=revealed)


def _smallest_group(workshop: Workshop) -> Group | None:
    return (
        workshop.groups.annotate(size=Count("participants"))
        .order_by("size", "position", "pk")
        .first()
    )


def _get_participant(workshop: Workshop, token: uuid.UUID) -> tuple[Participant, bool]:
    """The phone's participant row and whether this transaction created it.

    Two first submits of one phone both try the insert; the loser gets an IntegrityError from
    `participant_token_unique_per_workshop` and its caller runs again (see `_retry_once`).
    """
    participant = (
        Participant.objects.select_related("group").filter(workshop=workshop, token=token).first()
    )
    if participant is None:
        group = _smallest_group(workshop) if workshop.assign_groups else None
        return Participant.objects.create(workshop=workshop, token=token, group=group), True
    if participant.group_id is None and workshop.assign_groups:
        participant.group = _smallest_group(workshop)
        participant.save(update_fields=["group"])
    return participant, False


def _retry_once(action: Callable[[], T]) -> T:
    """Run a transaction; if it lost an insert race, run it again, which sees the winner's row.

    Cheaper than a savepoint around each insert (two round trips on every first vote), and
    the race only happens when one phone submits twice at once.
    """
    try:
        return action()
    except IntegrityError:
        return action()


def join_group(workshop: Workshop, token: uuid.UUID, group: Group) -> Participant:
    """A participant sits down at a table; their ballots count for that group from now on."""
    if group.workshop_id != workshop.pk:
        raise WorkshopError(_("That group belongs to another workshop."))
    if not workshop.is_open:
        raise WorkshopError(_("The workshop is closed."))

    @transaction.atomic
    def join() -> Participant:
        participant, _created = _get_participant(workshop, token)
        participant.group = group
        participant.save(update_fields=["group"])
        return participant

    return _retry_once(join)


def _check_ballot(question: Question, values: Mapping[int, int], allowed: set[int]) -> None:
    """Refuse what the forms should already have refused: the database keeps only valid votes."""
    if not values or not set(values) <= allowed or min(values.values()) < 1:
        raise InvalidBallot(_("The vote does not fit this question."))
    if question.method == Question.Method.RANKING:
        if sorted(values.values()) != list(range(1, len(values) + 1)):
            raise InvalidBallot(_("Each rank may be used once, from 1 without gaps."))
    elif question.method == Question.Method.DOTS:
        if sum(values.values()) > (question.points or 0):
            raise InvalidBallot(_("More points than the question allows."))
    elif len(values) != 1 or set(values.values()) != {1}:
        raise InvalidBallot(_("Choose exactly one proposal."))


def cast_ballot(question: Question, token: uuid.UUID, values: Mapping[int, int]) -> Ballot:
    """Record or replace this phone's vote on the question.

    `values` maps proposal ids to a rank (ranking), points (dot voting, zeros left out) or 1
    (simple choice). Raises QuestionNotOpen when voting has ended, InvalidBallot otherwise.
    """
    values = {int(p): int(v) for p, v in values.items() if int(v) != 0}
    return _retry_once(lambda: _cast_ballot(question, token, values))


def _cast_ballot(question: Question, token: uuid.UUID, values: dict[int, int]) -> Ballot:
    # Checked before the transaction: on SQLite the write lock is then held only for the few
    # statements that need it.
    allowed = set(
        question.proposals.filter(status=Proposal.Status.APPROVED).values_list("pk", flat=True)
    )
    _check_ballot(question, values, allowed)
    with transaction.atomic():
        workshop = question.workshop
        status = Question.objects.filter(pk=question.pk).values_list("status", flat=True).first()
        if not workshop.is_open or status != Question.Status.OPEN:
            raise QuestionNotOpen(_("This question is closed. Your vote was not changed."))
        participant, new_participant = _get_participant(workshop, token)
        ballot = None
        if not new_participant:
            # Two submits from one phone take turns on this lock: the entries are never a mix.
            ballot = (
                Ballot.objects.select_for_update()
                .filter(question=question, participant=participant)
                .first()
            )
        if ballot is None:
            ballot = Ballot.objects.create(question=question, participant=participant)
        else:
            ballot.entries.all().delete()
            ballot.save(update_fields=["updated_at"])
        BallotEntry.objects.bulk_create(
            BallotEntry(ballot=ballot, proposal_id=proposal, value=value)
            for proposal, value in values.items()
        )
    return ballot
