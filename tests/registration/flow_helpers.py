"""Helpers for the participant-page tests: walk the form's steps with Django's test client."""

import html
import re

import altcha
from django.test import Client
from django.urls import reverse

from samlas.registration import botcheck
from samlas.registration.models import (
    Answer,
    ConsentRecord,
    EventSeatStripe,
    HealthInformation,
    OutboxMessage,
    Registration,
    RegistrationLogEntry,
    SeminarChoice,
    SeminarPreference,
    SeminarSeats,
)

STATE = re.compile(r'name="state" value="([^"]+)"')


def form_url(event) -> str:
    return reverse("registration:register", kwargs={"slug": event.slug})


def state_of(response) -> str:
    """The signed state of the form on a page (the last one: the main form)."""
    found = STATE.findall(response.content.decode())
    assert found, "no form state on the page"
    return found[-1]


def start(client: Client, event) -> str:
    response = client.get(form_url(event))
    assert response.status_code == 200
    return state_of(response)


def post(client: Client, event, step: str, state: str, data: dict | None = None, **extra):
    return client.post(form_url(event), {"state": state, "step": step, **(data or {})}, **extra)


def solved_payload() -> str:
    """A proof of work as the browser widget would send it."""
    challenge = altcha.Challenge.from_dict(botcheck.new_challenge())
    solution = altcha.solve_challenge(challenge)
    return altcha.Payload(challenge, solution).to_base64()


def walk_to_review(client: Client, event, details: dict, choices: dict | None = None) -> str:
    """Post the details (and the choices, if the event has blocks); returns the review state."""
    response = post(client, event, "details", start(client, event), details)
    assert response.status_code == 200, response.content.decode()[:2000]
    state = state_of(response)
    if choices is not None:
        response = post(client, event, "choices", state, choices)
        assert response.status_code == 200, response.content.decode()[:2000]
        state = state_of(response)
    assert 'value="review"' in response.content.decode()
    return state


def snapshot() -> tuple:
    """Row counts of everything a registration writes: "database unchanged" means equal."""
    models = [
        Registration,
        SeminarChoice,
        SeminarPreference,
        Answer,
        ConsentRecord,
        HealthInformation,
        OutboxMessage,
        RegistrationLogEntry,
    ]
    seats = list(EventSeatStripe.objects.order_by("pk").values_list("pk", "confirmed"))
    seminar_seats = list(SeminarSeats.objects.order_by("pk").values_list("pk", "confirmed"))
    statuses = list(Registration.objects.order_by("pk").values_list("pk", "status"))
    return (*[m.objects.count() for m in models], seats, seminar_seats, statuses)


def text(response) -> str:
    """The page's text with whitespace collapsed, for assertions on messages."""
    content = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html.unescape(content))
