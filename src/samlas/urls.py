"""URL map: public pages first, then the Django admin for superusers."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("samlas.core.urls")),
    path("", include("samlas.events.urls")),
    path("", include("samlas.programme.urls")),
    path("", include("samlas.workshops.urls")),
    path("", include("samlas.registration.urls_api")),
    path("", include("samlas.registration.urls")),
    path("", include("samlas.archive.urls")),
    path("", include("samlas.privacy.urls")),
    path("api/v1/", include("samlas.api.urls")),
    path("", include("samlas.ops.urls")),  # /healthz, /readyz, /organisera/drift/
    path("organisera/", include("samlas.backoffice.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

# A database outage or a full disk answers 503/507, not 500 (samlas.ops.middleware).
handler500 = "samlas.ops.views.server_error"

if settings.DEBUG:
    # Uploaded recordings and documents in development; in production the web server
    # serves MEDIA_ROOT at MEDIA_URL.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
