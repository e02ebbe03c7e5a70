"""Fixtures and small factories for the archive: files of each type, recordings, bodies.

Uploaded files go to a temporary MEDIA_ROOT. File contents are built here, byte by byte,
so that each test says exactly what it uploads.
"""

import io
import zipfile
from datetime import timedelta
from itertools import count
from pathlib import Path

import altcha
import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from samlas.archive import services
from samlas.archive.models import Caption, LearningExample, Recording, StandingBody
from samlas.events.models import Event
from samlas.registration import botcheck
from tests.factories import make_event, make_organisation

DATA = Path(__file__).parent / "data"
_numbers = count(1)

CAPTIONS = (
    "WEBVTT\n\n"
    "1\n00:00:00.500 --> 00:00:02.000\n<v Anna>Välkomna till föreläsningen om trygghet.\n\n"
    "NOTE talaren byts\n\n"
    "2\n00:00:02.500 --> 00:00:04.000\nVi börjar med lägesbilden för länet.\n"
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def quick_bot_check(settings):
    settings.SAMLAS_ALTCHA_COST = 10
    settings.SAMLAS_REGISTRATION_MIN_SECONDS = 0


def solved_payload() -> str:
    """A proof of work as the browser widget sends it."""
    challenge = altcha.Challenge.from_dict(botcheck.new_challenge())
    return altcha.Payload(challenge, altcha.solve_challenge(challenge)).to_base64()


def pdf_bytes(size: int = 0) -> bytes:
    content = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    return content + b"%" * max(size - len(content), 0)


def zip_bytes(entries: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    return zip_bytes(
        [("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>")]
    )


def odt_bytes(mimetype: bytes = b"application/vnd.oasis.opendocument.text") -> bytes:
    return zip_bytes([("mimetype", mimetype), ("content.xml", b"<office:document-content/>")])


def mp4_bytes() -> bytes:
    return b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64


def webm_bytes() -> bytes:
    return (DATA / "clip.webm").read_bytes()


def upload(name: str, content: bytes) -> ContentFile:
    return ContentFile(content, name=name)


def make_recording(event: Event | None = None, **fields) -> Recording:
    defaults = {
        "title": f"Föreläsning {next(_numbers)}",
        "external_url": "https://play.example.org/video/1",
    }
    return Recording.objects.create(event=event or make_event(), **{**defaults, **fields})


def add_captions(recording: Recording, language: str = "sv", text: str = CAPTIONS) -> Caption:
    return Caption.objects.create(
        recording=recording,
        language=language,
        file=upload(f"{language}.vtt", text.encode()),
    )


def make_body(**fields) -> StandingBody:
    number = next(_numbers)
    defaults = {
        "slug": f"radet-{number}",
        "name": f"Rådet för brottsförebyggande arbete {number}",
        "summary": "Ett programråd för länets brottsförebyggande arbete.",
        "organisation": fields.pop("organisation", None) or make_organisation(),
        "contact_email": f"radet{number}@example.se",
        "is_published": True,
    }
    return StandingBody.objects.create(**{**defaults, **fields})


def make_example(**fields) -> LearningExample:
    number = next(_numbers)
    defaults = {
        "slug": f"exempel-{number}",
        "title": f"Lärande exempel {number}",
        "summary": "Vad en kommun gjorde och vad det ledde till.",
        "what_was_done": "Kommunen gick trygghetsvandringar med boende och polis.",
        "published_at": timezone.now() - timedelta(days=1),
    }
    return LearningExample.objects.create(**{**defaults, **fields})


def publish(recording: Recording, **kwargs) -> Recording:
    return services.publish_recording(recording, **kwargs)
