"""Online backup and restore: the database and the uploaded files in one .tar.gz.

The archive holds `database.sqlite3` (SQLite's online backup API: a consistent copy while
the site runs) or `database.dump` (pg_dump's custom format: one consistent snapshot), then
every file under MEDIA_ROOT as `media/…`, and last `manifest.json`: format version, Samlas
and Django versions, database vendor, creation time, the applied migrations and a SHA-256
checksum and size for every other member. The database is copied before the files: uploads
reach the disk before the row that names them is committed, so every file the copied
database refers to is in the archive.

Restore checks every checksum before it touches anything, refuses a non-empty target
unless forced, then loads the database and moves the files into MEDIA_ROOT.
"""

import gzip
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path, PurePosixPath

import django
from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "samlas-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says what to do."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    vendor: str
    media_files: int
    size: int


# --- finding pg_dump / pg_restore ------------------------------------------------------


def _major_version(program: str) -> int | None:
    try:
        output = subprocess.run(
            [program, "--version"], capture_output=True, text=True, timeout=10, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"\b(\d+)(?:\.\d+)?", output)
    return int(match.group(1)) if match else None


def find_postgres_tool(name: str, server_major: int) -> str:
    """pg_dump or pg_restore at least as new as the server (older ones refuse newer servers).

    Looked for, in order: $PG_DUMP / $PG_RESTORE, $PG_BIN_DIR, Debian's
    /usr/lib/postgresql/<version>/bin (the server's version first), then PATH.
    """
    override = os.environ.get(name.upper())
    if override:
        if _major_version(override) is None:
            raise BackupError(f"{name.upper()}={override} is not a working {name}.")
        return override
    candidates = []
    if os.environ.get("PG_BIN_DIR"):
        candidates.append(str(Path(os.environ["PG_BIN_DIR"]) / name))
    debian = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda p: (p.parent.parent.name != str(server_major), p.parent.parent.name),
    )
    candidates += [str(p) for p in debian]
    if shutil.which(name):
        candidates.append(shutil.which(name))
    for candidate in candidates:
        major = _major_version(candidate)
        if major is not None and major >= server_major:
            return candidate
    raise BackupError(
        f"{name} for PostgreSQL {server_major} or newer was not found. Install the client "
        f"tools (Debian: apt-get install postgresql-client-{server_major}) or set "
        f"{name.upper()}=/path/to/{name}."
    )


def _postgres_environment() -> dict[str, str]:
    """libpq environment for the configured database: no password on a command line."""
    db = connection.settings_dict
    env = {**os.environ, "PGDATABASE": db["NAME"]}
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if db.get(key):
            env[variable] = str(db[key])
    options = db.get("OPTIONS", {})
    if options.get("sslmode"):
        env["PGSSLMODE"] = options["sslmode"]
    return env


def _server_major() -> int:
    connection.ensure_connection()
    return connection.pg_version // 10000


# --- backup ------------------------------------------------------------------------------


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class _HashingReader:
    """Reads a file for tarfile and hashes it on the way: each file is read only once."""

    def __init__(self, handle) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def _dump_database(directory: Path) -> tuple[str, Path]:
    vendor = connection.vendor
    if vendor not in DUMP_NAMES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    target = directory / DUMP_NAMES[vendor]
    if vendor == "sqlite":
        source = sqlite3.connect(str(connection.settings_dict["NAME"]))
        copy = sqlite3.connect(str(target))
        try:
            source.backup(copy)  # one step: a consistent snapshot, writers carry on (WAL)
        finally:
            copy.close()
            source.close()
    else:
        pg_dump = find_postgres_tool("pg_dump", _server_major())
        result = subprocess.run(
            [pg_dump, "--format=custom", "--no-owner", "--no-privileges", "--file", str(target)],
            env=_postgres_environment(),
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    return vendor, target


def _applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _media_files(root: Path) -> Iterator[Path]:
    if not root.is_dir():
        return
    for directory, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for filename in sorted(filenames):
            path = Path(directory) / filename
            # Half-written uploads (samlas.ops.storage) are not part of the site yet.
            if path.is_file() and not path.is_symlink() and not filename.startswith(".upload-"):
                yield path


def default_backup_path() -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return Path(settings.VAR_DIR) / "backups" / f"samlas-{stamp}.tar.gz"


def create_backup(output: Path, *, include_media: bool = True) -> BackupResult:
    """Write the archive to `output` (via a temporary name, so a failed backup leaves none)."""
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.name}.partial")
    media_root = Path(settings.MEDIA_ROOT)
    files: list[dict] = []
    try:
        with tempfile.TemporaryDirectory(dir=output.parent) as scratch:
            vendor, dump = _dump_database(Path(scratch))
            created_at = datetime.now(UTC).isoformat(timespec="seconds")
            migrations = _applied_migrations()
            with tarfile.open(partial, "w:gz", compresslevel=6) as archive:
                archive.add(dump, arcname=dump.name)
                files.append(
                    {"path": dump.name, "sha256": _sha256_file(dump), "size": dump.stat().st_size}
                )
                for path in _media_files(media_root) if include_media else ():
                    name = f"{MEDIA}/{path.relative_to(media_root).as_posix()}"
                    with path.open("rb") as handle:
                        info = archive.gettarinfo(fileobj=handle, arcname=name)
                        reader = _HashingReader(handle)
                        archive.addfile(info, reader)
                    files.append(
                        {"path": name, "sha256": reader.digest.hexdigest(), "size": info.size}
                    )
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "samlas_version": version("samlas"),
                    "django_version": django.get_version(),
                    "database_vendor": vendor,
                    "created_at": created_at,
                    "migrations": migrations,
                    "media_files": sum(1 for f in files if f["path"].startswith(f"{MEDIA}/")),
                    "files": files,
                }
                data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = (
                    len(data),
                    int(datetime.now(UTC).timestamp()),
                    0o644,
                )
                archive.addfile(info, io.BytesIO(data))
        os.chmod(partial, 0o600)  # personal data: readable by the service account only
        os.replace(partial, output)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return BackupResult(
        path=output,
        vendor=vendor,
        media_files=manifest["media_files"],
        size=output.stat().st_size,
    )


# --- restore -----------------------------------------------------------------------------


def _safe_member_name(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"The archive holds an unsafe path: {name!r}.")
    return path


def _unpack_and_verify(archive_path: Path, staging: Path) -> dict:
    """Unpack every member into `staging`, hashing as it goes; return the checked manifest."""
    digests: dict[str, str] = {}
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            for member in archive:
                name = _safe_member_name(member.name)
                if member.isdir():
                    continue
                if not member.isfile():
                    raise BackupError(f"The archive holds a link or device: {member.name!r}.")
                target = staging.joinpath(*name.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                with archive.extractfile(member) as source, target.open("wb") as copy:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        copy.write(chunk)
                digests[str(name)] = digest.hexdigest()
    except (tarfile.TarError, EOFError, gzip.BadGzipFile, zlib.error) as exc:
        raise BackupError(f"The archive cannot be read, nothing was restored: {exc}") from exc
    if MANIFEST not in digests:
        raise BackupError("The archive has no manifest.json: it is not a Samlas backup.")
    manifest = json.loads((staging / MANIFEST).read_text())
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError("The archive is not a Samlas backup of a format this version reads.")
    expected = {f["path"]: f["sha256"] for f in manifest["files"]}
    actual = {name: digest for name, digest in digests.items() if name != MANIFEST}
    if expected != actual:
        damaged = sorted(
            name
            for name in expected.keys() | actual.keys()
            if expected.get(name) != actual.get(name)
        )
        raise BackupError(
            f"The archive is damaged: {len(damaged)} file(s) differ from the manifest "
            f"(first: {damaged[0]}). Nothing was restored."
        )
    return manifest


def _database_is_empty() -> bool:
    return not connection.introspection.table_names()


def _media_is_empty(root: Path) -> bool:
    return not root.exists() or not any(root.iterdir())


def _unknown_migrations(manifest: dict) -> list[str]:
    """Migrations in the backup that this code does not have (a backup of a newer version)."""
    from django.db.migrations.loader import MigrationLoader

    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return sorted(
        f"{app}.{name}"
        for app, names in manifest["migrations"].items()
        for name in names
        if (app, name) not in known
    )


def _restore_sqlite(dump: Path) -> None:
    target = Path(connection.settings_dict["NAME"])
    connection.close()
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(str(dump))
    copy = sqlite3.connect(str(target), timeout=30)
    try:
        source.backup(copy)  # replaces the whole target database, WAL included
    finally:
        copy.close()
        source.close()


def _restore_postgresql(dump: Path, *, force: bool) -> None:
    pg_restore = find_postgres_tool("pg_restore", _server_major())
    connection.close()
    command = [
        pg_restore,
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
    ]
    if force:
        command += ["--clean", "--if-exists"]
    result = subprocess.run(
        [*command, "--dbname", connection.settings_dict["NAME"], str(dump)],
        env=_postgres_environment(),
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise BackupError(f"pg_restore failed, nothing was restored: {result.stderr.strip()}")


def _restore_media(staged: Path, root: Path) -> int:
    if not staged.is_dir():
        return 0
    if root.exists() and any(root.iterdir()):
        # Kept, not deleted: a forced restore can still be undone by hand.
        aside = root.with_name(f"{root.name}.before-restore-{datetime.now(UTC):%Y%m%dT%H%M%SZ}")
        root.rename(aside)
    elif root.exists():
        root.rmdir()
    root.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(staged), str(root))
    return sum(1 for _ in _media_files(root))


def restore_backup(archive_path: Path, *, force: bool = False) -> dict:
    """Restore the archive into the configured database and MEDIA_ROOT; returns the manifest."""
    if not archive_path.is_file():
        raise BackupError(f"{archive_path} does not exist.")
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    # Staged beside MEDIA_ROOT so that moving the files in is a rename, not a copy.
    with tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".restore-") as scratch:
        staging = Path(scratch)
        manifest = _unpack_and_verify(archive_path, staging)
        vendor = manifest["database_vendor"]
        if vendor != connection.vendor:
            raise BackupError(
                f"The backup is of a {vendor} database; this instance uses {connection.vendor}."
            )
        unknown = _unknown_migrations(manifest)
        if unknown and not force:
            raise BackupError(
                f"The backup comes from a newer Samlas ({len(unknown)} migration(s) unknown "
                f"here, e.g. {unknown[0]}). Upgrade Samlas first."
            )
        if not force and not _database_is_empty():
            raise BackupError(
                "The database is not empty. Restore into an empty database, or pass --force "
                "to replace its contents."
            )
        if not force and not _media_is_empty(media_root):
            raise BackupError(
                f"{media_root} is not empty. Restore into an empty instance, or pass --force "
                "(the files there are then kept aside, not deleted)."
            )
        dump = staging / DUMP_NAMES[vendor]
        if vendor == "sqlite":
            _restore_sqlite(dump)
        else:
            _restore_postgresql(dump, force=force)
        _restore_media(staging / MEDIA, media_root)
    return manifest
