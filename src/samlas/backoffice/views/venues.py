"""Venues and their rooms: shared, public places that any organisation's editors keep.

A venue carries no personal data and is used by events of several organisations, so it
belongs to no tenant; editors of any organisation may add and correct venues and rooms.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from samlas.backoffice.forms import RoomForm, VenueForm
from samlas.backoffice.views.common import paginate, staff_view
from samlas.backoffice.views.events import form_errors
from samlas.events import services as event_services
from samlas.events.models import Room, Venue
from samlas.organisations.models import Membership
from samlas.organisations.permissions import EDITING_ROLES


def _may_edit(user) -> bool:
    return (
        user.is_superuser or Membership.objects.filter(user=user, role__in=EDITING_ROLES).exists()
    )


def _require_editor(request: HttpRequest) -> None:
    if not _may_edit(request.user):
        raise PermissionDenied


@staff_view
def venue_list(request: HttpRequest) -> HttpResponse:
    venues = Venue.objects.prefetch_related("rooms").order_by("city", "name")
    return render(
        request,
        "backoffice/venues.html",
        {"may_edit": _may_edit(request.user), **paginate(request, venues)},
    )


@staff_view
def venue_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require_editor(request)
    venue = get_object_or_404(Venue, pk=pk) if pk else None
    form = VenueForm(request.POST or None, instance=venue)
    if request.method == "POST" and form.is_valid():
        try:
            saved = event_services.save_venue(venue, form.cleaned_data, actor=request.user)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("The venue has been saved."))
            return redirect("backoffice:venue_edit", pk=saved.pk)
    return render(
        request,
        "backoffice/venue_form.html",
        {"form": form, "venue": venue, "rooms": venue.rooms.all() if venue else []},
    )


@staff_view
def room_edit(request: HttpRequest, venue_pk: int, pk: int | None = None) -> HttpResponse:
    _require_editor(request)
    venue = get_object_or_404(Venue, pk=venue_pk)
    room = get_object_or_404(Room, pk=pk, venue=venue) if pk else None
    form = RoomForm(request.POST or None, instance=room, venue=venue)
    if request.method == "POST":
        if "delete" in request.POST and room is not None:
            try:
                event_services.delete_room(room, actor=request.user)
            except ValidationError as error:
                messages.error(request, error.messages[0])
                return redirect("backoffice:room_edit", venue_pk=venue.pk, pk=room.pk)
            messages.success(request, _("The room has been removed."))
            return redirect("backoffice:venue_edit", pk=venue.pk)
        if form.is_valid():
            try:
                event_services.save_room(room, venue, form.cleaned_data, actor=request.user)
            except ValidationError as error:
                form_errors(form, error)
            else:
                messages.success(request, _("The room has been saved."))
                return redirect("backoffice:venue_edit", pk=venue.pk)
    return render(
        request, "backoffice/room_form.html", {"form": form, "venue": venue, "room": room}
    )
