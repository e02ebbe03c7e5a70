"""The organiser's side of seat allocation: settings per event and the runs of the solver.

The solver itself (`allocate`) is plain Python and stores nothing. A run keeps what an
auditor needs to repeat it: the exact input (registration and seminar ids only, no names),
its SHA-256, the seed and the solver's output. Every state change is in `services.py`.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samlas.events.models import Event


class AllocationSettings(models.Model):
    """When registrants must have ranked their seminars (the preference deadline)."""

    event = models.OneToOneField(
        Event,
        on_delete=models.CASCADE,
        related_name="allocation_settings",
        verbose_name=_("event"),
    )
    preference_deadline = models.DateTimeField(
        _("last day for ranking seminars"),
        null=True,
        blank=True,
        help_text=_("Leave empty to use the time registration closes."),
    )

    class Meta:
        verbose_name = _("seat allocation settings")
        verbose_name_plural = _("seat allocation settings")

    def __str__(self) -> str:
        return str(self.event)


class AllocationRun(models.Model):
    """One run of the solver over an event's ranked blocks: a preview until published."""

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("allocation run", "queued")
        RUNNING = "running", pgettext_lazy("allocation run", "running")
        DONE = "done", pgettext_lazy("allocation run", "preview ready")
        FAILED = "failed", pgettext_lazy("allocation run", "failed")
        PUBLISHED = "published", pgettext_lazy("allocation run", "published")

    class Phase(models.TextChoices):
        WAITING = "waiting", _("Waiting for the background worker")
        LOADING = "loading", _("Reading the rankings")
        SOLVING = "solving", _("Allocating seats")
        SAVING = "saving", _("Saving the result")
        FINISHED = "finished", _("Finished")

    class Error(models.TextChoices):
        REPLACED = "replaced", _("A newer run replaced it.")
        NOT_STARTED = "not_started", _("The background worker could not be reached.")
        CRASHED = "crashed", _("The allocation failed; the cause is in the server log.")

    ACTIVE = (Status.QUEUED, Status.RUNNING)
    WITH_RESULT = (Status.DONE, Status.PUBLISHED)

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="allocation_runs", verbose_name=_("event")
    )
    seed = models.PositiveIntegerField(
        _("seed"), help_text=_("Draws the lottery between equally good allocations.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    phase = models.CharField(
        _("phase"), max_length=10, choices=Phase.choices, default=Phase.WAITING
    )
    progress = models.PositiveSmallIntegerField(_("progress (per cent)"), default=0)
    input_hash = models.CharField(
        _("input hash"),
        max_length=64,
        blank=True,
        help_text=_("SHA-256 of the input in canonical JSON, without the seed."),
    )
    instance = models.JSONField(_("input"), null=True, blank=True, editable=False)
    result = models.JSONField(_("result"), null=True, blank=True, editable=False)
    stats = models.JSONField(_("statistics"), default=dict, blank=True, editable=False)
    error = models.CharField(_("error"), max_length=20, choices=Error.choices, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("seat allocation run")
        verbose_name_plural = _("seat allocation runs")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "done", "failed", "published"]),
                name="allocation_run_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="allocation_run_progress_percent"
            ),
            # The seats of an event are allocated once; afterwards its blocks are first come,
            # first served.
            models.UniqueConstraint(
                fields=["event"],
                condition=Q(status="published"),
                name="allocation_run_one_published_per_event",
            ),
            # A new run replaces one still queued or running (services.start_run).
            models.UniqueConstraint(
                fields=["event"],
                condition=Q(status__in=["queued", "running"]),
                name="allocation_run_one_active_per_event",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["done", "published"])
                | (Q(result__isnull=False) & ~Q(input_hash="")),
                name="allocation_run_result_with_hash",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="allocation_run_published_has_time",
            ),
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True) | Q(finished_at__gte=F("created_at")),
                name="allocation_run_finished_after_start",
            ),
        ]
        indexes = [models.Index(fields=["event", "status"], name="allocation_run_event_idx")]

    def __str__(self) -> str:
        return _("Seat allocation %(number)s (seed %(seed)s)") % {
            "number": self.pk,
            "seed": self.seed,
        }

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def has_result(self) -> bool:
        return self.status in self.WITH_RESULT
