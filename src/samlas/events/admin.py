"""Django admin for superusers: events with their organisers, links and press invitation.

Organisers' everyday work happens in the backoffice; the admin is the safety net where a
superuser can see and correct everything, so it shows related rows inline.
"""

from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from samlas.events.models import (
    Audience,
    Event,
    EventLink,
    EventOrganiser,
    PressInvitation,
    Room,
    Theme,
    Venue,
)
from samlas.programme.admin import PROGRAMME_INLINES


class EventOrganiserInline(admin.TabularInline):
    model = EventOrganiser
    extra = 0
    autocomplete_fields = ["organisation", "contact_persons"]
    fields = ["organisation", "role", "contact_persons", "position"]


class EventLinkInline(admin.TabularInline):
    model = EventLink
    extra = 0
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = ["kind", "title", "url", "position"]


class PressInvitationInline(admin.StackedInline):
    model = PressInvitation
    extra = 0
    max_num = 1
    autocomplete_fields = ["press_contact"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "start", "status", "county"]
    list_filter = ["status", "kind", "county", "themes"]
    search_fields = ["title", "slug", "summary"]
    date_hierarchy = "start"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["venue", "themes", "audiences"]
    inlines = [EventOrganiserInline, EventLinkInline, PressInvitationInline, *PROGRAMME_INLINES]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "status", "language"]}),
        (_("Content"), {"fields": ["summary", "description", "themes"]}),
        (
            _("Time and place"),
            {"fields": ["start", "end", "county", "venue", "online_information"]},
        ),
        (_("Audience"), {"fields": ["audiences", "audience_text", "expected_size"]}),
        (_("Registration"), {"fields": ["registration_opens", "registration_closes"]}),
        (_("Cancellation"), {"fields": ["cancellation_reason"], "classes": ["collapse"]}),
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Event | None = None) -> list[str]:
        """An existing event's status is changed in the back office only: its services lock
        the event against registrations in flight, e-mail the registered and log the change
        (docs/locking.md, "Cancelling an event"), which saving this form would skip."""
        if obj is None:
            return list(self.readonly_fields)
        return [*self.readonly_fields, "status", "cancellation_reason"]

    def get_fieldsets(self, request: HttpRequest, obj: Event | None = None) -> list[tuple]:
        if obj is None:
            return self.fieldsets
        (name, options), *rest = self.fieldsets
        description = _(
            "Publish, unpublish or cancel the event in the back office: cancelling there "
            "tells the registered participants and keeps new registrations out."
        )
        return [(name, {**options, "description": description}), *rest]


class RoomInline(admin.TabularInline):
    model = Room
    extra = 0


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "county"]
    list_filter = ["county"]
    search_fields = ["name", "city", "street_address"]
    inlines = [RoomInline]


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    """Registered for the programme's room pickers (autocomplete); edited inline on venues."""

    list_display = ["name", "venue", "capacity"]
    search_fields = ["name", "venue__name"]
    list_select_related = ["venue"]

    def has_module_permission(self, request) -> bool:
        return False


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Audience)
class AudienceAdmin(admin.ModelAdmin):
    search_fields = ["name"]
