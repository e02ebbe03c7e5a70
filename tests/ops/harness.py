"""Real processes for the operations tests and bench/faults.py, bench/scale_out.py.

An SMTP sink that counts messages by Message-ID and can be taken down, a private
PostgreSQL cluster that can be restarted without disturbing anyone else's databases, app
servers started with `python -m samlas serve`, and task workers that can be SIGKILLed.
Nothing here imports Django, so the benchmarks can use it before choosing a database.
"""

from __future__ import annotations

import email
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from contextlib import suppress
from email.policy import default as default_policy
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PYTHON = sys.executable
PG_BIN = Path(os.environ.get("SAMLAS_PG_BIN", "/usr/lib/postgresql/15/bin"))
WORKER_SCRIPT = Path(__file__).resolve().parent / "run_worker.py"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, timeout: float, interval: float = 0.05, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise TimeoutError(f"Timed out after {timeout} s waiting for {what}")


# --- SMTP ---------------------------------------------------------------------------------


class _Handler:
    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.message_ids: list[str] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's hook name
        if self.delay:
            # A slow mail server, so that a worker can be killed in the middle of the run.
            time.sleep(self.delay)
        message = email.message_from_bytes(envelope.content, policy=default_policy)
        with self.lock:
            self.message_ids.append(str(message["Message-ID"]))
        return "250 Message accepted for delivery"


class SmtpSink:
    """A real SMTP server on 127.0.0.1 that de-duplicates by Message-ID, as a receiving
    mail system can; `down()` closes the port (connection refused) until `up()`."""

    def __init__(self, delay: float = 0.0, port: int | None = None) -> None:
        self.port = port or free_port()
        self.handler = _Handler(delay)
        self.controller = None

    def up(self) -> SmtpSink:
        from aiosmtpd.controller import Controller

        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def down(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}?timeout=5"

    def received(self) -> list[str]:
        with self.handler.lock:
            return list(self.handler.message_ids)

    def unique(self) -> set[str]:
        return set(self.received())

    def duplicates(self) -> int:
        """Deliveries beyond the first of the same Message-ID."""
        return sum(n - 1 for n in Counter(self.received()).values())


# --- Django processes -----------------------------------------------------------------------


def django_env(database_url: str, var_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a production-style Samlas process (DEBUG off)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "samlas.settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
        "SAMLAS_VAR_DIR": str(var_dir),
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "ops-tests-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": "http://127.0.0.1",
        "SECURE_COOKIES": "0",
        "LOG_LEVEL": "ERROR",
        "CONN_MAX_AGE": "60",
        "SAMLAS_REGISTRATION_API": "1",
    }
    # Not inherited from this process: the browser tests set the one, a developer the other.
    for name in ("REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    env.update(extra)
    return env


def run_django(env: dict[str, str], code: str, timeout: float = 120) -> object:
    """Run Python with Django set up in a subprocess; returns the JSON it prints last."""
    script = "import django, json\ndjango.setup()\n" + code
    result = subprocess.run(
        [PYTHON, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode:
        raise RuntimeError(f"Django subprocess failed:\n{result.stderr[-4000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def manage(env: dict[str, str], *args: str, timeout: float = 300) -> str:
    result = subprocess.run(
        [PYTHON, "-m", "samlas", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode:
        raise RuntimeError(f"samlas {' '.join(args)} failed:\n{result.stderr[-4000:]}")
    return result.stdout


class Process:
    """A child process in its own process group, stopped (or killed) with all its children."""

    def __init__(self, argv: list[str], env: dict[str, str], log: Path) -> None:
        self.argv, self.env, self.log = argv, env, log
        self.popen: subprocess.Popen | None = None

    def start(self) -> Process:
        handle = self.log.open("ab")
        self.popen = subprocess.Popen(
            self.argv, env=self.env, cwd=ROOT, stdout=handle, stderr=handle, start_new_session=True
        )
        handle.close()
        return self

    @property
    def pid(self) -> int:
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def kill(self) -> None:
        """SIGKILL, no chance to clean up: what the out-of-memory killer does."""
        if self.alive():
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait()

    def stop(self, timeout: float = 30) -> int | None:
        if not self.alive():
            return self.popen.returncode if self.popen else None
        os.killpg(self.popen.pid, signal.SIGTERM)
        try:
            return self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return None


def http(
    method: str,
    url: str,
    body: dict | None = None,
    timeout: float = 30,
    headers: dict[str, str] | None = None,
):
    """(status, parsed JSON or text, headers); status 0 when the connection failed."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, raw, headers = response.status, response.read(), response.headers
    except urllib.error.HTTPError as exc:
        status, raw, headers = exc.code, exc.read(), exc.headers
    except (OSError, urllib.error.URLError):
        return 0, None, {}
    text = raw.decode("utf-8", "replace")
    if headers.get("Content-Type", "").startswith("application/json"):
        return status, json.loads(text), headers
    return status, text, headers


class AppServer(Process):
    """`python -m samlas serve` without task workers, on a free port."""

    def __init__(
        self, env: dict[str, str], log: Path, workers: int = 1, threads: int = 4, task_workers=0
    ) -> None:
        self.port = free_port()
        argv = [
            PYTHON, "-m", "samlas", "serve", "--bind", f"127.0.0.1:{self.port}",
            "--workers", str(workers), "--threads", str(threads),
            "--task-workers", str(task_workers), "--no-collectstatic",
        ]  # fmt: skip
        super().__init__(argv, {**env, "SITE_URL": f"http://127.0.0.1:{self.port}"}, log)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_until_up(self, timeout: float = 60) -> AppServer:
        def up() -> bool:
            if not self.alive():
                raise RuntimeError(f"serve exited:\n{self.log.read_text()[-4000:]}")
            return http("GET", f"{self.url}/healthz", timeout=2)[0] == 200

        wait_for(up, timeout, 0.1, "the app server")
        return self


def worker(env: dict[str, str], log: Path, *, lease: float | None = None, **timings) -> Process:
    """A task worker; `lease` shortens the outbox lease and `timings` (first_retry,
    longest_retry in seconds) the back-off, so that a test sees in seconds what takes
    minutes in production."""
    argv = [PYTHON, str(WORKER_SCRIPT)]
    if lease is not None:
        argv += ["--lease", str(lease)]
    for name, seconds in timings.items():
        argv += [f"--{name.replace('_', '-')}", str(seconds)]
    argv += ["--", "--queue-name", "*", "--no-reload", "--interval", "0.1", "--no-startup-delay"]
    return Process(argv, env, log)


# --- a private PostgreSQL cluster ---------------------------------------------------------


class PrivatePostgres:
    """A throwaway PostgreSQL cluster on its own port, in a temporary directory.

    Restarting the machine's shared server would break everyone's work, so the fault tests
    start their own with initdb/pg_ctl (as the `postgres` user when run as root, because
    PostgreSQL refuses to run as root).
    """

    def __init__(self) -> None:
        self.port = free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="samlas-pg-"))
        self.data = self.directory / "data"
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            self.as_user = ["runuser", "-u", "postgres", "--"]
            shutil.chown(self.directory, "postgres", "postgres")

    @staticmethod
    def available() -> str | None:
        """None when a cluster can be started here, else why not."""
        if not (PG_BIN / "initdb").exists():
            return f"PostgreSQL server binaries not found in {PG_BIN}"
        if os.geteuid() == 0 and not shutil.which("runuser"):
            return "running as root without runuser"
        return None

    def _run(self, *argv: str, timeout: float = 120) -> None:
        subprocess.run(
            [*self.as_user, *argv],
            check=True,
            capture_output=True,
            timeout=timeout,
            cwd=self.directory,
        )

    def start(self) -> PrivatePostgres:
        self._run(
            str(PG_BIN / "initdb"), "-D", str(self.data), "--auth=trust", "--username=postgres",
            "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip
        self.pg_ctl("start", "-w")
        return self

    def pg_ctl(self, action: str, *flags: str) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1"
            f" -c unix_socket_directories={self.directory} -c fsync=off -c max_connections=100"
        )
        self._run(
            str(PG_BIN / "pg_ctl"), action, "-D", str(self.data), "-l", str(self.directory / "log"),
            "-m", "fast", "-o", options, *flags,
        )  # fmt: skip

    def restart(self) -> float:
        """Restart (fast shutdown: every connection is cut); returns the seconds it took."""
        began = time.monotonic()
        self.pg_ctl("restart", "-w")
        return time.monotonic() - began

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def clone(self, source_url: str, name: str) -> str:
        """A copy of an already migrated database (quicker than migrating a new one)."""
        url = self.create_database(name)
        dump = subprocess.Popen(
            [str(PG_BIN / "pg_dump"), "--format=custom", "--no-owner", source_url],
            stdout=subprocess.PIPE,
        )
        subprocess.run(
            [str(PG_BIN / "pg_restore"), "--no-owner", "--no-privileges", "--dbname", url],
            stdin=dump.stdout,
            check=True,
            capture_output=True,
            timeout=300,
        )
        dump.stdout.close()
        if dump.wait(timeout=60):
            raise RuntimeError(f"pg_dump of {source_url} failed")
        return url

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            with suppress(subprocess.SubprocessError):
                self.pg_ctl("stop", "-w")
        shutil.rmtree(self.directory, ignore_errors=True)


# --- a registration rush over several app servers, retrying like a patient client ---------

RUSH_SCRIPT = ROOT / "bench" / "registration_rush.py"
RUSH_SLUG = "rusningen"  # the event bench/registration_rush.py seeds


def rush_seed(env: dict[str, str], seats: int) -> dict:
    """bench/registration_rush.py's event (so that the figures mean the same): `seats`
    places and one first-come-first-served block of four seminars sharing them."""
    return _rush_script(env, "--seed", seats)


def rush_truth(env: dict[str, str], seats: int) -> dict:
    """bench/registration_rush.py's check: overbooking counted from the rows, duplicates,
    counters against rows, and every registration id in the database."""
    return _rush_script(env, "--check", seats)


def _rush_script(env: dict[str, str], flag: str, seats: int) -> dict:
    result = subprocess.run(
        [PYTHON, str(RUSH_SCRIPT), flag, "--seats", str(seats)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode:
        raise RuntimeError(f"registration_rush.py {flag} failed:\n{result.stderr[-4000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def register_patiently(
    urls: list[str],
    count: int,
    block: int,
    seminars: list[int],
    *,
    threads: int = 8,
    prefix: str = "k",
    deadline: float = 120,
    records: list[dict] | None = None,
) -> list[dict]:
    """`count` registrations spread round-robin over `urls`; on 503 or a broken connection
    the client waits and sends the same request again (same idempotency key), as the 503
    page asks. Returns one record per registration: key, final HTTP status, body, and every
    status seen on the way, appended to `records` as they finish (to follow progress)."""
    import random

    rng = random.Random(count)
    jobs = [
        {
            "key": f"{prefix}-{n}",
            "url": f"{urls[n % len(urls)]}/anmalan/api/{RUSH_SLUG}/",
            "body": {
                "name": f"Deltagare {n}",
                "email": f"deltagare{n}@example.se",
                "organisation": "Umeå kommun",
                "choices": {str(block): rng.choice(seminars)},
                "idempotency_key": f"{prefix}-{n}",
            },
        }
        for n in range(count)
    ]
    records = [] if records is None else records
    lock = threading.Lock()
    pending = iter(jobs)
    stop_at = time.monotonic() + deadline

    def client() -> None:
        while True:
            with lock:
                job = next(pending, None)
            if job is None:
                return
            seen = []
            while True:
                status, body, headers = http("POST", job["url"], job["body"], timeout=30)
                seen.append(status)
                if status not in (0, 503) or time.monotonic() > stop_at:
                    break
                time.sleep(min(float(headers.get("Retry-After", 0.2) or 0.2), 0.3))
            with lock:
                records.append({"key": job["key"], "status": status, "body": body, "seen": seen})

    pool = [threading.Thread(target=client) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return records
