"""Seat allocation for ranked seminar choices: ``allocate(instance) -> result``.

Plain Python (no Django, no third-party packages) so that it can be tested, benchmarked and run
from the command line on its own; see docs/allocation.md for the JSON shapes and the guarantees.
The work per block is done in :mod:`.block` (the exact optimum) and :mod:`.lottery` (the seeded
choice among equally good allocations); this module validates, runs the blocks, keeps a
registrant from getting the same topic twice, and reports statistics.
"""

from __future__ import annotations

import gc
from collections import Counter, deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain, compress, count, repeat
from operator import lt
from typing import Any

from samlas.allocation.block import solve_block
from samlas.allocation.instance import (
    Block,
    Instance,
    check_registrant_ids,
    numbered,
    parse_instance,
)
from samlas.allocation.lottery import Face
from samlas.allocation.lottery import draw as lottery

OBJECTIVE_EN = (
    "Seats are allocated block by block. First, as many people as possible get a seat in one "
    "of the seminars they ranked. Among all allocations that seat that many, we choose one with "
    "the lowest total dissatisfaction, where a 1st choice counts 1, a 2nd choice 4, a 3rd 9, "
    "and so on (the rank squared): moving one person up from their 4th to their 2nd choice is "
    "worth more than moving someone down from their 1st to their 2nd. Priority groups are "
    "handled first: the highest group is seated as fully and as well as possible, then the "
    "next. When several allocations are equally good, a lottery drawn from the published seed "
    "decides, so the same data and seed always give the same result. Nobody is given the same "
    "topic twice. Whoever gets no seat is put on the waiting list in lottery order."
)

OBJECTIVE_SV = (
    "Platserna fördelas block för block. Först får så många som möjligt en plats på något av "
    "de seminarier de har rangordnat. Bland alla fördelningar som ger lika många platser väljs "
    "den med lägst sammanlagt missnöje, där ett förstahandsval räknas som 1, ett andrahandsval "
    "som 4, ett tredjehandsval som 9 och så vidare (rangen i kvadrat): att flytta upp en person "
    "från sitt fjärde till sitt andra val väger tyngre än att flytta ned någon från sitt första "
    "till sitt andra val. Prioriterade grupper placeras först: den högst prioriterade gruppen "
    "får så många och så bra platser som möjligt, sedan nästa grupp. När flera fördelningar är "
    "lika bra avgör en lottning utifrån det publicerade fröet, så samma underlag och frö ger "
    "alltid samma resultat. Ingen får samma ämne två gånger. Den som inte får plats hamnar på "
    "väntelistan i lottningens ordning."
)


@dataclass(slots=True)
class _BlockOutcome:
    """One block's allocation and its tallies."""

    #: per registrant: seminar index; ``m`` = no seat; ``m + 1`` = did not rank anything here
    option: list[int]
    ranks: Counter[int]  # rank given -> number of registrants
    fill: list[int]  # per seminar
    by_priority: dict[int, list[int]]  # priority -> [placed, unplaced, sum of rank²]
    waiting: list[int]  # registrants without a seat, in draw order


def allocate(instance: dict, seed: int | None = None) -> dict:
    """Allocate seats; ``seed`` overrides ``instance["seed"]`` (default 0).

    Raises :class:`~samlas.allocation.InvalidInstance` for malformed input. The result maps each
    registrant to {block id: seminar id or None} for every block they ranked something in.
    """
    with _gc_paused():
        parsed = parse_instance(instance, seed)
        outcomes = [_solve(parsed, b, {}) for b in range(len(parsed.blocks))]
        bound = _objective(outcomes)
        repairs = _repair_topics(parsed, outcomes)
        return _result(parsed, outcomes, bound, repairs)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while we build many small containers.

    The allocation creates no reference cycles, but hundreds of thousands of tuples, lists and
    dicts, each batch of which triggers collections that rescan the (large) input and free
    nothing: pausing saved 5 to 30 % at 100,000 registrants, deferred collection included.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _solve(parsed: Instance, b: int, forbidden: dict[int, set[int]]) -> _BlockOutcome:
    """Allocate one block; ``forbidden`` maps a registrant to seminars they may not get here.

    Registrants are only touched in bulk passes (``map``, ``compress``, ``Counter``, all in C)
    and, for those whose seat the lottery decides, in the draw; everything else works per
    distinct preference list, per prefix group or per class.
    """
    block = parsed.blocks[b]
    capacities = block.capacities
    m = len(capacities)
    unplaced, skipped = m, m + 1
    choices = parsed.choices[b]
    lists, of, type_counts = choices.lists, choices.of, choices.counts
    if forbidden:
        lists, of, type_counts = _forbid(block, lists, of, forbidden)
    if parsed.one_priority:
        type_lists, type_of, type_levels = lists, of, None
        levels = [parsed.priorities[0]] if any(lists) else []
    else:
        numbers, type_of = numbered(zip(parsed.priorities, of, strict=True))
        type_lists = [lists[t] for _, t in numbers]
        levels = sorted({p for p, t in numbers if lists[t]}, reverse=True)
        level_of = {p: n for n, p in enumerate(levels)}
        type_levels = [level_of.get(p, 0) for p, _ in numbers]
        tally = Counter(type_of)
        type_counts = list(map(tally.__getitem__, range(len(type_lists))))
    optimum = solve_block(capacities, block.index, type_lists, type_levels, type_counts)
    options = optimum.class_options
    face = Face(capacities, optimum.prices, options, optimum.class_counts)

    # Per class c: its seat when every optimal allocation gives its members the same seminar,
    # else c - len(options) (negative: the lottery decides, including the order of those who
    # never get a seat); as an index into a list per class that is c again. One extra entry
    # at the end for the types that skip the block (SKIP = -1 indexes it).
    contested = len(options)
    class_seat = [
        opts[r[0]] if len(r) == 1 and opts[r[0]] != unplaced else c - contested
        for c, (opts, r) in enumerate(zip(options, face.reachable, strict=True))
    ] + [skipped]
    type_seat = list(map(class_seat.__getitem__, optimum.type_class))
    option = list(map(type_seat.__getitem__, type_of))
    # The lottery. by_id: the drawn registrants sorted by id; order: the draw, as indices into
    # by_id; members: each class's draw ranks, ascending (one bulk pass). Class by class in
    # draw order, the earliest draws get the most preferred of the class's seats and the
    # latest wait (no seat is the last option). Writes to `option` go through by_id, which
    # keeps them in input order when ids are (random writes into it cost more than the sort).
    by_id, order = lottery(
        parsed.seed,
        block.id,
        parsed.registrant_ids,
        compress(parsed.positions, map(lt, option, repeat(0))),  # lt: no method-wrapper call
        ascending_ids=parsed.ascending_ids,
    )
    klass = list(map(option.__getitem__, by_id))
    members: list[list[int]] = [[] for _ in options]
    deque(map(list.append, map(members.__getitem__, map(klass.__getitem__, order)), count()), 0)
    decided = face.draw(members)
    for mine, opts, row in zip(members, options, decided, strict=True):
        if mine:
            seats = chain.from_iterable(map(repeat, opts, row))
            deque(map(klass.__setitem__, map(order.__getitem__, mine), seats), 0)
    deque(map(option.__setitem__, by_id, klass), 0)  # klass now holds the seats
    last = [
        r
        for mine, opts, row in zip(members, options, decided, strict=True)
        if mine and opts[-1] == unplaced and row[-1]
        for r in mine[-row[-1] :]
    ]
    waiting = list(map(by_id.__getitem__, map(order.__getitem__, sorted(last))))

    # Tallies per class and seat: a class shares its level and its ranks.
    ranks: Counter[int] = Counter()
    fill = [0] * m
    by_priority = {p: [0, 0, 0] for p in levels}
    for opts, class_ranks, level, row in zip(
        options, optimum.class_ranks, optimum.class_level, decided, strict=True
    ):
        tally = by_priority[levels[level]]
        for o, rank, n in zip(opts, class_ranks, row, strict=True):
            if o == unplaced:
                tally[1] += n
            elif n:
                ranks[rank] += n
                fill[o] += n
                tally[0] += n
                tally[2] += n * rank * rank
    return _BlockOutcome(option, ranks, fill, by_priority, waiting)


def _forbid(
    block: Block, lists: list[tuple], of: list[int], forbidden: dict[int, set[int]]
) -> tuple[list[tuple], list[int], list[int]]:
    """The block's types and counts once forbidden seminars are blanked out (None keeps ranks)."""
    index = block.index
    keys = list(map(lists.__getitem__, of))
    for i, banned in forbidden.items():
        keys[i] = tuple(None if index[s] in banned else s for s in keys[i])
    numbers, of = numbered(keys)
    tally = Counter(of)
    return list(numbers), of, list(map(tally.__getitem__, range(len(numbers))))


def _objective(outcomes: list[_BlockOutcome]) -> dict[int, list[int]]:
    """Per priority: [placed, unplaced, sum of rank²] over all blocks."""
    total: dict[int, list[int]] = {}
    for outcome in outcomes:
        for priority, values in outcome.by_priority.items():
            tally = total.setdefault(priority, [0, 0, 0])
            for k, v in enumerate(values):
                tally[k] += v
    return total


def _repair_topics(parsed: Instance, outcomes: list[_BlockOutcome]) -> int:
    """Make sure nobody gets the same topic in two blocks; return the number of repairs.

    Each block is first solved on its own (which gives the bound reported in the result). If a
    registrant then holds the same topic in several blocks, they keep it where they ranked it
    best (earlier block on a tie) and that seminar is forbidden to them in the other blocks,
    which are solved again. Forbidden pairs only accumulate, so this ends.
    """
    blocks = parsed.blocks
    seen_in: dict[str, set[int]] = {}
    for b, block in enumerate(blocks):
        for topic in block.topics:
            if topic is not None:
                seen_in.setdefault(topic, set()).add(b)
    repeated = {topic for topic, where in seen_in.items() if len(where) > 1}
    if not repeated:
        return 0
    forbidden: list[dict[int, set[int]]] = [{} for _ in blocks]
    repairs = 0
    while True:
        holdings: dict[tuple[int, str], list[tuple[int, int, int]]] = {}
        for b, (block, outcome) in enumerate(zip(blocks, outcomes, strict=True)):
            topics, names = block.topics, block.seminar_ids
            watched = {s for s, topic in enumerate(topics) if topic in repeated}
            if not watched:
                continue
            lists, of = parsed.choices[b].lists, parsed.choices[b].of
            option = outcome.option
            for i in compress(range(len(option)), map(watched.__contains__, option)):
                s = option[i]
                rank = lists[of[i]].index(names[s]) + 1
                holdings.setdefault((i, topics[s]), []).append((rank, b, s))
        dirty = set()
        for (i, _topic), held in sorted(holdings.items()):
            if len(held) < 2:
                continue
            held.sort()
            for _, b, s in held[1:]:
                forbidden[b].setdefault(i, set()).add(s)
                dirty.add(b)
                repairs += 1
        if not dirty:
            return repairs
        for b in sorted(dirty):
            outcomes[b] = _solve(parsed, b, forbidden[b])


class SharedAssignment(dict):
    """A registrant's {block id: seminar id or None}, shared by everyone with the same seats.

    Building and copying 100,000 small dicts was a tenth of the whole allocation; there are
    rarely more than a few hundred distinct ones. It is a dict for reading, ``==``, JSON and
    the database, but refuses changes (they would change everybody's): use ``dict(value)``
    for a copy of your own. ``copy``, ``deepcopy`` and ``pickle`` give a plain dict.
    """

    __slots__ = ()

    def _refuse(self, *args, **kwargs):
        raise TypeError("an assignment is shared by registrants with the same seats: copy it")

    __setitem__ = __delitem__ = __ior__ = clear = pop = popitem = setdefault = update = _refuse

    def __reduce__(self):
        return dict, (dict(self),)


class _Templates(dict):
    """Assignments keyed by a registrant's seat per block (seminar, m = none, m+1 = skip)."""

    __slots__ = ("names",)

    def __init__(self, blocks: list[Block]):
        super().__init__()
        self.names = [(block.id, (*block.seminar_ids, None)) for block in blocks]

    def __missing__(self, key: tuple[int, ...]) -> SharedAssignment:
        value = self[key] = SharedAssignment(
            (block_id, names[o])
            for (block_id, names), o in zip(self.names, key, strict=True)
            if o < len(names)
        )
        return value


def _result(
    parsed: Instance, outcomes: list[_BlockOutcome], bound: dict[int, list[int]], repairs: int
) -> dict[str, Any]:
    ids = parsed.registrant_ids
    fill: dict[str, int] = {}
    histogram: Counter[int] = Counter()
    block_stats = {}
    for block, outcome in zip(parsed.blocks, outcomes, strict=True):
        fill.update(zip(block.seminar_ids, outcome.fill, strict=True))
        histogram.update(outcome.ranks)
        block_stats[block.id] = _summary(outcome.ranks, len(outcome.waiting))
    templates = _Templates(parsed.blocks)
    seats = zip(*(outcome.option for outcome in outcomes), strict=True) if outcomes else repeat(())
    assignments = dict(zip(ids, map(templates.__getitem__, seats), strict=False))
    check_registrant_ids(parsed, assignments)
    achieved = _objective(outcomes)
    stats = _summary(histogram, sum(len(o.waiting) for o in outcomes))
    stats["fill"] = fill
    stats["by_priority"] = {
        str(p): {"placed": n, "unplaced": u, "cost": c}
        for p, (n, u, c) in sorted(achieved.items(), reverse=True)
    }
    stats["blocks"] = block_stats
    stats["topic_repairs"] = repairs
    stats["bound"] = {
        "placed": sum(n for n, _, _ in bound.values()),
        "cost": sum(c for _, _, c in bound.values()),
    }
    stats["proven_optimal"] = achieved == bound
    return {
        "assignments": assignments,
        "stats": stats,
        "waiting": {
            block.id: list(map(ids.__getitem__, outcome.waiting))
            for block, outcome in zip(parsed.blocks, outcomes, strict=True)
        },
        "seed": parsed.seed,
    }


def _summary(ranks: Counter[int], unplaced: int) -> dict[str, Any]:
    worst = max(ranks, default=None)
    return {
        "placed": sum(ranks.values()),
        "unplaced": unplaced,
        "cost": sum(r * r * n for r, n in ranks.items()),
        "rank_histogram": {str(r): ranks[r] for r in range(1, (worst or 0) + 1)},
        "worst_rank": worst,
    }
