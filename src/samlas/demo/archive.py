"""Demo data for the archive (issue 8): a programme council, two learning examples, a
recording with WebVTT captions for the past demo event, and documents.

Meant to be called from `samlas.demo.builder.build_demo()` inside its transaction, after
the events have been created: `build_archive_demo(refs_today=today)`. Idempotent: the
council, examples and recordings are keyed by slug / title and replaced on every run.
"""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from samlas.archive import services as archive_services
from samlas.archive.models import BodyMember, LearningExample, Recording, StandingBody
from samlas.events.models import Event, Theme
from samlas.organisations.models import ContactPerson, Organisation
from samlas.programme.models import ProgrammeItem

COUNCIL_SLUG = "radet-for-brottsforebyggande-arbete-i-exemplan"
EXAMPLE_SLUGS = ("trygghetsvandringar-i-alvstad", "tidiga-insatser-unga-vasterhamn")
PAST_EVENT = "vald-i-nara-relationer-fran-kunskap-till-handling"

CAPTIONS = """WEBVTT

00:00:01.000 --> 00:00:06.000
Välkomna till föreläsningen om våldets mekanismer.

00:00:06.500 --> 00:00:12.000
Vi ska prata om hur våld i nära relationer kan upptäckas tidigt.

00:00:12.500 --> 00:00:18.000
Socialtjänsten, hälso- och sjukvården och polisen behöver samverka.
"""


def minimal_pdf(title: str) -> bytes:
    """A one-page PDF with a title, with a correct cross-reference table."""
    text = title.encode("latin-1", "replace")
    stream = b"BT /F1 20 Tf 72 760 Td (" + text + b") Tj ET"
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
        b"/Resources<</Font<</F1 5 0 R>>>>>>",
        b"<</Length " + str(len(stream)).encode() + b">>stream\n" + stream + b"\nendstream",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer<</Size {len(objects) + 1}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def build_archive_demo() -> None:
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    organisations = {organisation.name: organisation for organisation in Organisation.objects.all()}
    secretariat = organisations["Länsstyrelsen i Östergötlands län"]

    StandingBody.objects.filter(slug=COUNCIL_SLUG).delete()
    LearningExample.objects.filter(slug__in=EXAMPLE_SLUGS).delete()

    council = StandingBody.objects.create(
        slug=COUNCIL_SLUG,
        name="Rådet för brottsförebyggande arbete i Exempellän",
        kind=StandingBody.Kind.COUNCIL,
        summary=(
            "Ett programråd där länsstyrelsen, polisen, regionen och länets kommuner "
            "samordnar det brottsförebyggande arbetet."
        ),
        description=(
            "Rådet möts fyra gånger om året. Det tar fram en gemensam lägesbild, "
            "prioriterar insatser och sprider lärande exempel mellan kommunerna.\n\n"
            "# Så arbetar rådet\n\n"
            "- en gemensam lägesbild varje år\n"
            "- tre prioriterade fokusområden\n"
            "- en regional hearing där kommunerna är med och prioriterar"
        ),
        organisation=secretariat,
        contact_email="brottsforebyggande.rad@example.se",
        is_published=True,
    )
    council.themes.set(
        [
            themes[slug]
            for slug in (
                "brottsforebyggande-arbete-i-kommunen",
                "unga-och-kriminalitet",
                "trygghet-i-offentlig-miljo",
            )
            if slug in themes
        ]
    )
    council.events.set(Event.objects.filter(slug="regional-hearing-ostergotland"))
    for position, (name, role, title, organisation) in enumerate(
        [
            ("Karin Holm", "ordförande", "Länsråd", "Länsstyrelsen i Östergötlands län"),
            ("Mats Ekberg", "", "Lokalpolisområdeschef", "Polisregion Öst"),
            ("Sara Nyberg", "", "Folkhälsostrateg", "Region Exempellän"),
            ("Ali Karimi", "", "Brottsförebyggande samordnare", "Exempelby kommun"),
            (
                "Lena Sjöberg",
                "sekreterare",
                "Utvecklingsledare",
                "Länsstyrelsen i Östergötlands län",
            ),
        ]
    ):
        BodyMember.objects.create(
            body=council,
            name=name,
            role=role,
            title=title,
            organisation=organisation,
            position=position,
        )
    archive_services.attach_document(
        council,
        ContentFile(minimal_pdf("Lagesbild 2026"), name="lagesbild-2026.pdf"),
        title="Lägesbild 2026 för det brottsförebyggande arbetet i Exempellän",
        description="Rådets gemensamma lägesbild med prioriterade fokusområden.",
    )

    now = timezone.now()
    contact = ContactPerson.objects.filter(organisation__name="Älvstads kommun").first()
    walks = LearningExample.objects.create(
        slug=EXAMPLE_SLUGS[0],
        title="Trygghetsvandringar som leder till åtgärder",
        summary=(
            "Älvstads kommun gick trygghetsvandringar med boende, polis och fastighetsägare "
            "och följde upp varje påpekande med en åtgärd och en återkoppling."
        ),
        municipality="Älvstad",
        county="O",
        what_was_done=(
            "Under ett år genomfördes tolv trygghetsvandringar i tre stadsdelar. Varje "
            "påpekande fördes in i en gemensam åtgärdslista med en ansvarig och ett datum.\n\n"
            "- belysning byttes och kompletterades\n"
            "- buskage röjdes vid gång- och cykelvägar\n"
            "- klotter sanerades inom ett dygn"
        ),
        results=(
            "Andelen boende som känner sig otrygga ute sent på kvällen minskade från 31 till "
            "22 procent enligt kommunens trygghetsmätning. Nio av tio åtgärder var klara "
            "inom tre månader."
        ),
        contact=contact,
        body=council,
        published_at=now - timedelta(days=40),
    )
    walks.organisations.set(
        [organisations[name] for name in ("Älvstads kommun", "Älvstadshem AB", "Polisregion Väst")]
    )
    walks.themes.set([themes[slug] for slug in ("trygghet-i-offentlig-miljo",) if slug in themes])
    early = LearningExample.objects.create(
        slug=EXAMPLE_SLUGS[1],
        title="Tidiga insatser för unga i riskzon",
        summary=(
            "Västerhamns kommun och polisen samverkar kring unga som riskerar att dras in i "
            "kriminalitet, med ett gemensamt arbetssätt från första orosanmälan."
        ),
        municipality="Västerhamn",
        county="O",
        what_was_done=(
            "Socialtjänst, skola, fritid och polis träffas varje vecka och går igenom nya "
            "orosanmälningar. Den unge och vårdnadshavarna erbjuds samtal inom en vecka."
        ),
        results="Fler unga fick stöd tidigare; andelen som återkom i nya brott minskade.",
        body=council,
        published_at=now - timedelta(days=12),
    )
    early.organisations.set(
        [organisations[name] for name in ("Västerhamns kommun", "Polisregion Väst")]
    )
    early.themes.set([themes[slug] for slug in ("unga-och-kriminalitet",) if slug in themes])

    past = Event.objects.filter(slug=PAST_EVENT).first()
    if past is None:
        return
    early.events.add(past)
    item = ProgrammeItem.objects.filter(
        event=past, title="Våldets mekanismer – att förstå och upptäcka"
    ).first()
    recording = Recording.objects.create(
        event=past,
        item=item,
        title="Våldets mekanismer – att förstå och upptäcka",
        description="Föreläsningen i plenum om hur våld i nära relationer kan upptäckas tidigt.",
        external_url="https://play.example.org/vald-i-nara-relationer/valdets-mekanismer",
        duration=timedelta(minutes=42),
    )
    if item is not None:
        recording.people.set([p.person for p in item.participations.select_related("person")])
    recording.captions.create(
        language="sv",
        file=ContentFile(CAPTIONS.encode(), name="valdets-mekanismer.sv.vtt"),
    )
    archive_services.publish_recording(recording)
    archive_services.attach_document(
        past,
        ContentFile(minimal_pdf("Presentation"), name="valdets-mekanismer.pdf"),
        title="Presentationen: Våldets mekanismer",
    )
