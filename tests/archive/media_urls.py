"""The site's URLs plus uploaded files, for browser tests (the live server runs with DEBUG
off, when `samlas.urls` leaves media to the web server)."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from samlas.urls import urlpatterns as site_urlpatterns


def media(request, path: str):
    # MEDIA_ROOT is read per request: each test has its own.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [*site_urlpatterns, re_path(r"^media/(?P<path>.*)$", media)]
