"""Seat allocation for ranked seminar choices: ``allocate(instance) -> result``.

Plain Python (no Django, no third-party packages) so that it can be tested, benchmarked and run
from the command line on its own; see docs/allocation.md for the JSON shapes and the guarantees.
The work per block is done in :mod:`.block` (the exact optimum) and :mod:`.lottery` (the seeded
choice among equally good allocations); this module validates, runs the blocks, keeps a
registrant from getting the same topic twice, and reports statistics.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import compress, repeat
from typing import Any

from samlas.allocation.block import solve_block
from samlas.allocation.instance import Instance, first_holders, parse_instance
from samlas.allocation.lottery import Face, draw_tickets

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
    waiting: list[int]  # registrants without a seat, in ticket order


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

    Registrants are only touched in bulk passes (counting, mapping) and, for those whose seat
    is decided by the lottery, in the draw; the rest of the work grows with the number of
    distinct preference lists and of prefix groups, not of people.
    """
    block = parsed.blocks[b]
    capacities = block.capacities
    m = len(capacities)
    unplaced, skipped = m, m + 1
    choices = parsed.choices[b]
    if forbidden:
        index = block.index
        choices = choices[:]
        for i, banned in forbidden.items():
            choices[i] = [None if index[s] in banned else s for s in choices[i]]
    if parsed.one_priority:
        first, holder = first_holders(map(tuple, choices)) if forbidden else parsed.choice_index[b]
        type_lists = list(first)
        type_levels = None
        levels = [parsed.priorities[0]] if any(type_lists) else []
    else:
        first, holder = first_holders(zip(parsed.priorities, map(tuple, choices), strict=True))
        type_lists = [choice for _, choice in first]
        levels = sorted({p for p, choice in first if choice}, reverse=True)
        level_of = {p: n for n, p in enumerate(levels)}
        type_levels = [level_of.get(p, 0) for p, _ in first]
    holders = list(first.values())
    type_counts = list(map(Counter(holder).__getitem__, holders))
    optimum = solve_block(capacities, block.index, type_lists, type_levels, type_counts)

    class_options = optimum.class_options
    group_class = optimum.group_class
    # Per group: its seat when its class has a single option, else -1 (decided by lottery);
    # one extra entry at the end for the types that skip the block (SKIP = -1 indexes it).
    group_option = [
        class_options[c][0] if len(class_options[c]) == 1 else -1 for c in group_class
    ] + [skipped]
    group_of = dict(zip(holders, optimum.type_group, strict=True))
    option_of = dict(zip(holders, map(group_option.__getitem__, optimum.type_group), strict=True))
    option = list(map(option_of.__getitem__, holder))
    ids, seed = parsed.registrant_ids, parsed.seed
    lucky = list(compress(range(len(option)), map((-1).__eq__, option)))
    ticket_of: dict[int, bytes] = {}
    lucky_group: list[int] = []
    if lucky:
        # The lottery: tickets, then the serial dictatorship on classes in ticket order, then
        # within each class the best tickets get the most preferred of the class's seats.
        tickets = draw_tickets(seed, block.id, map(ids.__getitem__, lucky))
        ticket_of = dict(zip(lucky, tickets, strict=True))
        order = sorted(range(len(lucky)), key=tickets.__getitem__)
        lucky_group = list(map(group_of.__getitem__, map(holder.__getitem__, lucky)))
        lucky_class = list(map(group_class.__getitem__, lucky_group))
        face = Face(capacities, optimum.prices, class_options, optimum.class_counts)
        decided = face.draw(list(map(lucky_class.__getitem__, order)))
        by_class = sorted(order, key=lucky_class.__getitem__)  # stable: tickets within a class
        seats: list[int] = []
        for c in sorted(set(lucky_class)):
            for o, n in zip(class_options[c], decided[c], strict=True):
                seats.extend(repeat(o, n))
        for i, o in zip(map(lucky.__getitem__, by_class), seats, strict=True):
            option[i] = o

    # Tallies per (group, seat): whole groups where the seat was fixed, the drawn ones singly.
    seated = Counter(zip(lucky_group, map(option.__getitem__, lucky), strict=True))
    for g, (o, n) in enumerate(zip(group_option, optimum.group_count, strict=False)):
        if o >= 0:
            seated[g, o] += n
    ranks: Counter[int] = Counter()
    fill = [0] * m
    by_priority = {p: [0, 0, 0] for p in levels}
    group_ranks, group_level = optimum.group_ranks, optimum.group_level
    for (g, o), n in seated.items():
        tally = by_priority[levels[group_level[g]]]
        if o == unplaced:
            tally[1] += n
            continue
        rank = group_ranks[g][o]
        ranks[rank] += n
        fill[o] += n
        tally[0] += n
        tally[2] += n * rank * rank
    waiting = list(compress(range(len(option)), map(unplaced.__eq__, option)))
    missing = [i for i in waiting if i not in ticket_of]
    ticket_of.update(
        zip(
            missing,
            draw_tickets(seed, block.id, map(ids.__getitem__, missing)),
            strict=True,
        )
    )
    waiting.sort(key=ticket_of.__getitem__)
    return _BlockOutcome(option, ranks, fill, by_priority, waiting)


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
            choices = parsed.choices[b]
            option = outcome.option
            for i in compress(range(len(option)), map(watched.__contains__, option)):
                s = option[i]
                rank = choices[i].index(names[s]) + 1
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


def _result(
    parsed: Instance, outcomes: list[_BlockOutcome], bound: dict[int, list[int]], repairs: int
) -> dict[str, Any]:
    ids = parsed.registrant_ids
    block_ids = [block.id for block in parsed.blocks]
    columns = []
    fill: dict[str, int] = {}
    histogram: Counter[int] = Counter()
    block_stats = {}
    for block, outcome in zip(parsed.blocks, outcomes, strict=True):
        names = [*block.seminar_ids, None, None]
        columns.append(list(map(names.__getitem__, outcome.option)))
        fill.update(zip(block.seminar_ids, outcome.fill, strict=True))
        histogram.update(outcome.ranks)
        block_stats[block.id] = _summary(outcome.ranks, len(outcome.waiting))
    per_registrant = list(map(dict, map(zip, repeat(block_ids), zip(*columns, strict=True))))
    if not block_ids:
        per_registrant = [{} for _ in ids]
    for block, outcome in zip(parsed.blocks, outcomes, strict=True):
        skipped = len(block.capacities) + 1
        for i in compress(range(len(ids)), map(skipped.__eq__, outcome.option)):
            del per_registrant[i][block.id]
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
        "assignments": dict(zip(ids, per_registrant, strict=True)),
        "stats": stats,
        "waiting": {
            block.id: [ids[i] for i in outcome.waiting]
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
