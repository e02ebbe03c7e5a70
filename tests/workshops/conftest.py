"""Workshop fixtures: an event with a workshop of three questions (one per method).

The event's host is an organisation whose editor (`organiser_client`) runs the workshop from
the back office; tests/workshops/test_organiser_access.py walks the other roles.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from samlas.events.models import Event, EventOrganiser
from samlas.organisations.models import Membership, Organisation, Role
from samlas.workshops import services
from samlas.workshops.models import Question, Workshop

STOCKHOLM = ZoneInfo("Europe/Stockholm")
PROPOSALS = ["Fler vuxna på stan", "Bättre belysning", "Trygga skolvägar", "Öppna fritidsgårdar"]


def make_event(slug: str = "hearing") -> Event:
    """A published hearing hosted by its own county board (`event.organisers`)."""
    event = Event.objects.create(
        slug=slug,
        kind=Event.Kind.HEARING,
        title="Regional hearing om trygghet",
        summary="Grupper prioriterar förslag.",
        start=datetime(2024, 9, 24, 9, tzinfo=STOCKHOLM),
        end=datetime(2024, 9, 24, 16, tzinfo=STOCKHOLM),
        status=Event.Status.PUBLISHED,
    )
    host = Organisation.objects.create(
        name=f"Länsstyrelsen ({slug})", kind=Organisation.Kind.COUNTY_BOARD
    )
    EventOrganiser.objects.create(event=event, organisation=host, role=EventOrganiser.Role.HOST)
    return event


def make_organiser(event: Event, username: str = "arrangor", role: str = Role.EDITOR):
    """A member of the event's host organisation with `role` (editors may run workshops)."""
    user = get_user_model().objects.create_user(username, password="x")
    host = event.organisers.get(role=EventOrganiser.Role.HOST).organisation
    Membership.objects.create(user=user, organisation=host, role=role)
    return user


def organiser_url(name: str, workshop: Workshop, **kwargs: object) -> str:
    return reverse(name, kwargs={"pk": workshop.event_id, "workshop_pk": workshop.pk, **kwargs})


def make_workshop(event: Event, *, groups: tuple[str, ...] = (), assign: bool = False) -> Workshop:
    workshop = services.create_workshop(
        event=event, title="Prioritera åtgärder", group_names=groups, assign_groups=assign
    )
    for method, points in [("ranking", None), ("dots", 5), ("choice", None)]:
        question = services.add_question(
            workshop,
            text=f"Vilka åtgärder ({method})?",
            method=method,
            points=points,
            proposals=PROPOSALS,
            allow_proposals=True,
        )
        services.open_question(question)
    return workshop


@pytest.fixture
def event(db) -> Event:
    return make_event()


@pytest.fixture
def workshop(event) -> Workshop:
    return make_workshop(event)


@pytest.fixture
def ranking(workshop) -> Question:
    return workshop.questions.get(method="ranking")


@pytest.fixture
def dots(workshop) -> Question:
    return workshop.questions.get(method="dots")


@pytest.fixture
def choice(workshop) -> Question:
    return workshop.questions.get(method="choice")


def proposal_ids(question: Question) -> list[int]:
    return list(question.proposals.values_list("pk", flat=True))


@pytest.fixture
def organiser_client(client, event):
    client.force_login(make_organiser(event))
    return client
