"""Django admin for seat allocation: read-only, since runs change only through services.py."""

from django.contrib import admin

from samlas.allocation.models import AllocationRun, AllocationSettings


@admin.register(AllocationRun)
class AllocationRunAdmin(admin.ModelAdmin):
    list_display = ["__str__", "event", "status", "created_at", "published_at"]
    list_filter = ["status"]
    search_fields = ["event__title", "input_hash"]
    readonly_fields = [
        "event",
        "seed",
        "status",
        "phase",
        "progress",
        "input_hash",
        "stats",
        "error",
        "created_by",
        "created_at",
        "finished_at",
        "published_at",
        "published_by",
    ]
    exclude = ["instance", "result"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AllocationSettings)
class AllocationSettingsAdmin(admin.ModelAdmin):
    list_display = ["event", "preference_deadline"]
    readonly_fields = ["event", "preference_deadline"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
