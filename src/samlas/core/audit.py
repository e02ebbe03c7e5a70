"""Writing the audit log (`core.models.AuditLogEntry`): one entry per staff action.

Services call `record` inside their transaction, so an entry exists exactly when the change
does. The log is append-only: nothing in the code updates or deletes an entry.
"""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from samlas.core.models import AuditLogEntry

Action = AuditLogEntry.Action


def record(
    actor: Any,
    action: str,
    target: Model,
    *,
    event_id: int | None = None,
    data: dict | None = None,
) -> AuditLogEntry:
    """Log that `actor` (a user, or None for the system) did `action` to `target`."""
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditLogEntry.objects.create(
        action=action,
        actor=actor if authenticated else None,
        actor_name=actor.get_username() if authenticated else "",
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        target_repr=str(target)[:300],
        event_id=event_id,
        data=data or {},
    )


def entries_for_event(event_id: int) -> QuerySet[AuditLogEntry]:
    return AuditLogEntry.objects.filter(event_id=event_id).select_related("target_type")
