"""How long an event keeps personal data, and what the retention run has done to it.

An event without a row keeps the defaults (settings.SAMLAS_RETENTION); the row is written
when an organiser overrides them or when the retention run (services.purge) warns the
organisers or erases something, so that it never does the same thing twice.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from samlas.events.models import Event


class EventRetention(models.Model):
    event = models.OneToOneField(
        Event, on_delete=models.CASCADE, related_name="retention", verbose_name=_("event")
    )
    personal_data_days = models.PositiveIntegerField(
        _("days personal data is kept after the event"),
        null=True,
        blank=True,
        help_text=_("Leave empty for the default."),
    )
    health_data_days = models.PositiveIntegerField(
        _("days health data is kept after the event"),
        null=True,
        blank=True,
        help_text=_("Diet, allergies and accessibility needs. Leave empty for the default."),
    )
    warned_at = models.DateTimeField(_("organisers warned"), null=True, blank=True)
    health_data_erased_at = models.DateTimeField(_("health data erased"), null=True, blank=True)
    personal_data_erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)
    statistics = models.JSONField(
        _("statistics kept"),
        default=dict,
        blank=True,
        help_text=_("Counts by status, sector and county, taken just before the erasure."),
    )

    class Meta:
        verbose_name = _("retention of personal data")
        verbose_name_plural = _("retention of personal data")
        constraints = [
            # Health data is the most sensitive: it never outlives the rest.
            models.CheckConstraint(
                condition=Q(health_data_days__isnull=True)
                | Q(personal_data_days__isnull=True)
                | Q(health_data_days__lte=F("personal_data_days")),
                name="retention_health_not_longer_than_personal",
            ),
        ]

    def __str__(self) -> str:
        return str(self.event)
