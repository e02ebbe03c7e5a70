"""On PostgreSQL the statements a registration repeats are prepared on the server.

PostgreSQL then plans them once per connection instead of on every registration, which cut
its CPU per registration by a third in bench/registration_rush.py; a pooler that cannot follow
named statements switches it off with DATABASE_PREPARED_STATEMENTS=0 (docs/deployment.md).
"""

import subprocess

import pytest
from django.db import connection

from samlas.programme.models import Block
from samlas.registration import services
from tests.ops.harness import PYTHON, ROOT, django_env
from tests.registration.conftest import build_event, person

POSTGRES_URL = "postgresql://samlas@127.0.0.1:5432/samlas"


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


def _prepare_threshold(tmp_path, **environment: str) -> str:
    env = django_env(POSTGRES_URL, tmp_path)
    env.pop("DATABASE_PREPARED_STATEMENTS", None)
    env.update(environment)
    result = subprocess.run(
        [PYTHON, "-c", "import django; django.setup(); from django.conf import settings; "
         "print(settings.DATABASES['default']['OPTIONS'].get('prepare_threshold'))"],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return result.stdout.strip()


def test_a_pooler_that_cannot_follow_prepared_statements_can_switch_them_off(tmp_path):
    assert _prepare_threshold(tmp_path) == "5"
    assert _prepare_threshold(tmp_path, DATABASE_PREPARED_STATEMENTS="0") == "None"
