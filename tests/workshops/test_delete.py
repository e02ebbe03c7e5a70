"""Deleting a workshop or one of its questions from the back office: confirmed first, logged,
and only by those who may edit the programme."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from samlas.core.models import AuditLogEntry
from samlas.workshops import services
from samlas.workshops.models import Ballot, Proposal, Question, Workshop
from tests.backoffice.conftest import build_world

from .conftest import make_workshop


@pytest.fixture
def world(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = build_world()
    world.workshop = make_workshop(world.event)
    world.choice = world.workshop.questions.get(method="choice")
    first = world.choice.proposals.order_by("position").first()
    for _ in range(3):
        services.cast_ballot(world.choice, uuid.uuid4(), {first.pk: 1})
    return world


def client_of(world, who: str) -> Client:
    client = Client()
    client.force_login(world.users[who])
    return client


def url(world, name: str, **kwargs) -> str:
    ids = {"pk": world.event.pk, "workshop_pk": world.workshop.pk}
    return reverse(f"workshops:{name}", kwargs={**ids, **kwargs})


def test_deleting_a_workshop_asks_first_then_takes_its_votes_along_and_logs_it(world):
    client = client_of(world, "host_editor")
    page = client.get(url(world, "organiser_delete"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Ta bort workshoppen?" in text and "Prioritera åtgärder" in text
    assert "de 3 röster som har getts" in text
    assert Workshop.objects.filter(pk=world.workshop.pk).exists()  # asking deletes nothing

    response = client.post(url(world, "organiser_delete"), follow=True)
    listing = reverse("workshops:organiser_list", args=[world.event.pk])
    assert response.redirect_chain[-1][0] == listing
    assert "Workshoppen är borttagen." in response.content.decode()
    assert not Workshop.objects.exists()
    assert not Question.objects.exists() and not Proposal.objects.exists()
    assert not Ballot.objects.exists()
    entry = AuditLogEntry.objects.filter(event_id=world.event.pk).latest("pk")
    assert entry.action == AuditLogEntry.Action.DELETED
    assert entry.data == {"title": "Prioritera åtgärder", "ballots": 3}
    assert entry.actor == world.users["host_editor"]


def test_deleting_a_question_keeps_the_rest_of_the_workshop(world):
    client = client_of(world, "cohost_editor")
    question_url = url(world, "question_delete", question_id=world.choice.pk)
    assert "de 3 röster som har getts" in client.get(question_url).content.decode()
    response = client.post(question_url)
    assert response.status_code == 302
    assert response.url == world.workshop.get_absolute_url()
    assert not Question.objects.filter(pk=world.choice.pk).exists()
    assert not Ballot.objects.exists()
    assert sorted(world.workshop.questions.values_list("method", flat=True)) == ["dots", "ranking"]
    entry = AuditLogEntry.objects.filter(event_id=world.event.pk).latest("pk")
    assert (entry.action, entry.data["ballots"]) == (AuditLogEntry.Action.DELETED, 3)


@pytest.mark.parametrize(
    ("who", "status"), [("host_viewer", 403), ("outsider", 404), ("blind_cohost", 404)]
)
def test_nobody_else_can_delete(world, who, status):
    client = client_of(world, who)
    for target in (
        url(world, "organiser_delete"),
        url(world, "question_delete", question_id=world.choice.pk),
    ):
        assert client.get(target).status_code == status
        assert client.post(target).status_code == status
    assert Workshop.objects.filter(pk=world.workshop.pk).exists()
    assert Question.objects.filter(pk=world.choice.pk).exists()
    assert Ballot.objects.count() == 3
