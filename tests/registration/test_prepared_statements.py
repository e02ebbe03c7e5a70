"""On PostgreSQL the statements a registration repeats are prepared on the server.

PostgreSQL then plans them once per connection instead of on every registration, which cut
its CPU per registration by a third in bench/registration_rush.py; a pooler that cannot follow
named statements switches it off with DATABASE_PREPARED_STATEMENTS=0 (docs/deployment.md;
tested in tests/ops/test_config.py).
"""

import pytest
from django.db import connection

from samlas.programme.models import Block
from samlas.registration import services
from tests.registration.conftest import build_event, person


def _prepared() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall()]


@pytest.mark.django_db
def test_a_registrations_inserts_and_seat_updates_are_prepared_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's; this run is on SQLite")
    s = build_event(capacity=100, blocks=[(Block.ChoiceMode.FIRST_COME, [50])])
    block, seminar = s.blocks[0], s.seminars()[0]
    for n in range(8):
        services.register(s.event, person(n), {block.pk: seminar.pk}, idempotency_key=str(n))
    prepared = _prepared()
    for table in ("registration_registration", "registration_outboxmessage"):
        assert any(f'INSERT INTO "{table}"' in sql for sql in prepared), table
    assert any('UPDATE "registration_eventseatstripe"' in sql for sql in prepared), prepared
