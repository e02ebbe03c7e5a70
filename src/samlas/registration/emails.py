"""The e-mails a registrant gets, rendered in their language (plain text + HTML + .ics).

Templates live in registration/templates/registration/email/<kind>.txt and .html; the
subject lines are here. The services queue a message with its subject only; the outbox
renders the rest when it sends it (`render_current`), so the message shows the
registration as it is when it leaves, like its .ics, and rendering stays out of the
request and out of the transactions that hold seat locks.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samlas.core.dates import format_event_span, format_time_range
from samlas.events.ical import PRODID, CalendarEntry, entry_to_vevent, event_entry, site_host
from samlas.programme.models import Block
from samlas.registration.links import confirm_url, manage_url
from samlas.registration.models import OutboxMessage, Registration, SeminarChoice

Kind = OutboxMessage.Kind

SUBJECTS = {
    Kind.CONFIRMATION: lambda: _("Registration confirmed: %(event)s"),
    Kind.CONFIRM_EMAIL: lambda: _("Confirm your registration: %(event)s"),
    Kind.WAITING_LIST: lambda: _("You are on the waiting list: %(event)s"),
    Kind.PROMOTED: lambda: _("You have a place: %(event)s"),
    Kind.SEMINAR_PROMOTED: lambda: _("You have a seminar seat: %(event)s"),
    Kind.CHANGED: lambda: _("Your registration has been changed: %(event)s"),
    Kind.CANCELLED: lambda: _("Your registration has been cancelled: %(event)s"),
    Kind.LINK: lambda: _("Link to your registration: %(event)s"),
}
ICS_KINDS = {Kind.CONFIRMATION, Kind.PROMOTED, Kind.SEMINAR_PROMOTED, Kind.CHANGED}


@dataclass
class RenderedEmail:
    to: str
    subject: str
    text: str
    html: str
    attachments: list[dict] = field(default_factory=list)


@lru_cache(maxsize=8)
def _vtimezone(first_year: int, last_year: int) -> icalendar.Timezone:
    """The site's VTIMEZONE for a span of years: slow to build, so built once per span."""
    return icalendar.Timezone.from_tzinfo(
        ZoneInfo(settings.TIME_ZONE),
        settings.TIME_ZONE,
        first_date=date(first_year, 1, 1),
        last_date=date(last_year + 1, 1, 1),
    )


def calendar_file(registration: Registration, choices: list[SeminarChoice]) -> str:
    """The event and the confirmed seminars; UIDs per registration and block, so a changed
    choice replaces the old entry when the file is imported again.

    Built like `events.ical.build_calendar`, but with a cached VTIMEZONE: building one takes
    ~12 ms, which every confirmation in a registration rush would pay.
    """
    event = registration.event
    base = settings.SITE_URL
    entries = [event_entry(event, base)]
    host = site_host(base)
    for choice in choices:
        if choice.status != SeminarChoice.Status.CONFIRMED:
            continue
        block, seminar = choice.block, choice.seminar
        venue = seminar.effective_venue
        entries.append(
            CalendarEntry(
                uid=f"registration-{registration.pk}-block-{block.pk}@{host}",
                summary=f"{seminar.title} ({event.title})",
                start=timezone.localtime(block.start),
                end=timezone.localtime(block.end),
                description=seminar.description,
                location=f"{venue.name}, {venue.address}" if venue else "",
                url=f"{base}{event.get_absolute_url()}",
            )
        )
    stamp = datetime.now(UTC).replace(microsecond=0)
    calendar = icalendar.Calendar.new(prodid=PRODID, method="PUBLISH", name=event.title)
    calendar.add("X-WR-TIMEZONE", settings.TIME_ZONE)
    calendar.add_component(_vtimezone(event.start.year - 1, event.end.year + 1))
    for entry in entries:
        calendar.add_component(entry_to_vevent(entry, stamp))
    return calendar.to_ical().decode()


def render_email(
    kind: str,
    registration: Registration,
    choices: list[SeminarChoice],
    preferences: list | None = None,
    reason: str = "",
) -> RenderedEmail:
    """`choices` with block and seminar loaded."""
    event = registration.event
    with translation.override(registration.language):
        context = {
            "kind": kind,
            "registration": registration,
            "event": event,
            "when": format_event_span(event.start, event.end),
            "venue": event.venue,
            "choices": [
                {
                    "block": choice.block,
                    "seminar": choice.seminar,
                    "status": choice.status,
                    "times": format_time_range(choice.block.start, choice.block.end),
                }
                for choice in choices
            ],
            "preferences": preferences or [],
            "manage_url": manage_url(registration),
            "confirm_url": confirm_url(registration),
            "event_url": f"{settings.SITE_URL}{event.get_absolute_url()}",
            "site_name": settings.SITE_NAME,
            "confirmation_text": _confirmation_text(registration),
            "reason": reason,
        }
        subject = subject_for(kind, registration)
        text = render_to_string(f"registration/email/{kind}.txt", context)
        html = render_to_string(f"registration/email/{kind}.html", context)
        attachments = []
        if kind in ICS_KINDS and registration.status == Registration.Status.CONFIRMED:
            # Built when the message is sent (outbox.attachment_content), off the request path.
            attachments.append(
                {
                    "filename": f"{event.slug}.ics",
                    "mimetype": "text/calendar",
                    "calendar_for": registration.pk,
                }
            )
    return RenderedEmail(registration.email, subject, text, html, attachments)


def subject_for(kind: str, registration: Registration) -> str:
    with translation.override(registration.language):
        return " ".join((SUBJECTS[kind]() % {"event": registration.event.title}).split())


def render_current(kind: str, registration: Registration, reason: str = "") -> RenderedEmail:
    """The e-mail of `kind` from the registration, its choices and its rankings as they are
    now; a cancellation lists no seminars."""
    choices = [] if kind == Kind.CANCELLED else _choices(registration)
    # Only blocks still waiting for the allocation (a published one made them fcfs).
    preferences = list(
        registration.preferences.filter(block__choice_mode=Block.ChoiceMode.RANKED)
        .select_related("block", "seminar")
        .order_by("block__start", "block__pk", "rank")
    )
    return render_email(kind, registration, choices, preferences, reason=reason)


def _choices(registration: Registration) -> list[SeminarChoice]:
    return list(
        registration.choices.select_related(
            "block__venue", "block__event__venue", "seminar__room__venue"
        ).order_by("block__start", "block__pk")
    )


def registration_calendar(registration_id: int) -> str | None:
    """The .ics of a registration as it stands now, or None if it holds no place any more."""
    registration = (
        Registration.objects.select_related("event__venue")
        .filter(pk=registration_id, status=Registration.Status.CONFIRMED)
        .first()
    )
    if registration is None:
        return None
    return calendar_file(registration, _choices(registration))


def _confirmation_text(registration: Registration) -> str:
    settings_row = getattr(registration.event, "registration_settings", None)
    return settings_row.confirmation_text if settings_row else ""
