"""Workshop fixtures: an event with a workshop of three questions (one per method)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from samlas.events.models import Event
from samlas.workshops import services
from samlas.workshops.models import Question, Workshop

STOCKHOLM = ZoneInfo("Europe/Stockholm")
PROPOSALS = ["Fler vuxna på stan", "Bättre belysning", "Trygga skolvägar", "Öppna fritidsgårdar"]


def make_event(slug: str = "hearing") -> Event:
    return Event.objects.create(
        slug=slug,
        kind=Event.Kind.HEARING,
        title="Regional hearing om trygghet",
        summary="Grupper prioriterar förslag.",
        start=datetime(2024, 9, 24, 9, tzinfo=STOCKHOLM),
        end=datetime(2024, 9, 24, 16, tzinfo=STOCKHOLM),
        status=Event.Status.PUBLISHED,
    )


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
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_user("arrangor", password="x", is_staff=True)
    client.force_login(user)
    return client
