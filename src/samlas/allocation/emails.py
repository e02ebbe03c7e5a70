"""The e-mail each registrant gets when an allocation is published.

It uses the registration e-mails' layout (greeting, event, "Your seminars" with each seat's
status, the link to "Min anmälan") and adds what the allocation gave: the seats, and for a
block without a seat, the waiting list and the place in line. Rendered in the registrant's
language inside the publishing transaction, then queued in the registration outbox.
"""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from samlas.core.dates import format_event_span, format_time_range
from samlas.events.models import Event
from samlas.registration.emails import RenderedEmail
from samlas.registration.links import manage_url
from samlas.registration.models import Registration, SeminarChoice


@dataclass(frozen=True)
class Outcome:
    """One ranked block's result for one registrant."""

    choice: SeminarChoice
    position: int | None = None  # place in line, for a waiting choice


def allocation_email(
    registration: Registration,
    event: Event,
    choices: list[SeminarChoice],
    outcomes: list[Outcome],
) -> RenderedEmail:
    """`choices`: all the registrant's seminar choices (block and seminar loaded), so the
    e-mail lists the whole day; `outcomes`: those the allocation decided."""
    with translation.override(registration.language):
        context = {
            "kind": "allocation",
            "registration": registration,
            "event": event,
            "when": format_event_span(event.start, event.end),
            "venue": event.venue,
            "choices": [
                {
                    "block": choice.block,
                    "seminar": choice.seminar,
                    "status": choice.status,
                    "times": format_time_range(choice.block.start, choice.block.end),
                }
                for choice in choices
            ],
            "seats": [o.choice for o in outcomes if o.choice.status == "confirmed"],
            "waiting": [o for o in outcomes if o.choice.status == "waiting"],
            "manage_url": manage_url(registration),
            "event_url": f"{settings.SITE_URL}{event.get_absolute_url()}",
            "site_name": settings.SITE_NAME,
        }
        subject = _("Seminar seats allocated: %(event)s") % {"event": event.title}
        text = render_to_string("allocation/email/allocated.txt", context)
        html = render_to_string("allocation/email/allocated.html", context)
    # The calendar file is built when the message leaves (registration's outbox).
    attachments = [
        {
            "filename": f"{event.slug}.ics",
            "mimetype": "text/calendar",
            "calendar_for": registration.pk,
        }
    ]
    return RenderedEmail(registration.email, subject, text, html, attachments)
