"""/api/v1/: the versioned REST API and its OpenAPI document (docs/api.md)."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView

from samlas.api import views

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularJSONAPIView.as_view(), name="schema"),
    path("token/", views.TokenView.as_view(), name="token"),
    path("organisations/", views.OrganisationList.as_view(), name="organisations"),
    path("themes/", views.ThemeList.as_view(), name="themes"),
    path("events/", views.EventList.as_view(), name="events"),
    path("events/<str:slug>/", views.EventDetail.as_view(), name="event"),
    path("events/<str:slug>/programme/", views.ProgrammeView.as_view(), name="programme"),
    path(
        "events/<str:slug>/registrations/",
        views.RegistrationList.as_view(),
        name="registrations",
    ),
    path(
        "events/<str:slug>/registrations/export/",
        views.RegistrationExport.as_view(),
        name="registrations_export",
    ),
    path(
        "events/<str:slug>/registrations/<int:pk>/",
        views.RegistrationDetail.as_view(),
        name="registration",
    ),
    path(
        "events/<str:slug>/registrations/<int:pk>/cancel/",
        views.RegistrationCancel.as_view(),
        name="registration_cancel",
    ),
    path("webhooks/", views.WebhookList.as_view(), name="webhooks"),
    path("webhooks/<int:pk>/", views.WebhookDetail.as_view(), name="webhook"),
    path(
        "webhooks/<int:pk>/deliveries/",
        views.WebhookDeliveries.as_view(),
        name="webhook_deliveries",
    ),
    # Any other path under /api/v1/, even one with a line break in it, answers in JSON.
    re_path(r"^[\s\S]*$", views.NotFoundView.as_view(), name="not_found"),
]
