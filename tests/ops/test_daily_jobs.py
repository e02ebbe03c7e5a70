"""The daily retention run without cron: whichever task worker asks first runs it, once a
day at SAMLAS_RETENTION_HOUR; a run that dies is taken up again when its lease is over."""

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from samlas.ops import services
from samlas.ops import worker as ops_worker
from samlas.ops.models import DailyJob

STOCKHOLM = ZoneInfo("Europe/Stockholm")
MORNING = datetime(2027, 3, 10, 9, 30, tzinfo=STOCKHOLM)


@pytest.mark.django_db
def test_a_job_runs_once_a_day_at_its_hour():
    assert services.claim_daily("job", MORNING)  # never run: due at once
    assert not services.claim_daily("job", MORNING + timedelta(minutes=5))
    due = services.finish_daily("job", 3, MORNING)
    assert due == datetime(2027, 3, 11, 3, 0, tzinfo=STOCKHOLM)
    assert not services.claim_daily("job", due - timedelta(minutes=1))
    assert services.claim_daily("job", due + timedelta(minutes=1))


@pytest.mark.django_db
def test_a_run_that_never_finished_is_taken_up_after_its_lease():
    assert services.claim_daily("job", MORNING)
    assert not services.claim_daily("job", MORNING + services.DAILY_LEASE - timedelta(seconds=1))
    assert services.claim_daily("job", MORNING + services.DAILY_LEASE)


@pytest.mark.django_db
def test_the_worker_runs_the_retention_purge_once_and_schedules_the_next(monkeypatch, settings):
    settings.SAMLAS_RETENTION_HOUR = 4
    runs = []
    monkeypatch.setattr(ops_worker.privacy, "purge", lambda: runs.append(1))
    beat = ops_worker.Heartbeat("w-test")
    beat.retain()
    beat.retain()
    assert runs == [1]
    job = DailyJob.objects.get(name=ops_worker.RETENTION_JOB)
    assert job.next_run_at.astimezone(STOCKHOLM).hour == 4


@pytest.mark.django_db(transaction=True)
def test_of_workers_asking_at_the_same_moment_exactly_one_runs_it():
    threads, barrier, claims = 8, threading.Barrier(8), []

    def ask() -> None:
        try:
            barrier.wait()
            claims.append(services.claim_daily("retention-race", MORNING))
        finally:
            connection.close()

    pool = [threading.Thread(target=ask) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(30)
    assert sorted(claims) == [False] * (threads - 1) + [True]
