"""Template tags that let other apps' pages show the archive's material.

{% load archive %}
{% event_material event as material %}   published recordings and documents of an event
{{ document|type_and_size }}              "Pdf, 42 kB"
{{ recording.video|stored_size }}          "1,2 GB" (nothing if the file is missing)
{{ recording.external_url|external_host }} "play.example.se"
{{ recording.duration|minutes }}          "42 minuter"
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django import template
from django.utils.translation import ngettext

from samlas.archive import queries
from samlas.archive.files import extension, format_size
from samlas.archive.models import Document
from samlas.events.models import Event

register = template.Library()
VIDEO_FORMATS = {"mp4": "MP4", "m4v": "MP4", "webm": "WebM"}


@register.simple_tag
def event_material(event: Event) -> queries.EventMaterial:
    return queries.event_material(event)


@register.filter
def type_and_size(document: Document) -> str:
    return document.type_and_size


@register.filter
def stored_size(file) -> str:
    """The size of a stored file ("1,2 GB"), or nothing when the file cannot be read."""
    try:
        return format_size(file.size)
    except (OSError, ValueError):
        return ""


@register.filter
def file_format(file) -> str:
    """ "MP4", "WebM": the video format, as a label for a download link."""
    ext = extension(getattr(file, "name", "") or "")
    return VIDEO_FORMATS.get(ext, ext.upper())


@register.filter
def external_host(url: str) -> str:
    """The site a link leads to, as people know it: "play.example.se"."""
    host = urlsplit(url or "").hostname or ""
    return host.removeprefix("www.")


@register.filter
def minutes(duration: timedelta | None) -> str:
    if not duration:
        return ""
    count = max(round(duration.total_seconds() / 60), 1)
    return ngettext("%(count)d minute", "%(count)d minutes", count) % {"count": count}
