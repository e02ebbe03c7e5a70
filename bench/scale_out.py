"""Scale-out: a registration rush spread over two app servers sharing one PostgreSQL.

    .venv/bin/python bench/scale_out.py [--clients 64] [--registrations 2000] [--seats 600]
                                        [--workers 2] [--threads 4]

Two `python -m samlas serve` processes on different ports (each `--workers` gunicorn
processes of `--threads` threads, DEBUG off) share a throwaway PostgreSQL database, with
the caches (rate limits, ALTCHA proofs, cached sessions) in the database, then in Redis
(127.0.0.1:6379; skipped loudly when unreachable). The clients, bench/registration_rush.py's
own load generator, are split evenly between the two servers. For comparison the same rush
runs first against ONE server with the same total number of gunicorn processes, and the
ratio is printed: on one machine two servers cannot be faster; the point is that they are
correct (no overbooking, nothing lost, nothing twice), so that more machines can be added.

The event, its seats and the checks are registration_rush.py's, counted from the rows.
Stops what it started, drops its database (samlas_bench_scale_out), and ends with one
JSON line.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import socket
import statistics
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from registration_rush import DEADLINE_S, RUSH_LIMIT_S, client_process  # noqa: E402

from tests.ops.harness import AppServer, django_env, manage, rush_seed, rush_truth  # noqa: E402

ADMIN_URL = os.environ.get(
    "SAMLAS_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
REDIS = ("127.0.0.1", 6379)
# Not registration_rush.py's database name, so that the two can run at the same time.
BENCH_DB = "samlas_bench_scale_out"


@contextmanager
def bench_database():
    """A fresh database beside SAMLAS_BENCH_POSTGRES_URL's, dropped afterwards."""
    import psycopg

    def run(sql: str) -> None:
        with psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=3) as connection:
            connection.execute(sql)

    run(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
    run(f"CREATE DATABASE {BENCH_DB}")
    try:
        yield urlunsplit(urlsplit(ADMIN_URL)._replace(path=f"/{BENCH_DB}"))
    finally:
        run(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


def redis_reachable() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def rush(ports: list[int], clients: int, registrations: int, seeded: dict) -> dict:
    """registration_rush's client processes, each aimed at one of `ports` in turn."""
    processes = max(len(ports), min(8, clients // 8))
    per_process = [list(range(p, registrations, processes)) for p in range(processes)]
    threads = [clients // processes + (p < clients % processes) for p in range(processes)]
    start_at = time.time() + 1.0
    jobs = [
        (ports[p % len(ports)], per_process[p], threads[p], seeded["block"],
         seeded["seminars"], start_at, start_at + RUSH_LIMIT_S)
        for p in range(processes)
    ]  # fmt: skip
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        results = [row for part in pool.map(client_process, jobs) for row in part]
    confirmed_done = [done for _s, _l, done, what in results if what == "confirmed"]
    latencies = sorted(latency for _s, latency, _d, _w in results)
    quantiles = statistics.quantiles(latencies, n=100)
    last = max(done for _s, _l, done, _w in results)
    return {
        "answers": len(results),
        "answered_201": sum(1 for status, *_ in results if status == 201),
        "confirmed_per_s": round(len(confirmed_done) / (max(confirmed_done) - start_at), 1)
        if confirmed_done
        else 0.0,
        "answers_per_s": round(len(results) / (last - start_at), 1),
        "p50_ms": round(quantiles[49] * 1000, 1),
        "p95_ms": round(quantiles[94] * 1000, 1),
        "errors_5xx": sum(1 for status, *_ in results if status >= 500),
        "transport_errors": sum(1 for status, *_ in results if status == 0),
    }


def run_variant(name: str, servers: int, args, extra_env: dict[str, str]) -> dict:
    workers = args.workers * 2 // servers  # the same number of gunicorn processes in total
    with ExitStack() as stack, tempfile.TemporaryDirectory(prefix="samlas-scale-") as scratch:
        url = stack.enter_context(bench_database())
        env = django_env(url, Path(scratch), CONN_MAX_AGE="600", **extra_env)
        manage(env, "migrate", "--no-input")
        seeded = rush_seed(env, args.seats)
        apps = [
            AppServer(env, Path(scratch) / f"app{n}.log", workers=workers, threads=args.threads)
            for n in range(servers)
        ]
        for app in apps:
            stack.callback(app.stop)
            app.start()
        for app in apps:
            app.wait_until_up(120)
        result = rush([app.port for app in apps], args.clients, args.registrations, seeded)
        truth = rush_truth(env, args.seats)
    result.update(
        variant=name,
        servers=servers,
        overbooked=truth["overbooked"],
        counters_ok=truth["counters_ok"],
        confirmed=truth["confirmed"],
        duplicates=truth["duplicates"],
        lost=max(result["answered_201"] - len(truth["ids"]), 0),
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--registrations", type=int, default=2000)
    parser.add_argument("--seats", type=int, default=600)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn processes per server")
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    print(
        f"Scale-out rush: {args.registrations} registrations from {args.clients} clients for "
        f"{args.seats} seats; two servers x {args.workers} x {args.threads} gthread, DEBUG=0, "
        f"PostgreSQL, {os.cpu_count()} CPUs",
        flush=True,
    )
    began = time.monotonic()
    variants = [("one server (reference)", 1, {}), ("two servers, database cache", 2, {})]
    if redis_reachable():
        prefix = f"bench{uuid.uuid4().hex[:8]}"
        variants.append(
            ("two servers, Redis cache", 2, {"REDIS_URL": "redis://127.0.0.1:6379/0",
                                             "CACHE_KEY_PREFIX": prefix})
        )  # fmt: skip
    else:
        print("!!! REDIS NOT REACHABLE at 127.0.0.1:6379: the Redis variant is SKIPPED !!!")
    results = [run_variant(name, servers, args, env) for name, servers, env in variants]
    columns = ["confirmed_per_s", "answers_per_s", "p50_ms", "p95_ms", "errors_5xx",
               "transport_errors", "overbooked", "lost", "duplicates", "counters_ok"]  # fmt: skip
    print(f"\n{'':<30}" + "".join(f"{c:>17}" for c in columns))
    for r in results:
        print(f"{r['variant']:<30}" + "".join(f"{r[c]!s:>17}" for c in columns))
    reference = results[0]["confirmed_per_s"] or 1
    for r in results[1:]:
        print(f"{r['variant']}: {r['confirmed_per_s'] / reference:.2f} x the one-server rate")
    ok = all(
        r["overbooked"] == 0 and r["lost"] == 0 and r["duplicates"] == 0 and r["counters_ok"]
        for r in results
    )
    print("OK: no overbooking, nothing lost, nothing twice" if ok else "!!! INVARIANT BROKEN !!!")
    print(f"whole run {time.monotonic() - began:.0f} s (deadline per rush {DEADLINE_S} s)")
    two = [r for r in results if r["servers"] == 2]
    figures = {
        "benchmark": "scale_out",
        "servers": 2,
        "variants": [r["variant"] for r in results],
        "confirmed_per_s": [r["confirmed_per_s"] for r in results],
        "ratio_to_one_server": [round(r["confirmed_per_s"] / reference, 2) for r in two],
        "p95_ms": [r["p95_ms"] for r in results],
        "errors_5xx": sum(r["errors_5xx"] for r in results),
        "overbooked": sum(r["overbooked"] for r in results),
        "lost": sum(r["lost"] for r in results),
        "duplicated": sum(r["duplicates"] for r in results),
        "redis": any("Redis" in r["variant"] for r in results),
        "clients": args.clients,
        "registrations": args.registrations,
        "seats": args.seats,
        "load_average": round(os.getloadavg()[0], 1),
    }
    print(json.dumps(figures, separators=(",", ":")))
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
