"""The audit log: who did what, when, to what — for staff actions outside registration.

Registration changes have their own `registration.RegistrationLogEntry`; this log holds the
rest of the back office's state changes (events, programme, memberships, co-host access)
and every export of personal data. It points at its object through a content type, so the
lowest app depends on no domain app; `core.audit.record` writes it.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditLogEntry(models.Model):
    class Action(models.TextChoices):
        CREATED = "created", _("created")
        CHANGED = "changed", _("changed")
        DELETED = "deleted", _("deleted")
        PUBLISHED = "published", _("published")
        UNPUBLISHED = "unpublished", _("unpublished")
        CANCELLED = "cancelled", _("cancelled")
        COPIED = "copied", _("copied")
        EXPORTED = "exported", _("exported")
        MEMBER_ADDED = "member_added", _("added a member")
        MEMBER_CHANGED = "member_changed", _("changed a member's role")
        MEMBER_REMOVED = "member_removed", _("removed a member")
        ACCESS_CHANGED = "access_changed", _("changed co-host access")

    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
    )
    # Kept when the user is deleted, so the log still says who it was.
    actor_name = models.CharField(_("done by (name)"), max_length=150, blank=True)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("object type")
    )
    target_id = models.PositiveBigIntegerField(_("object id"))
    target_repr = models.CharField(_("object"), max_length=300)
    event_id = models.PositiveBigIntegerField(
        _("event id"), null=True, blank=True, help_text=_("The event the action concerns.")
    )
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log entries")
        indexes = [
            models.Index(fields=["event_id", "created_at"], name="audit_event_idx"),
            models.Index(fields=["target_type", "target_id"], name="audit_target_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.get_action_display()}"
