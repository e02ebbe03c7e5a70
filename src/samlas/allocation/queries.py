"""Read models of seat allocation: deadlines, runs, what a result means, what the public sees.

Nothing here changes state (services.py does). The solver's input is built by the
registration app (`registration.queries.allocation_instance`); here it is hashed, and a
run's stored input and output are turned into per-block and per-seminar figures.
"""

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from samlas.allocation.models import AllocationRun, AllocationSettings
from samlas.events.models import Event
from samlas.programme.models import Block, Seminar
from samlas.registration.queries import allocation_instance


def input_hash(instance: dict) -> str:
    """SHA-256 of the instance in canonical JSON (sorted keys, no spaces), seed left out.

    The seed is kept apart so that runs of the same input with different seeds share a hash:
    it shows that only the lottery differed between them.
    """
    data = {key: value for key, value in instance.items() if key != "seed"}
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def current_input(event: Event, seed: int) -> tuple[dict, str]:
    """The solver's input as the database stands now, and its hash."""
    instance = allocation_instance(event, seed=seed)
    return instance, input_hash(instance)


def allocation_settings(event: Event) -> AllocationSettings | None:
    return AllocationSettings.objects.filter(event=event).first()


def preference_deadline(event: Event, settings: AllocationSettings | None = None) -> datetime:
    """When rankings stop counting: the organiser's deadline, else when registration closes
    (as the programme tells registrants), else the start of the event."""
    settings = settings if settings is not None else allocation_settings(event)
    if settings is not None and settings.preference_deadline is not None:
        return settings.preference_deadline
    return event.registration_closes or event.start


def deadline_passed(event: Event, now: datetime | None = None) -> bool:
    return (now or timezone.now()) >= preference_deadline(event)


def ranked_blocks(event: Event) -> list[Block]:
    """The blocks still waiting for an allocation, with their seminars in programme order."""
    return list(
        Block.objects.filter(event=event, choice_mode=Block.ChoiceMode.RANKED)
        .prefetch_related(Prefetch("seminars", queryset=Seminar.objects.order_by("position", "pk")))
        .order_by("start", "pk")
    )


def published_run(event: Event) -> AllocationRun | None:
    return (
        AllocationRun.objects.filter(event=event, status=AllocationRun.Status.PUBLISHED)
        .defer("instance", "result")
        .first()
    )


def block_is_allocated(block: Block) -> bool:
    """Were this block's seats given by a published allocation?

    Publishing turns the block into a first-come-first-served block (new registrations take
    the seats that are left); this tells such a block from one that always was.
    """
    stats = (
        AllocationRun.objects.filter(event_id=block.event_id, status=AllocationRun.Status.PUBLISHED)
        .values_list("stats", flat=True)
        .first()
    )
    return stats is not None and str(block.pk) in stats.get("block_ids", [])


def runs(event: Event) -> QuerySet[AllocationRun]:
    """The event's runs, newest first, without their (large) input and output."""
    return (
        AllocationRun.objects.filter(event=event)
        .defer("instance", "result")
        .select_related("created_by", "published_by")
    )


def run_for(event: Event, run_id: object) -> AllocationRun | None:
    """The run with this id (a query parameter, maybe malformed) if it belongs to the event.

    Its input and output are loaded only when used (`run_report`): polling stays cheap."""
    text = str(run_id)
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        return None
    return (
        AllocationRun.objects.filter(event=event, pk=int(text))
        .defer("instance", "result")
        .select_related("published_by")
        .first()
    )


def latest_run(event: Event) -> AllocationRun | None:
    """The published run if there is one (it is what counts), else the newest."""
    runs = AllocationRun.objects.filter(event=event).defer("instance", "result")
    published = runs.filter(status=AllocationRun.Status.PUBLISHED).select_related("published_by")
    return published.first() or runs.select_related("published_by").first()


def summary_stats(result: dict, instance: dict) -> dict:
    """The few figures the run list and the event page need, kept beside the full result."""
    stats = result["stats"]
    return {
        "registrants": len(instance["registrants"]),
        "placed": stats["placed"],
        "unplaced": stats["unplaced"],
        "worst_rank": stats["worst_rank"],
        "first_choice": stats["rank_histogram"].get("1", 0),
        "cost": stats["cost"],
        "proven_optimal": stats["proven_optimal"],
        "block_ids": [block["id"] for block in instance["blocks"]],
    }


# --- A run's result, for the organiser ---------------------------------------------------------


@dataclass
class SeminarFill:
    title: str
    capacity: int  # as in the run's input
    given: int
    first_choices: int

    @property
    def free(self) -> int:
        return max(self.capacity - self.given, 0)

    @property
    def percent(self) -> int:
        return round(100 * self.given / self.capacity) if self.capacity else 0

    @property
    def oversubscribed(self) -> bool:
        return self.first_choices > self.capacity


@dataclass
class BlockReport:
    title: str
    start: datetime | None
    end: datetime | None
    placed: int
    unplaced: int
    worst_rank: int | None
    histogram: list[tuple[int, int]]  # (rank, people), from 1 to the worst rank
    seminars: list[SeminarFill] = field(default_factory=list)


@dataclass
class RunReport:
    run: AllocationRun
    registrants: int
    placed: int
    unplaced: int
    worst_rank: int | None
    cost: int
    proven_optimal: bool
    topic_repairs: int
    histogram: list[tuple[int, int]]
    blocks: list[BlockReport]

    @property
    def seminars(self) -> list[tuple[BlockReport, SeminarFill]]:
        return [(block, seminar) for block in self.blocks for seminar in block.seminars]


def _histogram(counts: dict) -> list[tuple[int, int]]:
    return sorted((int(rank), n) for rank, n in counts.items())


def run_report(run: AllocationRun) -> RunReport | None:
    """Figures for a run with a result: overall, per block and per seminar (titles as now)."""
    if run.result is None or run.instance is None:
        return None
    stats = run.result["stats"]
    instance = run.instance
    block_ids = [int(block["id"]) for block in instance["blocks"]]
    blocks = Block.objects.in_bulk(block_ids)
    seminars = Seminar.objects.filter(block_id__in=block_ids).in_bulk()
    first = Counter(
        ranking[0]
        for registrant in instance["registrants"]
        for ranking in registrant["preferences"].values()
        if ranking
    )
    reports = []
    for block_data in instance["blocks"]:
        block = blocks.get(int(block_data["id"]))
        block_stats = stats["blocks"].get(block_data["id"], {})
        report = BlockReport(
            title=block.title if block else block_data["id"],
            start=block.start if block else None,
            end=block.end if block else None,
            placed=block_stats.get("placed", 0),
            unplaced=block_stats.get("unplaced", 0),
            worst_rank=block_stats.get("worst_rank"),
            histogram=_histogram(block_stats.get("rank_histogram", {})),
        )
        for seminar_data in block_data["seminars"]:
            seminar = seminars.get(int(seminar_data["id"]))
            report.seminars.append(
                SeminarFill(
                    title=seminar.title if seminar else seminar_data["id"],
                    capacity=seminar_data["capacity"],
                    given=stats["fill"].get(seminar_data["id"], 0),
                    first_choices=first[seminar_data["id"]],
                )
            )
        reports.append(report)
    return RunReport(
        run=run,
        registrants=len(instance["registrants"]),
        placed=stats["placed"],
        unplaced=stats["unplaced"],
        worst_rank=stats["worst_rank"],
        cost=stats["cost"],
        proven_optimal=stats["proven_optimal"],
        topic_repairs=stats["topic_repairs"],
        histogram=_histogram(stats["rank_histogram"]),
        blocks=reports,
    )


def input_is_current(run: AllocationRun, event: Event) -> bool:
    """Does the run's input still match the rankings and capacities in the database?"""
    return bool(run.input_hash) and current_input(event, run.seed)[1] == run.input_hash


# --- The event page ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicAllocation:
    """What the event page says about allocation: how, and (once done) when and with which seed."""

    published_at: datetime | None = None
    seed: int | None = None
    input_hash: str = ""


def public_allocation(event: Event, programme_days=None) -> PublicAllocation | None:
    """None when the event has no ranked blocks and never had.

    `programme_days` (the page's timetable, already loaded) answers "any block? any ranked
    block?" without a query: a programme without blocks costs nothing, one with blocks one
    query (the published run) whatever their number and mode.
    """
    if programme_days is not None:
        blocks = [entry.block for day in programme_days for entry in day.entries if entry.block]
        if not blocks:
            return None
        ranked = any(block.choice_mode == Block.ChoiceMode.RANKED for block in blocks)
    else:
        ranked = Block.objects.filter(event=event, choice_mode=Block.ChoiceMode.RANKED).exists()
    run = (
        AllocationRun.objects.filter(event=event, status=AllocationRun.Status.PUBLISHED)
        .values("published_at", "seed", "input_hash")
        .first()
    )
    if run is not None:
        return PublicAllocation(**run)
    return PublicAllocation() if ranked else None
