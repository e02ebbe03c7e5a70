"""Demo registration settings and a few dozen fictional registrations.

They go through the registration services, as a real registrant's would, so counters,
seminar seats and waiting lists in the demo are exactly what the product would produce.
"""

import itertools
import uuid

from samlas.events.models import Event
from samlas.registration import services
from samlas.registration.models import FieldMode, RegistrationSettings, Sector

PURPOSE = (
    "Vi behandlar dina uppgifter för att administrera konferensen: deltagarlista, "
    "namnbricka, seminarieplatser och information inför dagen. Uppgifter om kost, allergier "
    "och tillgänglighet används bara för att planera måltider och lokaler och raderas dagen "
    "efter evenemanget. Övriga uppgifter raderas 90 dagar efter evenemanget."
)

# slug -> (event capacity, number of demo registrations)
OPEN_EVENTS = {
    "trygghetskonferensen": (130, 48),
    "tryggare-tillsammans-alvstad": (200, 64),
    "seminarium-unga-och-kriminalitet": (80, 12),
    "regional-hearing-ostergotland": (40, 0),
}

FIRST_NAMES = [
    "Anna",
    "Erik",
    "Maria",
    "Johan",
    "Sara",
    "Ahmed",
    "Lena",
    "Mikael",
    "Fatima",
    "Per",
    "Karin",
    "Oskar",
    "Elin",
    "Jonas",
    "Ida",
    "Hassan",
]
LAST_NAMES = [
    "Andersson",
    "Berg",
    "Lindqvist",
    "Nilsson",
    "Holm",
    "Sandberg",
    "Ekström",
    "Öberg",
    "Åkesson",
    "Karlsson",
    "Lund",
    "Persson",
]
ORGANISATIONS = [
    ("Älvstads kommun", Sector.MUNICIPALITY),
    ("Västerhamns kommun", Sector.MUNICIPALITY),
    ("Polisregion Väst", Sector.POLICE),
    ("Västra Götalandsregionen", Sector.REGION),
    ("Länsstyrelsen i Västra Götalands län", Sector.COUNTY_BOARD),
    ("Brottsofferjouren Exempelstad", Sector.CIVIL_SOCIETY),
    ("Älvstadshem AB", Sector.BUSINESS),
    ("Norra gymnasiet", Sector.SCHOOL),
]
DIETS = ["", "", "", "Vegetarisk", "", "Laktosfri", "", "Vegansk"]


def build_registration_demo() -> None:
    """Open registration on the demo events and fill them partly, deterministically."""
    for slug, (capacity, count) in OPEN_EVENTS.items():
        event = Event.objects.get(slug=slug)
        RegistrationSettings.objects.update_or_create(
            event=event,
            defaults={
                "capacity": capacity,
                "organisation": FieldMode.REQUIRED,
                "title": FieldMode.OPTIONAL,
                "sector": FieldMode.REQUIRED,
                "municipality": FieldMode.OPTIONAL,
                "dietary_needs": FieldMode.OPTIONAL,
                "allergies": FieldMode.OPTIONAL,
                "accessibility_needs": FieldMode.OPTIONAL,
                "purpose_text": PURPOSE,
            },
        )
        _register_people(event, count)


def _register_people(event: Event, count: int) -> None:
    blocks = list(event.blocks.prefetch_related("seminars"))
    names = itertools.product(FIRST_NAMES, LAST_NAMES)
    for number, (first, last) in zip(range(count), names, strict=False):
        organisation, sector = ORGANISATIONS[number % len(ORGANISATIONS)]
        data = {
            "name": f"{first} {last}",
            "email": f"{first}.{last}.{number}@example.org".lower().translate(_ASCII),
            "organisation": organisation,
            "sector": sector,
            "dietary_needs": DIETS[number % len(DIETS)],
        }
        choices, preferences, topics = {}, {}, set()
        for block in blocks:
            seminars = list(block.seminars.all())
            # Skewed popularity: the first seminars of a block are the most wanted.
            shift = (number // 3) % len(seminars)
            ordered = [
                s for s in seminars[shift:] + seminars[:shift] if (s.topic or s.title) not in topics
            ]
            wanted = ordered[:3] if block.choice_mode == "ranked" else ordered[:1]
            topics.update(s.topic or s.title for s in wanted)
            if block.choice_mode == "ranked":
                preferences[block.pk] = [s.pk for s in wanted]
            else:
                choices[block.pk] = wanted[0].pk
        services.register(
            event,
            data,
            choices,
            preferences,
            idempotency_key=str(uuid.uuid5(uuid.NAMESPACE_URL, f"{event.slug}/{number}")),
            language="sv",
        )


_ASCII = str.maketrans("åäöé", "aaoe")
