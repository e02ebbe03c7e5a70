"""Django admin for registration, for superusers.

Organisers edit `RegistrationSettings`, questions and consents in the back office
(docs/registration-form.md); the inlines here are a superuser's fallback. Registrations
themselves are read-only: every change to one goes through services.py (the "cancel"
action calls `services.cancel`), so counters, waiting lists and logs stay right. Health
data is shown only to users with `registration.view_health_data` (superusers have it).
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from samlas.registration import outbox, services
from samlas.registration.models import (
    Answer,
    ConsentOption,
    ConsentRecord,
    EventSeatStripe,
    HealthInformation,
    OutboxMessage,
    Question,
    QuestionOption,
    Registration,
    RegistrationLogEntry,
    RegistrationSettings,
    SeminarChoice,
    SeminarPreference,
    SeminarSeats,
)

HEALTH_PERMISSION = "registration.view_health_data"


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["text", "kind", "required", "position"]
    show_change_link = True


class ConsentOptionInline(admin.TabularInline):
    model = ConsentOption
    extra = 0
    fields = ["text", "version", "position"]
    readonly_fields = ["version"]


@admin.register(RegistrationSettings)
class RegistrationSettingsAdmin(admin.ModelAdmin):
    list_display = ["event", "capacity", "waiting_list", "lawful_basis"]
    search_fields = ["event__title"]
    inlines = [QuestionInline, ConsentOptionInline]
    fieldsets = [
        (None, {"fields": ["event", "capacity", "waiting_list", "seminar_choice_required"]}),
        (
            _("Fields asked"),
            {
                "fields": [
                    "organisation",
                    "title",
                    "sector",
                    "municipality",
                    "county",
                    "phone",
                    "invoice_details",
                ]
            },
        ),
        (
            _("Health data (shown only to those who need it)"),
            {"fields": ["dietary_needs", "allergies", "accessibility_needs"]},
        ),
        (_("Data protection"), {"fields": ["lawful_basis", "purpose_text"]}),
        (_("E-mail"), {"fields": ["confirmation_text"]}),
    ]

    def save_formset(self, request, form, formset, change) -> None:
        # A consent's text is what people agreed to: a new text is a new version.
        if formset.model is ConsentOption:
            for inline_form in formset.forms:
                if inline_form.instance.pk and "text" in inline_form.changed_data:
                    inline_form.instance.version += 1
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        # A raised capacity frees seats: they go to the waiting list at once.
        promoted = services.promote_waiting_list(form.instance.event, actor=request.user)
        if promoted:
            self.message_user(
                request,
                ngettext(
                    "%(count)d person got a place from the waiting list.",
                    "%(count)d people got a place from the waiting list.",
                    promoted,
                )
                % {"count": promoted},
                messages.SUCCESS,
            )


class QuestionOptionInline(admin.TabularInline):
    model = QuestionOption
    extra = 0


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "settings", "kind", "required"]
    inlines = [QuestionOptionInline]


class SeminarChoiceInline(ReadOnlyInline):
    model = SeminarChoice
    fields = ["block", "seminar", "status", "queued_at"]
    readonly_fields = fields


class SeminarPreferenceInline(ReadOnlyInline):
    model = SeminarPreference
    fields = ["block", "rank", "seminar"]
    readonly_fields = fields


class AnswerInline(ReadOnlyInline):
    model = Answer
    fields = ["question", "value"]
    readonly_fields = fields


class ConsentRecordInline(ReadOnlyInline):
    model = ConsentRecord
    fields = ["text", "version", "given_at", "withdrawn_at"]
    readonly_fields = fields


class HealthInformationInline(admin.StackedInline):
    """Visible only with the dedicated permission, never through a general view permission."""

    model = HealthInformation
    can_delete = False
    fields = ["dietary_needs", "allergies", "accessibility_needs"]
    readonly_fields = fields

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm(HEALTH_PERMISSION)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "organisation", "event", "status", "created_at"]
    list_filter = ["status", "event"]
    search_fields = ["name", "email", "organisation"]
    list_select_related = ["event"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "event",
        "status",
        "name",
        "email",
        "organisation",
        "title",
        "sector",
        "municipality",
        "county",
        "phone",
        "organisation_number",
        "peppol_id",
        "invoice_reference",
        "language",
        "queued_at",
        "created_at",
        "confirmed_at",
        "cancelled_at",
    ]
    fields = readonly_fields
    inlines = [
        SeminarChoiceInline,
        SeminarPreferenceInline,
        AnswerInline,
        ConsentRecordInline,
        HealthInformationInline,
    ]
    actions = ["cancel_registrations"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Cancel the selected registrations"), permissions=["change"])
    def cancel_registrations(self, request, queryset) -> None:
        cancelled = 0
        for registration in queryset.select_related("event"):
            if registration.is_active:
                services.cancel(registration, actor=request.user)
                cancelled += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d registration cancelled.", "%(count)d registrations cancelled.", cancelled
            )
            % {"count": cancelled},
            messages.SUCCESS,
        )


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(RegistrationLogEntry)
class RegistrationLogEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "event", "registration", "action", "actor"]
    list_filter = ["action"]
    list_select_related = ["event", "registration", "actor"]


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "to", "subject", "kind", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["to", "subject"]
    exclude = ["text", "html", "attachments"]  # they hold the registrant's secret link
    actions = ["send_now"]

    @admin.action(description=_("Try to send the selected e-mails now"))
    def send_now(self, request, queryset) -> None:
        results = outbox.send_now(queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            _("Sent: %(sent)d of %(total)d.")
            % {"sent": results.count(outbox.SENT), "total": len(results)},
        )


@admin.register(EventSeatStripe)
class EventSeatStripeAdmin(ReadOnlyAdmin):
    list_display = ["event", "stripe", "confirmed", "capacity", "total"]


@admin.register(SeminarSeats)
class SeminarSeatsAdmin(ReadOnlyAdmin):
    list_display = ["seminar", "confirmed", "capacity"]
