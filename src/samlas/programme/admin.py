"""Editing the programme in the Django admin, until the organiser back office exists.

The rules come from `validation.py` through the models' `clean()`, so a double-booked room
or an item outside the event's dates is shown beside the field, in Swedish. Rows edited
together on one page are also checked against each other (the formsets below). A seminar
larger than its room is allowed with a warning: the organiser may know better.

The event's page in the admin holds the timetable too: `events/admin.py` adds
`PROGRAMME_INLINES` to its `EventAdmin`.
"""

import re

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from samlas.programme import validation
from samlas.programme.models import Block, Participation, Person, ProgrammeItem, Seminar


def _kept_instances(formset: BaseInlineFormSet) -> list:
    """The rows a formset will save: valid, filled in and not marked for deletion."""
    kept = []
    for form in formset.forms:
        if not form.is_valid() or (form.instance.pk is None and not form.has_changed()):
            continue
        if formset.can_delete and formset._should_delete_form(form):
            continue
        kept.append(form.instance)
    return kept


class ItemFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        validation.validate_items_together(_kept_instances(self))


class BlockFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        validation.validate_blocks_together(_kept_instances(self))


class SeminarFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        # Not super().clean(): Django's own uniqueness check across the forms would say the
        # same as ours in less helpful words.
        validation.validate_seminars_together(_kept_instances(self))


def warn_about_capacity(request: HttpRequest, seminars: list[Seminar]) -> None:
    for seminar in seminars:
        warning = validation.capacity_warning(seminar)
        if warning:
            messages.warning(request, f"{seminar.title}: {warning}")


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 1
    autocomplete_fields = ["person"]
    fields = ["person", "role", "title", "organisation", "position"]
    verbose_name = _("person taking part")
    verbose_name_plural = _("people taking part")


class ItemParticipationInline(ParticipationInline):
    fk_name = "item"


class BlockParticipationInline(ParticipationInline):
    fk_name = "block"


class SeminarParticipationInline(ParticipationInline):
    fk_name = "seminar"


class EventParticipationInline(ParticipationInline):
    """Moderators and hosts of the whole event, or of one of its days."""

    fk_name = "event"
    extra = 0
    fields = ["person", "role", "day", "title", "organisation", "position"]
    verbose_name = _("moderator or host")
    verbose_name_plural = _("moderators and hosts")


class SwedishDateTimeField(forms.DateTimeField):
    """Accepts "2027-09-21 09.30" as Swedes write times.

    Python's ISO parser, which Django tries first, reads "09.30" as 09:00:00.3 instead.
    """

    def to_python(self, value: object) -> object:
        if isinstance(value, str):
            value = re.sub(r"(\d{1,2})\.(\d{2})$", r"\1:\2", value.strip())
        return super().to_python(value)


# One field per time ("2027-09-21 09.30") keeps a timetable row on one line in the inlines.
COMPACT_TIMES = {
    models.DateTimeField: {
        "form_class": SwedishDateTimeField,
        "widget": forms.DateTimeInput(format="%Y-%m-%d %H:%M", attrs={"size": 16}),
    }
}


class ProgrammeItemInline(admin.TabularInline):
    model = ProgrammeItem
    formset = ItemFormSet
    extra = 1
    ordering = ["start", "end"]
    fields = ["start", "end", "kind", "title", "venue", "room"]
    autocomplete_fields = ["venue", "room"]
    formfield_overrides = COMPACT_TIMES
    show_change_link = True  # description and people are edited on the item's own page


class BlockInline(admin.TabularInline):
    model = Block
    formset = BlockFormSet
    extra = 0
    ordering = ["start"]
    fields = ["start", "end", "title", "choice_mode", "venue"]
    autocomplete_fields = ["venue"]
    formfield_overrides = COMPACT_TIMES
    show_change_link = True  # the seminars are edited on the block's own page


PROGRAMME_INLINES = [EventParticipationInline, ProgrammeItemInline, BlockInline]


class SeminarInline(admin.StackedInline):
    model = Seminar
    formset = SeminarFormSet
    extra = 1
    ordering = ["position", "pk"]
    fields = [("title", "position"), ("room", "capacity"), "topic", "description"]
    autocomplete_fields = ["room"]
    show_change_link = True  # the seminar's people are edited on its own page


@admin.register(ProgrammeItem)
class ProgrammeItemAdmin(admin.ModelAdmin):
    list_display = ["title", "event", "start", "end", "kind", "room"]
    list_filter = ["kind", "event"]
    list_select_related = ["event", "room__venue"]
    search_fields = ["title", "event__title"]
    ordering = ["event", "start", "end"]
    autocomplete_fields = ["event", "venue", "room"]
    fields = ["event", ("start", "end"), "kind", "title", "description", ("venue", "room")]
    inlines = [ItemParticipationInline]


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin):
    list_display = ["title", "event", "start", "end", "choice_mode"]
    list_filter = ["choice_mode", "event"]
    list_select_related = ["event"]
    search_fields = ["title", "event__title"]
    ordering = ["event", "start"]
    autocomplete_fields = ["event", "venue"]
    fields = ["event", ("start", "end"), "title", "choice_mode", "venue"]
    inlines = [SeminarInline, BlockParticipationInline]

    def save_formset(self, request, form, formset, change) -> None:
        super().save_formset(request, form, formset, change)
        if formset.model is Seminar:
            warn_about_capacity(request, _kept_instances(formset))


@admin.register(Seminar)
class SeminarAdmin(admin.ModelAdmin):
    list_display = ["title", "block", "room", "capacity"]
    list_select_related = ["block__event", "room__venue"]
    list_filter = ["block__event"]
    search_fields = ["title", "block__title", "block__event__title"]
    ordering = ["block__start", "position"]
    autocomplete_fields = ["block", "room"]
    fields = ["block", ("title", "position"), ("room", "capacity"), "topic", "description"]
    inlines = [SeminarParticipationInline]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        warn_about_capacity(request, [obj])


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "organisation"]
    search_fields = ["name", "title", "organisation"]
