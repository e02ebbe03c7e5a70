"""Read models of events as the public sees them: lists, filters, one event's page.

Every function here returns querysets with their relations fetched up front, so a list of
twenty events or one event page costs a small, fixed number of queries however many
organisers, themes or contact persons they have. Drafts never leave this module.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samlas.core.dates import format_date, format_time
from samlas.events.models import Event, EventLink, EventOrganiser, PressInvitation, Venue
from samlas.organisations.models import ContactPerson
from samlas.programme.models import Block, ProgrammeItem, Seminar

UPCOMING = "upcoming"
PAST = "past"


def _organisers_host_first() -> QuerySet[EventOrganiser]:
    host_first = Case(
        When(role=EventOrganiser.Role.HOST, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return EventOrganiser.objects.select_related("organisation").order_by(
        host_first, "position", "pk"
    )


def public_events() -> QuerySet[Event]:
    """Published, cancelled and archived events with what an event card shows."""
    return (
        Event.objects.public()
        .select_related("venue")
        .prefetch_related(Prefetch("organisers", queryset=_organisers_host_first()), "themes")
    )


@dataclass(frozen=True)
class EventFilters:
    """What a visitor narrowed the event list to; empty values mean "all"."""

    when: str = UPCOMING
    theme: str = ""
    county: str = ""
    kind: str = ""
    date_from: date | None = None
    date_to: date | None = None


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def filter_events(filters: EventFilters, now: datetime | None = None) -> QuerySet[Event]:
    """Upcoming events soonest first, or past events latest first, narrowed by `filters`.

    An event is upcoming until it has ended, and it matches a date range when any part of
    it falls within the range (both ends inclusive, in Swedish time).
    """
    now = now or timezone.now()
    events = public_events()
    if filters.when == PAST:
        events = events.filter(end__lt=now).order_by("-start", "pk")
    else:
        events = events.filter(end__gte=now).order_by("start", "pk")
    if filters.theme:
        events = events.filter(themes__slug=filters.theme)
    if filters.county:
        events = events.filter(county=filters.county)
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.date_from:
        events = events.filter(end__gte=_start_of(filters.date_from))
    if filters.date_to:
        events = events.filter(start__lt=_start_of(filters.date_to + timedelta(days=1)))
    return events


def upcoming_events(limit: int, now: datetime | None = None) -> list[Event]:
    return list(filter_events(EventFilters(), now)[:limit])


def event_page_queryset() -> QuerySet[Event]:
    """Public events with everything the event page shows, for `get_object_or_404`."""
    organisers = _organisers_host_first().prefetch_related(
        Prefetch("contact_persons", queryset=ContactPerson.objects.select_related("organisation"))
    )
    return (
        Event.objects.public()
        .select_related("venue", "press_invitation__press_contact__organisation")
        .prefetch_related(
            Prefetch("organisers", queryset=organisers), "themes", "audiences", "links"
        )
    )


def event_venues(event: Event) -> list[Venue]:
    """The main venue first, then every other venue the programme uses, in one query.

    Asked of the database rather than of the programme read model, so that a venue used only
    by a seminar's room in a parallel block is never missed.
    """
    used = (
        Q(pk=event.venue_id)
        | Q(pk__in=ProgrammeItem.objects.filter(event=event).values("venue"))
        | Q(pk__in=ProgrammeItem.objects.filter(event=event).values("room__venue"))
        | Q(pk__in=Block.objects.filter(event=event).values("venue"))
        | Q(pk__in=Seminar.objects.filter(block__event=event).values("room__venue"))
    )
    venues = list(Venue.objects.filter(used))
    venues.sort(key=lambda venue: (venue.pk != event.venue_id, venue.city, venue.name))
    return venues


def visible_press_invitation(event: Event, now: datetime | None = None) -> PressInvitation | None:
    """The event's press invitation, unless it is embargoed until a later publication time."""
    try:
        invitation = event.press_invitation
    except PressInvitation.DoesNotExist:
        return None
    now = now or timezone.now()
    if invitation.published_at and invitation.published_at > now:
        return None
    return invitation


@dataclass(frozen=True)
class RegistrationStatus:
    """Where an event's registration stands, with the sentence the event page shows."""

    NOT_SCHEDULED = "not_scheduled"
    NOT_YET_OPEN = "not_yet_open"
    OPEN = "open"
    CLOSED = "closed"
    EVENT_OVER = "event_over"
    CANCELLED = "cancelled"

    state: str
    message: str

    @property
    def is_open(self) -> bool:
        return self.state == self.OPEN


def _moment(value: datetime) -> dict[str, str]:
    return {"date": format_date(value), "time": format_time(value)}


def registration_status(event: Event, now: datetime | None = None) -> RegistrationStatus:
    now = now or timezone.now()
    opens, closes = event.registration_opens, event.registration_closes
    if event.is_cancelled:
        return RegistrationStatus(
            RegistrationStatus.CANCELLED,
            _("The event is cancelled, so it is not possible to register."),
        )
    if event.end < now:
        return RegistrationStatus(RegistrationStatus.EVENT_OVER, _("The event has taken place."))
    if opens is None and closes is None:
        return RegistrationStatus(
            RegistrationStatus.NOT_SCHEDULED,
            _("The organisers have not yet announced when registration opens."),
        )
    if opens is not None and now < opens:
        message = _("Registration opens on %(date)s at %(time)s.") % _moment(opens)
        if closes is not None:
            message += " " + _("It closes on %(date)s at %(time)s.") % _moment(closes)
        return RegistrationStatus(RegistrationStatus.NOT_YET_OPEN, message)
    if closes is not None and closes <= now:
        return RegistrationStatus(RegistrationStatus.CLOSED, _("Registration has closed."))
    if closes is None:
        return RegistrationStatus(RegistrationStatus.OPEN, _("Registration is open."))
    return RegistrationStatus(
        RegistrationStatus.OPEN,
        _("Registration is open until %(date)s at %(time)s.") % _moment(closes),
    )


LINK_HEADINGS = {
    EventLink.Kind.EARLIER_EDITION: gettext_lazy("Earlier editions"),
    EventLink.Kind.RECORDING: gettext_lazy("Recordings"),
    EventLink.Kind.DOCUMENT: gettext_lazy("Documents"),
    EventLink.Kind.OTHER: gettext_lazy("Other links"),
}


def links_by_kind(event: Event) -> list[tuple[str, list[EventLink]]]:
    """The event's links grouped under a heading per kind, earlier editions first."""
    links = list(event.links.all())
    return [
        (str(heading), group)
        for kind, heading in LINK_HEADINGS.items()
        if (group := [link for link in links if link.kind == kind])
    ]
