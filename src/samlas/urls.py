"""URL map: public pages first, then the Django admin for superusers."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("samlas.core.urls")),
    path("", include("samlas.events.urls")),
    path("", include("samlas.programme.urls")),
    path("", include("samlas.workshops.urls")),
    path("", include("samlas.registration.urls_api")),
    path("", include("samlas.registration.urls")),
    path("organisera/", include("samlas.backoffice.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
