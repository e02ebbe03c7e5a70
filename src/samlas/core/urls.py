from django.urls import path

from samlas.core import views

app_name = "core"
urlpatterns = [
    path("tillganglighet/", views.AccessibilityStatementView.as_view(), name="accessibility"),
    path("personuppgifter/", views.PrivacyView.as_view(), name="privacy"),
]
