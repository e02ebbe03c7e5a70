"""Public programme pages: the printable programme and its calendar files."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from samlas.events import ical as event_ical
from samlas.events.models import Event
from samlas.programme import ical
from samlas.programme.queries import item_for_calendar, programme_days

# Larger ids overflow the database's bigint and would fail as a server error.
MAX_ID = 2**63 - 1


def _public_event(slug: str) -> Event:
    return get_object_or_404(Event.objects.public().select_related("venue"), slug=slug)


def programme_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The programme alone, for printing and sharing; the event page shows it too."""
    event = _public_event(slug)
    days = programme_days(event)
    if not days:
        raise Http404
    return render(
        request, "programme/programme_page.html", {"event": event, "programme_days": days}
    )


def programme_ical(request: HttpRequest, slug: str) -> HttpResponse:
    event = _public_event(slug)
    days = programme_days(event)
    if not days:
        raise Http404  # a calendar file must hold at least one entry
    calendar = ical.programme_calendar(event, days, settings.SITE_URL)
    return event_ical.calendar_response(calendar, f"{event.slug}-program.ics")


def item_ical(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    event = _public_event(slug)
    entry = item_for_calendar(event, item_id) if item_id <= MAX_ID else None
    if entry is None:
        raise Http404
    calendar = ical.item_calendar(event, entry, settings.SITE_URL)
    return event_ical.calendar_response(calendar, f"{event.slug}-{item_id}.ics")
