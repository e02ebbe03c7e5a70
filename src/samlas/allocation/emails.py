"""The e-mail each registrant gets when an allocation is published.

It uses the registration e-mails' layout (greeting, event, "Your seminars" with each seat's
status, the link to "Min anmälan") and adds what the allocation gave: the seats, and for a
block without a seat, the waiting list and the place in line. Rendered in the registrant's
language and queued in the registration outbox by `services.publish_allocation`, which
renders them before it takes the locks and keeps a draft only if its `letter_key` is still
the same under the locks.
"""

from collections.abc import Hashable
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import get_template
from django.utils import translation
from django.utils.translation import gettext as _

from samlas.core.dates import format_event_span, format_time_range
from samlas.events.models import Event
from samlas.registration.emails import RenderedEmail
from samlas.registration.links import manage_url
from samlas.registration.models import Registration, SeminarChoice

CONFIRMED = SeminarChoice.Status.CONFIRMED
WAITING = SeminarChoice.Status.WAITING


@dataclass(frozen=True)
class Outcome:
    """One ranked block's result for one registrant."""

    choice: SeminarChoice  # with block and seminar loaded
    position: int | None = None  # place in line, for a waiting choice


def letter_key(
    registration: Registration, choices: list[SeminarChoice], outcomes: list[Outcome]
) -> Hashable:
    """Everything the e-mail depends on: equal keys give equal e-mails."""
    return (
        registration.name,
        registration.email,
        registration.language,
        registration.link_secret,
        tuple((c.block_id, c.seminar_id, c.status) for c in choices),
        tuple(
            (o.choice.block_id, o.choice.seminar_id, o.choice.status, o.position) for o in outcomes
        ),
    )


class AllocationMailer:
    """Renders the allocation e-mails of one event; what they share is worked out once."""

    def __init__(self, event: Event) -> None:
        self.event = event
        self.event_url = f"{settings.SITE_URL}{event.get_absolute_url()}"
        self.text = get_template("allocation/email/allocated.txt")
        self.html = get_template("allocation/email/allocated.html")
        self._times: dict[tuple[str, int], str] = {}

    def _block_times(self, block, language: str) -> str:
        key = (language, block.pk)
        if key not in self._times:
            self._times[key] = format_time_range(block.start, block.end)
        return self._times[key]

    def render(
        self, registration: Registration, choices: list[SeminarChoice], outcomes: list[Outcome]
    ) -> RenderedEmail:
        """`choices`: all the registrant's seminar choices, so the e-mail lists the whole day;
        `outcomes`: those the allocation decided."""
        event = self.event
        language = registration.language
        with translation.override(language):
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
                        "times": self._block_times(choice.block, language),
                    }
                    for choice in choices
                ],
                "seats": [o.choice for o in outcomes if o.choice.status == CONFIRMED],
                "waiting": [o for o in outcomes if o.choice.status == WAITING],
                "manage_url": manage_url(registration),
                "event_url": self.event_url,
                "site_name": settings.SITE_NAME,
            }
            subject = _("Seminar seats allocated: %(event)s") % {"event": event.title}
            text = self.text.render(context)
            html = self.html.render(context)
        # The calendar file is built when the message leaves (registration's outbox).
        attachments = [
            {
                "filename": f"{event.slug}.ics",
                "mimetype": "text/calendar",
                "calendar_for": registration.pk,
            }
        ]
        return RenderedEmail(registration.email, subject, text, html, attachments)
