"""Recorded lectures: published only with captions or a transcript (or a recorded override),
played here with captions, or linked to elsewhere without loading anything from there."""

import pytest
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from samlas.archive import services
from samlas.archive.models import Recording
from samlas.core.models import AuditLogEntry
from samlas.events.models import Event
from tests.archive.conftest import CAPTIONS, add_captions, make_recording, webm_bytes
from tests.factories import make_event

pytestmark = pytest.mark.django_db


def test_a_recording_without_captions_or_transcript_needs_an_explicit_override():
    recording = make_recording()
    with pytest.raises(services.MissingTextAlternative) as refusal:
        services.publish_recording(recording)
    assert "DOS-lagen" in str(refusal.value)
    recording.refresh_from_db()
    assert not recording.is_published

    services.publish_recording(recording, override=True)
    recording.refresh_from_db()
    assert recording.is_published and recording.published_without_text_alternative
    entry = AuditLogEntry.objects.get(action="published", target_id=recording.pk)
    assert entry.data == {"without_text_alternative": True}


@pytest.mark.parametrize("alternative", ["captions", "transcript"])
def test_captions_or_a_transcript_is_enough(alternative):
    recording = make_recording(transcript="Allt som sades." if alternative == "transcript" else "")
    if alternative == "captions":
        add_captions(recording)
    services.publish_recording(recording)
    recording.refresh_from_db()
    assert recording.is_published and not recording.published_without_text_alternative


def test_adding_captions_later_clears_the_override_flag_on_the_next_publish():
    recording = services.publish_recording(make_recording(), override=True)
    add_captions(recording)
    services.publish_recording(recording)
    recording.refresh_from_db()
    assert not recording.published_without_text_alternative


def test_a_recording_has_a_file_or_an_external_player_not_both():
    event = make_event()
    for fields in ({}, {"video": "recordings/x/a.mp4", "external_url": "https://example.org/"}):
        with pytest.raises(IntegrityError, match="recording_one_source"), transaction.atomic():
            Recording.objects.create(event=event, title="Ingen källa", **fields)


def test_the_player_page_has_caption_tracks_a_transcript_and_downloads(client):
    event = make_event(title="Konferens om våld i nära relationer")
    recording = make_recording(
        event,
        external_url="",
        video=ContentFile(webm_bytes(), name="föreläsning.webm"),
        transcript="**Anna:** Välkomna <script>alert(1)</script>",
    )
    add_captions(recording, "sv")
    add_captions(recording, "en", "WEBVTT\n\n00:00:00.500 --> 00:00:02.000\nWelcome.\n")
    services.publish_recording(recording)
    html = client.get(recording.get_absolute_url()).content.decode()
    assert '<video class="samlas-player__video" controls' in html
    assert f'<source src="{recording.video.url}" type="video/webm">' in html
    sv_track = recording.captions.get(language="sv").file.url
    assert f'<track kind="captions" srclang="sv" label="Svenska" src="{sv_track}" default>' in html
    assert 'srclang="en" label="Engelska"' in html
    assert '<details class="govuk-details samlas-transcript">' in html
    assert "<strong>Anna:</strong> Välkomna" in html and "<script>alert" not in html
    assert "Ladda ner videon" in html and "(WebM, 10\xa0kB)" in html
    assert "<iframe" not in html
    assert "saknar" not in html and "har ännu inte undertexter" not in html


def test_an_external_recording_is_a_link_out_with_the_captions_as_transcript(client):
    recording = make_recording(external_url="https://www.play.example.org/v/42")
    add_captions(recording)
    services.publish_recording(recording)
    html = client.get(recording.get_absolute_url()).content.decode()
    assert (
        '<a class="govuk-link govuk-!-font-weight-bold" href="https://www.play.example.org/v/42"'
        in html
    )
    assert "Se inspelningen på play.example.org" in html
    assert "<video" not in html and "<iframe" not in html
    assert "Undertexternas text:" in html and "Vi börjar med lägesbilden för länet." in html


def test_a_recording_published_without_captions_says_so(client):
    recording = services.publish_recording(make_recording(), override=True)
    html = client.get(recording.get_absolute_url()).content.decode()
    assert "Den här inspelningen har ännu inte undertexter eller transkription" in html


@pytest.mark.parametrize("status", [Event.Status.DRAFT])
def test_unpublished_recordings_and_those_of_draft_events_are_not_found(client, status):
    unpublished = make_recording()
    assert client.get(unpublished.get_absolute_url()).status_code == 404
    in_draft = services.publish_recording(
        make_recording(make_event(status=status), transcript="Text."),
    )
    assert client.get(in_draft.get_absolute_url()).status_code == 404
    assert client.get("/inspelningar/999999/").status_code == 404


def _admin_post(event: Event, **fields) -> dict:
    data = {
        "event": event.pk,
        "item": "",
        "title": "Föreläsning om trygghet",
        "description": "",
        "language": "sv",
        "external_url": "https://play.example.org/v/1",
        "duration": "",
        "transcript": "",
        "captions-TOTAL_FORMS": "0",
        "captions-INITIAL_FORMS": "0",
        "captions-MIN_NUM_FORMS": "0",
        "captions-MAX_NUM_FORMS": "1000",
    }
    return {**data, **fields}


def test_the_admin_refuses_to_publish_without_captions_unless_told_to(admin_client):
    event = make_event()
    url = reverse("admin:archive_recording_add")
    response = admin_client.post(url, _admin_post(event, publish="on"))
    assert response.status_code == 200
    assert "har varken undertexter eller transkription" in response.content.decode()
    assert not Recording.objects.exists()

    response = admin_client.post(
        url, _admin_post(event, publish="on", publish_without_text_alternative="on")
    )
    assert response.status_code == 302
    recording = Recording.objects.get()
    assert recording.is_published and recording.published_without_text_alternative


def test_the_admin_publishes_with_an_uploaded_caption_file(admin_client):
    event = make_event()
    captions = ContentFile(CAPTIONS.encode(), name="sv.vtt")
    data = _admin_post(
        event,
        publish="on",
        **{
            "captions-TOTAL_FORMS": "1",
            "captions-0-language": "sv",
            "captions-0-kind": "captions",
            "captions-0-label": "",
            "captions-0-file": captions,
        },
    )
    response = admin_client.post(reverse("admin:archive_recording_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    recording = Recording.objects.get()
    assert recording.is_published and not recording.published_without_text_alternative
    assert recording.captions.get().language == "sv"


def test_the_admin_explains_a_bad_caption_file(admin_client):
    data = _admin_post(
        make_event(),
        **{
            "captions-TOTAL_FORMS": "1",
            "captions-0-language": "sv",
            "captions-0-kind": "captions",
            "captions-0-file": ContentFile(b"1\n00:01 --> 00:02\nHej", name="sv.vtt"),
        },
    )
    response = admin_client.post(reverse("admin:archive_recording_add"), data)
    assert "Det här är inte en WebVTT-fil: dess första rad ska vara WEBVTT." in (
        response.content.decode()
    )
    assert not Recording.objects.exists()
