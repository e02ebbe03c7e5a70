"""Backup and restore into an empty instance, compared row by row and file by file.

Runs on the suite's database: SQLite (online backup API) in the SQLite run, PostgreSQL
(pg_dump / pg_restore) in the PostgreSQL run, restoring into a new database beside it.
"""

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from samlas.ops.backup import BackupError, find_postgres_tool
from samlas.registration import services
from samlas.registration.models import Registration
from tests.ops.conftest import database_url
from tests.ops.harness import PYTHON, ROOT, django_env
from tests.registration.conftest import build_event, person

pytestmark = pytest.mark.django_db(transaction=True)

MEDIA_FILES = {
    "archive/documents/Trygghet i Umeå.pdf": "%PDF-1.7 lägesbild".encode(),
    "archive/recordings/2024/film.mp4": os.urandom(300_000),
    "archive/captions/film.sv.vtt": "WEBVTT\n\n00:00.000 --> 00:02.000\nVälkomna!\n".encode(),
}


@pytest.fixture
def instance(settings, tmp_path: Path) -> Path:
    """Some registrations in the database and uploaded files in MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    for name, content in MEDIA_FILES.items():
        path = settings.MEDIA_ROOT / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    setup = build_event(capacity=2)
    for n in range(3):
        services.register(setup.event, person(n, name=f"Åsa Öberg {n}"), idempotency_key=f"key-{n}")
    return settings.MEDIA_ROOT


@pytest.fixture
def empty_target(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """(DATABASE_URL, SAMLAS_VAR_DIR) of an empty instance of the same database vendor."""
    var = tmp_path / "restored"
    var.mkdir()
    if connection.vendor == "sqlite":
        yield f"sqlite:///{var / 'samlas.sqlite3'}", var
        return
    import psycopg

    name = f"samlas_ops_restore_{os.getpid()}"
    admin = database_url().rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    try:
        yield database_url().rsplit("/", 1)[0] + f"/{name}", var
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _connect(url: str):
    if url.startswith("sqlite:"):
        return sqlite3.connect(url.removeprefix("sqlite:///"))
    import psycopg

    return psycopg.connect(url)


def snapshot(url: str) -> dict:
    """Row counts of every table, and a few rows in full."""
    with _connect(url) as conn:
        cursor = conn.cursor()
        if url.startswith("sqlite:"):
            cursor.execute("SELECT name FROM sqlite_master WHERE type='table'")
        else:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname='public'")
        tables = sorted(r[0] for r in cursor.fetchall() if not r[0].startswith("sqlite_"))
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
        cursor.execute(
            "SELECT id, name, email, status, link_secret FROM registration_registration ORDER BY id"
        )
        registrations = [list(row) for row in cursor.fetchall()]
        cursor.execute("SELECT subject, message_id FROM registration_outboxmessage ORDER BY id")
        messages = [list(row) for row in cursor.fetchall()]
    return {"counts": counts, "registrations": registrations, "messages": messages}


def tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def restore(archive: Path, url: str, var: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, "-m", "samlas", "restore", str(archive), *extra],
        env=django_env(url, var),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_backup_restored_into_an_empty_instance_has_every_row_and_file(
    instance, empty_target, tmp_path
):
    archive = tmp_path / "backups" / "samlas.tar.gz"
    call_command("backup", output=archive, stdout=io.StringIO())
    assert oct(archive.stat().st_mode & 0o777) == "0o600"
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert names[-1] == "manifest.json"
    assert manifest["database_vendor"] == connection.vendor
    assert manifest["format_version"] == 1 and manifest["created_at"]
    assert manifest["media_files"] == 3
    assert "registration" in manifest["migrations"]
    assert all(len(f["sha256"]) == 64 for f in manifest["files"])

    url, var = empty_target
    result = restore(archive, url, var)
    assert result.returncode == 0, result.stderr
    assert "3 uploaded file(s)" in result.stdout

    source, restored = snapshot(database_url()), snapshot(url)
    assert restored["counts"] == source["counts"]
    assert source["counts"]["registration_registration"] == 3
    assert restored["registrations"] == source["registrations"]
    assert restored["registrations"][0][1] == "Åsa Öberg 0"
    assert restored["messages"] == source["messages"]
    assert sorted(row[3] for row in restored["registrations"]) == [
        "confirmed",
        "confirmed",
        "waiting",
    ]
    assert tree(var / "media") == tree(instance)


def test_a_damaged_archive_is_refused_before_anything_is_restored(instance, empty_target, tmp_path):
    archive = tmp_path / "samlas.tar.gz"
    call_command("backup", output=archive, stdout=io.StringIO())
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as copy:
        for member in source:
            data = source.extractfile(member).read()
            if member.name.endswith("film.mp4"):
                data = b"X" + data[1:]
            copy.addfile(member, io.BytesIO(data))
    url, var = empty_target
    result = restore(damaged, url, var)
    assert result.returncode != 0
    assert "The archive is damaged: 1 file(s) differ" in result.stderr
    assert "film.mp4" in result.stderr
    assert not (var / "media").exists()
    assert snapshot_tables(url) == []


def snapshot_tables(url: str) -> list[str]:
    with _connect(url) as conn:
        cursor = conn.cursor()
        if url.startswith("sqlite:"):
            cursor.execute("SELECT name FROM sqlite_master WHERE type='table'")
        else:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname='public'")
        return [row[0] for row in cursor.fetchall()]


def test_restore_refuses_an_instance_that_is_not_empty(instance, tmp_path):
    archive = tmp_path / "samlas.tar.gz"
    call_command("backup", output=archive, stdout=io.StringIO())
    with pytest.raises(CommandError, match="The database is not empty"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert Registration.objects.count() == 3


def test_a_missing_pg_dump_is_a_clear_error(monkeypatch):
    with pytest.raises(BackupError, match=r"postgresql-client-99\) or set PG_DUMP="):
        find_postgres_tool("pg_dump", 99)
    monkeypatch.setenv("PG_DUMP", "/nonexistent/pg_dump")
    with pytest.raises(BackupError, match="PG_DUMP=/nonexistent/pg_dump is not a working"):
        find_postgres_tool("pg_dump", 15)
