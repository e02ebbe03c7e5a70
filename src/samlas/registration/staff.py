"""What staff do to an event's registration as a whole (the back office's services).

The registrant's own actions and staff changes to one registration are `services.py`; here
are the event-wide ones: the registration settings, and cancelling the event, which tells
everyone registered in the same transaction (so nobody is left uninformed if it fails
half-way). Messages are rendered in each registrant's language and queued in the outbox
like every other e-mail (docs/email.md). Each function writes one audit-log entry.
"""

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from samlas.core import audit
from samlas.core.dates import format_event_span
from samlas.events import services as event_services
from samlas.events.models import Event
from samlas.registration import outbox
from samlas.registration.emails import RenderedEmail
from samlas.registration.models import OutboxMessage, Registration, RegistrationSettings
from samlas.registration.services import promote_waiting_list

SETTINGS_FIELDS = [
    "capacity",
    "waiting_list",
    "seminar_choice_required",
    "organisation",
    "title",
    "sector",
    "municipality",
    "county",
    "phone",
    "invoice_details",
    "dietary_needs",
    "allergies",
    "accessibility_needs",
    "lawful_basis",
    "purpose_text",
    "confirmation_text",
]


def _render(template: str, registration: Registration, event: Event, **extra) -> RenderedEmail:
    with translation.override(registration.language):
        context = {
            "registration": registration,
            "event": event,
            "when": format_event_span(event.start, event.end),
            "event_url": f"{settings.SITE_URL}{event.get_absolute_url()}",
            "site_name": settings.SITE_NAME,
            **extra,
        }
        subject = render_to_string(f"registration/email/{template}_subject.txt", context)
        text = render_to_string(f"registration/email/{template}.txt", context)
        html = render_to_string(f"registration/email/{template}.html", context)
    return RenderedEmail(registration.email, " ".join(subject.split()), text, html)


def active_registrations(event: Event):
    return Registration.objects.filter(event=event).exclude(status=Registration.Status.CANCELLED)


@transaction.atomic
def cancel_event(event: Event, *, reason: str, actor=None) -> int:
    """Cancel the event (`events.services.cancel_event`) and e-mail everyone registered;
    returns how many were told. Registrations are kept: the organiser may need the list.

    Locking the event's row (`_set_status`) waits for the registrations under way, and
    those that come later find it cancelled (docs/locking.md, "Cancelling an event"). Their
    unsent confirmations and the like are withdrawn (`outbox.withdraw_for`)."""
    event = event_services.cancel_event(event, reason=reason, actor=actor)
    outbox.withdraw_for(event)
    count = 0
    for registration in active_registrations(event).order_by("pk").iterator(chunk_size=500):
        email = _render("event_cancelled", registration, event, reason=event.cancellation_reason)
        outbox.queue(OutboxMessage.Kind.CANCELLED, email, registration)
        count += 1
    return count


@transaction.atomic
def save_settings(event: Event, values: Mapping[str, Any], *, actor=None) -> RegistrationSettings:
    """Create or change the event's registration settings. A raised capacity (or a waiting
    list switched on with seats free) gives the free places to the first in line at once."""
    row = RegistrationSettings.objects.select_for_update().filter(event=event).first()
    creating = row is None
    row = row or RegistrationSettings(event=event)
    old_capacity = row.capacity
    changed = {
        name: str(values[name])
        for name in SETTINGS_FIELDS
        if name in values and getattr(row, name, None) != values[name]
    }
    for name in SETTINGS_FIELDS:
        if name in values:
            setattr(row, name, values[name])
    row.full_clean()
    row.save()
    audit.record(
        actor,
        audit.Action.CREATED if creating else audit.Action.CHANGED,
        row,
        event_id=event.pk,
        data={"fields": changed},
    )
    more_room = not creating and (
        row.capacity is None or (old_capacity is not None and row.capacity > old_capacity)
    )
    if more_room:
        promote_waiting_list(event, actor=actor)
    return row


@transaction.atomic
def record_export(
    event: Event, *, actor, file_format: str, columns: list[str], count: int, filters: dict
) -> None:
    """Write to the audit log that `actor` exported these columns of `count` registrations
    (the export itself changes nothing; the log is what GDPR accountability needs)."""
    audit.record(
        actor,
        audit.Action.EXPORTED,
        event,
        event_id=event.pk,
        data={
            "format": file_format,
            "columns": columns,
            "count": count,
            "filters": {k: str(v) for k, v in filters.items()},
        },
    )
