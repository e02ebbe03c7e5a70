"""Every rule of a sound programme, with the Swedish message an organiser reads."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from samlas.programme import services, validation
from samlas.programme.models import (
    Block,
    ItemKind,
    Participation,
    ProgrammeItem,
    Role,
    Seminar,
)
from tests.factories import at, make_event, make_room, make_venue

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def swedish():
    with translation.override("sv"):
        yield


@pytest.fixture
def event():
    """Tuesday 24 September 2024, 09.00–16.00, at a venue with two rooms."""
    venue = make_venue(name="Stadshotellet")
    return make_event(start=at(2024, 9, 24, 9), end=at(2024, 9, 24, 16), venue=venue)


@pytest.fixture
def hall(event):
    return make_room(event.venue, name="Stora salen", capacity=40)


def messages_of(error: ValidationError) -> dict[str, list[str]]:
    return {field: [str(m) for m in messages] for field, messages in error.message_dict.items()}


def item(event, start, end, **fields) -> ProgrammeItem:
    return ProgrammeItem(event=event, start=start, end=end, title="Föredrag", **fields)


# --- Items -------------------------------------------------------------------------------


def test_item_must_end_after_it_starts(event):
    with pytest.raises(ValidationError) as error:
        item(event, at(2024, 9, 24, 11), at(2024, 9, 24, 10)).full_clean()
    assert messages_of(error.value)["end"] == ["Programpunkten måste sluta efter att den börjar."]


def test_item_must_lie_within_the_events_dates(event):
    with pytest.raises(ValidationError) as error:
        item(event, at(2024, 9, 25, 9), at(2024, 9, 25, 10)).full_clean()
    assert messages_of(error.value)["start"] == [
        "Programpunkten måste ligga inom evenemangets datum (tisdag 24 september 2024)."
    ]


def test_item_before_the_official_start_on_the_same_day_is_allowed(event):
    """Registration and coffee at 08.30 belong to the programme of a 09.00 event."""
    item(event, at(2024, 9, 24, 8, 30), at(2024, 9, 24, 9), kind=ItemKind.MINGLE).full_clean()


def test_item_in_a_room_already_used_by_another_item(event, hall):
    services.add_item(
        event, start=at(2024, 9, 24, 10), end=at(2024, 9, 24, 11), title="Lägesbild", room=hall
    )
    with pytest.raises(ValidationError) as error:
        item(event, at(2024, 9, 24, 10, 30), at(2024, 9, 24, 11, 30), room=hall).full_clean()
    assert messages_of(error.value)["room"] == [
        "Lokalen Stora salen används redan av ”Lägesbild” kl. 10.00–11.00."
    ]


def test_back_to_back_items_in_one_room_are_allowed(event, hall):
    services.add_item(
        event, start=at(2024, 9, 24, 10), end=at(2024, 9, 24, 11), title="Första", room=hall
    )
    services.add_item(
        event, start=at(2024, 9, 24, 11), end=at(2024, 9, 24, 12), title="Andra", room=hall
    )
    assert event.items.count() == 2


def test_editing_an_item_does_not_clash_with_itself(event, hall):
    saved = services.add_item(
        event, start=at(2024, 9, 24, 10), end=at(2024, 9, 24, 11), title="Första", room=hall
    )
    saved.end = at(2024, 9, 24, 11, 30)
    saved.full_clean()


def test_another_events_item_in_the_room_is_a_clash_without_its_title(event, hall):
    other = make_event(start=at(2024, 9, 24, 9), end=at(2024, 9, 24, 16), venue=event.venue)
    services.add_item(
        other, start=at(2024, 9, 24, 13), end=at(2024, 9, 24, 14), title="Hemligt", room=hall
    )
    with pytest.raises(ValidationError) as error:
        item(event, at(2024, 9, 24, 13), at(2024, 9, 24, 15), room=hall).full_clean()
    assert messages_of(error.value)["room"] == [
        "Lokalen Stora salen används redan av ett annat evenemang kl. 13.00–14.00."
    ]


def test_item_in_a_room_used_by_a_seminar(event, hall):
    block = services.add_block(
        event, start=at(2024, 9, 24, 14), end=at(2024, 9, 24, 14, 30), title="Pass 1"
    )
    services.add_seminar(block, title="Grannsamverkan", capacity=30, room=hall)
    with pytest.raises(ValidationError) as error:
        item(event, at(2024, 9, 24, 14, 15), at(2024, 9, 24, 15), room=hall).full_clean()
    assert messages_of(error.value)["room"] == [
        "Lokalen Stora salen används redan av ”Grannsamverkan” kl. 14.00–14.30."
    ]


def test_item_room_must_be_at_the_items_venue(event, hall):
    town_hall = make_venue(name="Rådhuset")
    with pytest.raises(ValidationError) as error:
        item(
            event, at(2024, 9, 24, 13), at(2024, 9, 24, 14), venue=town_hall, room=hall
        ).full_clean()
    assert messages_of(error.value)["room"] == ["Lokalen Stora salen finns inte på Rådhuset."]


def test_end_after_start_is_also_a_named_database_constraint(event):
    with pytest.raises(IntegrityError, match="item_end_after_start"), transaction.atomic():
        ProgrammeItem.objects.create(
            event=event, start=at(2024, 9, 24, 11), end=at(2024, 9, 24, 10), title="Fel"
        )


def test_service_saves_nothing_when_a_person_is_invalid(event, hall):
    person = services.add_person("Anna Berg")
    with pytest.raises(ValidationError):
        services.add_item(
            event,
            start=at(2024, 9, 24, 10),
            end=at(2024, 9, 24, 11),
            title="Dubbelt",
            people=[person, person],
        )
    assert not event.items.exists()


# --- Blocks and seminars -----------------------------------------------------------------


def test_block_must_end_after_it_starts(event):
    block = Block(event=event, start=at(2024, 9, 24, 14), end=at(2024, 9, 24, 13), title="Pass")
    with pytest.raises(ValidationError) as error:
        block.full_clean()
    assert messages_of(error.value)["end"] == ["Blocket måste sluta efter att det börjar."]


def test_block_must_lie_within_the_events_dates(event):
    block = Block(event=event, start=at(2024, 9, 23, 14), end=at(2024, 9, 23, 15), title="Pass")
    with pytest.raises(ValidationError) as error:
        block.full_clean()
    assert messages_of(error.value)["start"] == [
        "Blocket måste ligga inom evenemangets datum (tisdag 24 september 2024)."
    ]


def test_blocks_of_one_event_do_not_overlap(event):
    services.add_block(
        event, start=at(2024, 9, 24, 14), end=at(2024, 9, 24, 14, 30), title="Pass 1"
    )
    block = Block(
        event=event, start=at(2024, 9, 24, 14, 15), end=at(2024, 9, 24, 15), title="Pass 2"
    )
    with pytest.raises(ValidationError) as error:
        block.full_clean()
    assert messages_of(error.value)["start"] == [
        "Blocket överlappar blocket ”Pass 1” (kl. 14.00–14.30)."
    ]


def test_seminars_of_one_block_are_in_different_rooms(event, hall):
    block = services.add_block(
        event, start=at(2024, 9, 24, 14), end=at(2024, 9, 24, 14, 30), title="Pass 1"
    )
    services.add_seminar(block, title="A", capacity=20, room=hall)
    with pytest.raises(ValidationError) as error:
        Seminar(block=block, title="B", capacity=20, room=hall).full_clean()
    assert messages_of(error.value)["room"] == [
        "Seminarierna i ett block måste vara i olika lokaler."
    ]


def test_seminars_in_different_rooms_and_without_rooms_are_fine(event, hall):
    block = services.add_block(
        event, start=at(2024, 9, 24, 14), end=at(2024, 9, 24, 14, 30), title="Pass 1"
    )
    services.add_seminar(block, title="A", capacity=20, room=hall)
    services.add_seminar(block, title="B", capacity=20, room=make_room(event.venue))
    services.add_seminar(block, title="C", capacity=20)
    services.add_seminar(block, title="D", capacity=20)
    assert list(block.seminars.values_list("position", flat=True)) == [0, 1, 2, 3]


def test_seminar_room_once_per_block_is_a_database_constraint(event, hall):
    block = services.add_block(
        event, start=at(2024, 9, 24, 14), end=at(2024, 9, 24, 14, 30), title="Pass 1"
    )
    Seminar.objects.create(block=block, title="A", capacity=20, room=hall)
    # PostgreSQL names the constraint; SQLite names its columns.
    with (
        pytest.raises(IntegrityError, match=r"seminar_room_once_per_block|UNIQUE"),
        transaction.atomic(),
    ):
        Seminar.objects.create(block=block, title="B", capacity=20, room=hall)


def test_seminars_saved_together_are_checked_together(event, hall):
    block = Block(event=event, start=at(2024, 9, 24, 14), end=at(2024, 9, 24, 15), title="P")
    seminars = [Seminar(block=block, title=t, capacity=10, room=hall) for t in "AB"]
    with pytest.raises(ValidationError) as error:
        validation.validate_seminars_together(seminars)
    assert error.value.messages == ["Seminarierna i ett block måste vara i olika lokaler."]


def test_seminar_room_must_be_free_during_its_block(event, hall):
    services.add_item(
        event, start=at(2024, 9, 24, 13), end=at(2024, 9, 24, 15), title="Workshop", room=hall
    )
    block = services.add_block(
        event, start=at(2024, 9, 24, 14), end=at(2024, 9, 24, 14, 30), title="Pass 1"
    )
    with pytest.raises(ValidationError) as error:
        Seminar(block=block, title="A", capacity=20, room=hall).full_clean()
    assert messages_of(error.value)["room"] == [
        "Lokalen Stora salen används redan av ”Workshop” kl. 13.00–15.00."
    ]


def test_moving_a_block_keeps_its_seminar_rooms_free(event, hall):
    block = services.add_block(
        event, start=at(2024, 9, 24, 14), end=at(2024, 9, 24, 14, 30), title="Pass 1"
    )
    services.add_seminar(block, title="A", capacity=20, room=hall)
    services.add_item(
        event, start=at(2024, 9, 24, 10), end=at(2024, 9, 24, 11), title="Lägesbild", room=hall
    )
    block.start, block.end = at(2024, 9, 24, 10, 30), at(2024, 9, 24, 11, 30)
    with pytest.raises(ValidationError) as error:
        block.full_clean()
    assert messages_of(error.value)["start"] == [
        "Lokalen Stora salen används redan av ”Lägesbild” kl. 10.00–11.00."
    ]


def test_seminar_larger_than_its_room_is_a_warning_not_an_error(event, hall):
    block = services.add_block(
        event, start=at(2024, 9, 24, 14), end=at(2024, 9, 24, 14, 30), title="Pass 1"
    )
    seminar = services.add_seminar(block, title="A", capacity=60, room=hall)
    assert validation.capacity_warning(seminar) == (
        "Seminariet har fler platser (60) än lokalen rymmer (40)."
    )
    seminar.capacity = 40
    assert validation.capacity_warning(seminar) is None


def test_seminar_capacity_must_be_positive(event):
    block = services.add_block(
        event, start=at(2024, 9, 24, 14), end=at(2024, 9, 24, 14, 30), title="Pass 1"
    )
    with pytest.raises(IntegrityError, match="seminar_capacity_positive"), transaction.atomic():
        Seminar.objects.create(block=block, title="A", capacity=0)


# --- People ------------------------------------------------------------------------------


def test_a_moderator_for_a_day_outside_the_event_is_refused(event):
    person = services.add_person("Anna Berg")
    participation = Participation(
        person=person, role=Role.MODERATOR, event=event, day=at(2024, 9, 25).date()
    )
    with pytest.raises(ValidationError) as error:
        participation.full_clean()
    assert messages_of(error.value)["day"] == [
        "Dagen måste vara en av evenemangets dagar (tisdag 24 september 2024)."
    ]


def test_only_moderators_and_hosts_belong_to_the_whole_event(event):
    person = services.add_person("Anna Berg")
    with pytest.raises(ValidationError) as error:
        Participation(person=person, role=Role.SPEAKER, event=event).full_clean()
    assert messages_of(error.value)["role"] == [
        "Bara en moderator eller en värd kan anges för hela evenemanget eller en dag."
    ]


def test_a_person_has_one_role_once_per_item(event):
    person = services.add_person("Anna Berg")
    talk = services.add_item(
        event, start=at(2024, 9, 24, 10), end=at(2024, 9, 24, 11), title="Föredrag"
    )
    services.add_participation(person, item=talk)
    with pytest.raises(ValidationError) as error:
        Participation(person=person, role=Role.SPEAKER, item=talk).full_clean()
    assert error.value.messages == ["Personen har redan den här rollen här."]
    # … and the database refuses it by name, should a caller skip validation.
    with (
        pytest.raises(IntegrityError, match=r"participation_once_per_item|UNIQUE"),
        transaction.atomic(),
    ):
        Participation.objects.create(person=person, role=Role.SPEAKER, item=talk)
    # Another role in the same item is fine: a moderator who also speaks.
    services.add_participation(person, role=Role.MODERATOR, item=talk)


def test_a_participation_has_exactly_one_target(event):
    person = services.add_person("Anna Berg")
    with (
        pytest.raises(IntegrityError, match="participation_exactly_one_target"),
        transaction.atomic(),
    ):
        Participation.objects.create(person=person, role=Role.SPEAKER)


@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL exclusion constraint")
def test_postgresql_refuses_double_booked_rooms_by_itself(event, hall):
    """The exclusion constraint catches what validation would miss (e.g. a race)."""
    ProgrammeItem.objects.bulk_create(
        [
            item(event, at(2024, 9, 24, 10), at(2024, 9, 24, 11), room=hall),
            item(event, at(2024, 9, 24, 11), at(2024, 9, 24, 12), room=hall),
        ]
    )
    with pytest.raises(IntegrityError, match="item_room_no_overlap"), transaction.atomic():
        ProgrammeItem.objects.create(
            event=event,
            start=at(2024, 9, 24, 10, 30),
            end=at(2024, 9, 24, 11, 30),
            title="Krock",
            room=hall,
        )
        with connection.cursor() as cursor:  # deferred: checked at commit, or now
            cursor.execute("SET CONSTRAINTS item_room_no_overlap IMMEDIATE")
