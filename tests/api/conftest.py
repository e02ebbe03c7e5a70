"""An event with open registration, arranged by a host and two co-hosts, and API tokens of
every kind of member: the fixtures of the REST API tests."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from samlas.api import services as api_services
from samlas.api.webhooks import forget_endpoints
from samlas.events.models import Event
from samlas.organisations.models import AccessLevel, EventAccess, Organisation, Role
from samlas.programme.models import Block, Seminar
from samlas.registration import services as registration_services
from samlas.registration.models import RegistrationSettings
from tests.factories import make_event, make_organisation


@dataclass
class World:
    host: Organisation
    cohost: Organisation  # granted "view registrations"
    cohost_without_access: Organisation
    stranger: Organisation
    event: Event
    block: Block
    seminars: list[Seminar]
    tokens: dict[str, str]

    def client(self, name: str | None = None) -> APIClient:
        client = APIClient()
        if name is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {self.tokens[name]}")
        return client


def open_event(host: Organisation, cohosts=(), **fields) -> tuple[Event, Block, list[Seminar]]:
    now = timezone.now()
    event = make_event(
        host=host,
        cohosts=cohosts,
        registration_opens=now - timedelta(days=1),
        registration_closes=now + timedelta(days=20),
        **fields,
    )
    RegistrationSettings.objects.create(
        event=event,
        capacity=2,
        purpose_text="Vi behandlar uppgifterna för att genomföra konferensen.",
        dietary_needs="optional",
        seminar_choice_required=False,
    )
    block = Block.objects.create(
        event=event,
        start=event.start + timedelta(hours=5),
        end=event.start + timedelta(hours=6),
        title="Miniseminarier",
        choice_mode=Block.ChoiceMode.FIRST_COME,
    )
    seminars = [
        Seminar.objects.create(block=block, title=f"Seminarium {n}", capacity=5, position=n)
        for n in (1, 2)
    ]
    return event, block, seminars


TOKENS = {
    # name: (organisation attribute, role, may see health data)
    "host_admin": ("host", Role.ADMIN, False),
    "host_editor": ("host", Role.EDITOR, False),
    "host_health": ("host", Role.EDITOR, True),
    "host_viewer": ("host", Role.VIEWER, False),
    "cohost_editor": ("cohost", Role.EDITOR, True),
    "cohost_without_access": ("cohost_without_access", Role.ADMIN, False),
    "stranger_admin": ("stranger", Role.ADMIN, False),
}


@pytest.fixture
def world(db) -> World:
    forget_endpoints()
    host = make_organisation(name="Länsstyrelsen i Testlän")
    cohost = make_organisation(name="Polisen Testregion")
    without = make_organisation(name="Testkommunen")
    stranger = make_organisation(name="Annan organisation")
    event, block, seminars = open_event(host, cohosts=[cohost, without])
    EventAccess.objects.create(
        event=event, organisation=cohost, level=AccessLevel.VIEW_REGISTRATIONS
    )
    organisations = {
        "host": host,
        "cohost": cohost,
        "cohost_without_access": without,
        "stranger": stranger,
    }
    tokens = {}
    for name, (attribute, role, health) in TOKENS.items():
        _token, secret = api_services.issue_token(
            organisations[attribute], name=name, role=role, can_view_health_data=health
        )
        tokens[name] = secret
    return World(host, cohost, without, stranger, event, block, seminars, tokens)


def person(n: int | str, **extra) -> dict:
    return {
        "name": f"Deltagare {n}",
        "email": f"deltagare{n}@example.se",
        "organisation": "Umeå kommun",
        **extra,
    }


def headers(key: str) -> dict:
    return {"HTTP_IDEMPOTENCY_KEY": key}


@pytest.fixture
def api_ids():
    """Ids that exist, for tests that fill in path parameters (made once per world)."""
    made: dict[int, dict] = {}

    def ids(world: World) -> dict:
        if id(world) not in made:
            registration = registration_services.register(
                world.event, person("api"), idempotency_key="api-ids"
            )
            made[id(world)] = {"slug": world.event.slug, "id": registration.pk}
        return made[id(world)]

    return ids
