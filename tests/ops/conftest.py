"""Fixtures for the operations tests: the test database's URL for subprocesses, a sink."""

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from tests.ops.harness import SmtpSink, django_env, manage


def database_url() -> str:
    """The URL of the database the tests run on, for app servers and workers to share."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    credentials = quote(db["USER"] or "")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"])
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgresql://{credentials}@{host}/{db['NAME']}"


@pytest.fixture(scope="session")
def static_root(tmp_path_factory) -> Path:
    """Static files collected once, as `serve` collects them (hashed names, manifest)."""
    var = tmp_path_factory.mktemp("static-var")
    manage(django_env(f"sqlite:///{var / 'unused.sqlite3'}", var), "collectstatic", "--no-input")
    return var / "static"


@pytest.fixture
def process_env(transactional_db, tmp_path: Path, static_root: Path) -> dict[str, str]:
    """Environment for Samlas subprocesses on the test database (committed data only)."""
    var = tmp_path / "var"
    var.mkdir()
    (var / "static").symlink_to(static_root)
    return django_env(database_url(), var)


@pytest.fixture
def smtp() -> Iterator[SmtpSink]:
    sink = SmtpSink().up()
    yield sink
    sink.down()


@pytest.fixture
def logs(tmp_path: Path) -> Path:
    """Where subprocesses write their output (shown in failure messages)."""
    directory = tmp_path / "logs"
    directory.mkdir()
    return directory
