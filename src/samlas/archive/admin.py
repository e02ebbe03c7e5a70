"""Django admin for the archive, until the back office has pages for it.

Publishing a recording goes through `services.publish_recording`: without captions or a
transcript the form refuses, with the reason, unless "publish without" is ticked. Documents
are saved through `services.save_document`, which reads their type and size. Contact
messages and press lists hold personal data: staff see only those of the bodies and events
of their own organisations (superusers see all), and the messages are read-only.
"""

import csv
import io

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from samlas.archive import services
from samlas.archive.models import (
    BodyMember,
    Caption,
    ContactMessage,
    Document,
    LearningExample,
    PressRegistration,
    Recording,
    StandingBody,
)
from samlas.events.models import Event
from samlas.organisations.queries import event_ids_visible_to


class CaptionInlineFormSet(forms.BaseInlineFormSet):
    """Refuses to publish a recording left without captions and transcript (unless told to)."""

    def clean(self) -> None:
        super().clean()
        recording = self.instance
        if not getattr(recording, "publish_requested", False):
            return
        if getattr(recording, "override_requested", False) or recording.transcript.strip():
            return
        remaining = [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and (form.cleaned_data.get("file") or form.instance.pk)
        ]
        if not remaining:
            raise ValidationError(services.MissingTextAlternative.message)


class CaptionInline(admin.TabularInline):
    model = Caption
    formset = CaptionInlineFormSet
    extra = 1
    fields = ["language", "kind", "label", "file"]


class RecordingAdminForm(forms.ModelForm):
    publish = forms.BooleanField(
        label=_("Published"),
        required=False,
        help_text=_("Shown on the event's page, in the archive and in search."),
    )
    publish_without_text_alternative = forms.BooleanField(
        label=_("Publish without captions or transcript"),
        required=False,
        help_text=_(
            "Only when they cannot be made in time. The page then tells visitors that they "
            "are missing and how to ask for the content in another way."
        ),
    )

    class Meta:
        model = Recording
        fields = [
            "event",
            "item",
            "title",
            "description",
            "language",
            "people",
            "video",
            "external_url",
            "duration",
            "transcript",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["publish"].initial = self.instance.is_published
        self.fields[
            "publish_without_text_alternative"
        ].initial = self.instance.published_without_text_alternative

    def clean(self) -> dict:
        cleaned = super().clean()
        item = cleaned.get("item")
        if item is not None and cleaned.get("event") and item.event_id != cleaned["event"].pk:
            self.add_error("item", _("The programme item must belong to the recording's event."))
        # Read by the captions formset, which decides whether publishing is allowed.
        self.instance.publish_requested = cleaned.get("publish", False)
        self.instance.override_requested = cleaned.get("publish_without_text_alternative", False)
        return cleaned


@admin.register(Recording)
class RecordingAdmin(admin.ModelAdmin):
    form = RecordingAdminForm
    inlines = [CaptionInline]
    list_display = ["title", "event", "published_at", "accessibility"]
    list_filter = ["published_without_text_alternative", "language"]
    search_fields = ["title", "event__title", "transcript"]
    autocomplete_fields = ["event", "item", "people"]
    readonly_fields = ["published_at", "accessibility"]
    actions = ["unpublish"]
    fieldsets = [
        (None, {"fields": ["event", "item", "title", "description", "language", "people"]}),
        (
            _("The recording"),
            {
                "fields": ["video", "external_url", "duration"],
                "description": _(
                    "A video file (MP4 or WebM) or the address of a player elsewhere."
                ),
            },
        ),
        (_("Accessibility"), {"fields": ["transcript", "accessibility"]}),
        (
            _("Publication"),
            {"fields": ["publish", "publish_without_text_alternative", "published_at"]},
        ),
    ]

    @admin.display(description=_("captions or transcript"))
    def accessibility(self, recording: Recording) -> str:
        if recording.pk is None:
            return ""
        if services.has_text_alternative(recording):
            return _("Yes")
        return _("Missing: pre-recorded video must have captions or a transcript")

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        recording = form.instance
        try:
            if form.cleaned_data["publish"]:
                services.publish_recording(
                    recording,
                    actor=request.user,
                    override=form.cleaned_data["publish_without_text_alternative"],
                )
            else:
                services.unpublish_recording(recording, actor=request.user)
        except services.MissingTextAlternative as refusal:
            self.message_user(request, refusal.message, messages.ERROR)

    @admin.action(description=_("Unpublish the selected recordings"))
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Recording]) -> None:
        for recording in queryset:
            services.unpublish_recording(recording, actor=request.user)


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "file_type", "owner", "is_published", "created_at"]
    list_filter = ["file_type", "is_published"]
    search_fields = ["title", "description", "event__title", "item__title", "body__name"]
    autocomplete_fields = ["event", "item", "body"]
    readonly_fields = ["type_and_size"]
    fields = [
        "title",
        "description",
        "file",
        "type_and_size",
        "event",
        "item",
        "body",
        "is_published",
        "position",
    ]

    def save_model(self, request: HttpRequest, obj: Document, form, change: bool) -> None:
        services.save_document(obj, actor=request.user)

    @admin.display(description=_("belongs to"))
    def owner(self, document: Document) -> str:
        return str(document.event or document.item or document.body)

    @admin.display(description=_("type and size"))
    def type_and_size(self, document: Document) -> str:
        return document.type_and_size if document.pk else ""


class BodyDocumentInline(admin.TabularInline):
    model = Document
    extra = 0
    fields = ["title", "file", "is_published", "position"]


class BodyMemberInline(admin.TabularInline):
    model = BodyMember
    extra = 0
    fields = ["name", "role", "title", "organisation", "position"]


@admin.register(StandingBody)
class StandingBodyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "organisation", "is_published"]
    list_filter = ["kind", "is_published"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["organisation", "themes", "events"]
    inlines = [BodyMemberInline, BodyDocumentInline]

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        if formset.model is not Document:
            super().save_formset(request, form, formset, change)
            return
        for document in formset.save(commit=False):
            services.save_document(document, actor=request.user)
        for document in formset.deleted_objects:
            document.delete()


@admin.register(LearningExample)
class LearningExampleAdmin(admin.ModelAdmin):
    list_display = ["title", "municipality", "county", "published_at"]
    list_filter = ["county", "themes"]
    search_fields = ["title", "summary", "municipality"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["organisations", "themes", "contact", "events", "body"]
    readonly_fields = ["published_at"]
    actions = ["publish", "unpublish"]

    @admin.action(description=_("Publish the selected learning examples"))
    def publish(self, request: HttpRequest, queryset: QuerySet[LearningExample]) -> None:
        for example in queryset:
            services.publish_example(example, actor=request.user)

    @admin.action(description=_("Unpublish the selected learning examples"))
    def unpublish(self, request: HttpRequest, queryset: QuerySet[LearningExample]) -> None:
        for example in queryset:
            services.unpublish_example(example, actor=request.user)


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "body", "name", "organisation", "proof_of_work", "handled_at"]
    list_filter = ["body", "proof_of_work", ("handled_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "email", "organisation", "message"]
    date_hierarchy = "created_at"
    actions = ["mark_handled"]
    readonly_fields = [
        "body",
        "name",
        "email",
        "organisation",
        "message",
        "proof_of_work",
        "language",
        "created_at",
        "handled_at",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ContactMessage]:
        messages_ = super().get_queryset(request).select_related("body")
        if request.user.is_superuser:
            return messages_
        return messages_.filter(body__organisation__memberships__user=request.user).distinct()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.action(description=_("Mark as handled"), permissions=["view"])
    def mark_handled(self, request: HttpRequest, queryset: QuerySet[ContactMessage]) -> None:
        count = services.mark_handled(list(queryset), actor=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d message marked as handled.",
                "%(count)d messages marked as handled.",
                count,
            )
            % {"count": count},
        )


@admin.register(PressRegistration)
class PressRegistrationAdmin(admin.ModelAdmin):
    list_display = ["name", "media_outlet", "email", "phone", "event", "created_at"]
    list_filter = ["event"]
    search_fields = ["name", "media_outlet", "email", "event__title"]
    readonly_fields = ["created_at", "language"]
    autocomplete_fields = ["event"]
    actions = ["download_press_list"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[PressRegistration]:
        registrations = super().get_queryset(request).select_related("event")
        if request.user.is_superuser:
            return registrations
        visible = Event.objects.filter(event_ids_visible_to(request.user))
        return registrations.filter(event__in=visible)

    @admin.action(description=_("Download the press list (CSV)"), permissions=["view"])
    def download_press_list(
        self, request: HttpRequest, queryset: QuerySet[PressRegistration]
    ) -> HttpResponse:
        rows = list(queryset.order_by("event__start", "media_outlet", "name"))
        services.record_press_list_export(rows, actor=request.user)
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(
            [_("Event"), _("Name"), _("Media outlet"), _("E-mail"), _("Phone"), _("Registered")]
        )
        for row in rows:
            writer.writerow(
                [
                    row.event.title,
                    row.name,
                    row.media_outlet,
                    row.email,
                    row.phone,
                    timezone.localtime(row.created_at).strftime("%Y-%m-%d %H.%M"),
                ]
            )
        # A byte order mark, so that Excel reads the file as UTF-8 (å, ä, ö).
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="presslista.csv"'
        return response
