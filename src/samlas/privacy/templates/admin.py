from django.contrib import admin

from samlas.privacy.models import EventRetention


@admin.register(EventRetention)
class EventRetentionAdmin(admin.ModelAdmin):
    list_display = [
        "event",
        "personal_data_days",
        "health_data_days",
        "warned_at",
        "health_data_erased_at",
        "personal_data_erased_at",
    ]
    autocomplete_fields = ["event"]
    readonly_fields = [
        "warned_at",
        "health_data_erased_at",
        "personal_data_erased_at",
        "statistics",
    ]
