"""Fault 2: PostgreSQL restarts in the middle of a registration rush.

A private cluster (initdb/pg_ctl in a temporary directory, its own port) is restarted with
`pg_ctl restart -m fast`, which cuts every connection, while clients register through a
production app server with persistent connections. Clients must get 503 with Retry-After
(never 500), a retry with the same idempotency key must not register twice, and every
registration confirmed to a client (201) must be in the database afterwards.
bench/faults.py runs the same with more clients, two app servers and several restarts.
"""

import threading

import pytest
from django.db import connection

from tests.ops.conftest import database_url
from tests.ops.harness import (
    AppServer,
    PrivatePostgres,
    django_env,
    register_patiently,
    rush_seed,
    rush_truth,
    wait_for,
)

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="runs in the PostgreSQL run (its own cluster)"
    ),
]
SEATS = 40
REGISTRATIONS = 120


@pytest.fixture
def cluster():
    reason = PrivatePostgres.available()
    if reason:
        pytest.skip(f"!!! PRIVATE POSTGRESQL CLUSTER UNAVAILABLE: {reason} !!!")
    pg = PrivatePostgres().start()
    yield pg
    pg.stop()


@pytest.mark.django_db  # the suite's test database is the template for the private one
def test_a_database_restart_during_a_rush_loses_and_duplicates_nothing(cluster, tmp_path):
    # The suite's migrated (and empty) test database, copied into the private cluster.
    env = django_env(cluster.clone(database_url(), "samlas"), tmp_path)
    seeded = rush_seed(env, SEATS)
    server = AppServer(env, tmp_path / "server.log", threads=8).start().wait_until_up()
    records: list[dict] = []
    rush = threading.Thread(
        target=register_patiently,
        args=([server.url], REGISTRATIONS, seeded["block"], seeded["seminars"]),
        kwargs={"threads": 6, "records": records},
    )
    try:
        rush.start()
        # Restart while the rush is well under way and requests are in flight.
        wait_for(lambda: len(records) >= 20, 60, what="20 answered registrations")
        restart_seconds = cluster.restart()
        rush.join(timeout=180)
        truth = rush_truth(env, SEATS)
    finally:
        server.stop()
    log = (tmp_path / "server.log").read_text()
    seen = [status for record in records for status in record["seen"]]
    assert len(records) == REGISTRATIONS
    assert 503 in seen, f"the restart ({restart_seconds:.1f} s) was not felt: {seen}"
    assert 500 not in seen, log[-3000:]
    assert all(record["status"] in (201, 409) for record in records), records
    confirmed_to_clients = {r["body"]["id"] for r in records if r["status"] == 201}
    assert confirmed_to_clients <= set(truth["ids"])  # nothing confirmed is missing
    assert truth["duplicates"] == 0  # retried requests did not register twice
    assert truth["overbooked"] == 0 and truth["counters_ok"]
    assert len(truth["ids"]) == len(confirmed_to_clients)
