"""E-mails of the archive, rendered for the registration outbox (plain text + HTML).

A contact message goes to the body's shared mailbox and to every member of the
organisation that runs its secretariat, in Swedish (the staff's language); a press
confirmation goes to the journalist in the language of the page they registered on.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from samlas.archive.models import ContactMessage, PressRegistration
from samlas.core.dates import format_event_span
from samlas.events.queries import visible_press_invitation
from samlas.registration.emails import RenderedEmail


def staff_addresses(message: ContactMessage) -> list[str]:
    """The body's mailbox first, then its secretariat's active members, each once."""
    body = message.body
    members = (
        get_user_model()
        .objects.filter(memberships__organisation_id=body.organisation_id, is_active=True)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
    )
    addresses, seen = [], set()
    for address in [body.contact_email, *members]:
        if address and address.casefold() not in seen:
            seen.add(address.casefold())
            addresses.append(address)
    return addresses


def _render(name: str, to: str, subject: str, context: dict) -> RenderedEmail:
    context = {**context, "site_name": settings.SITE_NAME}
    return RenderedEmail(
        to=to,
        subject=subject,
        text=render_to_string(f"archive/email/{name}.txt", context),
        html=render_to_string(f"archive/email/{name}.html", context),
    )


def contact_message(message: ContactMessage) -> list[RenderedEmail]:
    admin_path = reverse("admin:archive_contactmessage_change", args=[message.pk])
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Message through the contact form: %(body)s") % {"body": message.body.name}
        context = {
            "message": message,
            "body": message.body,
            "admin_url": f"{settings.SITE_URL}{admin_path}",
        }
        return [
            _render("contact_message", address, subject, context)
            for address in staff_addresses(message)
        ]


def press_confirmation(registration: PressRegistration) -> RenderedEmail:
    event = registration.event
    with translation.override(registration.language):
        subject = _("You are registered as press: %(event)s") % {"event": event.title}
        context = {
            "registration": registration,
            "event": event,
            "when": format_event_span(event.start, event.end),
            "venue": event.venue,
            "invitation": visible_press_invitation(event),
            "press_url": f"{settings.SITE_URL}{reverse('archive:press', args=[event.slug])}",
        }
        return _render("press_confirmation", registration.email, subject, context)
