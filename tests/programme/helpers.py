"""A full two-day conference programme, for the query-bound test, browser tests and the bench.

`seed_full_programme()` builds what the issue calls a full programme: two days, 40 items,
4 blocks of 6 parallel seminars and 60 people, through the programme's services (so every
row passes the same validation an organiser meets). The morning of day one is at a hotel
and the afternoon at the town hall: the timetable must show that change of venue.

`bench/event_page.py` imports this module outside pytest, so it needs nothing from pytest.
"""

from dataclasses import dataclass
from itertools import cycle

from samlas.events.models import Event, Room, Venue
from samlas.programme import services
from samlas.programme.models import ChoiceMode, ItemKind, Person, Role
from tests.factories import at, make_event, make_room, make_venue

FIRST_NAMES = [
    "Anna", "Erik", "Maria", "Johan", "Karin", "Lars", "Sara", "Mikael", "Eva", "Anders",
    "Lena", "Per", "Emma", "Fredrik", "Sofia", "Jonas",
]  # fmt: skip
LAST_NAMES = [
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson",
    "Persson", "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Lindberg", "Holm",
]  # fmt: skip
ROLES = [
    ("kommunpolis", "Polisen, lokalpolisområde Ystad"),
    ("trygghetssamordnare", "Ystads kommun"),
    ("utredare", "Brottsförebyggande rådet"),
    ("enhetschef socialtjänsten", "Ystads kommun"),
    ("länssamordnare brottsförebyggande arbete", "Länsstyrelsen Skåne"),
    ("rektor", "Österportskolan"),
    ("handläggare", "Sveriges Kommuner och Regioner"),
    ("verksamhetsledare", "Brottsofferjouren Sydöstra Skåne"),
    ("folkhälsostrateg", "Region Skåne"),
    ("kommunstyrelsens ordförande", "Ystads kommun"),
]

# (kind, title, number of speakers) per slot; None marks where a block of seminars goes.
DAY_ONE = [
    (8, 30, 9, 0, ItemKind.MINGLE, "Registrering och kaffe", 0),
    (9, 0, 9, 15, ItemKind.OPENING, "Välkommen och inledning", 1),
    (9, 15, 9, 45, ItemKind.KEYNOTE, "Trygghet i hela kommunen – läget i länet", 1),
    (9, 45, 10, 15, ItemKind.TALK, "Lägesbilden som grund för samverkan", 2),
    (10, 15, 10, 30, ItemKind.QA, "Frågestund", 0),
    (10, 30, 10, 50, ItemKind.BREAK, "Förmiddagskaffe", 0),
    (10, 50, 11, 20, ItemKind.TALK, "Effektiv samordning för trygghet (EST) i praktiken", 2),
    (11, 20, 11, 50, ItemKind.TALK, "Unga som riskerar att dras in i kriminalitet", 1),
    (11, 50, 12, 0, ItemKind.QA, "Frågor till förmiddagens talare", 0),
    (12, 0, 13, 0, ItemKind.LUNCH, "Lunch", 0),
    (13, 0, 13, 30, ItemKind.TALK, "Platssamverkan i Ystads centrum", 2),
    (13, 30, 14, 0, ItemKind.PANEL, "Panelsamtal: vem gör vad när det händer?", 4),
    None,
    (14, 30, 14, 45, ItemKind.BREAK, "Bensträckare", 0),
    None,
    (15, 15, 15, 30, ItemKind.BREAK, "Eftermiddagskaffe", 0),
    (15, 30, 16, 0, ItemKind.TALK, "Att mäta trygghet: enkäter och trygghetsvandringar", 1),
    (16, 0, 16, 15, ItemKind.QA, "Frågestund", 0),
    (16, 15, 16, 30, ItemKind.CLOSING, "Sammanfattning av dag ett", 1),
    (16, 30, 17, 0, ItemKind.OTHER, "Kulturinslag: Ystads kulturskola", 0),
    (17, 0, 18, 0, ItemKind.MINGLE, "Mingel med tilltugg", 0),
    (19, 0, 22, 0, ItemKind.OTHER, "Konferensmiddag", 0),
]
DAY_TWO = [
    (8, 30, 9, 0, ItemKind.MINGLE, "Kaffe och smörgås", 0),
    (9, 0, 9, 10, ItemKind.OPENING, "Välkommen till dag två", 1),
    (9, 10, 9, 50, ItemKind.KEYNOTE, "Brottsförebyggande arbete som kommunal skyldighet", 1),
    (9, 50, 10, 20, ItemKind.TALK, "Våld i nära relationer – samverkan som räddar liv", 2),
    (10, 20, 10, 30, ItemKind.QA, "Frågestund", 0),
    (10, 30, 10, 50, ItemKind.BREAK, "Förmiddagskaffe", 0),
    None,
    (11, 20, 11, 30, ItemKind.BREAK, "Paus", 0),
    None,
    (12, 0, 13, 0, ItemKind.LUNCH, "Lunch", 0),
    (13, 0, 13, 30, ItemKind.TALK, "Skolan som skyddsfaktor", 2),
    (13, 30, 14, 0, ItemKind.TALK, "Civilsamhällets roll i trygghetsarbetet", 1),
    (14, 0, 14, 15, ItemKind.QA, "Frågestund", 0),
    (14, 15, 14, 35, ItemKind.BREAK, "Eftermiddagskaffe", 0),
    (14, 35, 15, 5, ItemKind.TALK, "Kameraövervakning – vad säger forskningen?", 1),
    (15, 5, 15, 35, ItemKind.TALK, "Från lägesbild till handlingsplan", 2),
    (15, 35, 16, 5, ItemKind.PANEL, "Panelsamtal: nästa steg i länet", 4),
    (16, 5, 16, 15, ItemKind.QA, "Frågor från salen", 0),
    (16, 15, 16, 25, ItemKind.OTHER, "Utvärdering av konferensen", 0),
    (16, 25, 16, 40, ItemKind.OTHER, "Utdelning av länets trygghetspris", 1),
    (16, 40, 16, 50, ItemKind.CLOSING, "Avslutning", 1),
    (16, 50, 17, 30, ItemKind.MINGLE, "Mingel och hemfärd", 0),
]
BLOCK_TIMES = {1: [(14, 0, 14, 30), (14, 45, 15, 15)], 2: [(10, 50, 11, 20), (11, 30, 12, 0)]}
SEMINARS = [
    "Grannsamverkan som fungerar",
    "Trygghetsvandringar med unga",
    "Förebygga bedrägerier mot äldre",
    "Sociala insatsgrupper",
    "Trygg skolväg",
    "Lärande exempel från Trelleborg",
]


@dataclass
class FullProgramme:
    event: Event
    hotel: Venue
    town_hall: Venue
    people: list[Person]


def _people(count: int = 60) -> list[Person]:
    names = ((first, last) for last in LAST_NAMES for first in FIRST_NAMES)
    roles = cycle(ROLES)
    people = []
    for _index, (first, last) in zip(range(count), names, strict=False):
        title, organisation = next(roles)
        people.append(
            services.add_person(f"{first} {last}", title=title, organisation=organisation)
        )
    return people


def seed_full_programme(slug: str = "trygghetskonferens-2027") -> FullProgramme:
    """Two days (21–22 September 2027): 40 items, 4 blocks of 6 seminars, 60 people."""
    hotel = make_venue(
        name="Ystad Saltsjöbad", street_address="Saltsjöbadsvägen 6", postcode="271 39",
        city="Ystad", county="M",
    )  # fmt: skip
    town_hall = make_venue(
        name="Rådhuset", street_address="Stortorget 1", postcode="271 80", city="Ystad",
        county="M",
    )  # fmt: skip
    main_hall = make_room(hotel, name="Saltsjösalen", capacity=250)
    council_hall = make_room(town_hall, name="Sessionssalen", capacity=150)
    seminar_rooms: dict[int, list[Room]] = {
        1: [make_room(town_hall, name=f"Sal {number}", capacity=40) for number in range(1, 7)],
        2: [make_room(hotel, name=f"Rum {number}", capacity=30) for number in range(1, 7)],
    }
    event = make_event(
        slug=slug,
        title="Trygghetskonferens Skåne 2027",
        summary="Två dagar om trygghet och brottsförebyggande arbete i kommunerna i Skåne.",
        start=at(2027, 9, 21, 8, 30),
        end=at(2027, 9, 22, 17, 30),
        venue=hotel,
        county="M",
    )
    people = _people()
    speakers = cycle(people)
    services.add_participation(people[0], role=Role.MODERATOR, event=event)
    services.add_participation(
        people[1], role=Role.MODERATOR, event=event, day=at(2027, 9, 22).date()
    )
    for day_number, (day, slots) in enumerate(((21, DAY_ONE), (22, DAY_TWO)), start=1):
        block_times = iter(BLOCK_TIMES[day_number])
        for slot in slots:
            if slot is None:
                h1, m1, h2, m2 = next(block_times)
                _add_block(event, day, (h1, m1, h2, m2), seminar_rooms[day_number], speakers)
                continue
            h1, m1, h2, m2, kind, title, count = slot
            # Day one moves to the town hall after lunch and back to the hotel for dinner.
            afternoon_day_one = day_number == 1 and 13 <= h1 < 19
            room = council_hall if afternoon_day_one else main_hall
            people_here = [next(speakers) for _ in range(count)]
            if kind == ItemKind.PANEL:
                *panel, moderator = people_here
                people_here = [(p, Role.PANELIST) for p in panel] + [(moderator, Role.MODERATOR)]
            services.add_item(
                event,
                start=at(2027, 9, day, h1, m1),
                end=at(2027, 9, day, h2, m2),
                kind=kind,
                title=title,
                room=None if kind in {ItemKind.BREAK, ItemKind.LUNCH} else room,
                venue=town_hall if afternoon_day_one else None,
                people=people_here,
            )
    return FullProgramme(event=event, hotel=hotel, town_hall=town_hall, people=people)


def _add_block(event: Event, day: int, times: tuple, rooms: list[Room], speakers) -> None:
    h1, m1, h2, m2 = times
    number = event.blocks.count() + 1
    block = services.add_block(
        event,
        start=at(2027, 9, day, h1, m1),
        end=at(2027, 9, day, h2, m2),
        title=f"Miniseminarier, pass {number}",
        choice_mode=ChoiceMode.RANKED if number % 2 == 0 else ChoiceMode.FIRST_COME,
        venue=rooms[0].venue,
    )
    for position, (title, room) in enumerate(zip(SEMINARS, rooms, strict=True)):
        services.add_seminar(
            block,
            title=title,
            capacity=room.capacity,
            room=room,
            position=position,
            description="Ett samtal om erfarenheter, metoder och vad som har fungerat.",
            people=[next(speakers)],
        )
