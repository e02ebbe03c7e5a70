"""Benchmark the seat allocation solver against OR-Tools on realistic instances.

    .venv/bin/python bench/allocation.py [--sizes 1000,10000,100000] [--seed 1] [--repeat 3]

Instances are generated deterministically from the seed: 3 blocks of 8 seminars with Zipf-like
popularity (a different order per block), ranked lists of 3 to 8 seminars drawn by popularity
(Plackett-Luce), about 6 % of registrants skipping each block, and capacities of 1.0-1.2 times
the block's demand, split half by popularity and half evenly (organisers guess, imperfectly).
One extra "tight" row at the largest size uses rooms of equal size that just hold the demand,
so that popular seminars are heavily oversubscribed and third choices occur.

For each size it prints our end-to-end time (validation, exact optimum, lottery, result dict),
the peak traced memory, and the optimal cost, next to OR-Tools' SimpleMinCostFlow on the same
instance dict with one node per registrant (time = building the graph from the dict with
numpy + solve + reading the seats back into the same assignments dict; its solve alone is
shown too), and checks that both find the same optimum. Both are timed end to end, in CPU
time (process time: robust on a busy machine) and wall time, interleaved so that both see
the same machine load, each on a freshly collected heap with the cyclic GC off, best of
--repeat. Ends with one JSON line of figures. Without OR-Tools (`pip install -e '.[bench]'`)
it says so loudly and skips the comparison.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import random
import sys
import time
import tracemalloc
from itertools import chain
from pathlib import Path

try:
    import samlas.allocation  # noqa: F401
except ImportError:  # running from a checkout without an installed package
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from samlas.allocation import allocate

BLOCKS = 3
SEMINARS = 8
ZIPF_EXPONENT = 1.0
SKIP_SHARE = 0.06
LENGTH_WEIGHTS = {3: 35, 4: 20, 5: 15, 6: 10, 7: 10, 8: 10}


def generate(registrants: int, seed: int, tight: bool = False) -> dict:
    """A realistic instance, the same for the same arguments (``tight``: equal rooms)."""
    rng = random.Random(seed)
    lengths = list(LENGTH_WEIGHTS)
    length_weights = list(LENGTH_WEIGHTS.values())
    people = [{"id": f"r{i:06d}", "preferences": {}} for i in range(registrants)]
    blocks = []
    for b in range(BLOCKS):
        block_id = f"b{b + 1}"
        seminars = [f"{block_id}-s{j + 1}" for j in range(SEMINARS)]
        order = seminars[:]
        rng.shuffle(order)
        popularity = {s: 1 / (rank + 1) ** ZIPF_EXPONENT for rank, s in enumerate(order)}
        demand = 0
        for person in people:
            if rng.random() < SKIP_SHARE:
                if rng.random() < 0.5:
                    person["preferences"][block_id] = []
                continue
            length = rng.choices(lengths, length_weights)[0]
            # Plackett–Luce by an exponential race: smaller -log(U)/weight ranks first.
            race = sorted(seminars, key=lambda s: -math.log(1.0 - rng.random()) / popularity[s])
            person["preferences"][block_id] = race[:length]
            demand += 1
        total = demand * rng.uniform(1.0, 1.2)
        weight_sum = sum(popularity.values())
        capacities = [
            -(-demand // SEMINARS)
            if tight
            else round(total * (0.5 * popularity[s] / weight_sum + 0.5 / SEMINARS))
            for s in seminars
        ]
        blocks.append(
            {
                "id": block_id,
                "seminars": [
                    {"id": s, "capacity": c, "topic": s}
                    for s, c in zip(seminars, capacities, strict=True)
                ],
            }
        )
    return {"blocks": blocks, "registrants": people, "seed": seed}


def ortools_optimum(instance: dict) -> dict:
    """Solve every block with OR-Tools, one node per registrant; cost split like ours.

    End to end from the same instance dict, as a general solver would be used: the graph is
    built from the dict (arc arrays with numpy, no per-arc Python loop, to be fair to
    OR-Tools), solved, and the seats are read back into the same ``assignments`` shape as
    ours ({registrant: {block: seminar or None}}). No validation, lottery or statistics.
    """
    import numpy as np
    from ortools.graph.python import min_cost_flow

    started = time.perf_counter()
    started_cpu = time.process_time()
    solve_seconds = solve_cpu = 0.0
    unplaced = cost = 0
    people = instance["registrants"]
    assignments: dict[str, dict] = {p["id"]: {} for p in people}
    for block in instance["blocks"]:
        block_id = block["id"]
        column = {s["id"]: j for j, s in enumerate(block["seminars"])}
        ranked = [p["preferences"].get(block_id) or [] for p in people]
        members = [r for r in ranked if r]
        n, m = len(members), len(column)
        lengths = np.fromiter(map(len, members), dtype=np.int64, count=n)
        longest = int(lengths.max(initial=0))
        no_seat = n * longest * longest + 1  # more than any sum of rank², as in our solver
        seminar = np.fromiter(map(column.__getitem__, chain.from_iterable(members)), dtype=np.int64)
        starts = np.repeat(np.cumsum(lengths) - lengths, lengths)
        rank = np.arange(len(seminar)) - starts + 1
        person = np.arange(n)
        sink = n + m + 1
        tails = np.concatenate([np.repeat(person, lengths), person, n + np.arange(m + 1)])
        heads = np.concatenate([n + seminar, np.full(n, n + m), np.full(m + 1, sink)])
        costs = np.concatenate([rank * rank, np.full(n, no_seat), np.zeros(m + 1, np.int64)])
        seat_capacity = [s["capacity"] for s in block["seminars"]] + [n]
        capacities = np.concatenate([np.ones(2 * n + len(seminar) - n, np.int64), seat_capacity])
        flow = min_cost_flow.SimpleMinCostFlow()
        flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
        supplies = np.zeros(sink + 1, dtype=np.int64)
        supplies[:n] = 1
        supplies[sink] = -n
        flow.set_nodes_supplies(np.arange(sink + 1), supplies)
        solve_started, solve_started_cpu = time.perf_counter(), time.process_time()
        status = flow.solve()
        solve_seconds += time.perf_counter() - solve_started
        solve_cpu += time.process_time() - solve_started_cpu
        if status != flow.OPTIMAL:
            raise RuntimeError(f"OR-Tools status {status} on block {block_id}")
        person_arcs = len(seminar) + n
        chosen = np.flatnonzero(flow.flows(np.arange(person_arcs)))
        seat = np.full(n, -1)
        seat[tails[chosen]] = heads[chosen] - n  # m = no seat
        names = [s["id"] for s in block["seminars"]] + [None]
        holders = [p["id"] for p, r in zip(people, ranked, strict=True) if r]
        for rid, s in zip(holders, seat.tolist(), strict=True):
            assignments[rid][block_id] = names[s]
        total = flow.optimal_cost()
        unplaced += total // no_seat
        cost += total % no_seat
    return {
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.process_time() - started_cpu,
        "solve_seconds": solve_seconds,
        "solve_cpu_seconds": solve_cpu,
        "unplaced": unplaced,
        "cost": cost,
        "registrants": len(assignments),
    }


def ours(instance: dict) -> dict:
    started, started_cpu = time.perf_counter(), time.process_time()
    result = allocate(instance)
    stats = result["stats"]
    return {
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.process_time() - started_cpu,
        "placed": stats["placed"],
        "unplaced": stats["unplaced"],
        "cost": stats["cost"],
        "worst_rank": stats["worst_rank"],
        "rank_histogram": stats["rank_histogram"],
    }


def alone(function, instance: dict) -> dict:
    """One measurement on a freshly collected heap with the cyclic GC off, the same for both.

    ``allocate`` pauses the collector itself; without this, OR-Tools' side would pay for
    collections during its run that ours defers to its caller.
    """
    gc.collect()
    gc.disable()
    try:
        return function(instance)
    finally:
        gc.enable()


def best(runs: list[dict]) -> dict:
    """The last run's figures with the fastest wall and CPU times of all runs."""
    figures = dict(runs[-1])
    for key in [k for k in figures if k.endswith("seconds")]:
        figures[key] = min(run[key] for run in runs)
    return figures


def peak_mib(function, *args) -> float:
    tracemalloc.start()
    try:
        function(*args)
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--budget", type=float, default=150.0, help="seconds after which rows run only once"
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    try:
        import ortools  # noqa: F401
    except ImportError:
        have_ortools = False
        print("!" * 78)
        print("!!! OR-Tools is not installed: comparison SKIPPED (pip install -e '.[bench]')")
        print("!" * 78)
    else:
        have_ortools = True

    rows = []
    agreed = True
    started = time.perf_counter()
    for size, tight in [(size, False) for size in sizes] + [(max(sizes), True)]:
        instance = generate(size, args.seed, tight=tight)
        mine, theirs = [], []
        for attempt in range(args.repeat):  # interleaved: both see the same machine load
            if attempt and time.perf_counter() - started > args.budget:
                print(f"(over the {args.budget:.0f} s budget: {size:,} measured {attempt}x)")
                break
            mine.append(alone(ours, instance))
            if have_ortools:
                theirs.append(alone(ortools_optimum, instance))
        row = {
            "registrants": size,
            "blocks": BLOCKS,
            "seminars": SEMINARS,
            "rooms": "tight" if tight else "realistic",
            "samlas": best(mine) | {"peak_mib": peak_mib(allocate, instance)},
        }
        if have_ortools:
            other = best(theirs)
            mine_best = row["samlas"]
            other["peak_mib_python"] = peak_mib(ortools_optimum, instance)
            other["same_optimum"] = (other["unplaced"], other["cost"]) == (
                mine_best["unplaced"],
                mine_best["cost"],
            )
            other["speedup_cpu"] = other["cpu_seconds"] / mine_best["cpu_seconds"]
            other["speedup_vs_solve_cpu"] = other["solve_cpu_seconds"] / mine_best["cpu_seconds"]
            other["speedup_wall"] = other["seconds"] / mine_best["seconds"]
            agreed = agreed and other["same_optimum"]
            row["ortools"] = other
        rows.append(row)

    header = (
        f"{'registrants':>11} | {'rooms':>9} | {'samlas cpu':>10} | {'wall':>6} | "
        f"{'peak MiB':>8} | {'unplaced':>8} | {'cost':>9} | {'worst':>5} | "
        f"{'OR-Tools cpu':>12} | {'solve cpu':>9} | {'wall':>6} | {'speed-up cpu':>12} | "
        f"{'wall':>6} | same"
    )
    print(
        f"{BLOCKS} blocks x {SEMINARS} seminars, seed {args.seed}, best of {args.repeat}; "
        "times in seconds (cpu = process time, robust on a busy machine)"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        mine = row["samlas"]
        other = row.get("ortools")
        line = (
            f"{row['registrants']:>11,} | {row['rooms']:>9} | {mine['cpu_seconds']:>10.3f} | "
            f"{mine['seconds']:>6.3f} | {mine['peak_mib']:>8.1f} | {mine['unplaced']:>8,} | "
            f"{mine['cost']:>9,} | {mine['worst_rank']:>5} | "
        )
        if other:
            line += (
                f"{other['cpu_seconds']:>12.3f} | {other['solve_cpu_seconds']:>9.3f} | "
                f"{other['seconds']:>6.3f} | {other['speedup_cpu']:>11.1f}x | "
                f"{other['speedup_wall']:>5.1f}x | "
                f"{'yes' if other['same_optimum'] else 'NO'}"
            )
        else:
            line += f"{'skipped':>12} | {'':>9} | {'':>6} | {'':>12} | {'':>6} | -"
        print(line)
    print(
        "speed-up = OR-Tools (graph from the dict + solve + assignments dict) / samlas "
        "(validation, optimum, lottery, result dict): end to end from the same instance dict"
    )
    if not agreed:
        print("!!! OR-Tools found a different optimum: the solver is WRONG somewhere")
    print(json.dumps({"benchmark": "allocation", "seed": args.seed, "rows": rows}))
    return 0 if agreed else 1


if __name__ == "__main__":
    sys.exit(main())
