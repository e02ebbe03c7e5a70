"""Public event pages: the start page, the event list, one event, its calendar file."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from samlas.events import ical, queries
from samlas.events.forms import EventFilterForm
from samlas.events.jsonld import event_jsonld, jsonld_script
from samlas.events.models import Event
from samlas.programme.queries import programme_days

HOME_EVENTS = 6
PAGE_SIZE = 20


def home(request: HttpRequest) -> HttpResponse:
    events = queries.upcoming_events(limit=HOME_EVENTS)
    return render(request, "events/home.html", {"events": events})


def event_list(request: HttpRequest) -> HttpResponse:
    form = EventFilterForm(request.GET)
    # Invalid values are explained on the page; the valid ones still narrow the list.
    form.is_valid()
    filters = form.filters()
    # A page number that is not a number or is out of range shows the nearest page.
    page = Paginator(queries.filter_events(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "filters": filters,
        "past": filters.when == queries.PAST,
        "page_obj": page,
        "page_numbers": page.paginator.get_elided_page_range(page.number, on_each_side=2),
        "events": page.object_list,
    }
    return render(request, "events/event_list.html", context)


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(queries.event_page_queryset(), slug=slug)
    days = programme_days(event)
    venues = queries.event_venues(event)
    context = {
        "event": event,
        "organisers": list(event.organisers.all()),
        "venues": venues,
        "programme_days": days,
        "links_by_kind": queries.links_by_kind(event),
        "press_invitation": queries.visible_press_invitation(event),
        "registration": queries.registration_status(event),
        "jsonld": jsonld_script(event_jsonld(event, venues, days, settings.SITE_URL)),
    }
    return render(request, "events/event_detail.html", context)


def event_ical(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event.objects.public().select_related("venue"), slug=slug)
    calendar = ical.build_calendar([ical.event_entry(event, settings.SITE_URL)], name=event.title)
    return ical.calendar_response(calendar, f"{event.slug}.ics")
