from django.urls import path

from samlas.ops import views

app_name = "ops"
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("organisera/drift/", views.status, name="status"),
]
