"""Every change of seat allocation: settings, runs (previews), capacities and publication.

A run is a preview: `start_run` queues it, the background task (`tasks.run_allocation`)
calls `execute_run`, which reads the rankings, solves and stores input, hash and output,
reporting its phase as it goes. Nothing a registrant sees changes until
`publish_allocation`, which in one transaction checks that the input is still the one
previewed, writes the seats and waiting lists as registration rows under the locking
contract of the registration services (all the event's seat stripes first, then
`SeminarSeats` rows in ascending seminar id, counters updated in the same transaction),
queues one e-mail per registrant in the registration outbox, and turns the blocks into
first-come-first-served blocks, so that later registrations take the seats that are left.
"""

import logging
import secrets
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from samlas.allocation import allocate
from samlas.allocation.emails import AllocationMailer, Outcome, letter_key
from samlas.allocation.exceptions import (
    AlreadyPublished,
    BlocksChanged,
    DeadlineNotPassed,
    EventCancelled,
    NoRankedBlocks,
    RegistrationsChanged,
    RunBusy,
    RunNotReady,
    SeatsAlreadyTaken,
    SeminarsChanged,
)
from samlas.allocation.models import AllocationRun, AllocationSettings
from samlas.allocation.queries import (
    block_is_allocated,
    current_input,
    deadline_passed,
    published_run,
    summary_stats,
)
from samlas.core import audit
from samlas.events.models import Event
from samlas.programme import services as programme_services
from samlas.programme.models import Block, Seminar
from samlas.registration import outbox
from samlas.registration.models import (
    OutboxMessage,
    Registration,
    RegistrationLogEntry,
    SeminarChoice,
    SeminarPreference,
)

# The registration services' seat booking: docs/locking.md asks every piece of code that
# seats people to take its locks and write its counters through it.
from samlas.registration.services import _Booking

logger = logging.getLogger(__name__)

Status = AllocationRun.Status
Phase = AllocationRun.Phase
Error = AllocationRun.Error
SEED_LIMIT = 1_000_000_000


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


# --- Settings and capacities ----------------------------------------------------------------


@transaction.atomic
def save_settings(
    event: Event, *, preference_deadline: datetime | None, actor=None
) -> AllocationSettings:
    """Set the last day for ranking seminars (None: when registration closes)."""
    row, created = AllocationSettings.objects.select_for_update().get_or_create(event=event)
    row.preference_deadline = preference_deadline
    row.save()
    audit.record(
        actor,
        audit.Action.CREATED if created else audit.Action.CHANGED,
        row,
        event_id=event.pk,
        data={"fields": {"preference_deadline": str(preference_deadline)}},
    )
    return row


@transaction.atomic
def change_capacities(event: Event, capacities: Mapping[int, int], *, actor=None) -> list[Seminar]:
    """Change the capacities of seminars in ranked blocks before publication (through the
    programme's service, which validates and logs each change); returns the changed ones.

    After publication the blocks are first come, first served and capacities are changed
    in the programme, where a raised capacity fills the waiting list at once.
    """
    if published_run(event) is not None:
        raise AlreadyPublished
    seminars = Seminar.objects.filter(
        block__event=event, block__choice_mode=Block.ChoiceMode.RANKED, pk__in=list(capacities)
    ).order_by("pk")
    return [
        programme_services.update_seminar(
            seminar, {"capacity": capacities[seminar.pk]}, actor=actor
        )
        for seminar in seminars
        if seminar.capacity != capacities[seminar.pk]
    ]


# --- Runs -----------------------------------------------------------------------------------


def start_run(event: Event, *, actor=None, seed: int | None = None) -> AllocationRun:
    """Queue a preview with a fresh random seed (or `seed`); it replaces one still running.

    Every run is kept, so how many previews were drawn before publication stays visible.
    """
    if published_run(event) is not None:
        raise AlreadyPublished
    if not Block.objects.filter(event=event, choice_mode=Block.ChoiceMode.RANKED).exists():
        raise NoRankedBlocks
    try:
        with transaction.atomic():
            AllocationRun.objects.filter(event=event, status__in=AllocationRun.ACTIVE).update(
                status=Status.FAILED,
                phase=Phase.FINISHED,
                error=Error.REPLACED,
                finished_at=timezone.now(),
            )
            run = AllocationRun.objects.create(
                event=event,
                seed=secrets.randbelow(SEED_LIMIT) if seed is None else seed,
                created_by=_user(actor),
            )
            audit.record(
                actor, audit.Action.CREATED, run, event_id=event.pk, data={"seed": run.seed}
            )
            transaction.on_commit(partial(_enqueue, run.pk))
    except IntegrityError as exc:
        raise RunBusy from exc
    return run


def _enqueue(run_id: int) -> None:
    # Imported here because tasks.py imports this module to do the work.
    from samlas.allocation.tasks import run_allocation

    try:
        run_allocation.enqueue(run_id)
    except Exception:
        logger.exception("Could not enqueue allocation run %s", run_id)
        AllocationRun.objects.filter(pk=run_id, status=Status.QUEUED).update(
            status=Status.FAILED,
            phase=Phase.FINISHED,
            error=Error.NOT_STARTED,
            finished_at=timezone.now(),
        )


def _advance(run_id: int, **fields) -> bool:
    """Write progress, committed at once so the organiser's page sees it; False if the run
    was replaced meanwhile (then its result is dropped)."""
    return bool(AllocationRun.objects.filter(pk=run_id, status=Status.RUNNING).update(**fields))


def execute_run(run_id: int) -> str:
    """Run a queued preview (the background task's work): "done", "failed" or "skipped"."""
    claimed = AllocationRun.objects.filter(pk=run_id, status=Status.QUEUED).update(
        status=Status.RUNNING, phase=Phase.LOADING, progress=10
    )
    if not claimed:
        return "skipped"  # replaced, or already taken by another worker
    run = AllocationRun.objects.select_related("event").get(pk=run_id)
    try:
        instance, digest = current_input(run.event, run.seed)
        _advance(run_id, phase=Phase.SOLVING, progress=40, instance=instance, input_hash=digest)
        result = allocate(instance, seed=run.seed)
        _advance(run_id, phase=Phase.SAVING, progress=90)
        done = _advance(
            run_id,
            status=Status.DONE,
            phase=Phase.FINISHED,
            progress=100,
            result=result,
            stats=summary_stats(result, instance),
            finished_at=timezone.now(),
        )
    except Exception:
        logger.exception("Allocation run %s failed", run_id)
        _advance(
            run_id,
            status=Status.FAILED,
            phase=Phase.FINISHED,
            error=Error.CRASHED,
            finished_at=timezone.now(),
        )
        return "failed"
    return "done" if done else "skipped"


def record_download(run: AllocationRun, actor, kind: str) -> None:
    """Log that `actor` downloaded a run's input or output (registration ids: personal data
    in a weak sense, so it is accounted for like any export)."""
    audit.record(
        actor,
        audit.Action.EXPORTED,
        run,
        event_id=run.event_id,
        data={"format": "json", "file": kind},
    )


# --- Publication ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Publication:
    placed: int  # seats given
    waiting: int  # waiting-list places given to those without a seat
    requested: int  # choices kept for registrations not yet confirmed
    emails: int


def publish_allocation(run: AllocationRun, actor) -> Publication:
    """Make a previewed run the event's allocation, in one transaction (see the module's
    docstring); refused with an `AllocationError` when anything it relies on has changed.

    The checks run once before the locks, so that a refusal costs no lock and the e-mails
    can be rendered meanwhile (the slow part), and again under the locks, where a draft
    is used only if what it says is still true. Seats are taken with the registration
    services' `_Booking`, as docs/locking.md asks of all code that seats people.
    """
    run = AllocationRun.objects.select_related("event").get(pk=run.pk)
    event = run.event
    _check(run, event, timezone.now())
    plan = _Plan(event, run, timezone.now())
    mailer = AllocationMailer(event)
    drafts = {
        pk: (letter_key(*letter), mailer.render(*letter)) for pk, letter in plan.letters().items()
    }
    try:
        with transaction.atomic():
            booking = _Booking(event, timezone.now(), actor)
            booking.lock()  # all seat stripes first: no registration takes a seat from here on
            if booking.event_cancelled:
                raise EventCancelled  # since the check above (docs/locking.md)
            run = AllocationRun.objects.select_for_update().select_related("event").get(pk=run.pk)
            now = booking.now
            _check(run, event, now)
            _lock_blocks(run)  # from here a change of choice mode waits for our commit
            plan = _Plan(event, run, now)
            if SeminarChoice.objects.filter(block_id__in=plan.block_ids).exists():
                raise SeatsAlreadyTaken
            rows = plan.rows
            placed = Counter(
                r.seminar_id for r in rows if r.status == SeminarChoice.Status.CONFIRMED
            )
            booking.lock(plan.seminars)  # ascending seminar id
            for seminar_pk, seats in placed.items():
                if booking.seminar_free(seminar_pk) < seats:
                    raise SeminarsChanged
                for _seat in range(seats):
                    booking.take_seminar(seminar_pk)
            SeminarChoice.objects.bulk_create(rows, batch_size=500)
            booking.finish()
            _log(event, rows, run, actor)
            emails = []
            for pk, letter in plan.letters().items():
                key, email = drafts.get(pk, (None, None))
                if key != letter_key(*letter):
                    email = mailer.render(*letter)
                emails.append((email, letter[0]))
            outbox.queue_many(OutboxMessage.Kind.CHANGED, emails)
            _open_blocks(event, plan.block_ids, actor, now)
            run.status, run.published_at, run.published_by = Status.PUBLISHED, now, _user(actor)
            run.save(update_fields=["status", "published_at", "published_by"])
            outcome = Publication(
                placed=sum(placed.values()),
                waiting=sum(r.status == SeminarChoice.Status.WAITING for r in rows),
                requested=sum(r.status == SeminarChoice.Status.REQUESTED for r in rows),
                emails=len(emails),
            )
            audit.record(
                actor,
                audit.Action.PUBLISHED,
                run,
                event_id=event.pk,
                data={"seed": run.seed, "input_hash": run.input_hash, **asdict(outcome)},
            )
    except IntegrityError as exc:
        text = str(exc)
        if "allocation_run_one_published_per_event" in text:
            raise AlreadyPublished from exc
        if "seminar_seats_not_overbooked" in text:
            raise SeminarsChanged from exc
        raise
    return outcome


def _check(run: AllocationRun, event: Event, now: datetime) -> None:
    """Refuse unless the run is a finished preview of the input as it is now."""
    if event.is_cancelled:
        raise EventCancelled
    if run.status == Status.PUBLISHED or published_run(event) is not None:
        raise AlreadyPublished
    if run.status != Status.DONE:
        raise RunNotReady
    if not deadline_passed(event, now):
        raise DeadlineNotPassed
    instance, digest = current_input(event, run.seed)
    if digest != run.input_hash:
        if _block_ids(instance) != _block_ids(run.instance):
            raise BlocksChanged
        if instance["blocks"] != run.instance["blocks"]:
            raise SeminarsChanged
        raise RegistrationsChanged


def _block_ids(instance: dict) -> list[str]:
    return [block["id"] for block in instance["blocks"]]


def _lock_blocks(run: AllocationRun) -> None:
    """Lock the event's blocks (after its counter row); refuse unless the ranked ones are
    still those of the run.

    The programme's `update_block` locks a block's row to change it, so once these rows are
    ours no block changes its choice mode until we commit, and one committed since the input
    hash was checked is seen here: what the hash vouched for stays true. (After the hash
    check, so that a run published meanwhile is refused as `AlreadyPublished`.)
    """
    modes = (
        Block.objects.select_for_update()
        .filter(event_id=run.event_id)
        .order_by("pk")
        .values_list("pk", "choice_mode")
    )
    ranked = [str(pk) for pk, mode in modes if mode == Block.ChoiceMode.RANKED]
    if sorted(ranked) != sorted(_block_ids(run.instance)):
        raise BlocksChanged


class _Plan:
    """The registration rows a run's result means, read from the database as it is now.

    - a seat: `confirmed`;
    - no seat: `waiting` for the best-ranked seminar of the block (normally the 1st choice)
      whose topic the registrant does not already hold, in the solver's lottery order;
    - registrations not yet confirmed (awaiting e-mail confirmation, or on the event's
      waiting list) were not in the allocation: their 1st choice is kept as `requested`
      and is seated or queued, first come, first served, once they are confirmed.
    """

    def __init__(self, event: Event, run: AllocationRun, now: datetime) -> None:
        self.event, self.run = event, run
        self.block_ids = [int(block["id"]) for block in run.instance["blocks"]]
        seminars = Seminar.objects.filter(block_id__in=self.block_ids).select_related("block")
        self.seminars = {seminar.pk: seminar for seminar in seminars}
        self.positions: dict[tuple[int, int], int] = {}  # (registration, block) -> place in line
        self.rows = self._rows(now)

    def _row(self, registrant, seminar_id, status: str, queued_at=None) -> SeminarChoice:
        seminar = self.seminars[int(seminar_id)]
        return SeminarChoice(
            registration_id=int(registrant),
            block=seminar.block,
            seminar=seminar,
            status=status,
            queued_at=queued_at,
        )

    def _rows(self, now: datetime) -> list[SeminarChoice]:
        topic = {str(pk): seminar.topic for pk, seminar in self.seminars.items()}
        held: dict[int, set[str]] = defaultdict(set)  # registration -> topics held or awaited
        for registration_id, seminar_topic in (
            SeminarChoice.objects.filter(registration__event=self.event)
            .exclude(seminar__topic="")
            .values_list("registration_id", "seminar__topic")
        ):
            held[registration_id].add(seminar_topic)

        rows: list[SeminarChoice] = []
        result = self.run.result
        for registrant, blocks in result["assignments"].items():
            for seminar_id in blocks.values():
                if seminar_id is not None:
                    rows.append(self._row(registrant, seminar_id, SeminarChoice.Status.CONFIRMED))
                    if topic[seminar_id]:
                        held[int(registrant)].add(topic[seminar_id])

        # Queue times in lottery order, all before `now`, so later registrants queue behind.
        preferences = {r["id"]: r["preferences"] for r in self.run.instance["registrants"]}
        total = sum(len(waiting) for waiting in result["waiting"].values())
        queued_at = now - timedelta(microseconds=total)
        line: Counter[str] = Counter()
        for block_id, waiting in result["waiting"].items():
            for registrant in waiting:
                mine = held[int(registrant)]
                ranking = preferences[registrant][block_id]
                target = next((s for s in ranking if not (topic[s] and topic[s] in mine)), None)
                if target is None:
                    continue  # every seminar they ranked here repeats a topic they already have
                queued_at += timedelta(microseconds=1)
                rows.append(self._row(registrant, target, SeminarChoice.Status.WAITING, queued_at))
                line[target] += 1
                self.positions[(int(registrant), int(block_id))] = line[target]
                if topic[target]:
                    mine.add(topic[target])

        not_confirmed = (
            SeminarPreference.objects.filter(block_id__in=self.block_ids)
            .filter(
                registration__status__in=[Registration.Status.PENDING, Registration.Status.WAITING]
            )
            .order_by("registration_id", "block__start", "block_id", "rank")
            .values_list("registration_id", "block_id", "seminar_id")
        )
        kept: set[tuple[int, int]] = set()
        for registration_id, block_id, seminar_pk in not_confirmed:
            mine, seminar_topic = held[registration_id], topic[str(seminar_pk)]
            if (registration_id, block_id) in kept or (seminar_topic and seminar_topic in mine):
                continue
            kept.add((registration_id, block_id))
            rows.append(self._row(registration_id, seminar_pk, SeminarChoice.Status.REQUESTED))
            if seminar_topic:
                mine.add(seminar_topic)
        return rows

    def letters(self) -> dict[int, tuple[Registration, list[SeminarChoice], list[Outcome]]]:
        """Per registrant in the allocation: the registration, all their seminar choices
        (those of other blocks as stored, these as planned) and what the allocation gave."""
        allocated = {int(r) for r, blocks in self.run.result["assignments"].items() if blocks}
        choices: dict[int, list[SeminarChoice]] = defaultdict(list)
        outcomes: dict[int, list[Outcome]] = defaultdict(list)
        for choice in (
            SeminarChoice.objects.filter(registration__event=self.event)
            .exclude(block_id__in=self.block_ids)
            .select_related("block", "seminar")
        ):
            choices[choice.registration_id].append(choice)
        for row in self.rows:
            if row.registration_id in allocated:
                choices[row.registration_id].append(row)
                position = self.positions.get((row.registration_id, row.block_id))
                outcomes[row.registration_id].append(Outcome(row, position))
        letters = {}
        registrations = Registration.objects.filter(
            event=self.event, status=Registration.Status.CONFIRMED
        ).order_by("pk")
        for registration in registrations:
            if registration.pk not in allocated:
                continue
            registration.event = self.event
            mine = sorted(choices[registration.pk], key=lambda c: (c.block.start, c.block_id))
            outcome = sorted(
                outcomes[registration.pk], key=lambda o: (o.choice.block.start, o.choice.block_id)
            )
            letters[registration.pk] = (registration, mine, outcome)
        return letters


def _log(event: Event, rows: list[SeminarChoice], run: AllocationRun, actor) -> None:
    """One entry per registration in its history: which seat or place in line it got."""
    changes: dict[int, dict] = defaultdict(dict)
    for row in rows:
        changes[row.registration_id][str(row.block_id)] = [row.seminar_id, row.status]
    RegistrationLogEntry.objects.bulk_create(
        [
            RegistrationLogEntry(
                event=event,
                registration_id=registration_id,
                action=RegistrationLogEntry.Action.CHOICES_CHANGED,
                actor=_user(actor),
                data={"allocation_run": run.pk, "seed": run.seed, "choices": choices},
            )
            for registration_id, choices in sorted(changes.items())
        ],
        batch_size=500,
    )


def refuse_ranking_an_allocated_block(sender, block: Block, **kwargs) -> str | None:
    """Receiver of the programme's `block_becoming_ranked`: a block whose seats a published
    allocation gave stays first come, first served (its seats are taken, and the event's one
    allocation is done), so it cannot be ranked again."""
    if block_is_allocated(block):
        return gettext(
            "The seats in this block have been allocated and published, so it cannot be "
            "ranked again. New participants take the seats that are left, first come, first "
            "served."
        )
    return None


def _open_blocks(event: Event, block_ids: list[int], actor, now: datetime) -> None:
    """Turn the allocated blocks first come, first served (through the programme's service,
    which logs it): the registration services then offer the seats left to new registrants
    and let those without a seat choose another seminar."""
    for block in Block.objects.filter(pk__in=block_ids).order_by("pk"):
        programme_services.update_block(
            block, {"choice_mode": Block.ChoiceMode.FIRST_COME}, actor=actor
        )
    # Registration caches what an event offers per process, keyed by the event's
    # `updated_at` (registration.services._setup): a new value makes every app server
    # see the blocks' new mode on its next request.
    Event.objects.filter(pk=event.pk).update(updated_at=now)
