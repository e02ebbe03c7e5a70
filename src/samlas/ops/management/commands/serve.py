"""`python -m samlas serve`: the production web server and the task worker, together.

gunicorn serves the site (gthread workers: Django's ORM is synchronous, and threads share
a process's memory and database connections cheaply); `db_worker` processes run the
background tasks. This command prepares the instance (static files, checks that the
database is migrated), starts both, restarts a task worker that dies, and stops everything
cleanly on SIGTERM or Ctrl-C. SIGHUP reloads gunicorn's workers and restarts the task
workers, which is how new code is picked up after an upgrade without dropping requests.

Everything comes from environment variables (docs/deployment.md); the options override them.
"""

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

DEVELOPMENT_KEY = "insecure-development-key-only-for-the-demo"
STOP_TIMEOUT = 30  # seconds for running requests and tasks to finish
LONGEST_RESTART_WAIT = 30


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


@dataclass
class Child:
    name: str
    argv: list[str]
    process: subprocess.Popen | None = None
    started: float = 0.0
    restart_wait: float = 1.0
    restart_at: float | None = field(default=None)

    def start(self) -> None:
        # Each child leads its own process group, so a Ctrl-C in the terminal reaches only
        # this supervisor, which then stops the children in order.
        self.process = subprocess.Popen(self.argv, start_new_session=True)
        self.started = time.monotonic()
        self.restart_at = None

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def signal(self, signum: int) -> None:
        if self.alive():
            self.process.send_signal(signum)


class Command(BaseCommand):
    help = "Run the production web server (gunicorn) and the background task worker."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--bind",
            default=os.environ.get("BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}",
            help="Address to listen on (env BIND, or 127.0.0.1:$PORT; default 127.0.0.1:8000).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=_env_int("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1)),
            help="gunicorn worker processes (env WEB_CONCURRENCY; default 2 per CPU).",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=_env_int("WEB_THREADS", 4),
            help="Threads per gunicorn worker (env WEB_THREADS; default 4).",
        )
        parser.add_argument(
            "--task-workers",
            type=int,
            default=_env_int("TASK_WORKERS", 1),
            help="Background task worker processes (env TASK_WORKERS; 0 when they run "
            "elsewhere; default 1).",
        )
        parser.add_argument(
            "--migrate",
            action="store_true",
            help="Apply database migrations first (one server only; see the upgrade guide).",
        )
        parser.add_argument(
            "--no-collectstatic",
            action="store_false",
            dest="collectstatic",
            help="Do not collect static files first (they were collected at install).",
        )

    def handle(self, *args, **options) -> None:
        self.prepare(migrate=options["migrate"], collectstatic=options["collectstatic"])
        children = [self.web(options["bind"], options["workers"], options["threads"])]
        children += [
            Child(f"task worker {n + 1}", self.worker_argv())
            for n in range(options["task_workers"])
        ]
        sys.exit(self.supervise(children))

    def prepare(self, *, migrate: bool, collectstatic: bool) -> None:
        if settings.DEBUG:
            self.stderr.write("Warning: DEBUG is on. Production runs with DEBUG=0.")
        elif settings.SECRET_KEY == DEVELOPMENT_KEY:
            raise CommandError("Set SECRET_KEY: the development key must not be used with DEBUG=0.")
        if migrate:
            call_command("migrate", interactive=False, verbosity=1)
        else:
            pending = self.pending_migrations()
            if pending:
                raise CommandError(
                    f"The database lacks {pending} migration(s) of this version. Run "
                    "`python -m samlas migrate` first (or `serve --migrate` on one server)."
                )
        if collectstatic:
            call_command("collectstatic", interactive=False, verbosity=0)
        # The children open their own connections; this process needs none while it waits.
        connection.close()

    @staticmethod
    def pending_migrations() -> int:
        executor = MigrationExecutor(connection)
        return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))

    @staticmethod
    def web(bind: str, workers: int, threads: int) -> Child:
        argv = [
            sys.executable, "-m", "gunicorn", "samlas.wsgi:application",
            "--config", "python:samlas.ops.gunicorn_conf",
            "--bind", bind,
            "--workers", str(max(workers, 1)),
            "--worker-class", "gthread",
            "--threads", str(max(threads, 1)),
            "--graceful-timeout", str(STOP_TIMEOUT),
        ]  # fmt: skip
        return Child("web server", argv)

    @staticmethod
    def worker_argv() -> list[str]:
        return [sys.executable, "-m", "samlas", "db_worker", "--queue-name", "*", "--no-reload"]

    def supervise(self, children: list[Child]) -> int:
        stopping: list[int] = []
        reload = []

        def on_stop(signum, frame) -> None:
            stopping.append(signum)

        def on_reload(signum, frame) -> None:
            reload.append(signum)

        signal.signal(signal.SIGTERM, on_stop)
        signal.signal(signal.SIGINT, on_stop)
        signal.signal(signal.SIGHUP, on_reload)
        for child in children:
            child.start()
            self.stdout.write(f"Started {child.name} (pid {child.process.pid}).")
        web = children[0]
        status = 0
        while not stopping:
            time.sleep(0.2)
            if reload:
                reload.clear()
                self.reload(children)
            if not web.alive():
                self.stderr.write(f"The web server stopped (exit {web.process.returncode}).")
                status = 1
                break
            for child in children[1:]:
                self.keep_alive(child)
        self.stop(children)
        return status

    def reload(self, children: list[Child]) -> None:
        self.stdout.write("Reloading: gunicorn replaces its workers, task workers restart.")
        children[0].signal(signal.SIGHUP)
        for child in children[1:]:
            child.signal(signal.SIGTERM)  # finishes its task, then keep_alive restarts it
            child.restart_wait = 1.0

    def keep_alive(self, child: Child) -> None:
        """Restart a task worker that exited, waiting longer each time it dies quickly."""
        if child.alive():
            return
        now = time.monotonic()
        if child.restart_at is None:
            self.stderr.write(
                f"The {child.name} exited ({child.process.returncode}); restarting it in "
                f"{child.restart_wait:.0f} s."
            )
            ran_for = now - child.started
            child.restart_at = now + child.restart_wait
            child.restart_wait = (
                1.0 if ran_for > 60 else min(child.restart_wait * 2, LONGEST_RESTART_WAIT)
            )
        elif now >= child.restart_at:
            child.start()
            self.stdout.write(f"Restarted {child.name} (pid {child.process.pid}).")

    def stop(self, children: list[Child]) -> None:
        for child in children:
            child.signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT + 5
        for child in children:
            if child.process is None:
                continue
            try:
                child.process.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                self.stderr.write(f"The {child.name} did not stop in time: killing it.")
                child.process.kill()
                child.process.wait()
        self.stdout.write("Stopped.")
