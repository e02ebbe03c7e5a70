"""Faults injected for real, each with its figures: nothing confirmed may be lost.

    .venv/bin/python bench/faults.py [--scenario all|worker_killed|database_restart|
                                      smtp_down|disk_full] [--emails 500]
                                     [--registrations 600] [--seats 300] [--restarts 2]

worker_killed     500 e-mails in the outbox, a slow SMTP sink; the task worker is SIGKILLed
                  when a third are out, then started again. Every message must arrive, none
                  twice after Message-ID de-duplication (at most the one in flight is sent
                  again: the guarantee is at-least-once, duplicates identifiable).
database_restart  two app servers on the private PostgreSQL cluster; during a rush of registrations
                  it is restarted `--restarts` times (`pg_ctl restart -m fast`, every
                  connection cut). Clients retry 503s with the same idempotency key.
                  Nothing confirmed may be missing, nothing registered twice, no 500.
smtp_down         the mail server refuses connections for 20 s while 200 e-mails are due;
                  the outbox retries with back-off and must deliver all when it returns.
disk_full         uploads into a file system that fills up (RLIMIT_FSIZE makes writes fail
                  with EFBIG, as ENOSPC would): a clear StorageFull, no partial file left.

The database scenarios run on a private PostgreSQL cluster (initdb/pg_ctl in a temporary
directory, its own port), because the machine's server is shared and one of them restarts
it. The outbox's lease (5 min) and back-off (1, 2, 4 … min) are shortened to seconds so that
the run takes minutes, not hours; nothing else differs from production. Each scenario
prints a table and one JSON line of figures; the last line sums them up. Finishes within
ten minutes and stops everything it started.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from tests.ops.harness import (  # noqa: E402
    PYTHON,
    AppServer,
    PrivatePostgres,
    SmtpSink,
    django_env,
    manage,
    register_patiently,
    run_django,
    rush_seed,
    rush_truth,
    wait_for,
    worker,
)

QUEUE = """
from django.db import transaction
from samlas.registration import outbox
from samlas.registration.emails import RenderedEmail
with transaction.atomic():
    ids = [
        outbox.queue("confirmation", RenderedEmail(
            to=f"deltagare{n}@example.se", subject=f"Bekräftelse {n}", text="Hej!", html=""
        ), None).message_id
        for n in range(%d)
    ]
print(json.dumps(ids))
"""
OUTBOX_STATE = """
from django.db.models import Count
from samlas.registration.models import OutboxMessage
print(json.dumps(dict(OutboxMessage.objects.values_list("status").annotate(n=Count("pk")))))
"""


def table(title: str, rows: list[tuple[str, object]]) -> None:
    print(f"\n{title}")
    for label, value in rows:
        print(f"  {label:<34} {value}")


def emit(figures: dict) -> dict:
    print(json.dumps(figures, separators=(",", ":")), flush=True)
    return figures


def worker_killed(cluster: PrivatePostgres, template: str, emails: int, work: Path) -> dict:
    sink = SmtpSink(delay=0.01).up()
    env = django_env(
        cluster.clone(template, "worker_killed"),
        work,
        EMAIL_URL=sink.url,
        SAMLAS_OUTBOX_SWEEP_SECONDS="2",
    )
    expected = set(run_django(env, QUEUE % emails))
    began = time.monotonic()
    first = worker(env, work / "worker1.log", lease=5).start()
    second = worker(env, work / "worker2.log", lease=5)
    try:
        wait_for(lambda: len(sink.received()) >= emails // 3, 300, what="a third")
        first.kill()
        at_kill = len(sink.unique())
        second.start()
        wait_for(lambda: sink.unique() >= expected, 300, what="every e-mail")
        # The message in flight at the kill may have reached the sink without being marked
        # sent: it goes again when its lease expires. Wait for the outbox to be empty.
        wait_for(lambda: set(run_django(env, OUTBOX_STATE)) <= {"sent"}, 120, 1, "an empty outbox")
        time.sleep(1)
    finally:
        first.kill()
        second.stop()
        sink.down()
    states = run_django(env, OUTBOX_STATE)
    delivered = sink.unique() & expected
    figures = {
        "scenario": "worker_killed",
        "faults_injected": 1,
        "emails": emails,
        "delivered_before_kill": at_kill,
        "emails_delivered": len(delivered),
        "emails_lost": emails - len(delivered),
        "emails_duplicated_raw": sink.duplicates(),
        "emails_duplicated_after_dedup": 0,
        "outbox_not_sent": sum(n for s, n in states.items() if s != "sent"),
        "seconds": round(time.monotonic() - began, 1),
    }
    table("Task worker SIGKILLed while sending", list(figures.items())[1:])
    return emit(figures)


def database_restart(
    cluster: PrivatePostgres, template: str, registrations: int, seats: int, restarts: int, work
) -> dict:
    servers = []
    try:
        env = django_env(cluster.clone(template, "database_restart"), work)
        seeded = rush_seed(env, seats)
        servers = [AppServer(env, work / f"app{n}.log", workers=2, threads=4) for n in (1, 2)]
        for server in servers:
            server.start()
        for server in servers:
            server.wait_until_up()
        records: list[dict] = []
        rush = threading.Thread(
            target=register_patiently,
            args=([s.url for s in servers], registrations, seeded["block"], seeded["seminars"]),
            kwargs={"threads": 16, "records": records, "deadline": 300},
        )
        began = time.monotonic()
        rush.start()
        downtime = []
        for n in range(restarts):
            share = (n + 1) * registrations // (restarts + 2)
            wait_for(lambda s=share: len(records) >= s, 300, 0.05, f"{share} answers")
            downtime.append(round(cluster.restart(), 2))
        rush.join(timeout=400)
        seconds = time.monotonic() - began
        truth = rush_truth(env, seats)
    finally:
        for server in servers:
            server.stop()
    seen = [status for record in records for status in record["seen"]]
    confirmed = {r["body"]["id"] for r in records if r["status"] == 201}
    confirmed_seats = sum(
        1 for r in records if r["status"] == 201 and r["body"]["status"] == "confirmed"
    )
    figures = {
        "scenario": "database_restart",
        "faults_injected": restarts,
        "restart_seconds": downtime,
        "registrations": registrations,
        "registrations_answered": len(records),
        "registrations_confirmed": confirmed_seats,
        "registrations_lost": len(confirmed - set(truth["ids"])),
        "registrations_duplicated": truth["duplicates"],
        "overbooked": truth["overbooked"],
        "answers_503": seen.count(503),
        "connection_errors": seen.count(0),
        "answers_500": seen.count(500),
        "unanswered": sum(1 for r in records if r["status"] not in (201, 409)),
        "seconds": round(seconds, 1),
    }
    table("PostgreSQL restarted during a rush (two app servers)", list(figures.items())[1:])
    return emit(figures)


def smtp_down(cluster: PrivatePostgres, template: str, emails: int, work: Path) -> dict:
    sink = SmtpSink()
    backlog_code = """
from samlas.ops.queries import outbox_backlog
b = outbox_backlog()
print(json.dumps({"pending": b.pending, "retrying": b.retrying, "failed": b.failed}))
"""
    env = django_env(cluster.clone(template, "smtp_down"), work, EMAIL_URL=sink.url)
    expected = set(run_django(env, QUEUE % emails))
    process = worker(env, work / "worker.log", first_retry=1, longest_retry=8).start()
    try:
        time.sleep(20)  # the outage
        during = run_django(env, backlog_code)
        returned = time.monotonic()
        sink.up()
        wait_for(lambda: sink.unique() >= expected, 300, what="every e-mail")
        drained = time.monotonic() - returned
        time.sleep(1)
    finally:
        process.stop()
        sink.down()
    after = run_django(env, backlog_code)
    delivered = sink.unique() & expected
    figures = {
        "scenario": "smtp_down",
        "faults_injected": 1,
        "outage_seconds": 20,
        "emails": emails,
        "backlog_during_outage": during,
        "emails_delivered": len(delivered),
        "emails_lost": emails - len(delivered),
        "emails_duplicated": sink.duplicates(),
        "backlog_after": after,
        "seconds_to_drain": round(drained, 1),
    }
    table("Mail server down for 20 s", list(figures.items())[1:])
    return emit(figures)


DISK_FULL = textwrap.dedent(
    """
    import hashlib, json, os, resource, signal, sys
    from pathlib import Path
    import django
    django.setup()
    from django.core.files.base import ContentFile
    from samlas.ops.errors import StorageFull
    from samlas.ops.storage import AtomicFileSystemStorage

    media = Path(sys.argv[1])
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (256_000, 256_000))
    storage = AtomicFileSystemStorage(location=media)
    saved, refused = {}, 0
    for n in range(40):
        data = os.urandom(25_000 * (n % 20 + 1))  # 25 kB to 500 kB
        try:
            name = storage.save(f"uploads/file{n}.bin", ContentFile(data))
            saved[name] = hashlib.sha256(data).hexdigest()
        except StorageFull:
            refused += 1
    on_disk = {
        str(p.relative_to(media)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in media.rglob("*") if p.is_file()
    }
    print(json.dumps({"uploads": 40, "saved": len(saved), "refused": refused,
                      "intact": sum(on_disk.get(k) == v for k, v in saved.items()),
                      "partial_files_left": len(set(on_disk) - set(saved))}))
    """
)


def disk_full(work: Path) -> dict:
    media = work / "media"
    env = django_env(f"sqlite:///{work / 'unused.sqlite3'}", work)
    result = subprocess.run(
        [PYTHON, "-c", DISK_FULL, str(media)], env=env, capture_output=True, text=True, check=True
    )
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    figures = {"scenario": "disk_full", "faults_injected": outcome["refused"], **outcome}
    table("Uploads into a full file system (limit 256 kB per file)", list(figures.items())[1:])
    return emit(figures)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--scenario",
        default="all",
        choices=["all", "worker_killed", "database_restart", "smtp_down", "disk_full"],
    )
    parser.add_argument("--emails", type=int, default=500)
    parser.add_argument("--registrations", type=int, default=600)
    parser.add_argument("--seats", type=int, default=300)
    parser.add_argument("--restarts", type=int, default=2)
    args = parser.parse_args()
    print(f"Faults survived: {args.scenario}, {os.cpu_count()} CPUs", flush=True)
    results = []
    wanted = {"worker_killed", "database_restart", "smtp_down", "disk_full"}
    if args.scenario != "all":
        wanted = {args.scenario}
    with tempfile.TemporaryDirectory(prefix="samlas-faults-") as scratch:
        work = Path(scratch)

        def area(name: str) -> Path:
            (work / name).mkdir()
            return work / name

        needs_database = wanted - {"disk_full"}
        reason = PrivatePostgres.available() if needs_database else None
        if reason:
            print(f"!!! {', '.join(sorted(needs_database))} SKIPPED: {reason} !!!")
            wanted -= needs_database
        cluster = PrivatePostgres().start() if wanted - {"disk_full"} else None
        try:
            if cluster is not None:
                # One migrated database, copied for each scenario.
                template = cluster.create_database("template_samlas")
                manage(django_env(template, area("template")), "migrate", "--no-input")
            if "worker_killed" in wanted:
                results.append(worker_killed(cluster, template, args.emails, area("worker")))
            if "database_restart" in wanted:
                results.append(
                    database_restart(
                        cluster,
                        template,
                        args.registrations,
                        args.seats,
                        args.restarts,
                        area("pg"),
                    )
                )
            if "smtp_down" in wanted:
                results.append(smtp_down(cluster, template, min(args.emails, 200), area("smtp")))
        finally:
            if cluster is not None:
                cluster.stop()
        if "disk_full" in wanted:
            results.append(disk_full(area("disk")))
    lost = sum(r.get("emails_lost", 0) + r.get("registrations_lost", 0) for r in results)
    duplicated = sum(
        r.get("emails_duplicated_after_dedup", r.get("emails_duplicated", 0))
        + r.get("registrations_duplicated", 0)
        for r in results
    )
    bad = (
        lost
        + duplicated
        + sum(r.get("answers_500", 0) + r.get("overbooked", 0) for r in results)
        + sum(r.get("partial_files_left", 0) for r in results)
    )
    print("\nOK: every fault survived, nothing lost" if not bad else "\n!!! FAULT NOT SURVIVED !!!")
    emit(
        {
            "benchmark": "faults",
            "scenarios": [r["scenario"] for r in results],
            "faults_injected": sum(r.get("faults_injected", 0) for r in results),
            "lost": lost,
            "duplicated": duplicated,
            "errors_500": sum(r.get("answers_500", 0) for r in results),
            "partial_files_left": sum(r.get("partial_files_left", 0) for r in results),
        }
    )
    if bad:
        sys.exit(1)


if __name__ == "__main__":
    main()
