"""What operations needs to store: which background workers are alive (for /readyz), and
when the daily jobs the workers run are next due."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """A running `db_worker` process, touched every few seconds while it lives.

    django-tasks-db records tasks, not workers: an idle worker leaves no trace, so a worker
    writes its own row (samlas.ops.worker) and deletes it when it stops cleanly. A row that
    has not been touched for a while belongs to a worker that died.
    """

    worker_id = models.CharField(_("worker id"), max_length=64, unique=True)
    hostname = models.CharField(_("host name"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started"))
    seen_at = models.DateTimeField(_("last seen"), db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid}"


class DailyJob(models.Model):
    """When a job the task workers run once a day is next due (`services.claim_daily`)."""

    name = models.CharField(_("name"), max_length=64, unique=True)
    next_run_at = models.DateTimeField(_("next run"))

    class Meta:
        verbose_name = _("daily job")
        verbose_name_plural = _("daily jobs")

    def __str__(self) -> str:
        return self.name
