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
instance with one node per registrant (graph built from numpy arrays; time = build + solve +
reading the assignment back), and checks that both find the same optimum. Ends with one JSON
line of figures. Without OR-Tools (`pip install -e '.[bench]'`) it says so loudly and skips
the comparison.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import sys
import time
import tracemalloc
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
    """Solve every block with OR-Tools, one node per registrant; cost split like ours."""
    import numpy as np
    from ortools.graph.python import min_cost_flow

    started = time.perf_counter()
    solve_seconds = 0.0
    unplaced = cost = 0
    people = instance["registrants"]
    for block in instance["blocks"]:
        block_id = block["id"]
        seminars = [s["id"] for s in block["seminars"]]
        column = {s: j for j, s in enumerate(seminars)}
        ranked = [p["preferences"].get(block_id) or [] for p in people]
        members = [i for i, r in enumerate(ranked) if r]
        n, m = len(members), len(seminars)
        longest = max((len(ranked[i]) for i in members), default=0)
        no_seat = n * longest * longest + 1  # more than any sum of rank², as in our solver
        tails, heads, costs = [], [], []
        for node, i in enumerate(members):
            for rank, s in enumerate(ranked[i], start=1):
                tails.append(node)
                heads.append(n + column[s])
                costs.append(rank * rank)
            tails.append(node)
            heads.append(n + m)
            costs.append(no_seat)
        person_arcs = len(tails)
        sink = n + m + 1
        tails += [n + j for j in range(m)] + [n + m]
        heads += [sink] * (m + 1)
        costs += [0] * (m + 1)
        capacities = [1] * person_arcs + [s["capacity"] for s in block["seminars"]] + [n]
        flow = min_cost_flow.SimpleMinCostFlow()
        flow.add_arcs_with_capacity_and_unit_cost(
            np.array(tails), np.array(heads), np.array(capacities), np.array(costs)
        )
        supplies = np.zeros(sink + 1, dtype=np.int64)
        supplies[:n] = 1
        supplies[sink] = -n
        flow.set_nodes_supplies(np.arange(sink + 1), supplies)
        solve_started = time.perf_counter()
        status = flow.solve()
        solve_seconds += time.perf_counter() - solve_started
        if status != flow.OPTIMAL:
            raise RuntimeError(f"OR-Tools status {status} on block {block_id}")
        used = flow.flows(np.arange(person_arcs))
        chosen = np.flatnonzero(used)
        seat_of = {}
        for arc in chosen.tolist():
            seat_of[members[tails[arc]]] = heads[arc] - n
        total = flow.optimal_cost()
        unplaced += total // no_seat
        cost += total % no_seat
        del seat_of
    return {
        "seconds": time.perf_counter() - started,
        "solve_seconds": solve_seconds,
        "unplaced": unplaced,
        "cost": cost,
    }


def measure(instance: dict, repeat: int) -> dict:
    times = []
    result = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = allocate(instance)
        times.append(time.perf_counter() - started)
    tracemalloc.start()
    allocate(instance)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    stats = result["stats"]
    return {
        "seconds": min(times),
        "median_seconds": statistics.median(times),
        "peak_mib": peak / 2**20,
        "placed": stats["placed"],
        "unplaced": stats["unplaced"],
        "cost": stats["cost"],
        "worst_rank": stats["worst_rank"],
        "rank_histogram": stats["rank_histogram"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
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
    for size, tight in [(size, False) for size in sizes] + [(max(sizes), True)]:
        instance = generate(size, args.seed, tight=tight)
        ours = measure(instance, args.repeat)
        row = {
            "registrants": size,
            "blocks": BLOCKS,
            "seminars": SEMINARS,
            "rooms": "tight" if tight else "realistic",
            "samlas": ours,
        }
        if have_ortools:
            tracemalloc.start()
            other = ortools_optimum(instance)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            other["peak_mib_python"] = peak / 2**20
            timed = ortools_optimum(instance)  # again without tracemalloc's overhead
            other["seconds"] = timed["seconds"]
            other["solve_seconds"] = timed["solve_seconds"]
            same = (other["unplaced"], other["cost"]) == (ours["unplaced"], ours["cost"])
            agreed = agreed and same
            other["same_optimum"] = same
            other["speedup"] = other["seconds"] / ours["seconds"]
            row["ortools"] = other
        rows.append(row)

    header = (
        f"{'registrants':>11} | {'rooms':>9} | {'samlas s':>9} | {'peak MiB':>8} | "
        f"{'unplaced':>8} | {'cost':>9} | {'worst':>5} | {'OR-Tools s':>10} | {'(solve s)':>9} | "
        f"{'speed-up':>8} | same"
    )
    print(f"{BLOCKS} blocks x {SEMINARS} seminars, seed {args.seed}, best of {args.repeat}")
    print(header)
    print("-" * len(header))
    for row in rows:
        ours = row["samlas"]
        other = row.get("ortools")
        line = (
            f"{row['registrants']:>11,} | {row['rooms']:>9} | {ours['seconds']:>9.3f} | "
            f"{ours['peak_mib']:>8.1f} | "
            f"{ours['unplaced']:>8,} | {ours['cost']:>9,} | {ours['worst_rank']:>5} | "
        )
        if other:
            line += (
                f"{other['seconds']:>10.3f} | {other['solve_seconds']:>9.3f} | "
                f"{other['speedup']:>7.1f}x | {'yes' if other['same_optimum'] else 'NO'}"
            )
        else:
            line += f"{'skipped':>10} | {'':>9} | {'':>8} | -"
        print(line)
    if not agreed:
        print("!!! OR-Tools found a different optimum: the solver is WRONG somewhere")
    print(json.dumps({"benchmark": "allocation", "seed": args.seed, "rows": rows}))
    return 0 if agreed else 1


if __name__ == "__main__":
    sys.exit(main())
