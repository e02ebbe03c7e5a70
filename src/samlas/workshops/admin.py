"""The workshop in the Django admin, for what the organiser pages do not edit yet."""

from django.contrib import admin
from django.http import HttpRequest

from samlas.workshops import services
from samlas.workshops.models import Group, Proposal, Question, Workshop


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    show_change_link = True
    fields = [
        "position",
        "text",
        "description",
        "method",
        "points",
        "status",
        "results_revealed",
        "allow_proposals",
        "moderate_proposals",
    ]


class GroupInline(admin.TabularInline):
    model = Group
    extra = 0
    fields = ["position", "name"]


class ProposalInline(admin.TabularInline):
    model = Proposal
    extra = 1
    fields = ["position", "text", "status", "from_participant"]
    readonly_fields = ["from_participant"]


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    list_display = ["title", "event", "code", "is_open", "created_at"]
    list_filter = ["is_open"]
    search_fields = ["title", "code", "event__title"]
    autocomplete_fields = ["event"]
    raw_id_fields = ["programme_item"]
    readonly_fields = ["code", "created_at"]
    inlines = [QuestionInline, GroupInline]

    def save_model(self, request: HttpRequest, obj: Workshop, form: object, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
        else:
            # A new workshop draws its join code like one created on the organiser pages.
            services.assign_code(obj)


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "workshop", "method", "status", "results_revealed"]
    list_filter = ["method", "status"]
    search_fields = ["text", "workshop__title"]
    raw_id_fields = ["workshop"]
    inlines = [ProposalInline]
