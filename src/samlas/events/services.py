"""Every change an organiser makes to an event, its venues and its organisers.

One function per thing a person does, each in one transaction that validates the row with
`full_clean()` (named constraints, Swedish messages keyed by field) and writes one audit-log
entry (`core.audit.record`). Permission checks are the caller's (organisations/permissions).
Copying an event as a template is `registration.setup_services.copy_event` (registration
setup) on `programme.services.copy_event` (programme) on `copy_event_details` here: this app
does not import the apps above it.
"""

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from samlas.core import audit
from samlas.events.models import Event, EventOrganiser, Room, Venue
from samlas.organisations.models import ContactPerson, Organisation

LONG_TEXTS = {"description", "online_information", "directions", "accessibility"}

# Fields an organiser edits on the event form (status has its own actions).
EDITABLE_FIELDS = [
    "kind",
    "title",
    "summary",
    "description",
    "audience_text",
    "start",
    "end",
    "language",
    "expected_size",
    "county",
    "venue",
    "online_information",
    "registration_opens",
    "registration_closes",
]


def unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = (slugify(title) or "evenemang")[:100].strip("-") or "evenemang"
    slug, number = base, 2
    existing = Event.objects.exclude(pk=exclude_pk) if exclude_pk else Event.objects.all()
    while existing.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _changes(obj: Any, values: Mapping[str, Any]) -> dict[str, str]:
    """Field → new value (as text) for the values that differ, for the audit log; long
    texts are only named, not copied into the log."""
    return {
        name: "…" if name in LONG_TEXTS else str(value)
        for name, value in values.items()
        if getattr(obj, name) != value
    }


@transaction.atomic
def create_event(
    host: Organisation,
    values: Mapping[str, Any],
    *,
    themes: Iterable = (),
    audiences: Iterable = (),
    actor=None,
) -> Event:
    """A new draft event hosted by `host`."""
    event = Event(
        status=Event.Status.DRAFT, **{k: values[k] for k in EDITABLE_FIELDS if k in values}
    )
    event.slug = unique_slug(event.title)
    event.full_clean()
    event.save()
    event.themes.set(themes)
    event.audiences.set(audiences)
    EventOrganiser.objects.create(event=event, organisation=host, role=EventOrganiser.Role.HOST)
    audit.record(actor, audit.Action.CREATED, event, event_id=event.pk, data={"host": host.name})
    return event


@transaction.atomic
def update_event(
    event: Event,
    values: Mapping[str, Any],
    *,
    themes: Iterable | None = None,
    audiences: Iterable | None = None,
    actor=None,
) -> Event:
    event = Event.objects.select_for_update().get(pk=event.pk)
    values = {k: values[k] for k in EDITABLE_FIELDS if k in values}
    changed = _changes(event, values)
    for name, value in values.items():
        setattr(event, name, value)
    event.full_clean()
    event.save()
    if themes is not None:
        event.themes.set(themes)
    if audiences is not None:
        event.audiences.set(audiences)
    audit.record(actor, audit.Action.CHANGED, event, event_id=event.pk, data={"fields": changed})
    return event


def _set_status(event: Event, status: str, action: str, actor, allowed_from: set[str], **extra):
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status not in allowed_from:
        raise ValidationError(
            _("This cannot be done while the event is %(status)s.")
            % {"status": event.get_status_display()}
        )
    before = event.status
    event.status = status
    for name, value in extra.items():
        setattr(event, name, value)
    event.save(update_fields=["status", "updated_at", *extra])
    audit.record(
        actor, action, event, event_id=event.pk, data={"before": before, "after": status, **extra}
    )
    return event


@transaction.atomic
def publish(event: Event, *, actor=None) -> Event:
    return _set_status(
        event, Event.Status.PUBLISHED, audit.Action.PUBLISHED, actor, {Event.Status.DRAFT}
    )


@transaction.atomic
def unpublish(event: Event, *, actor=None) -> Event:
    """Back to a draft: the public pages no longer show it."""
    return _set_status(
        event, Event.Status.DRAFT, audit.Action.UNPUBLISHED, actor, {Event.Status.PUBLISHED}
    )


@transaction.atomic
def cancel_event(event: Event, *, reason: str, actor=None) -> Event:
    """Mark the event cancelled; it stays public with the reason. Telling the registered
    participants is `registration.staff.cancel_event`, which calls this."""
    if not reason.strip():
        raise ValidationError({"reason": _("Write why the event is cancelled.")})
    return _set_status(
        event,
        Event.Status.CANCELLED,
        audit.Action.CANCELLED,
        actor,
        {Event.Status.DRAFT, Event.Status.PUBLISHED},
        cancellation_reason=reason.strip(),
    )


@transaction.atomic
def copy_event_details(
    source: Event, *, title: str, start: datetime, actor=None
) -> tuple[Event, Any]:
    """A draft copy of `source` moved to `start`: details, themes, audiences, organisers and
    their contact persons, links. Returns the copy and the time shift (for the programme)."""
    shift = start - source.start
    copy = Event(
        **{name: getattr(source, name) for name in EDITABLE_FIELDS},
    )
    copy.title, copy.status = title, Event.Status.DRAFT
    copy.start, copy.end = source.start + shift, source.end + shift
    copy.registration_opens = copy.registration_closes = None
    copy.slug = unique_slug(title)
    copy.full_clean()
    copy.save()
    copy.themes.set(source.themes.all())
    copy.audiences.set(source.audiences.all())
    for organiser in source.organisers.prefetch_related("contact_persons"):
        new = EventOrganiser.objects.create(
            event=copy,
            organisation_id=organiser.organisation_id,
            role=organiser.role,
            position=organiser.position,
        )
        new.contact_persons.set(organiser.contact_persons.all())
    for link in source.links.all():
        link.pk, link.event = None, copy
        link.save()
    audit.record(actor, audit.Action.COPIED, copy, event_id=copy.pk, data={"from": source.pk})
    return copy, shift


# --- Organisers and contact persons -----------------------------------------------------------


@transaction.atomic
def add_cohost(event: Event, organisation: Organisation, *, actor=None) -> EventOrganiser:
    if event.organisers.filter(organisation=organisation).exists():
        raise ValidationError(
            {"organisation": _("%(name)s already arranges the event.") % {"name": organisation}}
        )
    position = event.organisers.count()
    organiser = EventOrganiser.objects.create(
        event=event, organisation=organisation, role=EventOrganiser.Role.COHOST, position=position
    )
    audit.record(
        actor,
        audit.Action.CHANGED,
        event,
        event_id=event.pk,
        data={"cohost_added": organisation.name},
    )
    return organiser


@transaction.atomic
def remove_cohost(organiser: EventOrganiser, *, actor=None) -> None:
    if organiser.role == EventOrganiser.Role.HOST:
        raise ValidationError(_("The host organisation cannot be removed."))
    event, name = organiser.event, organiser.organisation.name
    # The grant goes with the organiser: a former co-host keeps no access.
    event.access_grants.filter(organisation_id=organiser.organisation_id).delete()
    organiser.delete()
    audit.record(
        actor, audit.Action.CHANGED, event, event_id=event.pk, data={"cohost_removed": name}
    )


@transaction.atomic
def set_contact_persons(
    organiser: EventOrganiser, contacts: Iterable[ContactPerson], *, actor=None
) -> None:
    contacts = list(contacts)
    if any(c.organisation_id != organiser.organisation_id for c in contacts):
        raise ValidationError(
            {"contact_persons": _("Choose contact persons of the organisation itself.")}
        )
    organiser.contact_persons.set(contacts)
    audit.record(
        actor,
        audit.Action.CHANGED,
        organiser.event,
        event_id=organiser.event_id,
        data={"contacts": {organiser.organisation.name: [c.name for c in contacts]}},
    )


@transaction.atomic
def add_contact_person(
    organisation: Organisation, values: Mapping[str, Any], *, actor=None
) -> ContactPerson:
    person = ContactPerson(organisation=organisation, **values)
    person.full_clean()
    person.save()
    audit.record(actor, audit.Action.CREATED, person, data={"organisation": organisation.name})
    return person


# --- Venues and rooms ------------------------------------------------------------------------


@transaction.atomic
def save_venue(venue: Venue | None, values: Mapping[str, Any], *, actor=None) -> Venue:
    """Create (`venue=None`) or change a venue."""
    creating = venue is None
    venue = Venue() if creating else Venue.objects.select_for_update().get(pk=venue.pk)
    changed = {} if creating else _changes(venue, values)
    for name, value in values.items():
        setattr(venue, name, value)
    venue.full_clean()
    venue.save()
    action = audit.Action.CREATED if creating else audit.Action.CHANGED
    audit.record(actor, action, venue, data={"fields": changed})
    return venue


@transaction.atomic
def save_room(room: Room | None, venue: Venue, values: Mapping[str, Any], *, actor=None) -> Room:
    creating = room is None
    room = Room(venue=venue) if creating else Room.objects.select_for_update().get(pk=room.pk)
    for name, value in values.items():
        setattr(room, name, value)
    room.full_clean()
    room.save()
    action = audit.Action.CREATED if creating else audit.Action.CHANGED
    audit.record(
        actor, action, room, data={"venue": venue.name, **{k: str(v) for k, v in values.items()}}
    )
    return room


@transaction.atomic
def delete_room(room: Room, *, actor=None) -> None:
    if room.items.exists() or room.seminars.exists():
        raise ValidationError(_("The room is used in a programme and cannot be removed."))
    audit.record(actor, audit.Action.DELETED, room, data={"venue": room.venue.name})
    room.delete()
