"""The e-mail a participant gets from a campaign: the organiser's text with their values,
and a footer in their language that says who sent it and why, with their own link."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from samlas.core.dates import format_event_span
from samlas.events.models import Event, EventOrganiser
from samlas.mailings import placeholders
from samlas.registration.emails import RenderedEmail
from samlas.registration.links import manage_url
from samlas.registration.models import Registration


def organiser_names(event: Event) -> str:
    """The host first, then the co-hosts in the order they were added."""
    rows = EventOrganiser.objects.filter(event=event).order_by("pk")
    pairs = rows.values_list("role", "organisation__name")
    return ", ".join(name for _role, name in sorted(pairs, key=lambda p: p[0] != "host"))


def render_message(
    subject: str, body: str, registration: Registration, organisers: str
) -> RenderedEmail:
    event = registration.event
    with translation.override(registration.language):
        filled_subject = " ".join(placeholders.fill(subject, registration).split())
        context = {
            "subject": filled_subject,
            "body": placeholders.fill(body, registration),
            "registration": registration,
            "event": event,
            "when": format_event_span(event.start, event.end),
            "manage_url": manage_url(registration),
            "site_name": settings.SITE_NAME,
            "organisers": organisers,
        }
        text = render_to_string("mailings/email/message.txt", context)
        html = render_to_string("mailings/email/message.html", context)
    return RenderedEmail(registration.email, filled_subject[:300], text, html)
