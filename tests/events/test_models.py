"""The events' named database constraints refuse what the code might forget."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction

from samlas.events.models import Event, EventOrganiser, Room
from tests.factories import make_event, make_organisation, make_venue


def assert_refused(action, constraint: str, sqlite_detail: str) -> None:
    """`action` fails with an IntegrityError naming `constraint`.

    SQLite names CHECK constraints but reports a UNIQUE violation by its columns, so
    `sqlite_detail` is what SQLite says instead for those.
    """
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        action()
    expected = sqlite_detail if connection.vendor == "sqlite" else constraint
    assert expected in str(error.value)


@pytest.mark.django_db
def test_event_must_end_after_it_starts():
    event = make_event()
    assert_refused(
        lambda: Event.objects.filter(pk=event.pk).update(end=event.start),
        "event_end_after_start",
        "event_end_after_start",
    )


@pytest.mark.django_db
def test_an_event_has_one_host_only():
    event = make_event()
    assert_refused(
        lambda: EventOrganiser.objects.create(
            event=event, organisation=make_organisation(), role=EventOrganiser.Role.HOST
        ),
        "event_one_host",
        "events_eventorganiser.event_id",
    )
    # Co-hosts are not limited.
    for _ in range(2):
        EventOrganiser.objects.create(event=event, organisation=make_organisation())
    assert event.organisers.count() == 3


@pytest.mark.django_db
def test_event_slugs_are_unique():
    event = make_event()
    assert_refused(
        lambda: make_event(slug=event.slug), "events_event_slug_key", "events_event.slug"
    )


@pytest.mark.django_db
def test_registration_must_close_after_it_opens():
    event = make_event()
    opens = event.start - timedelta(days=20)
    assert_refused(
        lambda: Event.objects.filter(pk=event.pk).update(
            registration_opens=opens, registration_closes=opens
        ),
        "event_registration_closes_after_opens",
        "event_registration_closes_after_opens",
    )
    # Either end may be left open.
    Event.objects.filter(pk=event.pk).update(registration_opens=None, registration_closes=opens)


@pytest.mark.django_db
def test_room_names_are_unique_per_venue():
    venue, other = make_venue(), make_venue()
    Room.objects.create(venue=venue, name="Stora salen")
    Room.objects.create(venue=other, name="Stora salen")
    assert_refused(
        lambda: Room.objects.create(venue=venue, name="Stora salen"),
        "room_name_unique_per_venue",
        "events_room.venue_id, events_room.name",
    )


@pytest.mark.django_db
def test_public_events_leave_drafts_out():
    published = make_event()
    cancelled = make_event(status=Event.Status.CANCELLED)
    make_event(status=Event.Status.DRAFT)
    assert set(Event.objects.public()) == {published, cancelled}


@pytest.mark.django_db
def test_host_is_found_among_organisers():
    host = make_organisation(name="Länsstyrelsen Skåne")
    event = make_event(host=host, cohosts=[make_organisation()])
    assert event.host.organisation == host
    assert event.venue.address == f"{event.venue.street_address}, 111 22 Stockholm"
