"""The demo's content, declared as plain data so that later work can extend it.

Everything here is fiction: the people are invented, their e-mail addresses are under
example.org and example.se, and their phone numbers come from the range that the Swedish
Post and Telecom Authority (PTS) keeps for fiction (070-174 06 05 to 070-174 06 99).
Public bodies appear under their real names, with organisation numbers only where the
number is public and checked; the municipalities, the housing company and the association
are invented, and so are their numbers (in the right format, with a valid check digit).

Dates are not fixed: each event says how many days from "today" it lies and on which
weekday it falls, so the demo always has upcoming and past events. Times are Swedish local
time, written "09.00" as Swedish programmes write them. Texts may use `{year}`,
`{previous_year}`, `{year_before}`, `{when}` and `{place}`, filled in by the builder.
"""

from dataclasses import dataclass

from samlas.core.counties import County
from samlas.events.models import Event, EventLink, EventOrganiser
from samlas.organisations.models import Organisation
from samlas.programme.models import Block, Participation, ProgrammeItem

MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY = range(5)

# Short aliases keep the programme tables below readable.
K = ProgrammeItem.Kind
SPEAKER = Participation.Role.SPEAKER
MODERATOR = Participation.Role.MODERATOR
PANELIST = Participation.Role.PANELIST
HOST = EventOrganiser.Role.HOST
COHOST = EventOrganiser.Role.COHOST
RANKED = Block.ChoiceMode.RANKED
FIRST_COME = Block.ChoiceMode.FIRST_COME


@dataclass(frozen=True)
class ThemeData:
    slug: str
    name: str
    description: str


@dataclass(frozen=True)
class OrganisationData:
    name: str
    kind: str
    county: str = ""
    organisation_number: str = ""
    website: str = ""


@dataclass(frozen=True)
class ContactData:
    """A contact person, identified by organisation and e-mail address."""

    organisation: str
    name: str
    title: str
    email: str
    phone: str


@dataclass(frozen=True)
class RoomData:
    name: str
    capacity: int


@dataclass(frozen=True)
class VenueData:
    key: str
    name: str
    street_address: str
    postcode: str
    city: str
    county: str
    directions: str
    accessibility: str
    rooms: tuple[RoomData, ...] = ()


@dataclass(frozen=True)
class PersonData:
    """A speaker, moderator or panelist; identified by name across runs."""

    name: str
    title: str
    organisation: str = ""


@dataclass(frozen=True)
class Part:
    """A person's part in an item, a seminar or the whole event."""

    person: str
    role: str = SPEAKER


@dataclass(frozen=True)
class Item:
    start: str
    end: str
    kind: str
    title: str
    description: str = ""
    day: int = 0
    venue: str | None = None
    room: tuple[str, str] | None = None
    people: tuple[Part, ...] = ()


@dataclass(frozen=True)
class SeminarData:
    title: str
    room: tuple[str, str]
    capacity: int
    people: tuple[Part, ...]
    description: str = ""
    topic: str = ""


@dataclass(frozen=True)
class BlockData:
    start: str
    end: str
    title: str
    choice_mode: str
    seminars: tuple[SeminarData, ...]
    day: int = 0
    venue: str | None = None


@dataclass(frozen=True)
class LinkData:
    kind: str
    title: str
    url: str


@dataclass(frozen=True)
class OrganiserData:
    organisation: str
    role: str
    contacts: tuple[str, ...] = ()  # e-mail addresses of ContactData


@dataclass(frozen=True)
class Schedule:
    """The first day: `in_days` from today, moved on to `weekday` and past holidays."""

    in_days: int
    weekday: int
    days: int = 1


@dataclass(frozen=True)
class RegistrationWindow:
    """Opens `opens_in_days` from today at 09.00, closes at 23.59 some days before the event;
    the builder moves both off weekends."""

    opens_in_days: int
    closes_days_before: int


@dataclass(frozen=True)
class PressData:
    text: str
    contact: str  # e-mail address of a ContactData
    published_days_ago: int


@dataclass(frozen=True)
class EventData:
    slug: str
    kind: str
    title: str
    summary: str
    description: str
    schedule: Schedule
    start: str
    end: str  # on the last day
    venue: str
    county: str
    organisers: tuple[OrganiserData, ...]
    status: str = Event.Status.PUBLISHED
    expected_size: int | None = None
    themes: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    audience_text: str = ""
    online_information: str = ""
    registration: RegistrationWindow | None = None
    cancellation_reason: str = ""
    moderators: tuple[str, ...] = ()
    items: tuple[Item, ...] = ()
    blocks: tuple[BlockData, ...] = ()
    links: tuple[LinkData, ...] = ()
    press: PressData | None = None


THEMES = (
    ThemeData(
        "vald-i-nara-relationer",
        "Våld i nära relationer",
        "Att upptäcka, stoppa och förebygga våld mellan närstående, och att stödja den som "
        "utsätts och barn som upplever våld.",
    ),
    ThemeData(
        "unga-och-kriminalitet",
        "Unga och kriminalitet",
        "Skyddsfaktorer och tidiga insatser för unga, och hur samhället hindrar att unga "
        "rekryteras till kriminella nätverk.",
    ),
    ThemeData(
        "trygghet-i-offentlig-miljo",
        "Trygghet i offentlig miljö",
        "Trygga torg, parker, centrum och bostadsområden: belysning, gestaltning och "
        "platssamverkan.",
    ),
    ThemeData(
        "brottsforebyggande-arbete-i-kommunen",
        "Brottsförebyggande arbete i kommunen",
        "Kommunens ansvar för brottsförebyggande arbete: lägesbild, åtgärdsprogram och "
        "samverkan med polisen.",
    ),
    ThemeData(
        "hedersrelaterat-vald-och-fortryck",
        "Hedersrelaterat våld och förtryck",
        "Att se tecknen, skydda och stödja den som lever under hedersnormer.",
    ),
    ThemeData(
        "narkotika",
        "Narkotika",
        "Förebyggande arbete mot narkotika bland unga och vuxna, och insatser mot "
        "öppen narkotikahandel.",
    ),
)

AUDIENCES = (
    "Kommuner",
    "Polis",
    "Region och hälso- och sjukvård",
    "Socialtjänst",
    "Skola",
    "Civilsamhälle",
    "Näringsliv",
    "Förtroendevalda",
    "Statliga myndigheter",
)

# Polismyndigheten 202100-0076 and Brottsförebyggande rådet 202100-0068 are public
# numbers; the invented organisations have invented numbers with valid check digits.
ORGANISATIONS = (
    OrganisationData(
        "Länsstyrelsen i Västra Götalands län",
        Organisation.Kind.COUNTY_BOARD,
        County.VASTRA_GOTALAND,
        website="https://www.lansstyrelsen.se/vastra-gotaland",
    ),
    OrganisationData(
        "Länsstyrelsen i Östergötlands län",
        Organisation.Kind.COUNTY_BOARD,
        County.OSTERGOTLAND,
        website="https://www.lansstyrelsen.se/ostergotland",
    ),
    OrganisationData(
        "Länsstyrelsen i Stockholms län",
        Organisation.Kind.COUNTY_BOARD,
        County.STOCKHOLM,
        website="https://www.lansstyrelsen.se/stockholm",
    ),
    OrganisationData(
        "Polisregion Väst",
        Organisation.Kind.POLICE,
        County.VASTRA_GOTALAND,
        "202100-0076",
        "https://polisen.se",
    ),
    OrganisationData(
        "Polisregion Syd",
        Organisation.Kind.POLICE,
        County.SKANE,
        "202100-0076",
        "https://polisen.se",
    ),
    OrganisationData(
        "Polisregion Öst",
        Organisation.Kind.POLICE,
        County.OSTERGOTLAND,
        "202100-0076",
        "https://polisen.se",
    ),
    OrganisationData(
        "Brottsförebyggande rådet",
        Organisation.Kind.STATE_AGENCY,
        "",
        "202100-0068",
        "https://bra.se",
    ),
    OrganisationData(
        "Västra Götalandsregionen",
        Organisation.Kind.REGION,
        County.VASTRA_GOTALAND,
        website="https://www.vgregion.se",
    ),
    OrganisationData(
        "Göteborgsregionen",
        Organisation.Kind.ASSOCIATION,
        County.VASTRA_GOTALAND,
        website="https://goteborgsregionen.se",
    ),
    OrganisationData(
        "Sveriges Kommuner och Regioner", Organisation.Kind.ASSOCIATION, website="https://skr.se"
    ),
    OrganisationData(
        "Älvstads kommun",
        Organisation.Kind.MUNICIPALITY,
        County.VASTRA_GOTALAND,
        "212000-9903",
        "https://example.se/alvstad",
    ),
    OrganisationData(
        "Västerhamns kommun",
        Organisation.Kind.MUNICIPALITY,
        County.SKANE,
        "212000-9911",
        "https://example.se/vasterhamn",
    ),
    OrganisationData(
        "Älvstadshem AB",
        Organisation.Kind.BUSINESS,
        County.VASTRA_GOTALAND,
        "556999-9906",
        "https://example.se/alvstadshem",
    ),
    OrganisationData(
        "Föreningen Trygga kvarter Älvstad",
        Organisation.Kind.NONPROFIT,
        County.VASTRA_GOTALAND,
        "802999-9904",
        "https://example.org/trygga-kvarter",
    ),
)

CONTACTS = (
    ContactData(
        "Länsstyrelsen i Västra Götalands län",
        "Maria Lindholm",
        "samordnare för brottsförebyggande arbete",
        "maria.lindholm@example.se",
        "070-174 06 05",
    ),
    ContactData(
        "Länsstyrelsen i Västra Götalands län",
        "Erik Sandberg",
        "kommunikatör",
        "erik.sandberg@example.se",
        "070-174 06 06",
    ),
    ContactData(
        "Polisregion Väst",
        "Anders Nyberg",
        "regional samordnare för brottsförebyggande arbete",
        "anders.nyberg@example.se",
        "070-174 06 07",
    ),
    ContactData(
        "Polisregion Väst",
        "Fredrik Alm",
        "kommunpolis, lokalpolisområde Älvstad",
        "fredrik.alm@example.se",
        "070-174 06 08",
    ),
    ContactData(
        "Västra Götalandsregionen",
        "Leila Haddad",
        "folkhälsostrateg",
        "leila.haddad@example.se",
        "070-174 06 09",
    ),
    ContactData(
        "Göteborgsregionen",
        "Johan Ekdahl",
        "processledare, trygghet och brottsförebyggande arbete",
        "johan.ekdahl@example.org",
        "070-174 06 10",
    ),
    ContactData(
        "Brottsförebyggande rådet",
        "Karin Öberg",
        "utredare, lokalt brottsförebyggande arbete",
        "karin.oberg@example.se",
        "070-174 06 11",
    ),
    ContactData(
        "Älvstads kommun",
        "Nadia Rahimi",
        "trygghetssamordnare",
        "nadia.rahimi@example.se",
        "070-174 06 12",
    ),
    ContactData(
        "Älvstads kommun",
        "Peter Ström",
        "kommunikatör",
        "peter.strom@example.se",
        "070-174 06 13",
    ),
    ContactData(
        "Älvstadshem AB",
        "Camilla Björk",
        "trygghetsansvarig",
        "camilla.bjork@example.org",
        "070-174 06 14",
    ),
    ContactData(
        "Föreningen Trygga kvarter Älvstad",
        "Ahmed Yusuf",
        "ordförande",
        "ahmed.yusuf@example.org",
        "070-174 06 15",
    ),
    ContactData(
        "Polisregion Syd",
        "Mattias Holm",
        "presstalesperson",
        "mattias.holm@example.se",
        "070-174 06 16",
    ),
    ContactData(
        "Polisregion Syd",
        "Elin Persson",
        "kommunpolis, lokalpolisområde Västerhamn",
        "elin.persson@example.se",
        "070-174 06 17",
    ),
    ContactData(
        "Västerhamns kommun",
        "Sara Lindqvist",
        "samordnare för brottsförebyggande arbete",
        "sara.lindqvist@example.se",
        "070-174 06 18",
    ),
    ContactData(
        "Länsstyrelsen i Östergötlands län",
        "Henrik Wall",
        "handläggare, brottsförebyggande arbete",
        "henrik.wall@example.se",
        "070-174 06 19",
    ),
    ContactData(
        "Polisregion Öst",
        "Lina Forsberg",
        "regional samordnare för brottsförebyggande arbete",
        "lina.forsberg@example.se",
        "070-174 06 20",
    ),
    ContactData(
        "Länsstyrelsen i Stockholms län",
        "Eva Bergström",
        "sakkunnig, våld i nära relationer",
        "eva.bergstrom@example.se",
        "070-174 06 21",
    ),
    ContactData(
        "Sveriges Kommuner och Regioner",
        "Tobias Lund",
        "handläggare, våld i nära relationer",
        "tobias.lund@example.org",
        "070-174 06 22",
    ),
)

VENUES = (
    VenueData(
        "alvporten",
        "Kongresshuset Älvporten",
        "Lindholmsallén 12",
        "417 55",
        "Göteborg",
        County.VASTRA_GOTALAND,
        "Ta buss 16 eller 55 till hållplatsen Lindholmen och gå fem minuter längs "
        "Lindholmsallén. Älvsnabben går från Stenpiren till Lindholmspiren. Parkering mot "
        "avgift finns i parkeringshuset på Lindholmsallén.",
        "Entrén och alla konferenssalar nås utan trappsteg, och hiss finns till alla "
        "våningar. Hörslinga finns i Stora salen och i sal A–E. Det finns RWC på varje "
        "våning och två parkeringsplatser för rörelsehindrade vid huvudentrén.",
        (
            RoomData("Stora salen", 450),
            RoomData("Restaurang Kajen", 250),
            RoomData("Sal A", 40),
            RoomData("Sal B", 35),
            RoomData("Sal C", 30),
            RoomData("Sal D", 30),
            RoomData("Sal E", 25),
        ),
    ),
    VenueData(
        "konserthus",
        "Älvstads konserthus",
        "Kungsgatan 22",
        "468 30",
        "Älvstad",
        County.VASTRA_GOTALAND,
        "Konserthuset ligger fem minuters promenad från Älvstads resecentrum. Stadsbussarna "
        "1 och 3 stannar vid hållplatsen Konserthuset.",
        "Entré utan trappsteg från Kungsgatan och hiss till alla plan. Hörslinga i Stora "
        "salen. RWC finns i foajén. Parkeringsplatser för rörelsehindrade finns på "
        "Konserthustorget.",
        (RoomData("Stora salen", 500), RoomData("Foajén", 300)),
    ),
    VenueData(
        "stadshus",
        "Älvstads stadshus",
        "Stora torget 1",
        "468 80",
        "Älvstad",
        County.VASTRA_GOTALAND,
        "Stadshuset ligger vid Stora torget, cirka tio minuters promenad från konserthuset "
        "längs Kungsgatan. Huvudentrén vetter mot torget.",
        "Ramp vid huvudentrén och hiss till alla våningar. Hörslinga i Hörsalen och "
        "Sessionssalen. RWC finns på entréplanet och på plan 2. Parkering för "
        "rörelsehindrade finns på stadshusets baksida, mot Rådhusgatan.",
        (
            RoomData("Hörsalen", 180),
            RoomData("Sessionssalen", 60),
            RoomData("Älvsalen", 40),
            RoomData("Forsen", 30),
            RoomData("Holmen", 25),
        ),
    ),
    VenueData(
        "bibliotek",
        "Västerhamns stadsbibliotek",
        "Bibliotekstorget 2",
        "262 31",
        "Västerhamn",
        County.SKANE,
        "Biblioteket ligger vid Bibliotekstorget, fem minuters promenad från Västerhamns "
        "station. Cykelparkering finns vid entrén.",
        "Automatisk dörröppnare och entré i markplan. Hiss till Hörsalen på plan 1, där det "
        "finns hörslinga. RWC på entréplanet. Parkering för rörelsehindrade finns på torget "
        "framför biblioteket.",
        (RoomData("Hörsalen", 120),),
    ),
    VenueData(
        "stangan",
        "Konferenshuset Stångån",
        "Ågatan 40",
        "582 22",
        "Linköping",
        County.OSTERGOTLAND,
        "Tio minuters promenad från Linköpings resecentrum. Närmaste busshållplats är "
        "Stora torget.",
        "Entré utan trappsteg och hiss till alla plan. Hörslinga i Stångåsalen. RWC på "
        "varje plan. Parkering för rörelsehindrade finns på innergården, med infart från "
        "Ågatan.",
        (RoomData("Stångåsalen", 60), RoomData("Restaurangen", 80)),
    ),
    VenueData(
        "klara",
        "Klara konferens",
        "Klara östra kyrkogata 4",
        "111 52",
        "Stockholm",
        County.STOCKHOLM,
        "Fem minuters promenad från Stockholms central och T-Centralen (uppgång Klarabergsgatan).",
        "Entré i gatuplan och hiss till alla våningar. Hörslinga i Stora salen och Lilla "
        "salen. RWC på varje våning. Närmaste parkering för rörelsehindrade finns på "
        "Klarabergsgatan.",
        (RoomData("Stora salen", 200), RoomData("Lilla salen", 60)),
    ),
)

PEOPLE = {
    # Trygghetskonferensen
    "ek": PersonData("Johanna Ek", "journalist och moderator"),
    "westerlund": PersonData("Karin Westerlund", "länsråd", "Länsstyrelsen i Västra Götalands län"),
    "minister": PersonData("Cecilia Holmén", "justitieminister", "Justitiedepartementet"),
    "sjoberg": PersonData("Daniel Sjöberg", "fil. dr, enhetschef", "Brottsförebyggande rådet"),
    "dahl": PersonData("Mikael Dahl", "underrättelseanalytiker", "Polisregion Väst"),
    "lindholm": PersonData(
        "Maria Lindholm",
        "samordnare för brottsförebyggande arbete",
        "Länsstyrelsen i Västra Götalands län",
    ),
    "nyberg": PersonData(
        "Anders Nyberg", "regional samordnare för brottsförebyggande arbete", "Polisregion Väst"
    ),
    "haddad": PersonData("Leila Haddad", "folkhälsostrateg", "Västra Götalandsregionen"),
    "ekdahl": PersonData(
        "Johan Ekdahl",
        "processledare, trygghet och brottsförebyggande arbete",
        "Göteborgsregionen",
    ),
    "oberg": PersonData(
        "Karin Öberg", "utredare, lokalt brottsförebyggande arbete", "Brottsförebyggande rådet"
    ),
    "virtanen": PersonData(
        "Hanna Virtanen", "enhetschef, individ- och familjeomsorgen", "Stenviks kommun"
    ),
    "said": PersonData("Omar Said", "fältassistent", "Stenviks kommun"),
    "berg": PersonData("Anna-Karin Berg", "rektor", "Bäckebyskolan, Bäckeby kommun"),
    "johansson": PersonData("Patrik Johansson", "kommunpolis", "Polisregion Väst"),
    "makela": PersonData("Sanna Mäkelä", "verksamhetsledare", "Föreningen Trygga kvarter Älvstad"),
    "holmgren": PersonData("Lars Holmgren", "professor i kriminologi", "Malmö universitet"),
    "nordin": PersonData(
        "Emma Nordin", "utvecklingsledare, våld i nära relationer", "Västra Götalandsregionen"
    ),
    "pettersson": PersonData("Jonas Pettersson", "socialsekreterare", "Bäckeby kommun"),
    "hassan": PersonData(
        "Amira Hassan",
        "utvecklingsledare, hedersrelaterat våld och förtryck",
        "Länsstyrelsen i Östergötlands län",
    ),
    "sten": PersonData("Ulrika Sten", "skolkurator", "Stenviks kommun"),
    "lindgren": PersonData("Björn Lindgren", "fastighetsförvaltare", "Älvstadshem AB"),
    "almgren": PersonData("Tove Almgren", "planarkitekt", "Stenviks kommun"),
    "fors": PersonData("Linnea Fors", "drogförebyggande samordnare", "Göteborgsregionen"),
    "wikstrom": PersonData("Gustav Wikström", "säkerhetschef", "Centrumföreningen i Älvstad"),
    # Tryggare tillsammans i Älvstad
    "engstrom": PersonData("Lisa Engström", "kommunikationschef", "Älvstads kommun"),
    "lund": PersonData("Göran Lund", "kommunstyrelsens ordförande", "Älvstads kommun"),
    "rahimi": PersonData("Nadia Rahimi", "trygghetssamordnare", "Älvstads kommun"),
    "alm": PersonData("Fredrik Alm", "kommunpolis, lokalpolisområde Älvstad", "Polisregion Väst"),
    "roos": PersonData("Elisabeth Roos", "fil. dr i socialt arbete", "Göteborgs universitet"),
    "falk": PersonData("Jenny Falk", "lokalpolisområdeschef", "Polisregion Väst"),
    "bjork": PersonData("Camilla Björk", "trygghetsansvarig", "Älvstadshem AB"),
    "yusuf": PersonData("Ahmed Yusuf", "ordförande", "Föreningen Trygga kvarter Älvstad"),
    "wiklund": PersonData("Per Wiklund", "ordförande", "Centrumföreningen i Älvstad"),
    "ahlberg": PersonData("Karl Ahlberg", "rektor", "Forsskolan, Älvstads kommun"),
    "mattsson": PersonData("Ulla Mattsson", "elevhälsochef", "Älvstads kommun"),
    "nilsson": PersonData("Ella Nilsson", "fritidsledare", "Älvstads kommun"),
    "blom": PersonData("Katarina Blom", "socialsekreterare", "Älvstads kommun"),
    "hedin": PersonData("Robert Hedin", "belysningsplanerare", "Älvstads kommun"),
    "lindberg": PersonData("Maja Lindberg", "familjebehandlare", "Älvstads kommun"),
    "linden": PersonData("Oskar Lindén", "fältsekreterare", "Älvstads kommun"),
    "sand": PersonData("Birgitta Sand", "verksamhetsledare", "Brottsofferjouren i Älvstad"),
    # Seminarium: Unga och kriminalitet
    "greve": PersonData("Thomas Greve", "polisområdeschef", "Polisregion Syd"),
    "alsayed": PersonData("Fatima Al-Sayed", "kommunstyrelsens ordförande", "Västerhamns kommun"),
    "lindqvist": PersonData(
        "Sara Lindqvist", "samordnare för brottsförebyggande arbete", "Västerhamns kommun"
    ),
    "persson": PersonData(
        "Elin Persson", "kommunpolis, lokalpolisområde Västerhamn", "Polisregion Syd"
    ),
    "ekberg": PersonData("Nora Ekberg", "ledamot", "Västerhamns ungdomsråd"),
    "ljung": PersonData("Jakob Ljung", "kommunikationschef", "Västerhamns kommun"),
    # Regional hearing
    "wall": PersonData(
        "Henrik Wall", "handläggare, brottsförebyggande arbete", "Länsstyrelsen i Östergötlands län"
    ),
    "forsberg": PersonData(
        "Lina Forsberg", "regional samordnare för brottsförebyggande arbete", "Polisregion Öst"
    ),
    # Våld i nära relationer
    "bergstrom": PersonData(
        "Eva Bergström", "sakkunnig, våld i nära relationer", "Länsstyrelsen i Stockholms län"
    ),
    "akesson": PersonData("Malin Åkesson", "leg. psykolog och forskare", "Karolinska institutet"),
    "tlund": PersonData(
        "Tobias Lund", "handläggare, våld i nära relationer", "Sveriges Kommuner och Regioner"
    ),
    "vikstrom": PersonData("Niklas Vikström", "behandlare", "Mansmottagningen Klara"),
    "sjolund": PersonData("Ingrid Sjölund", "stadsplanerare", "Stockholms stad"),
}

# --- 1. A two-day county conference with four co-hosts and elective seminars ---------------

STORA = ("alvporten", "Stora salen")
KAJEN = ("alvporten", "Restaurang Kajen")


def _sal(letter: str) -> tuple[str, str]:
    return ("alvporten", f"Sal {letter}")


TRYGGHETSKONFERENSEN = EventData(
    slug="trygghetskonferensen",
    kind=Event.Kind.CONFERENCE,
    title="Trygghetskonferensen {year}",
    summary=(
        "Två dagar om hur vi tillsammans förebygger brott och ökar tryggheten i Västra "
        "Götaland – med aktuell forskning, erfarenheter från länets kommuner och valbara "
        "fördjupningsseminarier."
    ),
    description="""\
Välkommen till Trygghetskonferensen {year}! Under två dagar samlas omkring 130 personer \
från statliga myndigheter, kommuner, regionen, civilsamhället och näringslivet för att \
dela kunskap om vad som förebygger brott och ökar tryggheten i Västra Götaland.

Konferensen arrangeras av Länsstyrelsen i Västra Götalands län tillsammans med Polisregion \
Väst, Västra Götalandsregionen, Göteborgsregionen och Brottsförebyggande rådet. \
Justitieministern inleder, och under båda dagarna varvas föreläsningar i plenum med \
valbara seminarier där du fördjupar dig i det som är mest angeläget för ditt arbete.

# Du får

- aktuell kunskap om vad forskningen säger om effektivt brottsförebyggande arbete
- en lägesbild av brottsligheten och tryggheten i länet
- konkreta exempel från kommuner som har kommit långt i samverkan med polisen
- välja två fördjupande seminarier utifrån dina behov
- tid att knyta kontakter med kollegor från hela länet

# Praktisk information

Konferensen är kostnadsfri. Lunch och kaffe båda dagarna och middag den första kvällen \
ingår. Ange eventuell specialkost när du anmäler dig.

Till seminarierna i pass 1 rangordnar du dina önskemål när du anmäler dig. Vi fördelar \
platserna så att så många som möjligt får sitt förstahandsval. Till pass 2 gäller \
först till kvarn.

Kan du inte komma? Avboka senast en vecka före konferensen, så att någon annan kan få \
din plats.
""",
    schedule=Schedule(in_days=70, weekday=TUESDAY, days=2),
    start="09.00",
    end="15.00",
    venue="alvporten",
    county=County.VASTRA_GOTALAND,
    expected_size=130,
    themes=(
        "brottsforebyggande-arbete-i-kommunen",
        "unga-och-kriminalitet",
        "trygghet-i-offentlig-miljo",
        "vald-i-nara-relationer",
    ),
    audiences=(
        "Kommuner",
        "Statliga myndigheter",
        "Polis",
        "Region och hälso- och sjukvård",
        "Civilsamhälle",
        "Näringsliv",
        "Förtroendevalda",
    ),
    audience_text=(
        "Tjänstepersoner och förtroendevalda som arbetar med trygghet och brottsförebyggande "
        "frågor i Västra Götaland – i kommuner, statliga myndigheter, regionen, "
        "civilsamhället och näringslivet."
    ),
    online_information=(
        "Föreläsningarna i plenum filmas och publiceras här några veckor efter konferensen. "
        "Seminarierna filmas inte."
    ),
    registration=RegistrationWindow(opens_in_days=-30, closes_days_before=14),
    organisers=(
        OrganiserData(
            "Länsstyrelsen i Västra Götalands län",
            HOST,
            ("maria.lindholm@example.se", "erik.sandberg@example.se"),
        ),
        OrganiserData("Polisregion Väst", COHOST, ("anders.nyberg@example.se",)),
        OrganiserData("Västra Götalandsregionen", COHOST, ("leila.haddad@example.se",)),
        OrganiserData("Göteborgsregionen", COHOST, ("johan.ekdahl@example.org",)),
        OrganiserData("Brottsförebyggande rådet", COHOST, ("karin.oberg@example.se",)),
    ),
    moderators=("ek",),
    items=(
        Item(
            "09.00",
            "09.45",
            K.BREAK,
            "Registrering och förmiddagskaffe",
            "Hämta din namnbricka i entrén. Kaffe serveras i foajén.",
        ),
        Item(
            "09.45",
            "10.00",
            K.OPENING,
            "Välkommen till Trygghetskonferensen",
            room=STORA,
            people=(Part("westerlund"),),
        ),
        Item(
            "10.00",
            "10.20",
            K.OPENING,
            "Öppningstal: Tillsammans mot brott",
            "Regeringens arbete för att förebygga brott och öka tryggheten i hela landet.",
            room=STORA,
            people=(Part("minister"),),
        ),
        Item(
            "10.20",
            "11.05",
            K.KEYNOTE,
            "Vad fungerar? Forskningen om lokalt brottsförebyggande arbete",
            "Vilka insatser minskar brottsligheten, och hur vet vi det? En genomgång av "
            "kunskapsläget och vad det betyder för kommunernas arbete.",
            room=STORA,
            people=(Part("sjoberg"),),
        ),
        Item(
            "11.05",
            "11.20",
            K.QA,
            "Frågor från publiken",
            room=STORA,
            people=(Part("sjoberg"), Part("ek", MODERATOR)),
        ),
        Item(
            "11.20",
            "12.00",
            K.TALK,
            "Lägesbild: brottsligheten och tryggheten i Västra Götaland",
            "Hur ser brottsligheten ut i länet, var känner sig invånarna otrygga och vad "
            "har förändrats sedan förra året?",
            room=STORA,
            people=(Part("dahl"), Part("lindholm")),
        ),
        Item("12.00", "13.00", K.LUNCH, "Lunch", room=KAJEN),
        Item(
            "14.00",
            "14.30",
            K.BREAK,
            "Eftermiddagskaffe",
            "Kaffe serveras i foajén utanför Stora salen.",
        ),
        Item(
            "14.30",
            "15.15",
            K.TALK,
            "Sociala insatsgrupper – erfarenheter från tre kommuner",
            "Hur socialtjänst, skola och polis tillsammans fångar upp unga som riskerar att "
            "dras in i kriminalitet, och vad kommunerna har lärt sig på vägen.",
            room=STORA,
            people=(Part("virtanen"), Part("ekdahl")),
        ),
        Item(
            "15.15",
            "16.15",
            K.PANEL,
            "Panelsamtal: Hur når vi unga innan de rekryteras?",
            "Skola, fältarbete, polis och civilsamhälle om vad som behövs för att unga ska "
            "välja bort kriminalitet.",
            room=STORA,
            people=(
                Part("said", PANELIST),
                Part("berg", PANELIST),
                Part("johansson", PANELIST),
                Part("makela", PANELIST),
                Part("ek", MODERATOR),
            ),
        ),
        Item(
            "16.15",
            "16.30",
            K.OTHER,
            "Sammanfattning av dag 1",
            room=STORA,
            people=(Part("ek"),),
        ),
        Item(
            "17.30",
            "20.00",
            K.MINGLE,
            "Mingel och middag",
            "Vi avslutar första dagen med mingel och middag. Anmäl i förväg om du vill delta.",
            room=KAJEN,
        ),
        Item("08.30", "09.00", K.BREAK, "Förmiddagskaffe", day=1),
        Item(
            "09.00",
            "09.10",
            K.OTHER,
            "Välkommen till dag 2",
            day=1,
            room=STORA,
            people=(Part("ek"),),
        ),
        Item(
            "09.10",
            "09.55",
            K.KEYNOTE,
            "Platsens betydelse – situationell brottsprevention i offentlig miljö",
            "Om hur belysning, gestaltning och platssamverkan kan göra torg, parker och "
            "bostadsområden tryggare.",
            day=1,
            room=STORA,
            people=(Part("holmgren"),),
        ),
        Item(
            "09.55",
            "10.10",
            K.QA,
            "Frågor från publiken",
            day=1,
            room=STORA,
            people=(Part("holmgren"), Part("ek", MODERATOR)),
        ),
        Item("10.10", "10.30", K.BREAK, "Paus och byte av sal", day=1),
        Item(
            "11.30",
            "12.15",
            K.TALK,
            "Samverkan i praktiken: medborgarlöften och gemensam lägesbild",
            "Hur kommun och lokalpolisområde tar fram en gemensam lägesbild och lovar "
            "invånarna konkreta åtgärder – och följer upp dem.",
            day=1,
            room=STORA,
            people=(Part("rahimi"), Part("alm")),
        ),
        Item("12.15", "13.15", K.LUNCH, "Lunch", day=1, room=KAJEN),
        Item(
            "13.15",
            "14.00",
            K.TALK,
            "Tillsammans mot brott – nästa steg för det nationella programmet",
            "Hur det nationella brottsförebyggande programmet utvecklas, och vilket stöd "
            "kommunerna kan få från Brå och länsstyrelserna.",
            day=1,
            room=STORA,
            people=(Part("oberg"),),
        ),
        Item(
            "14.00",
            "14.30",
            K.QA,
            "Frågestund med arrangörerna",
            "Ställ dina frågor till de fem organisationerna bakom konferensen.",
            day=1,
            room=STORA,
            people=(
                Part("lindholm", PANELIST),
                Part("nyberg", PANELIST),
                Part("haddad", PANELIST),
                Part("ekdahl", PANELIST),
                Part("oberg", PANELIST),
                Part("ek", MODERATOR),
            ),
        ),
        Item(
            "14.30",
            "15.00",
            K.CLOSING,
            "Medskick och avslutning",
            day=1,
            room=STORA,
            people=(Part("westerlund"),),
        ),
    ),
    blocks=(
        BlockData(
            "13.00",
            "14.00",
            "Seminarier, pass 1",
            RANKED,
            (
                SeminarData(
                    "Våld i nära relationer – att upptäcka och agera tidigt",
                    _sal("A"),
                    40,
                    (Part("nordin"), Part("pettersson")),
                    "Hur verksamheter som möter många människor kan ställa frågor om våld och "
                    "vad som händer sedan.",
                ),
                SeminarData(
                    "Hedersrelaterat våld och förtryck – samverkan mellan skola och socialtjänst",
                    _sal("B"),
                    35,
                    (Part("hassan"), Part("sten")),
                    "Att se tecknen i tid och agera tillsammans när en elev lever under "
                    "hedersnormer.",
                ),
                SeminarData(
                    "Trygghetsvandringar och platssamverkan",
                    _sal("C"),
                    30,
                    (Part("lindgren"), Part("almgren")),
                    "Fastighetsägare, kommun och polis om hur de tillsammans gör ett "
                    "bostadsområde tryggare.",
                ),
                SeminarData(
                    "Narkotika i skolan – förebyggande arbete som fungerar",
                    _sal("D"),
                    30,
                    (Part("fors"),),
                    "Metoder med stöd i forskningen och hur skolan samarbetar med socialtjänsten.",
                ),
                SeminarData(
                    "Näringslivets roll i det brottsförebyggande arbetet",
                    _sal("E"),
                    25,
                    (Part("wikstrom"),),
                    "Hur handeln och centrumföreningar kan bidra till ett tryggare centrum.",
                ),
            ),
        ),
        BlockData(
            "10.30",
            "11.30",
            "Seminarier, pass 2",
            FIRST_COME,
            (
                SeminarData(
                    "Så tar kommunen fram sin egen lägesbild",
                    _sal("A"),
                    40,
                    (Part("lindholm"), Part("dahl")),
                    "Från statistik och trygghetsmätningar till en gemensam lägesbild med polisen.",
                ),
                SeminarData(
                    "Unga i riskzonen – socialtjänstens insatser",
                    _sal("B"),
                    35,
                    (Part("virtanen"),),
                    "Tidiga och samordnade insatser för unga som riskerar att hamna i "
                    "kriminalitet.",
                ),
                SeminarData(
                    "Föreningar som trygghetsskapare",
                    _sal("C"),
                    30,
                    (Part("makela"), Part("said")),
                    "Hur civilsamhället och kommunen kan samarbeta kring nattvandring, "
                    "läxhjälp och fritidsaktiviteter.",
                ),
                SeminarData(
                    "Att mäta effekter av brottsförebyggande insatser",
                    _sal("D"),
                    30,
                    (Part("sjoberg"),),
                    "Hur en kommun följer upp sina insatser utan att vara forskare.",
                ),
            ),
            day=1,
        ),
    ),
    links=(
        LinkData(
            EventLink.Kind.RECORDING,
            "Vad fungerar i det lokala brottsförebyggande arbetet? "
            "(Trygghetskonferensen {previous_year})",
            "https://example.org/play/trygghetskonferensen-{previous_year}/vad-fungerar",
        ),
        LinkData(
            EventLink.Kind.RECORDING,
            "Panelsamtal om unga och kriminella nätverk (Trygghetskonferensen {previous_year})",
            "https://example.org/play/trygghetskonferensen-{previous_year}/panelsamtal",
        ),
        LinkData(
            EventLink.Kind.RECORDING,
            "Trygghet i offentlig miljö – från mätning till åtgärd "
            "(Trygghetskonferensen {year_before})",
            "https://example.org/play/trygghetskonferensen-{year_before}/offentlig-miljo",
        ),
        LinkData(
            EventLink.Kind.EARLIER_EDITION,
            "Trygghetskonferensen {previous_year}: program och presentationer",
            "https://example.org/trygghetskonferensen/{previous_year}",
        ),
        LinkData(
            EventLink.Kind.EARLIER_EDITION,
            "Trygghetskonferensen {year_before}: program och presentationer",
            "https://example.org/trygghetskonferensen/{year_before}",
        ),
    ),
)

# --- 2. A one-day municipal conference: a venue change after lunch, three mini-blocks ------

STADSHUS_ROOMS = {
    "session": ("stadshus", "Sessionssalen"),
    "alv": ("stadshus", "Älvsalen"),
    "forsen": ("stadshus", "Forsen"),
    "holmen": ("stadshus", "Holmen"),
}
GRANNSAMVERKAN = (
    "Grannsamverkan – så kommer ni i gång",
    "Hur grannar, polis och fastighetsägare tillsammans gör bostadsområdet tryggare, och hur "
    "ni startar grannsamverkan där ni bor.",
)

TRYGGARE_TILLSAMMANS = EventData(
    slug="tryggare-tillsammans-alvstad",
    kind=Event.Kind.CONFERENCE,
    title="Tryggare tillsammans i Älvstad",
    summary=(
        "En dag om trygghet och brottsförebyggande arbete i Älvstad: föreläsningar och "
        "panelsamtal på förmiddagen, miniseminarier i stadshuset på eftermiddagen."
    ),
    description="""\
Hur gör vi Älvstad tryggare – tillsammans? Älvstads kommun bjuder in till en dag om \
trygghet och brottsförebyggande arbete, tillsammans med polisen, Älvstadshem och \
Föreningen Trygga kvarter Älvstad.

Förmiddagen ägnas åt föreläsningar och ett panelsamtal i Älvstads konserthus. Efter \
lunch fortsätter dagen i stadshuset, där du väljer ett miniseminarium i vart och ett av \
tre pass.

# Du får

- en aktuell bild av tryggheten i Älvstad
- kunskap om vad som skyddar unga från att hamna i kriminalitet
- träffa dem som arbetar med trygghetsfrågor i kommunen, hos polisen och i föreningslivet
- välja tre miniseminarier om det som är viktigast för dig

# Praktisk information

Konferensen är kostnadsfri och lunch ingår. Miniseminarierna har ett begränsat antal \
platser som fördelas efter principen först till kvarn när du anmäler dig. Det är cirka \
tio minuters promenad mellan konserthuset och stadshuset.
""",
    schedule=Schedule(in_days=35, weekday=THURSDAY),
    start="08.30",
    end="16.00",
    venue="konserthus",
    county=County.VASTRA_GOTALAND,
    expected_size=150,
    themes=(
        "brottsforebyggande-arbete-i-kommunen",
        "trygghet-i-offentlig-miljo",
        "unga-och-kriminalitet",
    ),
    audiences=("Kommuner", "Polis", "Socialtjänst", "Skola", "Civilsamhälle", "Näringsliv"),
    audience_text=(
        "Anställda och förtroendevalda i Älvstads kommun, polisen, skolan, fastighetsägare, "
        "föreningar och alla andra som arbetar för ett tryggare Älvstad."
    ),
    registration=RegistrationWindow(opens_in_days=-21, closes_days_before=7),
    organisers=(
        OrganiserData(
            "Älvstads kommun", HOST, ("nadia.rahimi@example.se", "peter.strom@example.se")
        ),
        OrganiserData("Polisregion Väst", COHOST, ("fredrik.alm@example.se",)),
        OrganiserData("Älvstadshem AB", COHOST, ("camilla.bjork@example.org",)),
        OrganiserData("Föreningen Trygga kvarter Älvstad", COHOST, ("ahmed.yusuf@example.org",)),
    ),
    moderators=("engstrom",),
    items=(
        Item(
            "08.30",
            "09.00",
            K.BREAK,
            "Registrering och kaffe",
            "Kaffe och smörgås serveras i konserthusets foajé.",
            room=("konserthus", "Foajén"),
        ),
        Item(
            "09.00",
            "09.15",
            K.OPENING,
            "Välkomna",
            room=("konserthus", "Stora salen"),
            people=(Part("lund"),),
        ),
        Item(
            "09.15",
            "10.00",
            K.TALK,
            "Trygghetsläget i Älvstad – vad säger den senaste trygghetsmätningen?",
            "Kommunen och polisen presenterar resultaten och de områden där vi behöver göra mer.",
            room=("konserthus", "Stora salen"),
            people=(Part("rahimi"), Part("alm")),
        ),
        Item("10.00", "10.20", K.BREAK, "Förmiddagskaffe", room=("konserthus", "Foajén")),
        Item(
            "10.20",
            "11.00",
            K.TALK,
            "Därför hamnar unga i kriminalitet – och det här skyddar dem",
            "Vad forskningen säger om risk- och skyddsfaktorer, och vad vuxna i kommunen kan göra.",
            room=("konserthus", "Stora salen"),
            people=(Part("roos"),),
        ),
        Item(
            "11.00",
            "11.40",
            K.PANEL,
            "Panelsamtal: Hur skapar vi ett tryggt centrum och trygga bostadsområden?",
            room=("konserthus", "Stora salen"),
            people=(
                Part("falk", PANELIST),
                Part("bjork", PANELIST),
                Part("yusuf", PANELIST),
                Part("wiklund", PANELIST),
                Part("engstrom", MODERATOR),
            ),
        ),
        Item(
            "11.40",
            "12.00",
            K.QA,
            "Frågor från publiken",
            room=("konserthus", "Stora salen"),
            people=(Part("engstrom", MODERATOR),),
        ),
        Item(
            "12.00",
            "13.00",
            K.LUNCH,
            "Lunch",
            "Lunch serveras i konserthusets foajé. Därefter går vi tillsammans till "
            "stadshuset, cirka tio minuters promenad.",
            room=("konserthus", "Foajén"),
        ),
        Item(
            "13.00",
            "13.40",
            K.TALK,
            "Skolan som skyddsfaktor",
            "Om närvaro, trygghet i skolan och elevhälsans arbete med tidiga signaler.",
            venue="stadshus",
            room=("stadshus", "Hörsalen"),
            people=(Part("ahlberg"), Part("mattsson")),
        ),
        Item(
            "13.40",
            "14.00",
            K.BREAK,
            "Paus och förflyttning till miniseminarierna",
            "Miniseminarierna hålls i stadshusets sammanträdesrum. Skyltar visar vägen.",
            venue="stadshus",
        ),
        Item("14.30", "14.45", K.BREAK, "Paus och byte av rum", venue="stadshus"),
        Item("15.15", "15.30", K.BREAK, "Paus och byte av rum", venue="stadshus"),
    ),
    blocks=(
        BlockData(
            "14.00",
            "14.30",
            "Miniseminarier, pass 1",
            FIRST_COME,
            (
                SeminarData(
                    GRANNSAMVERKAN[0],
                    STADSHUS_ROOMS["session"],
                    60,
                    (Part("alm"),),
                    GRANNSAMVERKAN[1],
                    topic="grannsamverkan",
                ),
                SeminarData(
                    "Trygghetsvandringar tillsammans med unga",
                    STADSHUS_ROOMS["alv"],
                    40,
                    (Part("rahimi"), Part("nilsson")),
                    "Hur unga själva kan visa var de känner sig otrygga, och vad kommunen "
                    "gjorde åt det.",
                ),
                SeminarData(
                    "Stöd till den som utsätts för våld i nära relationer",
                    STADSHUS_ROOMS["forsen"],
                    30,
                    (Part("blom"),),
                    "Vilket stöd kommunen ger, och hur du som kollega, granne eller vän kan "
                    "hjälpa till.",
                ),
                SeminarData(
                    "Ljus och trygghet – belysning i offentlig miljö",
                    STADSHUS_ROOMS["holmen"],
                    25,
                    (Part("hedin"),),
                    "Hur ny belysning i parker och gångtunnlar har ökat tryggheten i Älvstad.",
                ),
            ),
            venue="stadshus",
        ),
        BlockData(
            "14.45",
            "15.15",
            "Miniseminarier, pass 2",
            FIRST_COME,
            (
                SeminarData(
                    "Föräldraskapsstöd som förebygger",
                    STADSHUS_ROOMS["session"],
                    60,
                    (Part("lindberg"),),
                    "Kommunens föräldraprogram och hur de stärker skyddsfaktorerna kring barn.",
                ),
                SeminarData(
                    "Skolnärvaro och tidiga signaler",
                    STADSHUS_ROOMS["alv"],
                    40,
                    (Part("mattsson"),),
                    "När en elev börjar utebli från skolan: så arbetar elevhälsan och "
                    "socialtjänsten tillsammans.",
                ),
                SeminarData(
                    "Nattvandring – så gör civilsamhället skillnad",
                    STADSHUS_ROOMS["forsen"],
                    30,
                    (Part("yusuf"),),
                    "Erfarenheter från fem år av nattvandring i Älvstads centrum.",
                ),
                SeminarData(
                    "Fastighetsägarens roll i trygghetsarbetet",
                    STADSHUS_ROOMS["holmen"],
                    25,
                    (Part("bjork"), Part("lindgren")),
                    "Trygga entréer, upplysta gårdar och samarbete med hyresgästerna.",
                ),
            ),
            venue="stadshus",
        ),
        BlockData(
            "15.30",
            "16.00",
            "Miniseminarier, pass 3",
            FIRST_COME,
            (
                SeminarData(
                    GRANNSAMVERKAN[0],
                    STADSHUS_ROOMS["session"],
                    60,
                    (Part("alm"),),
                    GRANNSAMVERKAN[1],
                    topic="grannsamverkan",
                ),
                SeminarData(
                    "Narkotika bland unga – lägesbild och insatser",
                    STADSHUS_ROOMS["alv"],
                    40,
                    (Part("linden"),),
                    "Vad fältsekreterarna ser i Älvstad och hur kommunen arbetar förebyggande.",
                ),
                SeminarData(
                    "Hedersrelaterat våld och förtryck – att se tecknen",
                    STADSHUS_ROOMS["forsen"],
                    30,
                    (Part("blom"),),
                    "Hur du känner igen tecknen och vart du vänder dig med din oro.",
                ),
                SeminarData(
                    "Brottsofferstöd – vart kan man vända sig?",
                    STADSHUS_ROOMS["holmen"],
                    25,
                    (Part("sand"),),
                    "Om stödet till brottsutsatta, vittnen och anhöriga i Älvstad.",
                ),
            ),
            venue="stadshus",
        ),
    ),
)

# --- 3. A half-day seminar announced by a press invitation ---------------------------------

UNGA_OCH_KRIMINALITET = EventData(
    slug="seminarium-unga-och-kriminalitet",
    kind=Event.Kind.SEMINAR,
    title="Seminarium: Unga och kriminalitet – vad fungerar?",
    summary=(
        "Polisregion Syd och Västerhamns kommun samlar forskning och lokala erfarenheter om "
        "hur vi hindrar att unga dras in i kriminalitet."
    ),
    description="""\
Hur hindrar vi att unga dras in i kriminalitet, och vad hjälper dem som redan är på väg \
in? Polisregion Syd och Västerhamns kommun bjuder in till ett seminarium om vad \
forskningen säger och vad vi har lärt oss av två år med sociala insatsgrupper i \
Västerhamn.

# Du får

- en sammanfattning av forskningen om vägar in i och ut ur kriminalitet
- erfarenheter från samarbetet mellan polis, socialtjänst och skola i Västerhamn
- höra unga själva berätta vad som gör skillnad

Seminariet är kostnadsfritt. Kaffe serveras i pausen.
""",
    schedule=Schedule(in_days=21, weekday=WEDNESDAY),
    start="13.00",
    end="16.30",
    venue="bibliotek",
    county=County.SKANE,
    expected_size=100,
    themes=("unga-och-kriminalitet", "brottsforebyggande-arbete-i-kommunen"),
    audiences=("Kommuner", "Polis", "Socialtjänst", "Skola", "Civilsamhälle", "Förtroendevalda"),
    audience_text=(
        "Politiker och tjänstepersoner i kommunen, polisen, skolan, socialtjänsten och "
        "föreningar som möter unga."
    ),
    registration=RegistrationWindow(opens_in_days=-14, closes_days_before=2),
    organisers=(
        OrganiserData(
            "Polisregion Syd", HOST, ("elin.persson@example.se", "mattias.holm@example.se")
        ),
        OrganiserData("Västerhamns kommun", COHOST, ("sara.lindqvist@example.se",)),
    ),
    items=(
        Item(
            "13.00",
            "13.10",
            K.OPENING,
            "Välkommen",
            room=("bibliotek", "Hörsalen"),
            people=(Part("greve"), Part("alsayed")),
        ),
        Item(
            "13.10",
            "13.50",
            K.TALK,
            "Vägar in i kriminalitet – vad vet vi?",
            "Forskningen om varför unga dras in i kriminella miljöer och vad som får dem att "
            "lämna dem.",
            room=("bibliotek", "Hörsalen"),
            people=(Part("holmgren"),),
        ),
        Item(
            "13.50",
            "14.30",
            K.TALK,
            "Sociala insatsgrupper i Västerhamn – två år senare",
            room=("bibliotek", "Hörsalen"),
            people=(Part("lindqvist"), Part("persson")),
        ),
        Item("14.30", "14.50", K.BREAK, "Kaffe"),
        Item(
            "14.50",
            "15.40",
            K.PANEL,
            "Panelsamtal: Vad fungerar – och vad behöver vi göra mer av?",
            room=("bibliotek", "Hörsalen"),
            people=(
                Part("holmgren", PANELIST),
                Part("lindqvist", PANELIST),
                Part("persson", PANELIST),
                Part("ekberg", PANELIST),
                Part("ljung", MODERATOR),
            ),
        ),
        Item(
            "15.40",
            "16.10",
            K.QA,
            "Frågor från publiken och media",
            room=("bibliotek", "Hörsalen"),
            people=(Part("ljung", MODERATOR),),
        ),
        Item(
            "16.10",
            "16.30",
            K.CLOSING,
            "Sammanfattning och vägen framåt",
            room=("bibliotek", "Hörsalen"),
            people=(Part("greve"),),
        ),
    ),
    press=PressData(
        text="""\
Polisregion Syd och Västerhamns kommun bjuder in media till ett seminarium om hur \
samhället kan hindra att unga dras in i kriminalitet – och vad som fungerar för dem som \
redan befinner sig där.

**Tid:** {when}

**Plats:** {place}

**Syfte:** Att samla forskning och lokala erfarenheter om förebyggande insatser för unga \
i riskzonen, och att diskutera hur polis, kommun, skola och civilsamhälle kan samverka \
bättre.

**Målgrupp:** Politiker och tjänstepersoner i kommunen, polisen, skolan, socialtjänsten \
och föreningar som möter unga.

**Medverkande:** Thomas Greve, polisområdeschef i Polisregion Syd, Fatima Al-Sayed, \
kommunstyrelsens ordförande i Västerhamns kommun, och Lars Holmgren, professor i \
kriminologi vid Malmö universitet.

Det finns möjlighet till intervjuer efter seminariet. Anmäl dig till presskontakten \
senast dagen före.
""",
        contact="mattias.holm@example.se",
        published_days_ago=2,
    ),
)

# --- 4. A regional hearing whose registration has not opened yet ---------------------------

STANGASALEN = ("stangan", "Stångåsalen")

REGIONAL_HEARING = EventData(
    slug="regional-hearing-ostergotland",
    kind=Event.Kind.HEARING,
    title="Regional hearing: Östergötlands prioriteringar i det brottsförebyggande arbetet",
    summary=(
        "Ett arbetsmöte för omkring 40 personer om vad länet ska prioritera i det nationella "
        "brottsförebyggande programmet de kommande åren."
    ),
    description="""\
Länsstyrelsen i Östergötlands län bjuder in till en regional hearing om vilka \
brottsförebyggande frågor som länet ska prioritera de kommande åren. Resultatet blir ett \
underlag för länets arbete med det nationella brottsförebyggande programmet Tillsammans \
mot brott.

Hearingen är ett arbetsmöte. Du arbetar i en mindre grupp med personer från andra \
organisationer, och varje grupp lämnar dagen med sina tre prioriterade förslag. Till sist \
rangordnar alla deltagare förslagen tillsammans.

# Du får

- en aktuell bild av det brottsförebyggande arbetet i länet
- möjlighet att påverka vad länet ska prioritera
- nya kontakter i andra kommuner, myndigheter och organisationer

Antalet platser är begränsat till två personer per organisation.
""",
    schedule=Schedule(in_days=84, weekday=TUESDAY),
    start="09.30",
    end="15.30",
    venue="stangan",
    county=County.OSTERGOTLAND,
    expected_size=40,
    themes=("brottsforebyggande-arbete-i-kommunen",),
    audiences=(
        "Kommuner",
        "Polis",
        "Socialtjänst",
        "Skola",
        "Region och hälso- och sjukvård",
        "Civilsamhälle",
    ),
    audience_text=(
        "Kommunernas samordnare för brottsförebyggande arbete, lokalpolisområdena, "
        "socialtjänsten, skolan, regionen och civilsamhället i Östergötland."
    ),
    registration=RegistrationWindow(opens_in_days=14, closes_days_before=10),
    organisers=(
        OrganiserData("Länsstyrelsen i Östergötlands län", HOST, ("henrik.wall@example.se",)),
        OrganiserData("Polisregion Öst", COHOST, ("lina.forsberg@example.se",)),
        OrganiserData("Brottsförebyggande rådet", COHOST, ("karin.oberg@example.se",)),
    ),
    moderators=("wall",),
    items=(
        Item("09.30", "10.00", K.BREAK, "Registrering och kaffe"),
        Item(
            "10.00",
            "10.20",
            K.OPENING,
            "Dagens syfte och upplägg",
            room=STANGASALEN,
            people=(Part("wall"),),
        ),
        Item(
            "10.20",
            "10.50",
            K.TALK,
            "Det nationella brottsförebyggande programmet – läget i dag",
            room=STANGASALEN,
            people=(Part("oberg"), Part("forsberg")),
        ),
        Item(
            "10.50",
            "11.50",
            K.OTHER,
            "Grupparbete 1: Vilka är de största utmaningarna i länet?",
            "Grupper om sex till åtta personer från olika organisationer beskriver de "
            "utmaningar de ser i sina verksamheter.",
            room=STANGASALEN,
        ),
        Item("11.50", "12.45", K.LUNCH, "Lunch", room=("stangan", "Restaurangen")),
        Item(
            "12.45",
            "13.45",
            K.OTHER,
            "Grupparbete 2: Från utmaning till förslag",
            "Grupperna formulerar konkreta förslag på vad länet kan göra tillsammans.",
            room=STANGASALEN,
        ),
        Item("13.45", "14.05", K.BREAK, "Eftermiddagskaffe"),
        Item(
            "14.05",
            "14.50",
            K.OTHER,
            "Grupparbete 3: Varje grupp väljer sina tre viktigaste förslag",
            room=STANGASALEN,
        ),
        Item(
            "14.50",
            "15.20",
            K.OTHER,
            "Redovisning och gemensam rangordning",
            "Grupperna presenterar sina förslag, och alla deltagare rangordnar dem tillsammans.",
            room=STANGASALEN,
        ),
        Item(
            "15.20",
            "15.30",
            K.CLOSING,
            "Avslutning och fortsatt arbete",
            room=STANGASALEN,
            people=(Part("wall"),),
        ),
    ),
)

# --- 5. A past conference with recorded lectures -------------------------------------------

KLARA_STORA = ("klara", "Stora salen")

VALD_I_NARA_RELATIONER = EventData(
    slug="vald-i-nara-relationer-fran-kunskap-till-handling",
    kind=Event.Kind.CONFERENCE,
    status=Event.Status.ARCHIVED,
    title="Våld i nära relationer – från kunskap till handling",
    summary=(
        "En konferens om hur socialtjänst, hälso- och sjukvård och polis tillsammans kan "
        "upptäcka våld tidigare och ge bättre stöd till dem som utsätts."
    ),
    description="""\
Länsstyrelsen i Stockholms län och Sveriges Kommuner och Regioner bjöd in till en dag om \
våld i nära relationer: om att upptäcka våld tidigt, om barn som upplever våld och om \
arbetet med dem som utövar våld.

Föreläsningarna i plenum spelades in och finns att se i efterhand.

# Konferensen tog upp

- våldets mekanismer och hur våld kan upptäckas
- socialtjänstens ansvar för barn som upplever våld
- samverkan mellan socialtjänst, hälso- och sjukvård och polis
- arbetet med dem som utövar våld
""",
    schedule=Schedule(in_days=-120, weekday=THURSDAY),
    start="09.00",
    end="15.30",
    venue="klara",
    county=County.STOCKHOLM,
    expected_size=200,
    themes=("vald-i-nara-relationer",),
    audiences=("Socialtjänst", "Region och hälso- och sjukvård", "Polis", "Kommuner"),
    audience_text=(
        "Yrkesverksamma i socialtjänsten, hälso- och sjukvården och polisen som möter "
        "våldsutsatta, barn som upplever våld eller personer som utövar våld."
    ),
    registration=RegistrationWindow(opens_in_days=-200, closes_days_before=7),
    organisers=(
        OrganiserData("Länsstyrelsen i Stockholms län", HOST, ("eva.bergstrom@example.se",)),
        OrganiserData("Sveriges Kommuner och Regioner", COHOST, ("tobias.lund@example.org",)),
    ),
    items=(
        Item("09.00", "09.30", K.BREAK, "Registrering och kaffe"),
        Item(
            "09.30",
            "09.45",
            K.OPENING,
            "Välkommen",
            room=KLARA_STORA,
            people=(Part("bergstrom"),),
        ),
        Item(
            "09.45",
            "10.30",
            K.KEYNOTE,
            "Våldets mekanismer – att förstå och upptäcka",
            room=KLARA_STORA,
            people=(Part("akesson"),),
        ),
        Item("10.30", "10.50", K.BREAK, "Förmiddagskaffe"),
        Item(
            "10.50",
            "11.40",
            K.TALK,
            "Barn som upplever våld – socialtjänstens ansvar",
            room=KLARA_STORA,
            people=(Part("tlund"),),
        ),
        Item("11.40", "12.00", K.QA, "Frågor från publiken", room=KLARA_STORA),
        Item("12.00", "13.00", K.LUNCH, "Lunch"),
        Item(
            "13.00",
            "14.00",
            K.PANEL,
            "Panelsamtal: Samverkan mellan socialtjänst, hälso- och sjukvård och polis",
            room=KLARA_STORA,
            people=(
                Part("akesson", PANELIST),
                Part("tlund", PANELIST),
                Part("vikstrom", PANELIST),
                Part("bergstrom", MODERATOR),
            ),
        ),
        Item("14.00", "14.20", K.BREAK, "Eftermiddagskaffe"),
        Item(
            "14.20",
            "15.10",
            K.TALK,
            "Att arbeta med den som utövar våld",
            room=KLARA_STORA,
            people=(Part("vikstrom"),),
        ),
        Item(
            "15.10",
            "15.30",
            K.CLOSING,
            "Sammanfattning av dagen",
            room=KLARA_STORA,
            people=(Part("bergstrom"),),
        ),
    ),
    links=(
        LinkData(
            EventLink.Kind.RECORDING,
            "Våldets mekanismer – att förstå och upptäcka",
            "https://example.org/play/vald-i-nara-relationer-{year}/valdets-mekanismer",
        ),
        LinkData(
            EventLink.Kind.RECORDING,
            "Barn som upplever våld – socialtjänstens ansvar",
            "https://example.org/play/vald-i-nara-relationer-{year}/barn-som-upplever-vald",
        ),
        LinkData(
            EventLink.Kind.RECORDING,
            "Panelsamtal om samverkan",
            "https://example.org/play/vald-i-nara-relationer-{year}/panelsamtal",
        ),
        LinkData(
            EventLink.Kind.DOCUMENT,
            "Presentationerna från konferensen (pdf)",
            "https://example.org/dokument/vald-i-nara-relationer-{year}.pdf",
        ),
        LinkData(
            EventLink.Kind.EARLIER_EDITION,
            "Våld i nära relationer {previous_year}: program och inspelningar",
            "https://example.org/vald-i-nara-relationer/{previous_year}",
        ),
    ),
)

# --- 6. A cancelled seminar and a draft that only its organisers see -----------------------

FRUKOSTSEMINARIUM = EventData(
    slug="frukostseminarium-trygg-stadsmiljo",
    kind=Event.Kind.SEMINAR,
    status=Event.Status.CANCELLED,
    title="Frukostseminarium: Trygg stadsmiljö – belysning, gestaltning och samverkan",
    summary="Hur planering och gestaltning av stadens offentliga rum kan öka tryggheten.",
    description="""\
Ett frukostseminarium om hur stadsplanering, belysning och samverkan mellan kommun, \
fastighetsägare och polis kan göra stadens offentliga miljöer tryggare. Frukost serveras \
från kl. 08.00.
""",
    cancellation_reason=(
        "Seminariet är inställt eftersom flera av de medverkande har fått förhinder. Vi "
        "planerar att genomföra det vid ett senare tillfälle och skickar en ny inbjudan när "
        "datumet är klart. Alla som har anmält sig har fått besked via e-post."
    ),
    schedule=Schedule(in_days=16, weekday=FRIDAY),
    start="08.00",
    end="10.00",
    venue="klara",
    county=County.STOCKHOLM,
    expected_size=60,
    themes=("trygghet-i-offentlig-miljo",),
    audiences=("Kommuner", "Näringsliv", "Polis"),
    registration=RegistrationWindow(opens_in_days=-10, closes_days_before=2),
    organisers=(
        OrganiserData("Länsstyrelsen i Stockholms län", HOST, ("eva.bergstrom@example.se",)),
    ),
    items=(
        Item("08.00", "08.30", K.BREAK, "Frukost", room=("klara", "Lilla salen")),
        Item(
            "08.30",
            "09.30",
            K.TALK,
            "Så planerar vi tryggare stadsmiljöer",
            room=("klara", "Lilla salen"),
            people=(Part("sjolund"),),
        ),
        Item("09.30", "10.00", K.QA, "Frågor och samtal", room=("klara", "Lilla salen")),
    ),
)

NARKOTIKAKONFERENS = EventData(
    slug="narkotikakonferens-tidiga-insatser",
    kind=Event.Kind.CONFERENCE,
    status=Event.Status.DRAFT,
    title="Narkotikakonferens: Tidiga insatser som fungerar",
    summary=(
        "Om förebyggande arbete och tidiga insatser mot narkotika bland unga i Västra Götaland."
    ),
    description="""\
Programmet är under arbete. Konferensen tar upp förebyggande arbete och tidiga insatser \
mot narkotika bland unga, med exempel från kommuner i Västra Götaland.
""",
    schedule=Schedule(in_days=150, weekday=WEDNESDAY),
    start="09.00",
    end="16.00",
    venue="alvporten",
    county=County.VASTRA_GOTALAND,
    expected_size=120,
    themes=("narkotika", "unga-och-kriminalitet"),
    audiences=("Kommuner", "Skola", "Socialtjänst", "Region och hälso- och sjukvård"),
    organisers=(
        OrganiserData("Västra Götalandsregionen", HOST, ("leila.haddad@example.se",)),
        OrganiserData(
            "Länsstyrelsen i Västra Götalands län", COHOST, ("maria.lindholm@example.se",)
        ),
    ),
    items=(
        Item(
            "09.00",
            "09.30",
            K.OPENING,
            "Välkommen",
            room=STORA,
            people=(Part("haddad"),),
        ),
        Item(
            "09.30",
            "10.15",
            K.TALK,
            "Narkotika i skolan – förebyggande arbete som fungerar",
            room=STORA,
            people=(Part("fors"),),
        ),
    ),
)

EVENTS = (
    TRYGGHETSKONFERENSEN,
    TRYGGARE_TILLSAMMANS,
    UNGA_OCH_KRIMINALITET,
    REGIONAL_HEARING,
    VALD_I_NARA_RELATIONER,
    FRUKOSTSEMINARIUM,
    NARKOTIKAKONFERENS,
)

DEMO_ADMIN_USERNAME = "admin"
# Published on purpose: it only ever exists in a database that had no superuser.
DEMO_ADMIN_PASSWORD = "samlas-demo"
DEMO_ADMIN_EMAIL = "admin@example.org"


def event_slugs() -> list[str]:
    """The slugs the demo owns: its events are replaced on every run."""
    return [event.slug for event in EVENTS]
