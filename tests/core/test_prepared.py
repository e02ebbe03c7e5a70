"""Prepared statements survive a migration run by another process (samlas.core.prepared).

The scenario of an upgrade on several app servers: one server's connection has prepared a
statement, another process changes the type of a column it returns, and the first server
still runs the old code on the new schema until it is reloaded.
"""

import psycopg
import pytest
from django.db import NotSupportedError, connection, transaction

pytestmark = pytest.mark.django_db(transaction=True)

SELECT = "SELECT id, name FROM samlas_test_plans WHERE id = %s"


@pytest.fixture
def other_process():
    """A connection of its own, as another server's `migrate` would have, and a scratch
    table that the test's connection reads."""
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's; this run is on SQLite")
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("CREATE TABLE samlas_test_plans (id integer, name varchar(10))")
        other.execute("INSERT INTO samlas_test_plans VALUES (1, 'Umeå')")
        try:
            yield other
        finally:
            connection.close()  # let go of the table before dropping it
            other.execute("DROP TABLE samlas_test_plans")


def read() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(SELECT, [1])
        return cursor.fetchall()


def prepare_the_read() -> None:
    for _ in range(8):
        read()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", [
            "%samlas_test_plans%"
        ])  # fmt: skip
        assert cursor.fetchone() == (1,)


def test_a_read_outside_a_transaction_is_run_again_without_the_stale_plan(other_process):
    prepare_the_read()
    other_process.execute("ALTER TABLE samlas_test_plans ALTER COLUMN name TYPE varchar(20)")

    assert read() == [(1, "Umeå")]
    assert read() == [(1, "Umeå")]


def test_a_transaction_fails_once_and_the_next_one_works(other_process):
    prepare_the_read()
    other_process.execute("ALTER TABLE samlas_test_plans ALTER COLUMN id TYPE bigint")

    with pytest.raises(NotSupportedError), transaction.atomic():
        read()  # it has aborted the transaction: running it again there would fail too
    with transaction.atomic():
        assert read() == [(1, "Umeå")]  # the rollback made psycopg drop the stale plan
