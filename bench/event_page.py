"""Benchmark the public event page with a full programme, as production serves it.

    .venv/bin/python bench/event_page.py [--duration 10] [--clients 1,8,32]
        [--databases sqlite,postgresql] [--workers 5]

For each database it builds a throwaway instance (a temporary SAMLAS_VAR_DIR; on PostgreSQL
also a database `samlas_bench` that it creates and drops), migrates it, runs `collectstatic`,
seeds the full two-day programme of the tests (40 items, 4 blocks of 6 seminars, 60 people;
`tests/programme/helpers.py`) plus the same kind of event without a programme, and starts
gunicorn with DEBUG=0, a SECRET_KEY, ALLOWED_HOSTS and WhiteNoise. Then 1, 8 and 32 client
threads request the event page for `--duration` seconds each (a new connection per request,
as browsers behind a proxy look to gunicorn's sync workers). It reports p50/p95 latency,
requests per second and the server CPU time per request (gunicorn's processes, from /proc:
unlike latency it hardly depends on what else runs on the shared machine). As a reference
measured in the same run, the page of the event without a programme is measured at 8
clients: the ratios are what the programme costs. It stops what it started and ends with one
JSON line of figures.

PostgreSQL is reached at SAMLAS_BENCH_POSTGRES_URL (default
postgresql://postgres@127.0.0.1:5432/postgres, used only to create and drop samlas_bench);
when it is not reachable that half is skipped with a loud line.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
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
FULL_SLUG = "trygghetskonferens-2027"
EMPTY_SLUG = "utan-program"
BENCH_DB = "samlas_bench"
REFERENCE_CLIENTS = 8


def seed() -> None:
    """Runs inside the benchmark's environment (`--seed`): the pages to measure."""
    sys.path[:0] = [str(ROOT), str(ROOT / "src")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samlas.settings")
    import django

    django.setup()
    from tests.factories import at, make_event
    from tests.programme.helpers import seed_full_programme

    seed_full_programme(slug=FULL_SLUG)
    make_event(slug=EMPTY_SLUG, start=at(2027, 10, 5, 9), end=at(2027, 10, 5, 16))


def missing_static_references() -> list[str]:
    """Files that vendored CSS refers to but that are not there.

    `collectstatic` with the manifest storage refuses to run while any is missing; the
    benchmark then serves an empty placeholder in its place and says so loudly.
    """
    static = ROOT / "src" / "samlas" / "core" / "static"
    missing = set()
    for css in static.rglob("*.css"):
        for reference in re.findall(r'url\("?/static/([^")?#]+)', css.read_text()):
            if not (static / reference).exists():
                missing.add(reference)
    return sorted(missing)


def settings_module(var_dir: Path) -> str:
    """Production settings, plus placeholders for missing static files (see above)."""
    missing = missing_static_references()
    if not missing:
        return "samlas.settings"
    placeholders = var_dir / "placeholders"
    for reference in missing:
        print(f"!!! missing static file {reference}: collectstatic fails in production; "
              "the benchmark serves an empty placeholder !!!", flush=True)  # fmt: skip
        (placeholders / reference).parent.mkdir(parents=True, exist_ok=True)
        (placeholders / reference).write_text("")
    (var_dir / "bench_settings.py").write_text(
        f"from samlas.settings import *  # noqa: F403\nSTATICFILES_DIRS = [{str(placeholders)!r}]\n"
    )
    return "bench_settings"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "-m", "samlas", *args], env=env, check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)  # fmt: skip


@contextmanager
def postgres_database(admin_url: str):
    """A fresh database beside `admin_url`'s, dropped afterwards; its URL."""
    import psycopg

    def run(sql: str) -> None:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=3) as connection:
            connection.execute(sql)

    run(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
    run(f"CREATE DATABASE {BENCH_DB}")
    parts = urlsplit(admin_url)
    try:
        yield urlunsplit(parts._replace(path=f"/{BENCH_DB}"))
    finally:
        run(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


def postgres_reachable(admin_url: str) -> bool:
    try:
        import psycopg

        with psycopg.connect(admin_url, connect_timeout=3):
            return True
    except Exception:  # any failure means: not reachable
        return False


@contextmanager
def server(database_url: str, workers: int):
    """A production-style instance: migrated, static collected, seeded, served by gunicorn."""
    var_dir = Path(tempfile.mkdtemp(prefix="samlas-bench-"))
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module(var_dir),
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(var_dir)]),
        "SAMLAS_VAR_DIR": str(var_dir),
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + os.urandom(16).hex(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "CONN_MAX_AGE": "60",
        "LOG_LEVEL": "ERROR",
    }
    env.pop("DATABASE_URL", None)
    if database_url:  # none: the embedded SQLite database in the temporary SAMLAS_VAR_DIR
        env["DATABASE_URL"] = database_url
    process = None
    try:
        manage(env, "migrate", "--no-input")
        manage(env, "collectstatic", "--no-input")
        subprocess.run([PYTHON, __file__, "--seed"], env=env, check=True, cwd=ROOT)
        process = subprocess.Popen(
            [str(Path(PYTHON).parent / "gunicorn"), "samlas.wsgi:application",
             "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
             "--worker-class", "sync", "--log-level", "warning"],
            env=env, cwd=ROOT,
        )  # fmt: skip
        wait_until_up(port, process)
        yield port, process.pid
    finally:
        if process is not None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(var_dir, ignore_errors=True)


def get(port: int, path: str) -> tuple[int, int]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        return response.status, len(response.read())
    finally:
        connection.close()


def wait_until_up(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited at start")
        with suppress(OSError):
            if get(port, f"/evenemang/{FULL_SLUG}/")[0] == 200:
                return
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer in time")


def server_cpu_seconds(master: int) -> float:
    """CPU time used so far by gunicorn's master and workers (Linux /proc).

    On a shared, busy machine latency mostly measures the neighbours; CPU time per request
    measures the page.
    """
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            pid, ppid = int(stat.parent.name), int(fields[1])
            if master in (pid, ppid):
                total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / ticks


def load(port: int, master: int, path: str, clients: int, duration: float) -> dict:
    """`clients` threads requesting `path` back to back for `duration` seconds."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    start = time.perf_counter()
    stop_at = start + duration

    def client() -> None:
        nonlocal errors
        mine, failed = [], 0
        while time.perf_counter() < stop_at:
            began = time.perf_counter()
            try:
                status, _size = get(port, path)
            except OSError:
                status = 0
            if status == 200:
                mine.append(time.perf_counter() - began)
            else:
                failed += 1
        with lock:
            latencies.extend(mine)
            errors += failed

    cpu_before = server_cpu_seconds(master)
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    cpu = server_cpu_seconds(master) - cpu_before
    latencies.sort()
    quantiles = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    return {
        "clients": clients,
        "requests": len(latencies),
        "errors": errors,
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(quantiles[49] * 1000, 1) if quantiles else None,
        "p95_ms": round(quantiles[94] * 1000, 1) if quantiles else None,
        "server_cpu_ms_per_request": round(cpu * 1000 / len(latencies), 1) if latencies else None,
    }


def measure(database: str, url: str, levels: list[int], duration: float, workers: int) -> dict:
    with server(url, workers) as (port, master):
        page = f"/evenemang/{FULL_SLUG}/"
        status, size = get(port, page)
        assert status == 200, status
        for _ in range(20):  # warm every worker's connection and template cache
            get(port, page)
            get(port, f"/evenemang/{EMPTY_SLUG}/")
        rows = []
        for clients in levels:
            row = load(port, master, page, clients, duration)
            rows.append(row)
            print_row(database, "full programme", row)
        reference = load(port, master, f"/evenemang/{EMPTY_SLUG}/", REFERENCE_CLIENTS, duration)
        print_row(database, "no programme (ref.)", reference)
    return {"page_bytes": size, "levels": rows, "reference": reference}


def print_row(database: str, page: str, row: dict) -> None:
    print(
        f"{database:<11} {page:<20} {row['clients']:>7} {row['requests']:>8} "
        f"{row['rps']:>8} {row['p50_ms']:>8} {row['p95_ms']:>8} "
        f"{row['server_cpu_ms_per_request']:>8} {row['errors']:>6}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per level")
    parser.add_argument("--clients", default="1,8,32")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--seed", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed:
        seed()
        return

    levels = [int(level) for level in args.clients.split(",")]
    admin_url = os.environ.get(
        "SAMLAS_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
    )
    print(f"Event page with a full programme; gunicorn, {args.workers} sync workers, DEBUG=0, "
          f"{args.duration:g} s per level, {os.cpu_count()} CPUs")  # fmt: skip
    print(f"{'database':<11} {'page':<20} {'clients':>7} {'requests':>8} {'req/s':>8} "
          f"{'p50 ms':>8} {'p95 ms':>8} {'CPU ms':>8} {'errors':>6}")  # fmt: skip
    results: dict[str, dict] = {}
    for database in args.databases.split(","):
        if database == "sqlite":
            results["sqlite"] = measure("sqlite", "", levels, args.duration, args.workers)
        elif database == "postgresql":
            if not postgres_reachable(admin_url):
                print(f"!!! PostgreSQL NOT REACHABLE at {admin_url}: SKIPPED !!!", flush=True)
                continue
            with postgres_database(admin_url) as url:
                results["postgresql"] = measure(
                    "postgresql", url, levels, args.duration, args.workers
                )
        else:
            parser.error(f"unknown database {database!r}")
    for database, result in results.items():
        at_reference = next(
            (row for row in result["levels"] if row["clients"] == REFERENCE_CLIENTS), None
        )
        if at_reference and at_reference["rps"]:
            ratio = result["reference"]["rps"] / at_reference["rps"]
            cpu_ratio = (
                at_reference["server_cpu_ms_per_request"]
                / result["reference"]["server_cpu_ms_per_request"]
            )
            result["reference_rps_ratio"] = round(ratio, 2)
            result["cpu_ratio_to_reference"] = round(cpu_ratio, 2)
            print(f"{database}: at {REFERENCE_CLIENTS} clients the page without a programme serves "
                  f"{ratio:.2f} times the requests per second; the full programme costs "
                  f"{cpu_ratio:.2f} times its server CPU per request")  # fmt: skip
    figures = {"benchmark": "event_page", "workers": args.workers, "duration_s": args.duration}
    print(json.dumps({**figures, "results": results}, separators=(",", ":")))


if __name__ == "__main__":
    main()
