"""The programme read model: days, time order, inherited venues, venue changes, moderators."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samlas.programme import services
from samlas.programme.models import ItemKind, Role
from samlas.programme.queries import programme_days
from tests.factories import at, make_event, make_room, make_venue
from tests.programme.helpers import seed_full_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def hotel():
    return make_venue(name="Stadshotellet")


@pytest.fixture
def event(hotel):
    return make_event(start=at(2024, 9, 24, 9), end=at(2024, 9, 25, 16), venue=hotel)


def add(event, hour, minute=0, length=30, **fields):
    start = at(2024, 9, fields.pop("day", 24), hour, minute)
    fields.setdefault("title", f"Punkt {hour}.{minute:02}")
    return services.add_item(event, start=start, end=start + timedelta(minutes=length), **fields)


def test_items_and_blocks_merge_in_time_order_per_day(event):
    add(event, 10)
    services.add_block(event, start=at(2024, 9, 24, 9), end=at(2024, 9, 24, 10), title="Pass 1")
    add(event, 9, day=25)
    days = programme_days(event)
    assert [day.date.isoformat() for day in days] == ["2024-09-24", "2024-09-25"]
    assert [(e.title, e.is_block) for e in days[0].entries] == [
        ("Pass 1", True),
        ("Punkt 10.00", False),
    ]
    assert [e.title for e in days[1].entries] == ["Punkt 9.00"]


def test_item_without_venue_or_room_is_at_the_events_main_venue(event, hotel):
    add(event, 10)
    (entry,) = programme_days(event)[0].entries
    assert entry.venue == hotel
    assert entry.room is None


def test_item_takes_its_rooms_venue_or_its_own_venue(event, hotel):
    town_hall = make_venue(name="Rådhuset")
    council = make_room(town_hall, name="Sessionssalen")
    add(event, 10, room=council)
    add(event, 11, venue=town_hall)
    first, second = programme_days(event)[0].entries
    assert (first.venue, first.room) == (town_hall, council)
    assert (second.venue, second.room) == (town_hall, None)


def test_seminars_without_a_room_are_where_their_block_is(event, hotel):
    town_hall = make_venue(name="Rådhuset")
    block = services.add_block(
        event, start=at(2024, 9, 24, 14), end=at(2024, 9, 24, 15), title="Pass 1"
    )
    services.add_seminar(block, title="I rummet", capacity=20, room=make_room(town_hall))
    services.add_seminar(block, title="Utan rum", capacity=20)
    (entry,) = programme_days(event)[0].entries
    in_room, without = entry.seminars
    assert entry.venue == town_hall  # the one venue its rooms name
    assert (in_room.venue, without.venue) == (town_hall, town_hall)
    assert (in_room.capacity, in_room.seats_left) == (20, None)


def test_seminars_in_rooms_at_several_venues_leave_the_block_at_the_main_venue(event, hotel):
    block = services.add_block(
        event, start=at(2024, 9, 24, 14), end=at(2024, 9, 24, 15), title="Pass 1"
    )
    for venue in (make_venue(name="Rådhuset"), make_venue(name="Biblioteket")):
        services.add_seminar(block, title=venue.name, capacity=20, room=make_room(venue))
    services.add_seminar(block, title="Utan rum", capacity=20)
    (entry,) = programme_days(event)[0].entries
    assert entry.venue == hotel
    assert [s.venue.name for s in entry.seminars] == ["Rådhuset", "Biblioteket", "Stadshotellet"]


def test_block_whose_seminars_are_all_elsewhere_is_there(event):
    town_hall = make_venue(name="Rådhuset")
    block = services.add_block(
        event, start=at(2024, 9, 24, 14), end=at(2024, 9, 24, 15), title="Pass 1"
    )
    for number in range(2):
        services.add_seminar(block, title=f"S{number}", capacity=20, room=make_room(town_hall))
    assert programme_days(event)[0].entries[0].venue == town_hall


def test_a_change_of_venue_within_a_day_is_flagged(event, hotel):
    town_hall = make_venue(name="Rådhuset")
    add(event, 9)
    add(event, 10)
    add(event, 13, venue=town_hall)
    add(event, 14, venue=town_hall)
    add(event, 9, day=25)
    first_day, second_day = programme_days(event)
    assert [e.venue_change for e in first_day.entries] == [False, False, True, False]
    # The day starts at the main venue, but readers need it named when it changes later.
    assert first_day.venue == hotel
    assert second_day.venue is None


def test_a_day_elsewhere_names_its_venue(event):
    town_hall = make_venue(name="Rådhuset")
    add(event, 9, day=25, venue=town_hall)
    assert programme_days(event)[0].venue == town_hall


def test_moderators_of_the_whole_event_and_of_one_day(event):
    anna = services.add_person("Anna Berg", title="kommunpolis", organisation="Polisen")
    bo = services.add_person("Bo Ek")
    services.add_participation(anna, role=Role.MODERATOR, event=event)
    services.add_participation(bo, role=Role.HOST, event=event, day=at(2024, 9, 25).date())
    add(event, 9)
    add(event, 9, day=25)
    first, second = programme_days(event)
    assert [p.person.name for p in first.moderators] == ["Anna Berg"]
    assert [p.person.name for p in second.moderators] == ["Anna Berg", "Bo Ek"]
    assert [g.label for g in second.moderator_groups] == ["Moderator", "Värd"]
    assert first.moderators[0].display == "Anna Berg, kommunpolis, Polisen"


def test_people_in_order_and_grouped_by_role(event):
    people = [services.add_person(name) for name in ("Ada", "Ben", "Cai", "Dag")]
    add(
        event,
        10,
        kind=ItemKind.PANEL,
        people=[(people[3], Role.MODERATOR), (people[1], Role.PANELIST), people[0],
                (people[2], Role.PANELIST)],
    )  # fmt: skip
    (entry,) = programme_days(event)[0].entries
    assert [(g.role, [p.person.name for p in g.people]) for g in entry.people_groups] == [
        ("speaker", ["Ada"]),
        ("panelist", ["Ben", "Cai"]),
        ("moderator", ["Dag"]),
    ]


def test_title_and_organisation_as_of_the_event(event):
    person = services.add_person("Anna Berg", title="kommunpolis", organisation="Polisen")
    talk = add(event, 10)
    services.add_participation(person, item=talk, title="polisområdeschef")
    (entry,) = programme_days(event)[0].entries
    assert entry.people[0].display == "Anna Berg, polisområdeschef, Polisen"


def test_an_event_without_programme_has_no_days(event):
    assert programme_days(event) == []


def test_programme_days_uses_a_fixed_number_of_queries():
    """The full programme (40 items, 24 seminars, 60 people) costs what a tiny one does."""
    full = seed_full_programme().event
    tiny = make_event(start=at(2027, 9, 21, 9), end=at(2027, 9, 21, 16))
    block = services.add_block(
        tiny, start=at(2027, 9, 21, 14), end=at(2027, 9, 21, 15), title="Pass"
    )
    services.add_seminar(block, title="S", capacity=10, people=[services.add_person("Ada")])
    services.add_item(
        tiny,
        start=at(2027, 9, 21, 9),
        end=at(2027, 9, 21, 10),
        title="T",
        room=make_room(tiny.venue),
        people=[services.add_person("Ben")],
    )
    services.add_participation(services.add_person("Cai"), role=Role.MODERATOR, event=tiny)
    counts = []
    for event in (tiny, full):
        with CaptureQueriesContext(connection) as queries:
            days = programme_days(event)
            for day in days:  # everything the template reads, to catch lazy loads
                for entry in day.entries:
                    [(p.display, p.person.photo) for p in entry.people]
                    [s.venue and s.room and [p.display for p in s.people] for s in entry.seminars]
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 8
    assert sum(len(day.entries) for day in days) == 44
