"""What every back-office view shares: who may enter, finding the event, the event menu.

An event the user may not see answers 404, as if it did not exist, so the back office
reveals nothing about other organisations' events; an action on a visible event that the
user's role does not allow answers 403.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from samlas.events.models import Event
from samlas.organisations.permissions import Action, can, is_staff_member

PAGE_SIZE = 50


def staff_view(view: Callable) -> Callable:
    """Signed-in members of an organisation only; never cached (pages hold personal data)."""

    @wraps(view)
    @never_cache
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_staff_member(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def event_for(request: HttpRequest, pk: int, action: str = Action.VIEW_EVENT) -> Event:
    event = Event.objects.select_related("venue").filter(pk=pk).first()
    if event is None or not can(request.user, Action.VIEW_EVENT, event):
        raise Http404
    if not can(request.user, action, event):
        raise PermissionDenied
    return event


MENU = [
    ("backoffice:event", _("Overview"), Action.VIEW_EVENT),
    ("backoffice:event_edit", _("Event details"), Action.EDIT_EVENT),
    ("backoffice:organisers", _("Organisers and access"), Action.VIEW_EVENT),
    ("backoffice:programme", _("Programme"), Action.VIEW_EVENT),
    ("workshops:organiser_list", _("Workshops"), Action.VIEW_EVENT),
    ("backoffice:registration_settings", _("Registration settings"), Action.EDIT_EVENT),
    ("backoffice:registrations", _("Participants"), Action.VIEW_REGISTRATIONS),
    ("backoffice:export", _("Export"), Action.EXPORT_REGISTRATIONS),
    ("backoffice:messages", _("Messages to participants"), Action.EMAIL_PARTICIPANTS),
    ("backoffice:printables", _("Badges and lists"), Action.VIEW_REGISTRATIONS),
    ("backoffice:check_in", _("Check-in"), Action.CHECK_IN),
    ("backoffice:catering", _("Catering"), Action.VIEW_REGISTRATIONS),
    ("backoffice:statistics", _("Statistics"), Action.VIEW_EVENT),
    ("backoffice:audit_log", _("History"), Action.VIEW_EVENT),
]


def event_menu(request: HttpRequest, event: Event) -> list[dict]:
    current = request.resolver_match.view_name if request.resolver_match else ""
    return [
        {
            "url": reverse(name, args=[event.pk]),
            "label": label,
            "current": name == current,
        }
        for name, label, action in MENU
        if can(request.user, action, event)
    ]


def render_event(
    request: HttpRequest, event: Event, template: str, context: dict | None = None, **kwargs
) -> HttpResponse:
    context = {
        "event": event,
        "event_menu": event_menu(request, event),
        "may": {action.value: can(request.user, action, event) for action in Action},
        **(context or {}),
    }
    return render(request, template, context, **kwargs)


def paginate(request: HttpRequest, items, per_page: int = PAGE_SIZE) -> dict:
    """A page of `items` (any page number, even a malformed one, gives a page, never 404)."""
    paginator = Paginator(items, per_page)
    page = paginator.get_page(request.GET.get("page"))
    return {
        "page_obj": page,
        "page_numbers": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
    }
