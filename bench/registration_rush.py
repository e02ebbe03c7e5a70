"""Benchmark a registration rush: many clients racing for few seats over real HTTP.

    .venv/bin/python bench/registration_rush.py [--clients 100] [--registrations 3000]
                                                [--seats 1000] [--workers CPUs] [--threads 1]

It creates a throwaway PostgreSQL database (`samlas_bench_rush`, beside
SAMLAS_BENCH_POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432/postgres), migrates
it, seeds a published event with `--seats` places and one first-come-first-served block of
four seminars sharing the same number of seats, and starts gunicorn as production runs it
(DEBUG=0, gthread workers, persistent database connections) with the internal JSON
registration endpoint switched on (SAMLAS_REGISTRATION_API=1), and waits until every worker
has booted (loaded the app and its views). Then `--clients` concurrent keep-alive clients
(spread over a few processes so that the load generator is not one GIL-bound process) send
`--registrations` registrations as fast as they are answered, each choosing a random
seminar. The clients speak just enough HTTP/1.1 (`KeepAliveClient`) to spend little of the
CPU they share with the server: 0.1 ms per request against http.client's 0.3–0.4 ms.

Figures: confirmed registrations per second (confirmed / time from the first request to the
last confirmed answer — the rush while seats last), all answers per second, p50/p95 latency,
5xx answers and transport errors, and overbooked seats counted in the database afterwards
from the rows themselves, not from the counters (must be 0): the event and every seminar.
It also checks that the counters equal the rows, that every 201 is in the database and that
nothing was registered twice, and reports the CPU time the app server and the database spent
per answer (read from /proc) and the share of the host's CPU that the hypervisor stole during
the rush. On a shared virtual machine rates and CPU times both move with what else it runs,
steal or no steal (the same code measured 248–403 confirmed/s within two hours, its app CPU
per answer moving from 3.5 to 6.4 ms with 0 % steal), so compare commits side by side in one
sitting, alternating them, never against figures from another hour. Clients stop after 150 s, so
the run finishes within five minutes even on a loaded machine (the answers then fall short of
--registrations, and the JSON says how many there were). It stops what it started, drops
the database, and ends with one JSON line.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BENCH_DB = "samlas_bench_rush"
SLUG = "rusningen"
SEMINARS = 4
RUSH_LIMIT_S = 150  # clients stop sending after this, so the whole run stays under five minutes
DEADLINE_S = RUSH_LIMIT_S + 90


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def postgres_database(admin_url: str):
    """A fresh database beside `admin_url`'s, dropped afterwards; yields its URL."""
    import psycopg

    def run(sql: str) -> None:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=3) as connection:
            connection.execute(sql)

    run(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
    run(f"CREATE DATABASE {BENCH_DB}")
    try:
        yield urlunsplit(urlsplit(admin_url)._replace(path=f"/{BENCH_DB}"))
    finally:
        run(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


def seed(seats: int) -> None:
    """Runs in a subprocess with the bench environment: one event open for registration."""
    import django

    django.setup()
    from datetime import timedelta

    from django.utils import timezone

    from samlas.events.models import Event
    from samlas.programme.models import Block, Seminar
    from samlas.registration.models import RegistrationSettings

    now = timezone.now()
    start = (now + timedelta(days=30)).replace(hour=8, minute=0, second=0, microsecond=0)
    event = Event.objects.create(
        slug=SLUG,
        kind=Event.Kind.CONFERENCE,
        title="Rusningskonferensen",
        summary="Alla vill dit.",
        start=start,
        end=start + timedelta(hours=8),
        status=Event.Status.PUBLISHED,
        registration_opens=now - timedelta(days=1),
        registration_closes=start - timedelta(days=1),
    )
    RegistrationSettings.objects.create(
        event=event, capacity=seats, purpose_text="För att genomföra konferensen."
    )
    block = Block.objects.create(
        event=event,
        start=start + timedelta(hours=5),
        end=start + timedelta(hours=6),
        title="Miniseminarier",
        choice_mode=Block.ChoiceMode.FIRST_COME,
    )
    for n in range(SEMINARS):
        Seminar.objects.create(
            block=block, title=f"Seminarium {n + 1}", capacity=seats // SEMINARS, position=n
        )
    print(
        json.dumps(
            {"block": block.pk, "seminars": list(block.seminars.values_list("pk", flat=True))}
        )
    )


def check(seats: int) -> None:
    """Runs in a subprocess: overbooking counted from the rows, and the counters' truth."""
    import django

    django.setup()
    from django.db.models import Count, Sum

    from samlas.registration.models import (
        EventSeatStripe,
        Registration,
        SeminarChoice,
        SeminarSeats,
    )

    confirmed = Registration.objects.filter(event__slug=SLUG, status="confirmed").count()
    overbooked = max(confirmed - seats, 0)
    per_seminar = (
        SeminarChoice.objects.filter(registration__event__slug=SLUG, status="confirmed")
        .values("seminar_id", "seminar__capacity")
        .annotate(n=Count("pk"))
    )
    seminar_confirmed = {row["seminar_id"]: row["n"] for row in per_seminar}
    overbooked += sum(max(row["n"] - row["seminar__capacity"], 0) for row in per_seminar)
    stripes = EventSeatStripe.objects.filter(event__slug=SLUG).aggregate(n=Sum("confirmed"))
    counters_ok = stripes["n"] == confirmed and all(
        row.confirmed == seminar_confirmed.get(row.seminar_id, 0)
        for row in SeminarSeats.objects.filter(seminar__block__event__slug=SLUG)
    )
    statuses = dict(
        Registration.objects.filter(event__slug=SLUG).values_list("status").annotate(n=Count("pk"))
    )
    duplicates = (
        Registration.objects.filter(event__slug=SLUG)
        .values("email_normalised")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    print(
        json.dumps(
            {
                "confirmed": confirmed,
                "overbooked": overbooked,
                "counters_ok": counters_ok,
                "statuses": statuses,
                "duplicates": duplicates,
                "ids": list(
                    Registration.objects.filter(event__slug=SLUG).values_list("pk", flat=True)
                ),
            }
        )
    )


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of processes (Linux /proc), 0 for those that are gone."""
    total = 0
    for pid in pids:
        with suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def host_cpu() -> tuple[int, int]:
    """(all, stolen) CPU ticks of the host since boot (Linux /proc/stat): on a shared virtual
    machine the hypervisor's steal explains runs that differ by a fifth with the same code."""
    with suppress(OSError, ValueError):
        ticks = [int(n) for n in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        return sum(ticks[:8]), ticks[7]
    return 0, 0


def children(parent: int) -> list[int]:
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with suppress(OSError, IndexError, ValueError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == parent:
                pids.append(int(stat.parent.name))
    return pids


def database_backends(url: str) -> list[int]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        rows = connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        ).fetchall()
    return [pid for (pid,) in rows]


def run_django(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [PYTHON, __file__, *args], env=env, check=True, cwd=ROOT, capture_output=True, text=True
    )
    return result.stdout.strip().splitlines()[-1]


@contextmanager
def server(database_url: str, workers: int, threads: int, seats: int):
    """gunicorn as production runs it, on a migrated and seeded throwaway database."""
    var_dir = Path(tempfile.mkdtemp(prefix="samlas-rush-"))
    (var_dir / "static").mkdir()  # WhiteNoise warns about a missing STATIC_ROOT otherwise
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "samlas.settings",
        "PYTHONPATH": str(ROOT / "src"),
        "SAMLAS_VAR_DIR": str(var_dir),
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + os.urandom(16).hex(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "CONN_MAX_AGE": "600",
        "LOG_LEVEL": "ERROR",
        "SAMLAS_REGISTRATION_API": "1",
    }
    process = None
    try:
        subprocess.run(
            [PYTHON, "-m", "samlas", "migrate", "--no-input"],
            env=env,
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
        seeded = json.loads(run_django(env, "--seed", "--seats", str(seats)))
        process = subprocess.Popen(
            [str(Path(PYTHON).parent / "gunicorn"), "samlas.wsgi:application",
             "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
             "--worker-class", "gthread", "--threads", str(threads),
             "--keep-alive", "30", "--backlog", "2048", "--log-level", "warning"],
            env=env, cwd=ROOT,
        )  # fmt: skip
        wait_until_up(port, process)
        wait_until_booted(process.pid, workers)
        yield port, env, process.pid, seeded
    finally:
        if process is not None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(var_dir, ignore_errors=True)


def wait_until_up(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited at start")
        with suppress(OSError):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("POST", f"/anmalan/api/{SLUG}/", body=b"[]")
            if connection.getresponse().status == 422:  # up, and the endpoint is switched on
                return
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer in time")


def wait_until_booted(master: int, workers: int, timeout: float = 60) -> None:
    """Wait until all the workers have loaded the app: one answer proves only that one did,
    and a rush that starts while another still imports its views measures the boot."""
    deadline = time.monotonic() + timeout
    before = -1.0
    while time.monotonic() < deadline:
        pids = children(master)
        spent = cpu_seconds(pids)
        if len(pids) >= workers and spent - before < 0.02:  # idle for the last half second
            return
        before = spent
        time.sleep(0.5)
    raise RuntimeError("gunicorn's workers did not settle in time")


class KeepAliveClient:
    """A minimal HTTP/1.1 client on one kept-alive connection, for a load generator that
    shares the CPUs with the server it measures: http.client parses every answer's headers
    with the e-mail parser, which cost this bench 0.3–0.4 ms of CPU per request, a tenth of
    what the server spent. It sends a prepared request and reads the status line, the
    headers it needs (Content-Length, Transfer-Encoding, Connection) and the body."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.sock: socket.socket | None = None

    def post(self, path: str, body: bytes) -> tuple[int, bytes]:
        if self.sock is None:
            self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=60)
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.reader = self.sock.makefile("rb")
        head = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        self.sock.sendall(head.encode() + body)
        status = int(self.reader.readline().split(b" ", 2)[1])
        length, chunked, close = None, False, False
        while (line := self.reader.readline()) not in (b"\r\n", b""):
            name, _colon, value = line.partition(b":")
            name, value = name.strip().lower(), value.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding":
                chunked = value.endswith(b"chunked")
            elif name == b"connection":
                close = value == b"close"
        if status in (204, 304):
            payload = b""
        elif chunked:
            payload = self._chunked_body()
        elif length is not None:
            payload = self.reader.read(length)
            close = close or len(payload) < length
        else:  # no length given: the body ends where the server closes the connection
            payload, close = self.reader.read(), True
        if close:
            self.close()
        return status, payload

    def _chunked_body(self) -> bytes:
        parts = []
        while size := int(self.reader.readline().split(b";", 1)[0], 16):
            parts.append(self.reader.read(size))
            self.reader.readline()
        while self.reader.readline() not in (b"\r\n", b""):  # trailers
            pass
        return b"".join(parts)

    def close(self) -> None:
        if self.sock is not None:
            self.reader.close()
            self.sock.close()
            self.sock = None


def client_process(args: tuple) -> tuple[list[tuple[int, float, float, str]], float]:
    """One load-generating process: threads with keep-alive connections, each taking the
    next registration from a shared counter. Returns (status, latency, finished, outcome)
    per request, and the CPU seconds the process spent during the rush."""
    port, indices, threads, block, seminars, start_at, stop_at = args
    rng = random.Random(indices[0] if indices else 0)
    bodies = [
        json.dumps(
            {
                "name": f"Deltagare {n}",
                "email": f"deltagare{n}@example.se",
                "organisation": "Umeå kommun",
                "choices": {str(block): rng.choice(seminars)},
                "idempotency_key": f"rush-{n}",
            }
        ).encode()
        for n in indices
    ]
    position = iter(range(len(bodies)))
    lock = threading.Lock()
    results: list[tuple[int, float, float, str]] = []
    path = f"/anmalan/api/{SLUG}/"

    def worker() -> None:
        client = KeepAliveClient(port)
        mine = []
        while True:
            with lock:
                index = next(position, None)
            if index is None or time.time() > stop_at:
                break
            began = time.perf_counter()
            try:
                status, payload = client.post(path, bodies[index])
                outcome = json.loads(payload).get("status", "") if status == 201 else ""
            except (OSError, ValueError, IndexError):
                status, outcome = 0, ""
                client.close()
            finished = time.perf_counter()
            mine.append((status, finished - began, time.time(), outcome))
        client.close()
        with lock:
            results.extend(mine)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    time.sleep(max(start_at - time.time(), 0))
    cpu = time.process_time()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return results, time.process_time() - cpu


def rush(port: int, clients: int, registrations: int, block: int, seminars: list[int]) -> dict:
    processes = max(1, min(4, clients // 10))
    per_process = [list(range(p, registrations, processes)) for p in range(processes)]
    threads = [
        clients // processes + (1 if p < clients % processes else 0) for p in range(processes)
    ]
    start_at = time.time() + 1.0
    stop_at = start_at + RUSH_LIMIT_S
    jobs = [
        (port, per_process[p], threads[p], block, seminars, start_at, stop_at)
        for p in range(processes)
    ]
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        outcome = pool.map_async(client_process, jobs)
        parts = outcome.get(timeout=DEADLINE_S)
    results = [row for rows, _cpu in parts for row in rows]
    client_cpu = sum(cpu for _rows, cpu in parts)
    confirmed_done = [done for status, _l, done, what in results if what == "confirmed"]
    last = max(done for _s, _l, done, _w in results)
    latencies = sorted(latency for _s, latency, _d, _w in results)
    quantiles = statistics.quantiles(latencies, n=100)
    by_status: dict[int, int] = {}
    for status, *_rest in results:
        by_status[status] = by_status.get(status, 0) + 1
    return {
        "answers": len(results),
        "by_status": by_status,
        "confirmed_answers": len(confirmed_done),
        "waiting_answers": sum(1 for *_r, what in results if what == "waiting"),
        "confirmed_per_s": round(len(confirmed_done) / (max(confirmed_done) - start_at), 1)
        if confirmed_done
        else 0.0,
        "answers_per_s": round(len(results) / (last - start_at), 1),
        "p50_ms": round(quantiles[49] * 1000, 1),
        "p95_ms": round(quantiles[94] * 1000, 1),
        "errors_5xx": sum(n for status, n in by_status.items() if status >= 500),
        "transport_errors": by_status.get(0, 0),
        "seconds": round(last - start_at, 2),
        "client_cpu_ms": round(client_cpu * 1000 / max(len(results), 1), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--registrations", type=int, default=3000)
    parser.add_argument("--seats", type=int, default=1000)
    # One process per CPU: a registration is CPU-bound, and on the 2-CPU machine five
    # processes spent ~40 % more CPU per registration than two (context switches, caches),
    # measured side by side: 129 against 176–252 confirmed/s.
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="gunicorn processes"
    )
    # One thread per process: a registration is CPU-bound Python, and with several threads
    # per process a thread holding the event's row lock waits for the GIL between its
    # statements, which stretches the lock and serialises everyone behind it.
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn process")
    parser.add_argument("--seed", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--check", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed:
        seed(args.seats)
        return
    if args.check:
        check(args.seats)
        return

    admin_url = os.environ.get(
        "SAMLAS_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
    )
    print(
        f"Registration rush: {args.registrations} registrations from {args.clients} concurrent "
        f"clients for {args.seats} seats (4 seminars of {args.seats // SEMINARS}); gunicorn "
        f"{args.workers} x {args.threads} gthread, DEBUG=0, PostgreSQL, {os.cpu_count()} CPUs",
        flush=True,
    )
    began = time.monotonic()
    with (
        postgres_database(admin_url) as url,
        server(url, args.workers, args.threads, args.seats) as (port, env, master, seeded),
    ):
        workers = children(master)
        app_cpu = cpu_seconds(workers)
        host_before = host_cpu()
        result = rush(port, args.clients, args.registrations, seeded["block"], seeded["seminars"])
        app_cpu = cpu_seconds(workers) - app_cpu
        host_after = host_cpu()
        db_cpu = cpu_seconds(database_backends(url))  # the connections made for the rush
        truth = json.loads(run_django(env, "--check", "--seats", str(args.seats)))
    answers = max(result["answers"], 1)
    ticks = host_after[0] - host_before[0]
    steal_pct = round(100 * (host_after[1] - host_before[1]) / ticks, 1) if ticks else 0.0
    result["app_cpu_ms"] = round(app_cpu * 1000 / answers, 1)
    result["db_cpu_ms"] = round(db_cpu * 1000 / answers, 1)
    answered_201 = result["by_status"].get(201, 0)
    lost = answered_201 - len(truth["ids"])
    rows = [
        ("answers", result["answers"]),
        ("by HTTP status", result["by_status"]),
        ("confirmed answers", result["confirmed_answers"]),
        ("waiting-list answers", result["waiting_answers"]),
        ("confirmed per second", result["confirmed_per_s"]),
        ("answers per second", result["answers_per_s"]),
        ("latency p50 / p95 ms", f"{result['p50_ms']} / {result['p95_ms']}"),
        ("5xx / transport errors", f"{result['errors_5xx']} / {result['transport_errors']}"),
        (
            "CPU ms per answer",
            f"app {result['app_cpu_ms']}, database {result['db_cpu_ms']}, "
            f"load generator {result['client_cpu_ms']}",
        ),
        ("load average (1 min)", f"{os.getloadavg()[0]:.1f}"),
        ("CPU stolen by the host", f"{steal_pct} %"),
        ("in the database", truth["statuses"]),
        ("overbooked seats", truth["overbooked"]),
        ("counters equal rows", truth["counters_ok"]),
        ("201s not in the database", max(lost, 0)),
        ("same e-mail twice", truth["duplicates"]),
        ("rush seconds / whole run", f"{result['seconds']} / {time.monotonic() - began:.1f}"),
    ]
    for label, value in rows:
        print(f"{label:<26} {value}")
    ok = truth["overbooked"] == 0 and truth["counters_ok"] and lost <= 0 and not truth["duplicates"]
    print("OK: no overbooking, nothing lost" if ok else "!!! INVARIANT BROKEN !!!", flush=True)
    figures = {
        "benchmark": "registration_rush",
        "confirmed_per_s": result["confirmed_per_s"],
        "answers_per_s": result["answers_per_s"],
        "p50_ms": result["p50_ms"],
        "p95_ms": result["p95_ms"],
        "errors_5xx": result["errors_5xx"],
        "transport_errors": result["transport_errors"],
        "overbooked": truth["overbooked"],
        "confirmed": truth["confirmed"],
        "answers": result["answers"],
        "app_cpu_ms_per_answer": result["app_cpu_ms"],
        "db_cpu_ms_per_answer": result["db_cpu_ms"],
        "client_cpu_ms_per_answer": result["client_cpu_ms"],
        "load_average": round(os.getloadavg()[0], 1),
        "steal_pct": steal_pct,
        "clients": args.clients,
        "registrations": args.registrations,
        "seats": args.seats,
        "workers": args.workers,
        "threads": args.threads,
        "database": "postgresql",
    }
    print(json.dumps(figures, separators=(",", ":")))
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
