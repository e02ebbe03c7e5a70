"""Django admin for superusers: organisations with their contact persons inline."""

from django.contrib import admin
from django.db import models

from samlas.organisations.models import ContactPerson, Organisation


class ContactPersonInline(admin.TabularInline):
    model = ContactPerson
    extra = 0
    fields = ["name", "title", "email", "phone"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "county"]
    list_filter = ["kind", "county"]
    search_fields = ["name", "organisation_number"]
    inlines = [ContactPersonInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(ContactPerson)
class ContactPersonAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "organisation", "email"]
    list_filter = ["organisation"]
    search_fields = ["name", "email", "organisation__name"]
    list_select_related = ["organisation"]
