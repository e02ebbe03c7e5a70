"""Every state change of a workshop, each one function running in one transaction.

Concurrency contract (see docs/workshops.md): a ballot is unique per (question, participant)
in the database. Casting a vote gets or creates the participant and the ballot; when two
first submits of one phone race, the loser's insert fails on the named constraint and its
transaction runs once more, now finding the winner's rows. An existing ballot is locked
before its entries are replaced, so two submits of one phone apply one after the other and
never leave two ballots or mixed entries. A vote that read its question as open before an
organiser's close committed still counts: voters do not lock the question row, so a room of
phones never queues behind one lock.

Organisers' actions take the acting user (`actor`) and write one audit-log entry each, shown
on the event's history page in the back office; participants' actions (joining, voting,
proposing) are anonymous and not logged.
"""

import secrets
import uuid
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils.translation import gettext_lazy as _

from samlas.core import audit
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


def _log(actor: Any, action: str, target: Workshop | Question | Proposal, **data: Any) -> None:
    workshop = target if isinstance(target, Workshop) else _workshop_of(target)
    audit.record(actor, action, target, event_id=workshop.event_id, data=data)


def _workshop_of(target: Question | Proposal) -> Workshop:
    question = target if isinstance(target, Question) else target.question
    return question.workshop


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
    actor: Any = None,
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
    _log(actor, audit.Action.CREATED, workshop)
    return workshop


WORKSHOP_FIELDS = ("title", "introduction", "programme_item", "assign_groups")


@transaction.atomic
def change_workshop(
    workshop: Workshop, *, new_groups: Sequence[str] = (), actor: Any = None, **changes: Any
) -> Workshop:
    """Change the workshop's texts and settings (`WORKSHOP_FIELDS`) and add groups."""
    if set(changes) - set(WORKSHOP_FIELDS):
        raise ValueError(f"Not changeable here: {sorted(set(changes) - set(WORKSHOP_FIELDS))}")
    item = changes.get("programme_item")
    if item is not None and item.event_id != workshop.event_id:
        raise WorkshopError(_("The programme item belongs to another event."))
    changed = [name for name, value in changes.items() if getattr(workshop, name) != value]
    for name in changed:
        setattr(workshop, name, changes[name])
    if changed:
        workshop.save(update_fields=changed)
    added = [add_group(workshop, name).name for name in dict.fromkeys(new_groups)]
    if changed or added:
        _log(actor, audit.Action.CHANGED, workshop, fields=changed, groups_added=added)
    return workshop


@transaction.atomic
def delete_workshop(workshop: Workshop, *, actor: Any = None) -> int:
    """Delete a workshop with its questions, proposals, groups and votes; returns how many
    ballots went with it. The audit entry keeps the title and the count, nothing else."""
    ballots = Ballot.objects.filter(question__workshop=workshop).count()
    _log(actor, audit.Action.DELETED, workshop, title=workshop.title, ballots=ballots)
    workshop.delete()
    return ballots


@transaction.atomic
def delete_question(question: Question, *, actor: Any = None) -> int:
    """Delete a question with its proposals and votes; returns how many ballots it had."""
    ballots = question.ballots.count()
    _log(actor, audit.Action.DELETED, question, text=question.text[:200], ballots=ballots)
    question.delete()
    return ballots


@transaction.atomic
def assign_code(workshop: Workshop) -> Workshop:
    """Give a workshop created elsewhere (the admin) a fresh join code and save it."""
    _save_with_fresh_code(workshop)
    return workshop


@transaction.atomic
def close_workshop(workshop: Workshop, *, actor: Any = None) -> Workshop:
    """End the workshop: nobody can join or vote any more, and its code is free again."""
    workshop.is_open = False
    workshop.save(update_fields=["is_open"])
    workshop.questions.filter(status=Question.Status.OPEN).update(status=Question.Status.CLOSED)
    _log(actor, audit.Action.CHANGED, workshop, is_open=False)
    return workshop


@transaction.atomic
def reopen_workshop(workshop: Workshop, *, actor: Any = None) -> Workshop:
    """Open again; if another open workshop took the code meanwhile, draw a new one."""
    workshop.is_open = True
    try:
        with transaction.atomic():
            workshop.save(update_fields=["is_open"])
    except IntegrityError:
        _save_with_fresh_code(workshop)
    _log(actor, audit.Action.CHANGED, workshop, is_open=True, code=workshop.code)
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
    actor: Any = None,
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
    _log(actor, audit.Action.CREATED, question)
    return question


QUESTION_FIELDS = ("text", "description", "points", "allow_proposals", "moderate_proposals")


@transaction.atomic
def change_question(question: Question, *, actor: Any = None, **changes: Any) -> Question:
    """Change a question's texts and settings (`QUESTION_FIELDS`); its method stays.

    Changing the method would make the ballots already cast meaningless, so it is not offered.
    Fewer points for dot voting apply to new votes; ballots already cast are scored as cast.
    """
    if set(changes) - set(QUESTION_FIELDS):
        raise ValueError(f"Not changeable here: {sorted(set(changes) - set(QUESTION_FIELDS))}")
    if question.method != Question.Method.DOTS:
        changes.pop("points", None)
    elif not changes.get("points", question.points):
        raise WorkshopError(_("Dot voting needs the number of points each participant has."))
    changed = [name for name, value in changes.items() if getattr(question, name) != value]
    if changed:
        _set_question(question, **{name: changes[name] for name in changed})
        _log(actor, audit.Action.CHANGED, question, fields=changed)
    return question


def _next_proposal_position(question: Question) -> int:
    return (question.proposals.aggregate(last=Max("position"))["last"] or 0) + 1


@transaction.atomic
def add_proposal(question: Question, text: str, *, actor: Any = None) -> Proposal:
    """An organiser's proposal: on the ballot at once."""
    proposal = Proposal.objects.create(
        question=question, text=text.strip(), position=_next_proposal_position(question)
    )
    _log(actor, audit.Action.CREATED, proposal)
    return proposal


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
def approve_proposal(proposal: Proposal, *, actor: Any = None) -> Proposal:
    proposal.status = Proposal.Status.APPROVED
    proposal.save(update_fields=["status"])
    _log(actor, audit.Action.CHANGED, proposal, status=proposal.status)
    return proposal


@transaction.atomic
def reject_proposal(proposal: Proposal, *, actor: Any = None) -> Proposal:
    """Take a proposal off the ballot; votes already given to it no longer count."""
    proposal.status = Proposal.Status.REJECTED
    proposal.save(update_fields=["status"])
    _log(actor, audit.Action.CHANGED, proposal, status=proposal.status)
    return proposal


def _set_question(question: Question, **changes: object) -> Question:
    locked = Question.objects.select_for_update().get(pk=question.pk)
    for name, value in changes.items():
        setattr(locked, name, value)
        setattr(question, name, value)
    locked.save(update_fields=list(changes))
    return question


@transaction.atomic
def open_question(question: Question, *, actor: Any = None) -> Question:
    if not question.workshop.is_open:
        raise WorkshopError(_("The workshop is closed. Open it again first."))
    if not question.proposals.filter(status=Proposal.Status.APPROVED).exists():
        raise WorkshopError(_("Add at least one proposal before opening the question."))
    _set_question(question, status=Question.Status.OPEN)
    _log(actor, audit.Action.CHANGED, question, status=question.status)
    return question


@transaction.atomic
def close_question(question: Question, *, actor: Any = None) -> Question:
    _set_question(question, status=Question.Status.CLOSED)
    _log(actor, audit.Action.CHANGED, question, status=question.status)
    return question


@transaction.atomic
def reveal_results(question: Question, revealed: bool = True, *, actor: Any = None) -> Question:
    _set_question(question, results_revealed=revealed)
    _log(actor, audit.Action.CHANGED, question, results_revealed=revealed)
    return question


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


def cast_ballot(
    question: Question,
    token: uuid.UUID,
    values: Mapping[int, int],
    *,
    approved: Collection[int] | None = None,
) -> Ballot:
    """Record or replace this phone's vote on the question.

    `values` maps proposal ids to a rank (ranking), points (dot voting, zeros left out) or 1
    (simple choice). `approved` are the ids of the question's approved proposals when the
    caller has just read them (the ballot form has): one query less on every vote; otherwise
    they are read here. Raises QuestionNotOpen when voting has ended, InvalidBallot otherwise.
    """
    values = {int(p): int(v) for p, v in values.items() if int(v) != 0}
    if approved is None:
        approved = question.proposals.filter(status=Proposal.Status.APPROVED).values_list(
            "pk", flat=True
        )
    # Checked before the transaction: on SQLite the write lock is then held only for the few
    # statements that need it.
    _check_ballot(question, values, set(approved))
    return _retry_once(lambda: _cast_ballot(question, token, values))


def _cast_ballot(question: Question, token: uuid.UUID, values: dict[int, int]) -> Ballot:
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
