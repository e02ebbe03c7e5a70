"""Feeds for other software: calendar subscriptions, Atom feeds and an embeddable list.

- iCalendar subscriptions of an organisation's, a theme's or a county's events
  (`/kalender/…ics`): upcoming events and those of the last CALENDAR_PAST_DAYS, so that a
  subscribed calendar keeps recent history; stable UIDs, so updates replace entries.
- Atom feeds of newly published events and of press invitations (`/flode/…atom`).
- An organisation's upcoming events as a plain HTML fragment (`/inbaddning/…`) to place on
  its own website: no script, no styles of ours (it takes the host page's), absolute links.

Only public events (never drafts) and only visible press invitations appear.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from samlas.core.counties import County
from samlas.core.dates import format_event_span
from samlas.events import ical
from samlas.events.models import Event, PressInvitation, Theme
from samlas.events.queries import public_events
from samlas.organisations.models import Organisation

CALENDAR_PAST_DAYS = 180
FEED_ITEMS = 30
EMBED_DEFAULT, EMBED_MAX = 10, 50


def calendar_events(selection: Q, now=None) -> QuerySet[Event]:
    now = now or timezone.now()
    return (
        Event.objects.public()
        .filter(selection, end__gte=now - timedelta(days=CALENDAR_PAST_DAYS))
        .select_related("venue")
        .distinct()
        .order_by("start", "pk")
    )


def _calendar(events: QuerySet[Event], name: str, filename: str) -> HttpResponse:
    entries = [ical.event_entry(event, settings.SITE_URL) for event in events]
    response = ical.calendar_response(ical.build_calendar(entries, name=name), filename)
    # A subscription is fetched, not downloaded: show it inline and let clients poll it.
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=900"
    return response


def organisation_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    events = calendar_events(Q(organisers__organisation=organisation))
    return _calendar(events, organisation.name, f"samlas-arrangor-{organisation.pk}.ics")


def theme_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    theme = get_object_or_404(Theme, slug=slug)
    events = calendar_events(Q(themes=theme))
    return _calendar(events, theme.name, f"samlas-tema-{theme.slug}.ics")


def county_calendar(request: HttpRequest, county: str) -> HttpResponse:
    code = county.upper()
    if code not in County.values:
        raise Http404
    events = calendar_events(Q(county=code))
    return _calendar(events, County(code).label, f"samlas-lan-{code.lower()}.ics")


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


class NewEventsFeed(Feed):
    """Events as they are published, newest first."""

    feed_type = Atom1Feed

    def title(self) -> str:
        return _("New events – Samlas")

    def subtitle(self) -> str:
        return _("Conferences, seminars and hearings on safety and crime prevention.")

    def link(self) -> str:
        return _absolute("/evenemang/")

    def items(self) -> list[Event]:
        return list(public_events().order_by("-created_at", "-pk")[:FEED_ITEMS])

    def item_title(self, event: Event) -> str:
        title = event.title
        return _("Cancelled: %(title)s") % {"title": title} if event.is_cancelled else title

    def item_description(self, event: Event) -> str:
        where = f", {event.venue.name}, {event.venue.city}" if event.venue else ""
        return f"{format_event_span(event.start, event.end)}{where}. {event.summary}"

    def item_link(self, event: Event) -> str:
        return _absolute(event.get_absolute_url())

    def item_guid(self, event: Event) -> str:
        return f"tag:{ical.site_host(settings.SITE_URL)},2024:event-{event.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, event: Event):
        return event.created_at

    def item_updateddate(self, event: Event):
        return event.updated_at

    def item_author_name(self, event: Event) -> str:
        host = event.host
        return host.organisation.name if host else ""

    def item_categories(self, event: Event) -> list[str]:
        return [theme.name for theme in event.themes.all()]


class PressInvitationsFeed(Feed):
    """Press invitations once they are published (an embargo keeps one out until then)."""

    feed_type = Atom1Feed

    def title(self) -> str:
        return _("Press invitations – Samlas")

    def link(self) -> str:
        return _absolute("/evenemang/")

    def items(self) -> list[PressInvitation]:
        now = timezone.now()
        return list(
            PressInvitation.objects.filter(event__in=Event.objects.public())
            .filter(Q(published_at__isnull=True) | Q(published_at__lte=now))
            .select_related("event__venue")
            .order_by("-published_at", "-event__created_at", "-pk")[:FEED_ITEMS]
        )

    def item_title(self, invitation: PressInvitation) -> str:
        return _("Press invitation: %(title)s") % {"title": invitation.event.title}

    def item_description(self, invitation: PressInvitation) -> str:
        event = invitation.event
        return f"{format_event_span(event.start, event.end)}. {invitation.text}"

    def item_link(self, invitation: PressInvitation) -> str:
        return _absolute(f"{invitation.event.get_absolute_url()}press/")

    def item_guid(self, invitation: PressInvitation) -> str:
        return f"tag:{ical.site_host(settings.SITE_URL)},2024:press-{invitation.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, invitation: PressInvitation):
        return invitation.published_at or invitation.event.created_at

    def item_updateddate(self, invitation: PressInvitation):
        return invitation.event.updated_at


def organisation_embed(request: HttpRequest, pk: int) -> HttpResponse:
    """Upcoming events of one organisation as an HTML fragment for its own website.

    ?antal=N (1–50) sets how many. Any website may fetch it (CORS): it holds only public
    information.
    """
    organisation = get_object_or_404(Organisation, pk=pk)
    try:
        limit = min(max(int(request.GET.get("antal", EMBED_DEFAULT)), 1), EMBED_MAX)
    except ValueError:
        limit = EMBED_DEFAULT
    events = (
        Event.objects.public()
        .filter(organisers__organisation=organisation, end__gte=timezone.now())
        .select_related("venue")
        .distinct()
        .order_by("start", "pk")[:limit]
    )
    context = {
        "organisation": organisation,
        "events": [(event, _absolute(event.get_absolute_url())) for event in events],
        "all_url": _absolute("/evenemang/"),
        "calendar_url": _absolute(f"/kalender/arrangor/{organisation.pk}.ics"),
    }
    response = render(request, "events/embed.html", context)
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=300"
    return response
