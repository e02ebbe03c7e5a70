"""Event work in the back office: create, edit, publish, cancel (with e-mails), copy,
organisers and access, venues, and the programme with its validation messages inline."""

from datetime import timedelta

import pytest
from django.urls import reverse

from samlas.core.models import AuditLogEntry
from samlas.events.models import Event, EventOrganiser, Venue
from samlas.organisations.models import EventAccess
from samlas.programme.models import Participation, ProgrammeItem, Seminar
from samlas.registration.models import OutboxMessage


def login(client, world, who="host_editor"):
    client.force_login(world.users[who])
    return world.users[who]


def local(moment):
    from django.utils import timezone

    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.mark.django_db
def test_create_event_as_draft_hosted_by_my_organisation(client, world):
    user = login(client, world)
    start = world.event.start + timedelta(days=60)
    response = client.post(
        reverse("backoffice:event_create"),
        {
            "host": world.host_org.pk,
            "kind": "seminar",
            "title": "Våld i nära relationer",
            "summary": "En halvdag om stöd.",
            "start": local(start),
            "end": local(start + timedelta(hours=4)),
            "language": "sv",
        },
    )
    event = Event.objects.get(title="Våld i nära relationer")
    assert response.status_code == 302 and response["Location"].endswith(f"/{event.pk}/")
    assert event.status == Event.Status.DRAFT and event.slug == "vald-i-nara-relationer"
    assert event.host.organisation == world.host_org
    assert AuditLogEntry.objects.get(event_id=event.pk, action="created").actor == user


@pytest.mark.django_db
def test_create_event_shows_errors_in_swedish(client, world):
    login(client, world)
    start = world.event.start
    response = client.post(
        reverse("backoffice:event_create"),
        {
            "host": world.other_org.pk,
            "kind": "seminar",
            "title": "",
            "start": local(start),
            "end": local(start - timedelta(hours=1)),
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert 'id="id_title-error"' in body
    assert "Evenemanget måste sluta efter att det har börjat." in body
    assert "event_end_after_start" not in body  # never a constraint's name
    assert not Event.objects.filter(kind="seminar").exists()


@pytest.mark.django_db
def test_viewer_may_not_create_events(client, world):
    login(client, world, "host_viewer")
    assert client.get(reverse("backoffice:event_create")).status_code == 403


@pytest.mark.django_db
def test_publish_unpublish_and_audit(client, world):
    login(client, world)
    event = world.event
    client.post(reverse("backoffice:event_unpublish", args=[event.pk]))
    event.refresh_from_db()
    assert event.status == Event.Status.DRAFT
    client.post(reverse("backoffice:event_publish", args=[event.pk]))
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    actions = list(
        AuditLogEntry.objects.filter(event_id=event.pk)
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["unpublished", "published"]
    history = client.get(reverse("backoffice:audit_log", args=[event.pk])).content.decode()
    assert "Publicerade" in history or "publicerade" in history.lower()


@pytest.mark.django_db
def test_cancel_event_emails_everyone_registered(client, world):
    login(client, world)
    response = client.post(
        reverse("backoffice:event_cancel", args=[world.event.pk]),
        {"reason": "Lokalen har brunnit."},
    )
    assert response.status_code == 302
    world.event.refresh_from_db()
    assert world.event.status == Event.Status.CANCELLED
    assert world.event.cancellation_reason == "Lokalen har brunnit."
    mails = OutboxMessage.objects.filter(subject__startswith="Inställt")
    assert sorted(m.to for m in mails) == ["hemlig0@example.se", "hemlig1@example.se"]
    assert all("Lokalen har brunnit." in m.text for m in mails)


@pytest.mark.django_db
def test_cancel_needs_a_reason(client, world):
    login(client, world)
    response = client.post(
        reverse("backoffice:event_cancel", args=[world.event.pk]), {"reason": ""}
    )
    assert response.status_code == 200
    world.event.refresh_from_db()
    assert world.event.status == Event.Status.PUBLISHED


@pytest.mark.django_db
def test_copy_event_with_programme_as_template(client, world):
    login(client, world)
    from samlas.programme.services import add_item, add_person

    item = add_item(
        world.event,
        start=world.event.start,
        end=world.event.start + timedelta(hours=1),
        title="Inledning",
        kind="opening",
        people=[add_person("Anna Andersson", title="Landshövding")],
    )
    new_start = world.event.start + timedelta(days=365)
    response = client.post(
        reverse("backoffice:event_copy", args=[world.event.pk]),
        {"title": "Trygghetsdagen nästa år", "start": local(new_start)},
    )
    copy = Event.objects.get(title="Trygghetsdagen nästa år")
    assert response["Location"].endswith(f"/{copy.pk}/")
    assert copy.status == Event.Status.DRAFT
    assert copy.organisers.count() == 4
    copied = copy.items.get()
    assert copied.title == item.title and copied.start == item.start + timedelta(days=365)
    assert copied.participations.get().person.name == "Anna Andersson"
    assert Seminar.objects.filter(block__event=copy).count() == 2
    assert not copy.registrations.exists()


@pytest.mark.django_db
def test_programme_validation_is_shown_inline_in_swedish(client, world):
    login(client, world)
    outside = world.event.start + timedelta(days=3)
    response = client.post(
        reverse("backoffice:item_create", args=[world.event.pk]),
        {
            "save": "1",
            "kind": "talk",
            "title": "Föredrag",
            "start": local(outside),
            "end": local(outside + timedelta(hours=1)),
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Programpunkten måste ligga inom evenemangets datum" in body
    assert 'id="id_start-error"' in body
    assert not ProgrammeItem.objects.exists()


@pytest.mark.django_db
def test_programme_item_with_a_person_then_removed(client, world):
    login(client, world, "cohost_editor")  # a co-host with "edit programme"
    start = world.event.start
    client.post(
        reverse("backoffice:item_create", args=[world.event.pk]),
        {
            "save": "1",
            "kind": "talk",
            "title": "Lägesbild",
            "start": local(start),
            "end": local(start + timedelta(minutes=30)),
        },
    )
    item = ProgrammeItem.objects.get(title="Lägesbild")
    url = reverse("backoffice:item_edit", args=[world.event.pk, item.pk])
    client.post(
        url,
        {
            "add_person": "1",
            "person-name": "Per Polis",
            "person-title": "Kommissarie",
            "person-role": "speaker",
        },
    )
    participation = Participation.objects.get(item=item)
    assert participation.person.name == "Per Polis"
    client.post(url, {"remove_person": participation.pk})
    assert not Participation.objects.filter(item=item).exists()
    client.post(url, {"delete": "1"})
    assert not ProgrammeItem.objects.filter(pk=item.pk).exists()
    assert AuditLogEntry.objects.filter(event_id=world.event.pk, action="deleted").count() == 2


@pytest.mark.django_db
def test_room_used_twice_in_a_block_is_refused(client, world):
    login(client, world)
    room = world.seminars[0].room
    response = client.post(
        reverse("backoffice:seminar_create", args=[world.event.pk, world.block.pk]),
        {"save": "1", "title": "Krock", "capacity": 10, "room": room.pk, "position": 2},
    )
    assert "Seminarierna i ett block måste vara i olika lokaler." in response.content.decode()


@pytest.mark.django_db
def test_raising_a_seminar_capacity_promotes_the_waiting_list(client, world):
    from samlas.registration import services

    waiting = services.register(
        world.event,
        {"name": "Väntande", "email": "v@example.se", "organisation": "X"},
        {world.block.pk: world.seminars[0].pk},
        idempotency_key="wait-1",
    )
    assert waiting.choices.get().status == "waiting"
    login(client, world)
    client.post(
        reverse("backoffice:seminar_edit", args=[world.event.pk, world.seminars[0].pk]),
        {
            "save": "1",
            "title": "Grannsamverkan",
            "capacity": 2,
            "room": world.seminars[0].room_id,
            "position": 0,
        },
    )
    assert waiting.choices.get().status == "confirmed"


@pytest.mark.django_db
def test_viewer_cannot_edit_programme(client, world):
    login(client, world, "cohost_viewer")
    assert client.get(reverse("backoffice:item_create", args=[world.event.pk])).status_code == 403
    programme = client.get(reverse("backoffice:programme", args=[world.event.pk]))
    assert "Grannsamverkan" in programme.content.decode()


@pytest.mark.django_db
def test_organisers_access_and_contacts(client, world):
    login(client, world, "host_admin")
    organiser = world.event.organisers.get(organisation=world.blind_cohost_org)
    client.post(
        reverse("backoffice:organiser_access", args=[world.event.pk, organiser.pk]),
        {f"access-{organiser.pk}-level": "view_registrations"},
    )
    assert (
        EventAccess.objects.get(event=world.event, organisation=world.blind_cohost_org).level
        == "view_registrations"
    )
    client.post(
        reverse("backoffice:organiser_contacts", args=[world.event.pk, organiser.pk]),
        {"add": "1", "new-name": "Kim Kontakt", "new-email": "kim@example.se"},
    )
    assert list(organiser.contact_persons.values_list("name", flat=True)) == ["Kim Kontakt"]
    client.post(
        reverse("backoffice:organisers", args=[world.event.pk]),
        {"organisation": world.other_org.pk},
    )
    added = EventOrganiser.objects.get(event=world.event, organisation=world.other_org)
    assert added.role == "cohost"
    client.post(reverse("backoffice:organiser_remove", args=[world.event.pk, organiser.pk]))
    assert not EventAccess.objects.filter(
        event=world.event, organisation=world.blind_cohost_org
    ).exists()


@pytest.mark.django_db
def test_editor_may_not_grant_access(client, world):
    login(client, world, "host_editor")
    organiser = world.event.organisers.get(organisation=world.blind_cohost_org)
    response = client.post(
        reverse("backoffice:organiser_access", args=[world.event.pk, organiser.pk]),
        {f"access-{organiser.pk}-level": "edit_programme"},
    )
    assert response.status_code == 403
    assert not EventAccess.objects.filter(organisation=world.blind_cohost_org).exists()


@pytest.mark.django_db
def test_venue_and_room(client, world):
    login(client, world)
    client.post(
        reverse("backoffice:venue_create"),
        {"name": "Folkets hus", "street_address": "Torget 1", "postcode": "901 00", "city": "Umeå"},
    )
    venue = Venue.objects.get(name="Folkets hus")
    client.post(
        reverse("backoffice:room_create", args=[venue.pk]), {"name": "Stora salen", "capacity": 200}
    )
    assert venue.rooms.get().capacity == 200
    login(client, world, "host_viewer")
    assert client.get(reverse("backoffice:venue_edit", args=[venue.pk])).status_code == 403
