"""Independent references for the allocation tests.

``staged_optimum`` is the textbook formulation as linear programs: one variable per
(registrant, ranked seminar) and one "no seat" variable per registrant, solved with scipy's
HiGHS in stages (per priority, most important first: fewest unplaced, then the lowest sum of
rank²), each stage's optimum fixed before the next. The constraint matrix is that of a
transportation problem and each stage only restricts the previous optimal face, so the optima
are integral.

``brute_force`` enumerates every allocation of a tiny block and replays the lottery rule
literally: the registrants whose seat is not the same in every optimal allocation are put in
the published draw order (``published_draw_order``), and in that order each takes their best
option that some optimal allocation still offers.
"""

from __future__ import annotations

import itertools
import random

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import coo_matrix, csr_matrix, vstack


def _people(instance: dict, block_id: str, forbidden: dict[str, set[str]] | None = None):
    """(registrant id, priority, [(seminar, rank)]) for those who ranked something."""
    people = []
    for r in instance["registrants"]:
        ranked = r.get("preferences", {}).get(block_id) or []
        if not ranked:
            continue
        banned = (forbidden or {}).get(r["id"], set())
        options = [(s, k + 1) for k, s in enumerate(ranked) if s not in banned]
        people.append((r["id"], r.get("priority", 0), options))
    return people


def staged_optimum(instance: dict, block_id: str) -> dict[int, tuple[int, int]]:
    """{priority: (unplaced, sum of rank²)} of the lexicographic optimum of one block."""
    block = next(b for b in instance["blocks"] if b["id"] == block_id)
    column = {s["id"]: j for j, s in enumerate(block["seminars"])}
    capacity = np.array([s["capacity"] for s in block["seminars"]], dtype=float)
    people = _people(instance, block_id)
    if not people:
        return {}
    var_person, var_seminar, var_rank, var_priority = [], [], [], []
    for i, (_, priority, options) in enumerate(people):
        for s, rank in [*options, (None, 0)]:
            var_person.append(i)
            var_seminar.append(-1 if s is None else column[s])
            var_rank.append(rank)
            var_priority.append(priority)
    n_var = len(var_person)
    seminar = np.array(var_seminar)
    rank = np.array(var_rank, dtype=float)
    priority = np.array(var_priority)
    a_eq = coo_matrix(
        (np.ones(n_var), (np.array(var_person), np.arange(n_var))), shape=(len(people), n_var)
    ).tocsr()
    seated = np.flatnonzero(seminar >= 0)
    a_ub = [
        coo_matrix(
            (np.ones(len(seated)), (seminar[seated], seated)), shape=(len(capacity), n_var)
        ).tocsr()
    ]
    b_ub = [capacity]
    result = {}
    for level in sorted({p for _, p, _ in people}, reverse=True):
        values = []
        in_level = priority == level
        for objective in (
            np.where(in_level & (seminar < 0), 1.0, 0.0),
            np.where(in_level & (seminar >= 0), rank**2, 0.0),
        ):
            res = linprog(
                objective,
                A_ub=vstack(a_ub),
                b_ub=np.concatenate(b_ub),
                A_eq=a_eq,
                b_eq=np.ones(len(people)),
                bounds=(0, 1),
                method="highs",
            )
            assert res.status == 0, res.message
            value = round(res.fun)
            assert abs(res.fun - value) < 1e-4, res.fun
            a_ub.append(csr_matrix(objective[None, :]))
            b_ub.append(np.array([float(value)]))
            values.append(value)
        result[level] = (values[0], values[1])
    return result


def published_draw_order(seed: int, block_id: str, registrant_ids: list[str]) -> list[str]:
    """The lottery order as docs/allocation.md states it, written out independently.

    Sorted by id, each registrant draws the next ``random()`` of a Mersenne Twister seeded with
    "<seed>\x1f<block id>"; the order is by the numbers drawn (a stable sort: ties by id).
    """
    rng = random.Random(f"{seed}\x1f{block_id}".encode("utf-8", "surrogatepass"))
    by_id = sorted(registrant_ids)
    number = {rid: rng.random() for rid in by_id}
    return sorted(by_id, key=number.__getitem__)


def brute_force(instance: dict, block_id: str) -> tuple[dict[str, str | None], list[str]]:
    """The lottery's choice among all optimal allocations, by enumeration (tiny blocks only).

    Returns each registrant's seat and the waiting list (the unplaced, in draw order).
    """
    block = next(b for b in instance["blocks"] if b["id"] == block_id)
    capacity = {s["id"]: s["capacity"] for s in block["seminars"]}
    people = _people(instance, block_id)
    choices = [[s for s, _ in options] + [None] for _, _, options in people]
    rank = [dict(options) for _, _, options in people]
    levels = sorted({p for _, p, _ in people}, reverse=True)
    best, optimal = None, []
    for combo in itertools.product(*choices):
        load: dict[str, int] = {}
        for s in combo:
            if s is not None:
                load[s] = load.get(s, 0) + 1
        if any(load[s] > capacity[s] for s in load):
            continue
        vector = []
        for level in levels:
            unplaced = cost = 0
            for (_, priority, _), ranks, s in zip(people, rank, combo, strict=True):
                if priority == level:
                    if s is None:
                        unplaced += 1
                    else:
                        cost += ranks[s] ** 2
            vector += [unplaced, cost]
        if best is None or vector < best:
            best, optimal = vector, [combo]
        elif vector == best:
            optimal.append(combo)
    # Who takes part in the draw: everybody whose seat differs between optimal allocations,
    # or who has no seat in some of them. The others' place in the order would not matter.
    position = {people[i][0]: i for i in range(len(people))}
    drawn = [
        rid
        for rid, i in position.items()
        if len({combo[i] for combo in optimal}) > 1 or optimal[0][i] is None
    ]
    order = [
        position[rid] for rid in published_draw_order(instance.get("seed", 0), block_id, drawn)
    ]
    chosen: dict[str, str | None] = {}
    for i in order:
        for s in choices[i]:
            keep = [combo for combo in optimal if combo[i] == s]
            if keep:
                optimal = keep
                chosen[people[i][0]] = s
                break
    waiting = [people[i][0] for i in order if chosen[people[i][0]] is None]
    for i in range(len(people)):  # not drawn: the same seat in every optimal allocation
        chosen.setdefault(people[i][0], optimal[0][i])
    return chosen, waiting


def random_instance(
    rng: random.Random,
    *,
    blocks: int = 1,
    seminars: tuple[int, int] = (1, 6),
    registrants: tuple[int, int] = (0, 40),
    capacity: tuple[int, int] = (0, 8),
    priorities: tuple[int, ...] = (0,),
    skew: float = 1.0,
    topics: bool = False,
) -> dict:
    """A random instance: popularity-skewed rankings of random length, some skipped blocks."""
    instance: dict = {"blocks": [], "registrants": [], "seed": rng.randrange(10**6)}
    offered = []
    topic_pool = [f"t{k}" for k in range(4)]
    for b in range(blocks):
        m = rng.randint(*seminars)
        ids = [f"b{b}s{j}" for j in range(m)]
        seminars_json = []
        for s in ids:
            entry = {"id": s, "capacity": rng.randint(*capacity)}
            if topics:
                entry["topic"] = rng.choice(topic_pool)
            seminars_json.append(entry)
        instance["blocks"].append({"id": f"b{b}", "seminars": seminars_json})
        weights = [1 / (k + 1) ** skew for k in range(m)]
        offered.append((ids, weights))
    for i in range(rng.randint(*registrants)):
        preferences = {}
        for b, (ids, weights) in enumerate(offered):
            if rng.random() < 0.1:
                continue  # the block is not mentioned at all
            length = rng.randint(0, len(ids))
            weight = dict(zip(ids, weights, strict=True))
            # Weighted random order (Efraimidis-Spirakis): popular seminars tend to come first.
            race = sorted(ids, key=lambda s, weight=weight: rng.random() ** (1 / weight[s]))
            preferences[f"b{b}"] = race[::-1][:length]
        person = {"id": f"r{i}", "preferences": preferences}
        if len(priorities) > 1 or priorities[0] != 0:
            person["priority"] = rng.choice(priorities)
        instance["registrants"].append(person)
    return instance
