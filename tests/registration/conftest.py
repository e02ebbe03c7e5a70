"""Fixtures for registration: events ready to take registrations, and a real SMTP server."""

import email
import socket
import threading
from dataclasses import dataclass, field
from datetime import timedelta
from email.message import EmailMessage
from email.policy import default as default_policy
from itertools import count

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from samlas.events.models import Event, Venue
from samlas.programme.models import Block, Seminar
from samlas.registration.models import RegistrationSettings

_serial = count(1)


@dataclass
class Setup:
    event: Event
    settings: RegistrationSettings
    blocks: list[Block] = field(default_factory=list)

    def seminars(self, block_index: int = 0) -> list[Seminar]:
        return list(self.blocks[block_index].seminars.order_by("pk"))


def build_event(
    capacity: int | None = 100,
    blocks: list[tuple[str, list[int]]] | None = None,
    *,
    waiting_list: bool = True,
    opens_in: timedelta = timedelta(days=-1),
    starts_in: timedelta = timedelta(days=30),
    status: str = Event.Status.PUBLISHED,
    **settings_fields,
) -> Setup:
    """A published event whose registration is open, with blocks of (mode, [capacities])."""
    n = next(_serial)
    now = timezone.now()
    start = (now + starts_in).replace(hour=9, minute=0, second=0, microsecond=0)
    venue = Venue.objects.create(
        name=f"Stadshuset {n}", street_address="Storgatan 1", postcode="111 22", city="Umeå"
    )
    event = Event.objects.create(
        slug=f"konferens-{n}",
        kind=Event.Kind.CONFERENCE,
        title=f"Trygghetskonferensen {n}",
        summary="En dag om brottsförebyggande arbete.",
        start=start,
        end=start + timedelta(hours=7),
        status=status,
        venue=venue,
        registration_opens=now + opens_in,
        registration_closes=start - timedelta(days=1),
    )
    settings = RegistrationSettings.objects.create(
        event=event,
        capacity=capacity,
        waiting_list=waiting_list,
        purpose_text="Vi behandlar uppgifterna för att genomföra konferensen.",
        **settings_fields,
    )
    made = []
    for index, (mode, capacities) in enumerate(blocks or []):
        block_start = start + timedelta(hours=5, minutes=45 * index)
        block = Block.objects.create(
            event=event,
            start=block_start,
            end=block_start + timedelta(minutes=30),
            title=f"Block {index + 1}",
            choice_mode=mode,
        )
        for position, seminar_capacity in enumerate(capacities):
            Seminar.objects.create(
                block=block,
                title=f"Miniseminarium {index + 1}.{position + 1}",
                capacity=seminar_capacity,
                position=position,
            )
        made.append(block)
    return Setup(event=event, settings=settings, blocks=made)


def person(n: int | str, **extra) -> dict:
    """Registration data for a made-up participant (the organisation is asked by default)."""
    return {
        "name": f"Deltagare {n}",
        "email": f"deltagare{n}@example.se",
        "organisation": "Umeå kommun",
        **extra,
    }


@pytest.fixture
def make_event(db):
    return build_event


class _Collector:
    """An aiosmtpd handler that keeps every message, parsed, or refuses them when asked."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refuse = False
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's hook name
        if self.refuse:
            return "451 Requested action aborted: try again later"
        message = email.message_from_bytes(envelope.content, policy=default_policy)
        with self.lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"


@dataclass
class SmtpSink:
    host: str
    port: int
    handler: _Collector

    @property
    def messages(self) -> list[EmailMessage]:
        with self.handler.lock:
            return list(self.handler.messages)

    def refuse(self, value: bool = True) -> None:
        self.handler.refuse = value


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_sink(settings):
    """A real SMTP server on 127.0.0.1; Django's mail goes to it and is read back parsed."""
    handler = _Collector()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    try:
        yield SmtpSink("127.0.0.1", controller.port, handler)
    finally:
        controller.stop()
