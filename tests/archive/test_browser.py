"""The archive in a real Chromium: axe-clean pages, the video player by keyboard, and the
contact form with the ALTCHA widget solving its proof of work."""

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.utils import timezone

from samlas.archive import indexing, services
from samlas.archive.models import ContactMessage
from samlas.programme.models import Participation, Person, ProgrammeItem
from tests.archive.conftest import (
    add_captions,
    make_body,
    make_example,
    make_recording,
    pdf_bytes,
    upload,
    webm_bytes,
)
from tests.conftest import assert_axe_clean
from tests.factories import make_contact_person, make_event, make_press_invitation, make_theme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(settings, live_server):
    settings.ROOT_URLCONF = "tests.archive.media_urls"
    settings.SAMLAS_REGISTRATION_MIN_SECONDS = 0
    settings.SAMLAS_ALTCHA_COST = 500
    caches["shared"].clear()
    return live_server


def seed():
    theme = make_theme("Våld i nära relationer")
    start = timezone.now() - timedelta(days=40)
    event = make_event(
        title="Våld i nära relationer – från kunskap till handling",
        start=start,
        end=start + timedelta(hours=7),
        themes=[theme],
    )
    item = ProgrammeItem.objects.create(
        event=event, start=event.start, end=event.start + timedelta(hours=1),
        title="Barn som upplever våld",
    )  # fmt: skip
    speaker = Person.objects.create(name="Tobias Lund", title="socionom")
    Participation.objects.create(person=speaker, item=item)
    recording = make_recording(
        event,
        item=item,
        title="Barn som upplever våld – socialtjänstens ansvar",
        external_url="",
        video=ContentFile(webm_bytes(), name="barn.webm"),
        transcript="**Tobias Lund:** Välkomna. I dag pratar vi om barn som upplever våld.",
    )
    recording.people.add(speaker)
    add_captions(recording, "sv")
    add_captions(recording, "en", "WEBVTT\n\n00:00:00.200 --> 00:00:01.400\nWelcome.\n")
    services.publish_recording(recording)
    services.attach_document(event, upload("program.pdf", pdf_bytes(42_000)), title="Programmet")
    body = make_body(name="Rådet för brottsförebyggande arbete i Exempellän")
    body.themes.add(theme)
    body.members.create(name="Karin Holm", role="ordförande", organisation="Länsstyrelsen")
    example = make_example(title="Trygghetsvandringar som leder till åtgärder", body=body)
    example.themes.add(theme)
    upcoming = make_event(title="Seminarium: Unga och kriminalitet")
    make_press_invitation(
        upcoming,
        text="Media är välkomna.",
        press_contact=make_contact_person(name="Diana Dahl", title="Presschef"),
    )
    indexing.rebuild()
    return recording, body, example, upcoming, theme


def tab_to(page, selector: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement?.matches(s) ?? false", selector):
            return
    pytest.fail(f"Tab never reached {selector}")


def test_the_player_works_by_keyboard_and_the_pages_are_axe_clean(site, page):
    recording, _body, example, upcoming, theme = seed()

    page.goto(recording.get_absolute_url())
    page.wait_for_function("document.querySelector('video').readyState >= 1")
    assert_axe_clean(page, "archive-recording")
    tracks = "Array.from(document.querySelector('video').textTracks).map(t => t.mode)"
    assert page.evaluate(tracks) == ["showing", "disabled"]
    # Tab reaches the video; Space plays it.
    tab_to(page, "video")
    page.keyboard.press("Space")
    page.wait_for_function("!document.querySelector('video').paused")
    # The captions button and the language choice work from the keyboard.
    tab_to(page, ".samlas-player__captions")
    assert page.locator(".samlas-player__captions").inner_text() == "Stäng av undertexter"
    page.keyboard.press("Enter")
    assert page.evaluate(tracks) == ["disabled", "disabled"]
    assert page.locator(".samlas-player__captions").inner_text() == "Slå på undertexter"
    tab_to(page, "#caption-track")
    page.keyboard.press("ArrowDown")
    page.wait_for_function(f"{tracks}.join() === 'disabled,showing'")
    assert page.locator(".samlas-player__captions").inner_text() == "Stäng av undertexter"
    # The transcript opens from the keyboard.
    tab_to(page, ".samlas-transcript summary")
    page.keyboard.press("Enter")
    assert page.locator(".samlas-transcript").get_attribute("open") is not None
    assert "Välkomna. I dag pratar vi" in page.locator(".samlas-transcript").inner_text()

    page.goto("/sok/?q=v%C3%A5ld")
    assert page.locator("mark").count() >= 3
    assert_axe_clean(page, "archive-search")

    for name, path in (
        ("archive", "/arkiv/"),
        ("theme", f"/tema/{theme.slug}/"),
        ("example", example.get_absolute_url()),
        ("press", f"/evenemang/{upcoming.slug}/press/"),
        ("event-material", recording.event.get_absolute_url()),
    ):
        page.goto(path)
        assert page.locator("h1").count() == 1, name
        assert_axe_clean(page, f"archive-{name}")


def test_the_contact_form_by_keyboard_with_the_proof_of_work(site, page):
    _recording, body, *_rest = seed()
    page.goto(body.get_absolute_url())
    assert_axe_clean(page, "archive-body")
    tab_to(page, "#id_name")
    page.keyboard.type("Maria Svensson")
    tab_to(page, "#id_email")
    page.keyboard.type("maria@example.se")
    tab_to(page, "#id_message")
    page.keyboard.type("Hej! Vi vill veta mer om rådets lägesbild.")
    page.wait_for_selector('.altcha[data-state="verified"]', timeout=30_000)
    tab_to(page, "form.samlas-contact-form button.govuk-button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Ditt meddelande är skickat"
    assert_axe_clean(page, "archive-contact-sent")
    message = ContactMessage.objects.get()
    assert message.proof_of_work and message.name == "Maria Svensson"


def test_the_contact_form_with_errors_is_axe_clean_and_works_without_javascript(site, chromium):
    _recording, body, *_rest = seed()
    context = chromium.new_context(base_url=site.url, locale="sv-SE", java_script_enabled=False)
    page = context.new_page()
    page.goto(body.get_absolute_url())
    page.get_by_role("button", name="Skicka meddelandet").click()
    assert page.locator(".govuk-error-summary").count() == 1
    page.fill("#id_name", "Nils Nilsson")
    page.fill("#id_email", "nils@example.se")
    page.fill("#id_message", "Ett meddelande utan Javascript.")
    page.get_by_role("button", name="Skicka meddelandet").click()
    assert page.locator("h1").inner_text() == "Ditt meddelande är skickat"
    assert not ContactMessage.objects.get().proof_of_work
    context.close()
