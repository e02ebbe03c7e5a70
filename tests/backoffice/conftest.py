"""A small world for the back office: a host, a co-host with each access level, outsiders.

world.host_org, world.cohost_org (view access), world.editor_cohost_org (edit programme),
world.blind_cohost_org (no access), world.other_org (arranges nothing here)
world.users["host_admin" | "host_editor" | "host_viewer" | "host_health" | "cohost_viewer"
            | "cohost_editor" | "blind_cohost" | "outsider"]
world.event: published, registration open, one block of two seminars, two registrations
"""

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from samlas.events.models import Event, EventOrganiser
from samlas.organisations.models import AccessLevel, EventAccess, Membership, Role
from samlas.programme.models import Block, Seminar
from samlas.registration import services as registration_services
from samlas.registration.models import RegistrationSettings
from tests.factories import make_event, make_organisation, make_room

PASSWORD = "ett-långt-lösenord-2024"


@dataclass
class World:
    event: Event
    host_org: object
    cohost_org: object
    editor_cohost_org: object
    blind_cohost_org: object
    other_org: object
    block: Block
    seminars: list[Seminar]
    registrations: list = field(default_factory=list)
    users: dict = field(default_factory=dict)


def make_user(username: str, **extra):
    return get_user_model().objects.create_user(
        username=username, email=f"{username}@example.se", password=PASSWORD, **extra
    )


def build_world() -> World:
    host = make_organisation(name="Länsstyrelsen i Testlän", kind="county_board")
    cohost = make_organisation(name="Polisregion Test", kind="police")
    editor_cohost = make_organisation(name="Testkommun", kind="municipality")
    blind = make_organisation(name="Region Test", kind="region")
    other = make_organisation(name="Annan kommun", kind="municipality")
    event = make_event(host=host, cohosts=[cohost, editor_cohost, blind], title="Trygghetsdagen")
    now = timezone.now()
    Event.objects.filter(pk=event.pk).update(
        registration_opens=now - timedelta(days=1), registration_closes=event.start
    )
    event.refresh_from_db()
    EventAccess.objects.create(
        event=event, organisation=cohost, level=AccessLevel.VIEW_REGISTRATIONS
    )
    EventAccess.objects.create(
        event=event, organisation=editor_cohost, level=AccessLevel.EDIT_PROGRAMME
    )
    RegistrationSettings.objects.create(
        event=event,
        capacity=50,
        purpose_text="Vi behandlar uppgifterna för att genomföra dagen.",
        dietary_needs="optional",
        allergies="optional",
        sector="optional",
    )
    block = Block.objects.create(
        event=event,
        start=event.start + timedelta(hours=5),
        end=event.start + timedelta(hours=5, minutes=30),
        title="Miniseminarier 1",
    )
    room = make_room(event.venue, name="Sal A", capacity=30)
    seminars = [
        Seminar.objects.create(
            block=block, title="Grannsamverkan", capacity=1, room=room, position=0
        ),
        Seminar.objects.create(block=block, title="Trygga skolvägar", capacity=20, position=1),
    ]
    world = World(event, host, cohost, editor_cohost, blind, other, block, seminars)
    for n, seminar in enumerate([seminars[0], seminars[1]]):
        world.registrations.append(
            registration_services.register(
                event,
                {
                    "name": f"Deltagare Hemlig{n}",
                    "email": f"hemlig{n}@example.se",
                    "organisation": "Testkommun",
                    "sector": "municipality",
                    "dietary_needs": "Vegetarisk" if n == 0 else "",
                    "allergies": "Nötallergi" if n == 0 else "",
                },
                {block.pk: seminar.pk},
                idempotency_key=f"world-{event.pk}-{n}",
            )
        )
    roles = {
        "host_admin": (host, Role.ADMIN, False),
        "host_editor": (host, Role.EDITOR, False),
        "host_viewer": (host, Role.VIEWER, False),
        "host_health": (host, Role.VIEWER, True),
        "cohost_viewer": (cohost, Role.ADMIN, True),
        "cohost_editor": (editor_cohost, Role.EDITOR, False),
        "blind_cohost": (blind, Role.ADMIN, True),
        "outsider": (other, Role.ADMIN, True),
    }
    for name, (organisation, role, health) in roles.items():
        user = make_user(f"{name}{event.pk}")
        Membership.objects.create(
            user=user, organisation=organisation, role=role, can_view_health_data=health
        )
        world.users[name] = user
    world.users["nobody"] = make_user(f"nobody{event.pk}")
    assert EventOrganiser.objects.filter(event=event).count() == 4
    return world


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
