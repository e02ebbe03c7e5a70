"""Benchmark workshop voting: 1,000 phones vote over HTTP while the projector polls the results.

    .venv/bin/python bench/workshop_votes.py [--participants 1000] [--clients 32]
        [--duration 60] [--workers 4] [--databases sqlite,postgresql]
        [--postgres-database samlas_bench_workshops]

For each database it builds a throwaway instance (a temporary SAMLAS_VAR_DIR; on PostgreSQL
also a database, `--postgres-database`, that it creates and drops), migrates it, runs
`collectstatic`, seeds an event hosted by an organisation with a workshop (a ranking question
over six proposals, four groups handed out automatically) and an editor of that organisation
for the projector, and starts gunicorn with DEBUG=0 (gthread workers,
persistent database connections). Then `--clients` threads play `--participants` phones, each
with its own cookie jar: GET the question page (participant cookie and CSRF token), POST a
ranking of three proposals, and one phone in ten changes its vote with a second POST. Phones
not started when `--duration` seconds have passed are not run (and reported). Meanwhile a
logged-in "projector" fetches the live results fragment every 0.5 s, as the presenter view
does (signed in through the back office, so every poll also asks the permissions), and its
latency under load is measured.

Afterwards the ballots in the database are counted: every phone whose POST was answered with
the redirect of a saved vote must have exactly one ballot, so lost = confirmed - ballots (and
duplicates would show as ballots > confirmed). The projector's last count must agree too.
Prints a table and ends with one JSON line. PostgreSQL is reached at
SAMLAS_BENCH_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/postgres); when it is
not reachable that half is skipped with a loud line.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BENCH_DB = "samlas_bench_workshops"
STAFF = ("bench-projector", "bench-" + os.urandom(8).hex())
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VOTED = re.compile(r"(\d+) (?:har|have|has) (?:röstat|voted)")
CHANGE_SHARE = 0.1
PROJECTOR_INTERVAL = 0.5


def seed() -> None:
    """Runs inside the benchmark's environment (`--seed-instance`): the workshop as JSON."""
    sys.path[:0] = [str(ROOT / "src")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samlas.settings")
    # Django must be configured by this subprocess's environment before models import.
    import django

    django.setup()
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.contrib.auth import get_user_model

    from samlas.events.models import Event, EventOrganiser
    from samlas.organisations.models import Membership, Organisation, Role
    from samlas.workshops import services

    stockholm = ZoneInfo("Europe/Stockholm")
    event = Event.objects.create(
        slug="regional-hearing-bench",
        kind=Event.Kind.HEARING,
        title="Regional hearing om trygghet",
        summary="Grupperna prioriterar åtgärder.",
        start=datetime(2027, 3, 11, 9, tzinfo=stockholm),
        end=datetime(2027, 3, 11, 16, tzinfo=stockholm),
        status=Event.Status.PUBLISHED,
    )
    host = Organisation.objects.create(
        name="Länsstyrelsen i Benchlän", kind=Organisation.Kind.COUNTY_BOARD
    )
    EventOrganiser.objects.create(event=event, organisation=host, role=EventOrganiser.Role.HOST)
    workshop = services.create_workshop(
        event=event,
        title="Länets prioriteringar",
        group_names=[f"Bord {n}" for n in range(1, 5)],
        assign_groups=True,
    )
    question = services.add_question(
        workshop,
        text="Vilka åtgärder ska länet prioritera?",
        method="ranking",
        proposals=[
            "Fler vuxna på stan kvällstid",
            "Bättre belysning i parker",
            "Trygga skolvägar",
            "Öppna fritidsgårdar på helger",
            "Samverkan skola, socialtjänst och polis",
            "Föräldrastöd i alla kommuner",
        ],
    )
    services.open_question(question)
    projector = get_user_model().objects.create_user(
        STAFF[0], password=os.environ["BENCH_STAFF_PASSWORD"]
    )
    Membership.objects.create(user=projector, organisation=host, role=Role.EDITOR)
    print(json.dumps({
        "event": event.pk, "workshop": workshop.pk, "code": workshop.code,
        "question": question.pk,
        "proposals": list(question.proposals.values_list("pk", flat=True)),
    }))  # fmt: skip


def count(question_id: int) -> None:
    """Runs inside the benchmark's environment (`--count-ballots`): what the database holds."""
    sys.path[:0] = [str(ROOT / "src")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samlas.settings")
    # As in seed(): configure Django from this subprocess's environment first.
    import django

    django.setup()
    from samlas.workshops.models import Ballot, BallotEntry, Participant

    ballots = Ballot.objects.filter(question_id=question_id)
    print(json.dumps({
        "ballots": ballots.count(),
        "participants": Participant.objects.count(),
        "entries": BallotEntry.objects.filter(ballot__question_id=question_id).count(),
        "ballots_without_three_entries": sum(
            1 for b in ballots.prefetch_related("entries") if len(b.entries.all()) != 3
        ),
    }))  # fmt: skip


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "-m", "samlas", *args], env=env, check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)  # fmt: skip


def subcommand(env: dict[str, str], *args: str) -> dict:
    result = subprocess.run([PYTHON, __file__, *args], env=env, cwd=ROOT,
                            capture_output=True, text=True)  # fmt: skip
    if result.returncode:
        print(result.stderr, file=sys.stderr)
        raise RuntimeError(f"{' '.join(args)} failed")
    return json.loads(result.stdout.strip().splitlines()[-1])


def postgres_reachable(admin_url: str) -> bool:
    try:
        import psycopg

        with psycopg.connect(admin_url, connect_timeout=3):
            return True
    except Exception:  # any failure means: not reachable
        return False


@contextmanager
def postgres_database(admin_url: str, name: str = BENCH_DB):
    """A fresh database `name` beside `admin_url`'s, dropped afterwards; its URL."""
    import psycopg
    from psycopg import sql

    def run(statement: sql.Composable) -> None:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=3) as connection:
            connection.execute(statement)

    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    run(drop)
    run(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlunsplit(urlsplit(admin_url)._replace(path=f"/{name}"))
    finally:
        run(drop)


def wait_until_up(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited during start-up")
        with suppress(requests.RequestException):
            if requests.get(f"http://127.0.0.1:{port}/w/", timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer in time")


@contextmanager
def server(database_url: str, workers: int, threads: int):
    """A production-style instance: migrated, static collected, seeded, served by gunicorn."""
    var_dir = Path(tempfile.mkdtemp(prefix="samlas-bench-workshops-"))
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "samlas.settings",
        "PYTHONPATH": str(ROOT / "src"),
        "SAMLAS_VAR_DIR": str(var_dir),
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + os.urandom(16).hex(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"http://127.0.0.1:{port}",
        # Plain HTTP on the loopback: cookies cannot be Secure here.
        "SECURE_COOKIES": "0",
        "CONN_MAX_AGE": "60",
        "LOG_LEVEL": "ERROR",
        "BENCH_STAFF_PASSWORD": STAFF[1],
    }
    env.pop("DATABASE_URL", None)
    if database_url:  # none: the embedded SQLite database in the temporary SAMLAS_VAR_DIR
        env["DATABASE_URL"] = database_url
    process = None
    try:
        manage(env, "migrate", "--no-input")
        manage(env, "collectstatic", "--no-input")
        seeded = subcommand(env, "--seed-instance")
        process = subprocess.Popen(
            [str(Path(PYTHON).parent / "gunicorn"), "samlas.wsgi:application",
             "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
             "--worker-class", "gthread", "--threads", str(threads),
             "--backlog", "2048", "--log-level", "warning"],
            env=env, cwd=ROOT,
        )  # fmt: skip
        wait_until_up(port, process)
        yield port, seeded, env
    finally:
        if process is not None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(var_dir, ignore_errors=True)


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    confirmed: int = 0
    changed: int = 0
    failed: dict[str, int] = field(default_factory=dict)
    vote_latency: list[float] = field(default_factory=list)
    join_latency: list[float] = field(default_factory=list)

    def fail(self, reason: str) -> None:
        with self.lock:
            self.failed[reason] = self.failed.get(reason, 0) + 1


def phone(base: str, seeded: dict, rng: random.Random, tally: Tally) -> None:
    """One participant: open the question (cookie + CSRF), rank three proposals, maybe again."""
    path = f"/w/{seeded['code']}/fragor/{seeded['question']}/"
    url = base + path
    session = requests.Session()
    try:
        start = time.perf_counter()
        page = session.get(url, timeout=30)
        joined = time.perf_counter() - start
        token = CSRF_FIELD.search(page.text)
        if page.status_code != 200 or token is None:
            tally.fail(f"join {page.status_code}")
            return
        votes = 2 if rng.random() < CHANGE_SHARE else 1
        for attempt in range(votes):
            chosen = rng.sample(seeded["proposals"], 3)
            data = {f"proposal_{p}": str(rank) for rank, p in enumerate(chosen, start=1)}
            data["csrfmiddlewaretoken"] = token.group(1)
            start = time.perf_counter()
            response = session.post(url, data=data, headers={"Referer": url},
                                    allow_redirects=False, timeout=30)  # fmt: skip
            elapsed = time.perf_counter() - start
            if response.status_code != 302 or response.headers.get("Location") != path:
                tally.fail(f"vote {response.status_code}")
                return
            with tally.lock:
                tally.vote_latency.append(elapsed)
                if attempt == 0:
                    tally.confirmed += 1
                    tally.join_latency.append(joined)
                else:
                    tally.changed += 1
    except requests.RequestException as error:
        tally.fail(type(error).__name__)
    finally:
        session.close()


def projector(base: str, seeded: dict, stop: threading.Event, latencies: list[float]) -> int:
    """Sign in to the back office and poll the live results like the presenter view.

    Returns the last count of voters shown.
    """
    session = requests.Session()
    login = f"{base}/organisera/logga-in/"
    page = session.get(login, timeout=30)
    signed_in = session.post(login, data={
        "username": STAFF[0], "password": STAFF[1], "next": "/organisera/",
        "csrfmiddlewaretoken": CSRF_FIELD.search(page.text).group(1),
    }, headers={"Referer": login}, timeout=30, allow_redirects=False)  # fmt: skip
    if signed_in.status_code != 302:
        raise RuntimeError(f"back-office sign-in answered {signed_in.status_code}")
    workshop = f"{base}/organisera/evenemang/{seeded['event']}/workshoppar/{seeded['workshop']}"
    live = f"{workshop}/presentation/{seeded['question']}/live/"
    last = -1
    while True:
        start = time.perf_counter()
        response = session.get(live, timeout=30, allow_redirects=False)
        if response.status_code != 200:
            raise RuntimeError(f"results view answered {response.status_code}")
        latencies.append(time.perf_counter() - start)
        last = int(VOTED.search(response.text).group(1))
        if stop.is_set():
            return last
        time.sleep(PROJECTOR_INTERVAL)


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run(database: str, database_url: str, args: argparse.Namespace) -> dict:
    with server(database_url, args.workers, args.threads) as (port, seeded, env):
        base = f"http://127.0.0.1:{port}"
        tally = Tally()
        results_latency: list[float] = []
        stop = threading.Event()
        shown: list[int] = []
        poller = threading.Thread(
            target=lambda: shown.append(projector(base, seeded, stop, results_latency))
        )
        poller.start()
        rng = random.Random(args.seed)
        seeds = [rng.random() for _ in range(args.participants)]
        started = time.perf_counter()
        deadline = started + args.duration
        skipped = 0

        def play(index: int) -> None:
            nonlocal skipped
            if time.perf_counter() > deadline:
                with tally.lock:
                    skipped += 1
                return
            phone(base, seeded, random.Random(seeds[index]), tally)

        with ThreadPoolExecutor(max_workers=args.clients) as pool:
            list(pool.map(play, range(args.participants)))
        elapsed = time.perf_counter() - started
        # Under load, the last poll may predate the last votes: one more, after them.
        time.sleep(PROJECTOR_INTERVAL * 2)
        stop.set()
        poller.join(timeout=60)
        stored = subcommand(env, "--count-ballots", str(seeded["question"]))
    posts = tally.confirmed + tally.changed
    return {
        "database": database,
        "participants": args.participants,
        "not_started": skipped,
        "confirmed": tally.confirmed,
        "changed": tally.changed,
        "failed": sum(tally.failed.values()),
        "failures": tally.failed,
        "seconds": round(elapsed, 2),
        "votes_per_second": round(posts / elapsed, 1),
        "vote_p50_ms": round(1000 * percentile(tally.vote_latency, 0.5), 1),
        "vote_p95_ms": round(1000 * percentile(tally.vote_latency, 0.95), 1),
        "join_p95_ms": round(1000 * percentile(tally.join_latency, 0.95), 1),
        "results_polls": len(results_latency),
        "results_p50_ms": round(1000 * percentile(results_latency, 0.5), 1),
        "results_p95_ms": round(1000 * percentile(results_latency, 0.95), 1),
        "ballots": stored["ballots"],
        "lost": tally.confirmed - stored["ballots"],
        "duplicates": max(0, stored["ballots"] - tally.confirmed),
        "malformed_ballots": stored["ballots_without_three_entries"],
        "projector_count": shown[0] if shown else None,
    }


def print_table(rows: list[dict]) -> None:
    columns = [
        ("database", "database"), ("phones", "confirmed"), ("changed", "changed"),
        ("failed", "failed"), ("not run", "not_started"), ("s", "seconds"),
        ("votes/s", "votes_per_second"), ("vote p50 ms", "vote_p50_ms"),
        ("vote p95 ms", "vote_p95_ms"), ("join p95 ms", "join_p95_ms"),
        ("results p50 ms", "results_p50_ms"), ("results p95 ms", "results_p95_ms"),
        ("ballots", "ballots"), ("lost", "lost"), ("projector", "projector_count"),
    ]  # fmt: skip
    widths = [max(len(title), *(len(str(r[key])) for r in rows)) for title, key in columns]
    print("  ".join(title.rjust(w) for (title, _), w in zip(columns, widths, strict=True)))
    for row in rows:
        print(
            "  ".join(str(row[key]).rjust(w) for (_, key), w in zip(columns, widths, strict=True))
        )
    for row in rows:
        if row["failures"]:
            print(f"{row['database']}: failures {row['failures']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=32, help="concurrent phones")
    parser.add_argument("--duration", type=float, default=60, help="seconds to start phones")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--postgres-database",
        default=BENCH_DB,
        help="the throwaway PostgreSQL database (created, then dropped)",
    )
    args = parser.parse_args()

    rows = []
    load_before = os.getloadavg()[0]
    for database in args.databases.split(","):
        if database == "sqlite":
            rows.append(run("sqlite", "", args))
        elif database == "postgresql":
            admin = os.environ.get(
                "SAMLAS_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
            )
            if not postgres_reachable(admin):
                print(f"!!! PostgreSQL NOT REACHABLE at {admin}: its run is SKIPPED !!!")
                continue
            with postgres_database(admin, args.postgres_database) as url:
                rows.append(run("postgresql", url, args))
        else:
            parser.error(f"unknown database {database!r}")
    print(
        f"\nWorkshop votes: {args.participants} phones, {args.clients} at a time, gunicorn "
        f"{args.workers} workers x {args.threads} threads, projector every {PROJECTOR_INTERVAL} s"
    )
    print_table(rows)
    load_after = os.getloadavg()[0]
    # A shared machine's other work slows the server down: say how busy it was.
    print(f"load average (1 min): {load_before:.1f} before, {load_after:.1f} after")
    ok = all(r["lost"] == 0 and r["duplicates"] == 0 and r["failed"] == 0
             and r["malformed_ballots"] == 0 and r["projector_count"] == r["ballots"]
             for r in rows)  # fmt: skip
    print("zero lost votes, one ballot per phone: " + ("yes" if ok else "NO"))
    print(
        json.dumps(
            {
                "bench": "workshop_votes",
                "ok": ok,
                "load_before": round(load_before, 1),
                "load_after": round(load_after, 1),
                "runs": rows,
            }
        )
    )
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    if "--seed-instance" in sys.argv:
        seed()
    elif "--count-ballots" in sys.argv:
        count(int(sys.argv[sys.argv.index("--count-ballots") + 1]))
    else:
        main()
