"""The organiser's allocation journey in a real Chromium, by keyboard, axe-clean: start a
preview, watch its progress until the background worker has finished, read the result with
its charts, publish it; then the public event page explains how seats were allocated."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from samlas.allocation import services
from samlas.allocation.models import AllocationRun
from samlas.programme.models import Block, Seminar
from samlas.registration import services as registration_services
from samlas.registration.models import SeminarChoice
from tests.backoffice.conftest import PASSWORD, build_world
from tests.conftest import ARTIFACTS, assert_axe_clean

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"allocation-{name}.png"), full_page=True)


def ranked_world():
    world = build_world()
    event = world.event
    block = Block.objects.create(
        event=event,
        start=event.start + timedelta(hours=6),
        end=event.start + timedelta(hours=6, minutes=30),
        title="Fördjupning",
        choice_mode=Block.ChoiceMode.RANKED,
    )
    seminars = [
        Seminar.objects.create(block=block, title=title, capacity=capacity, position=i)
        for i, (title, capacity) in enumerate(
            [("Våld i nära relationer", 3), ("Unga och kriminalitet", 2), ("Otrygga platser", 2)]
        )
    ]
    a, b, c = (s.pk for s in seminars)
    for n in range(9):
        registration_services.register(
            event,
            {"name": f"Rangordnare {n}", "email": f"rang{n}@example.se", "organisation": "Kommun"},
            {world.block.pk: world.seminars[1].pk},
            {block.pk: [[a, b, c], [b, a], [a, c]][n % 3]},
            idempotency_key=f"rank-{event.pk}-{n}",
        )
    services.save_settings(event, preference_deadline=timezone.now() - timedelta(minutes=5))
    return world, block


def test_preview_progress_result_and_publication(page, live_server, settings):
    # The database task backend: the run waits in the queue until "the worker" (this test)
    # executes it, so the page's progress and polling are seen for real.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world, block = ranked_world()
    user = world.users["host_editor"]

    page.goto(reverse("backoffice:login"))
    page.get_by_label("Användarnamn eller e-postadress").fill(user.email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Mina evenemang").wait_for()

    # From the event overview to the allocation page.
    page.goto(reverse("backoffice:event", args=[world.event.pk]))
    page.get_by_role("link", name="Till platsfördelningen").click()
    page.get_by_role("heading", name="Platsfördelning", exact=True).wait_for()

    # Start a preview with the keyboard.
    page.get_by_role("button", name="Kör fördelningen").focus()
    page.keyboard.press("Enter")
    page.get_by_text("Väntar på bakgrundsprocessen – 0 %").wait_for()
    assert_axe_clean(page, "allocation-progress")
    shot(page, "progress")

    # The worker runs it; the page notices by itself and shows the result.
    run = AllocationRun.objects.get(event=world.event)
    assert services.execute_run(run.pk) == "done"
    page.get_by_role("heading", name=f"Förhandsvisning {run.pk}").wait_for()
    page.locator("#ranks-caption").wait_for()
    assert page.locator("figure svg[role=img]").count() == 2
    run.refresh_from_db()
    assert page.get_by_text(run.input_hash).is_visible()
    assert_axe_clean(page, "allocation-result")
    shot(page, "result")

    # The chart's numbers as a table, opened by keyboard.
    summary = page.locator("#ranks-caption ~ details summary")
    summary.focus()
    page.keyboard.press("Enter")
    table = page.locator("#ranks-caption ~ details table")
    assert table.is_visible() and "Val nr 1" in table.inner_text()

    # Publish: the confirm step, then the button, all by keyboard.
    page.get_by_role("link", name="Publicera", exact=True).focus()
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Publicera fördelningen?").wait_for()
    assert_axe_clean(page, "allocation-publish")
    page.get_by_role("button", name="Publicera fördelningen").focus()
    page.keyboard.press("Enter")
    page.get_by_text("Fördelningen är publicerad: 7 platser fördelade").wait_for()
    shot(page, "published")
    assert SeminarChoice.objects.filter(block=block, status="confirmed").count() == 7
    assert SeminarChoice.objects.filter(block=block, status="waiting").count() == 2

    # The public page says how seats were allocated, with the seed.
    page.goto(world.event.get_absolute_url())
    section = page.locator("section[aria-labelledby=allocation-heading]")
    assert "Så fördelades platserna på seminarierna" in section.inner_text()
    assert f"Lottningens frö var {run.seed}." in section.inner_text()
    assert_axe_clean(page, "allocation-event-page")
    section.scroll_into_view_if_needed()
    shot(page, "event-page")
