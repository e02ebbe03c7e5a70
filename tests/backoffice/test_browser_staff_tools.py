"""The other new organiser pages in a real Chromium, axe-clean: writing and previewing a
message to participants and following its sending, the reminder, badges and lists, the
statistics with attendance, and setting up two-step sign-in (with a real TOTP code)."""

import re

import pytest
from django.urls import reverse

from samlas.mailings.models import Campaign
from samlas.registration import checkin
from samlas.registration.models import OutboxMessage
from tests.backoffice.conftest import PASSWORD, build_world
from tests.backoffice.test_browser import shot
from tests.conftest import assert_axe_clean
from tests.organisations.test_twofactor import secret_of, totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_messages_badges_statistics_and_two_step_sign_in(page, live_server, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = build_world()
    user = world.users["host_admin"]
    checkin.check_in(world.registrations[0], actor=user)
    page.goto(reverse("backoffice:login"))
    page.get_by_label("Användarnamn eller e-postadress").fill(user.username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.get_by_role("heading", name="Mina evenemang").wait_for()

    # Write a message with a mistake, correct it, preview, send, follow the sending.
    page.goto(reverse("backoffice:message_create", args=[world.event.pk]))
    page.get_by_label("Ämne").fill("Inför {evenemang}")
    page.get_by_label("Meddelande", exact=True).fill("Hej {namm}!")
    page.get_by_role("button", name="Förhandsgranska meddelandet").click()
    page.locator(".govuk-error-summary").get_by_text("Okänd platshållare: {namm}.").wait_for()
    assert_axe_clean(page, "backoffice-message-error")
    page.get_by_label("Meddelande", exact=True).fill("Hej {namn}!\nVälkommen.")
    page.get_by_role("button", name="Förhandsgranska meddelandet").click()
    page.get_by_text("Hej Deltagare Hemlig0!").wait_for()
    assert_axe_clean(page, "backoffice-message-preview")
    shot(page, "message-preview")
    page.get_by_role("button", name="Skicka till 2 mottagare").click()
    page.get_by_text("Meddelandet är på väg till 2 mottagare.").wait_for()
    campaign = Campaign.objects.get()
    OutboxMessage.objects.filter(campaign_recipient__campaign=campaign).update(status="sent")
    page.get_by_text("2 av 2 skickade, 0 väntar, 0 misslyckades").wait_for(timeout=8000)
    assert_axe_clean(page, "backoffice-message-detail")

    page.goto(reverse("backoffice:reminder", args=[world.event.pk]))
    assert_axe_clean(page, "backoffice-reminder")
    page.goto(reverse("backoffice:printables", args=[world.event.pk]))
    assert_axe_clean(page, "backoffice-printables")
    with page.expect_download() as download:
        page.get_by_role("button", name="Ladda ner namnbrickor (pdf)").click()
    assert download.value.suggested_filename.endswith("-namnbrickor.pdf")

    page.goto(reverse("backoffice:statistics", args=[world.event.pk]))
    page.get_by_role("heading", name="Närvaro enligt incheckningen").wait_for()
    assert_axe_clean(page, "backoffice-statistics-attendance")
    shot(page, "statistics-attendance")

    # Two-step sign-in: scan (here: type) the key, give the app's code.
    page.get_by_role("link", name="Tvåstegsverifiering").click()
    page.get_by_role("link", name="Ställ in tvåstegsverifiering").click()
    assert_axe_clean(page, "backoffice-two-factor-enrol")
    shot(page, "two-factor-enrol")
    page.get_by_text("Går det inte att skanna? Skriv in nyckeln i stället").click()
    typed = page.locator(".samlas-bo-secret").inner_text()
    assert re.fullmatch(r"[A-Z2-7 ]+", typed)
    page.get_by_label("Kod från appen").fill(totp(secret_of(typed)))
    page.get_by_role("button", name="Slå på tvåstegsverifiering").click()
    page.get_by_text("Tvåstegsverifieringen är på.").wait_for()
