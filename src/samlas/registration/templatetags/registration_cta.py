"""The "Anmäl dig" box on an event's page, with the button to the form when it is open.

    {% load registration_cta %}
    {% registration_cta event registration %}   registration: events.queries.RegistrationStatus

A template tag rather than a change to the event view, so that the events app does not
import registration (registration builds on events, not the other way round).
"""

from django import template

from samlas.events.models import Event
from samlas.registration import queries

register = template.Library()


@register.inclusion_tag("registration/_event_cta.html")
def registration_cta(event: Event, registration) -> dict:
    state = queries.registration_state(event)
    return {
        "event": event,
        "registration": registration,
        "state": state,
        "open": state in {queries.OPEN, queries.WAITING_LIST},
        "seats_left": queries.event_seats_left(event) if state == queries.OPEN else None,
        "offered": state not in {queries.NOT_OFFERED, queries.NOT_OPEN},
    }
