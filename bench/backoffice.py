"""Benchmark the organiser's participant list and exports at 5,000 and 50,000 registrations.

    .venv/bin/python bench/backoffice.py [--sizes 5000,50000] [--databases sqlite,postgresql]
        [--repeat 5] [--pg-database samlas_bench_bo]

For each database and size a child process builds a throwaway instance (a temporary
SAMLAS_VAR_DIR; on PostgreSQL a database `samlas_bench_bo` it creates and drops), migrates
it, seeds one event with two blocks of seminars and N registrations (bulk inserts, with
seminar choices and health data), and then, with DEBUG off, requests as a signed-in host
editor through Django's test client (the whole view, template and ORM path; no network):

- the participant list, first page, default order;
- the list filtered by sector and sorted by name, page 20;
- a CSV export and an Excel export of all rows with eight columns.

It reports the median time of `--repeat` runs, the number of SQL queries per list page (it
must not grow with N), and the peak Python memory allocated during one export (tracemalloc),
which must stay flat because rows are streamed in chunks. Child processes end by themselves;
the PostgreSQL database is dropped. Ends with one JSON line of figures.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BENCH_DB = os.environ.get("SAMLAS_BENCH_DB", "samlas_bench_bo")
POSTGRES_ADMIN = os.environ.get(
    "SAMLAS_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


def setup_django() -> None:
    sys.path[:0] = [str(ROOT), str(ROOT / "src")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samlas.settings")
    import django

    django.setup()
    from django.conf import settings

    # Static files are WhiteNoise's job and not measured here: plain URLs, no manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def seed(size: int):
    """A migrated database with one event and `size` registrations; returns (event, user)."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from samlas.organisations.models import Membership
    from samlas.programme.models import Block, Seminar
    from samlas.registration.models import HealthInformation, Registration, SeminarChoice
    from tests.factories import make_event, make_organisation

    host = make_organisation(name="Länsstyrelsen", kind="county_board")
    event = make_event(host=host, title="Benchmark")
    blocks = []
    for index in range(2):
        start = event.start.replace(hour=13 + index)
        block = Block.objects.create(
            event=event, start=start, end=start.replace(minute=30), title=f"Block {index}"
        )
        seminars = [
            Seminar.objects.create(block=block, title=f"Seminarium {index}.{n}", capacity=size)
            for n in range(4)
        ]
        blocks.append((block, seminars))
    sectors = ["municipality", "police", "region", "civil_society", "school"]
    rows = [
        Registration(
            event=event,
            status="confirmed",
            name=f"Deltagare {n:06d}",
            email=f"d{n}@example.se",
            email_normalised=f"d{n}@example.se",
            organisation=f"Kommun {n % 290}",
            title="Samordnare",
            sector=sectors[n % 5],
            municipality=f"Kommun {n % 290}",
            link_secret="x" * 32,
        )
        for n in range(size)
    ]
    Registration.objects.bulk_create(rows, batch_size=2000)
    ids = list(Registration.objects.filter(event=event).values_list("pk", flat=True))
    for block, seminars in blocks:
        SeminarChoice.objects.bulk_create(
            [
                SeminarChoice(
                    registration_id=pk,
                    block=block,
                    seminar=seminars[i % 4],
                    status="confirmed",
                )
                for i, pk in enumerate(ids)
            ],
            batch_size=2000,
        )
    HealthInformation.objects.bulk_create(
        [HealthInformation(registration_id=pk, dietary_needs="Vegetarisk") for pk in ids[::7]],
        batch_size=2000,
    )
    user = get_user_model().objects.create_user("bench", password="bench-password-1")
    Membership.objects.create(user=user, organisation=host, role="editor")
    return event, user


def child(size: int, repeat: int) -> dict:
    """Runs in the benchmark's environment: seed, measure, return the figures."""
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    event, user = seed(size)
    client = Client()
    client.force_login(user)
    list_url = reverse("backoffice:registrations", args=[event.pk])
    export_url = reverse("backoffice:export", args=[event.pk])
    columns = ["name", "email", "organisation", "title", "sector", "municipality", "status"]
    columns.append("seminars")

    def timed(request) -> tuple[float, int]:
        times, queries = [], 0
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = request()
                if hasattr(response, "streaming_content"):
                    for _chunk in response.streaming_content:
                        pass
                times.append(time.perf_counter() - start)
            assert response.status_code == 200, response.status_code
            queries = len(captured)
        return statistics.median(times), queries

    def export(file_format: str):
        return client.post(
            export_url,
            {"file_format": file_format, "columns": columns, "status": ["confirmed"]},
        )

    def peak(request) -> int:
        tracemalloc.start()
        response = request()
        for _chunk in response.streaming_content:
            pass
        _current, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top

    first, first_queries = timed(lambda: client.get(list_url))
    filtered, filtered_queries = timed(
        lambda: client.get(list_url, {"sector": "police", "sort": "name", "page": 20})
    )
    csv_time, _q = timed(lambda: export("csv"))
    xlsx_time, _q = timed(lambda: export("xlsx"))
    return {
        "list_first_page_ms": round(first * 1000, 1),
        "list_first_page_queries": first_queries,
        "list_filtered_ms": round(filtered * 1000, 1),
        "list_filtered_queries": filtered_queries,
        "csv_export_s": round(csv_time, 3),
        "xlsx_export_s": round(xlsx_time, 3),
        "csv_peak_mib": round(peak(lambda: export("csv")) / 2**20, 1),
        "xlsx_peak_mib": round(peak(lambda: export("xlsx")) / 2**20, 1),
    }


def postgres_reachable() -> bool:
    try:
        import psycopg

        with psycopg.connect(POSTGRES_ADMIN, connect_timeout=3):
            return True
    except Exception:
        return False


def run(database: str, size: int, repeat: int, pg_database: str = BENCH_DB) -> dict:
    var = tempfile.mkdtemp(prefix="samlas-bench-bo-")
    env = {**os.environ, "SAMLAS_VAR_DIR": var, "DEBUG": "0", "SECRET_KEY": "bench-" * 8}
    env["ALLOWED_HOSTS"] = "testserver"
    env.pop("DATABASE_URL", None)
    if database == "postgresql":
        import psycopg

        with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{pg_database}"')
            admin.execute(f'CREATE DATABASE "{pg_database}"')
        env["DATABASE_URL"] = POSTGRES_ADMIN.rsplit("/", 1)[0] + f"/{pg_database}"
    try:
        output = subprocess.run(
            [PYTHON, __file__, "--child", str(size), "--repeat", str(repeat)],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=1800,
        )
        if output.returncode:
            print(output.stderr[-3000:], file=sys.stderr)
            raise SystemExit(f"The {database} run with {size} registrations failed.")
        return json.loads(output.stdout.strip().splitlines()[-1])
    finally:
        shutil.rmtree(var, ignore_errors=True)
        if database == "postgresql":
            import psycopg

            with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{pg_database}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="5000,50000")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--pg-database",
        default=BENCH_DB,
        help="PostgreSQL database to create and drop (env SAMLAS_BENCH_DB; default %(default)s)",
    )
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.repeat)))
        return
    results = {}
    for database in args.databases.split(","):
        if database == "postgresql" and not postgres_reachable():
            print(f"!!! PostgreSQL not reachable at {POSTGRES_ADMIN}: SKIPPED !!!")
            continue
        for size in (int(s) for s in args.sizes.split(",")):
            results[f"{database}_{size}"] = run(database, size, args.repeat, args.pg_database)
    keys = next(iter(results.values())).keys() if results else []
    print(f"{'figure':28}" + "".join(f"{name:>18}" for name in results))
    for key in keys:
        print(f"{key:28}" + "".join(f"{results[name][key]:>18}" for name in results))
    print(json.dumps({"benchmark": "backoffice", **results}))


if __name__ == "__main__":
    main()
