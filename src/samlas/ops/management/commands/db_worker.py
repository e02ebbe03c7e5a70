"""`python -m samlas db_worker`: django-tasks-db's worker with a heartbeat and reconnection.

Same options as django-tasks-db's command (this app comes first in INSTALLED_APPS, so this
command replaces it); see samlas.ops.worker for what is added and why.
"""

import os

from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from samlas.ops.worker import Heartbeat, ResilientWorker


class Command(db_worker.Command):
    help = "Run the background task worker (with a heartbeat for /readyz)."

    def handle(
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        reload: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        **options,
    ) -> None:
        self.configure_logging(verbosity)
        if reload and batch:
            reload = False
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_name.split(","):
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = ResilientWorker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded,
        )
        if reload:
            # Development only: the reloader's child process is the one that works.
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(lambda: self._run(worker))
            return
        worker.configure_signals()
        self._run(worker)

    def _run(self, worker: ResilientWorker) -> None:
        heartbeat = Heartbeat(worker.worker_id)
        heartbeat.start()
        try:
            worker.run()
        finally:
            heartbeat.stop()
