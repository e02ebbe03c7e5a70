"""An event that has ended, with registrations holding every kind of personal data."""

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from samlas.archive.models import ContactMessage, PressRegistration, StandingBody
from samlas.events.models import Event
from samlas.organisations.models import Membership, Organisation, Role
from samlas.programme.models import Block, Seminar
from samlas.registration import services as registration_services
from samlas.registration.models import (
    ConsentOption,
    Question,
    QuestionOption,
    Registration,
    RegistrationSettings,
)
from tests.factories import make_event, make_organisation


@dataclass
class Past:
    event: Event
    host: Organisation
    registrations: list[Registration]
    ended: datetime
    question: Question
    choice_question: Question


def registrable_event(host: Organisation, start: datetime, **fields) -> tuple[Event, Seminar]:
    event = make_event(
        host=host,
        start=start,
        registration_opens=start - timedelta(days=30),
        registration_closes=start - timedelta(days=1),
        **fields,
    )
    RegistrationSettings.objects.create(
        event=event,
        capacity=2,
        purpose_text="Vi behandlar uppgifterna för att genomföra dagen.",
        dietary_needs="optional",
        phone="optional",
        seminar_choice_required=False,
    )
    block = Block.objects.create(
        event=event,
        start=event.start + timedelta(hours=2),
        end=event.start + timedelta(hours=3),
        title="Block",
        choice_mode=Block.ChoiceMode.FIRST_COME,
    )
    return event, Seminar.objects.create(block=block, title="Seminarium", capacity=10)


def register(event: Event, n: int, **extra) -> Registration:
    data = {
        "name": f"Anna Andersson {n}",
        "email": f"anna{n}@example.se",
        "organisation": "Umeå kommun",
        "sector": "municipality",
        "phone": "070-123 45 67",
        **extra,
    }
    return registration_services.register(event, data, idempotency_key=f"p{n}")


@pytest.fixture
def past(db) -> Past:
    """Registrations made while the event was open; then the event is moved into the past."""
    host = make_organisation(name="Länsstyrelsen i Testlän")
    admin = get_user_model().objects.create_user("admin", email="admin@lansstyrelsen.se")
    Membership.objects.create(user=admin, organisation=host, role=Role.ADMIN)
    event, _seminar = registrable_event(host, timezone.now() + timedelta(days=10))
    settings_row = event.registration_settings
    question = Question.objects.create(settings=settings_row, text="Något mer?")
    choice = Question.objects.create(
        settings=settings_row, text="Lunch?", kind=Question.Kind.SINGLE
    )
    yes = QuestionOption.objects.create(question=choice, text="Ja")
    consent = ConsentOption.objects.create(settings=settings_row, text="Foto får publiceras.")
    registrations = [
        register(
            event,
            n,
            dietary_needs="Glutenfri",
            answers={question.pk: f"Jag heter Anna {n}", choice.pk: yes.pk},
            consents=[consent.pk],
        )
        for n in (1, 2)
    ] + [register(event, 3)]  # the third is on the waiting list
    ended = timezone.now() - timedelta(hours=1)
    Event.objects.filter(pk=event.pk).update(start=ended - timedelta(hours=7), end=ended)
    event.refresh_from_db()
    PressRegistration.objects.create(
        event=event, name="Pelle Press", media_outlet="Lokaltidningen", email="pelle@tidning.se"
    )
    return Past(event, host, registrations, ended, question, choice)


def make_body(organisation: Organisation) -> StandingBody:
    return StandingBody.objects.create(
        slug="radet",
        name="Rådet",
        summary="Ett råd.",
        organisation=organisation,
        contact_email="radet@example.se",
        is_published=True,
    )


def contact_message(body: StandingBody, email: str, created_at: datetime) -> ContactMessage:
    message = ContactMessage.objects.create(
        body=body, name="Kalle", email=email, message="Hej, jag undrar …"
    )
    ContactMessage.objects.filter(pk=message.pk).update(created_at=created_at)
    return message
