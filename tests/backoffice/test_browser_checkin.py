"""Check-in on a phone in a real Chromium: keyboard only, axe-clean, the live count, and the
QR scanner (the browser's BarcodeDetector and camera are stood in for by small fakes, as
headless Chromium on Linux has neither)."""

import json

import pytest
from django.urls import reverse

from samlas.registration import checkin
from samlas.registration.models import Registration
from tests.backoffice.conftest import PASSWORD, build_world
from tests.conftest import ARTIFACTS, assert_axe_clean

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FAKE_SCANNER = """
window.BarcodeDetector = class {
  static getSupportedFormats() { return Promise.resolve(["qr_code", "ean_13"]); }
  constructor(options) { this.formats = options.formats; }
  detect() { return Promise.resolve([{ rawValue: window.__qr, format: "qr_code" }]); }
};
navigator.mediaDevices.getUserMedia = function () {
  var canvas = document.createElement("canvas");
  canvas.width = 64; canvas.height = 48;
  canvas.getContext("2d").fillRect(0, 0, 64, 48);
  return Promise.resolve(canvas.captureStream(5));
};
window.__qr = %s;
"""


def test_check_in_on_a_phone(phone_page, live_server, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = build_world()
    page = phone_page
    code = checkin.checkin_code(world.registrations[1])
    page.add_init_script(FAKE_SCANNER % json.dumps(code))

    page.goto(reverse("backoffice:check_in", args=[world.event.pk]))
    page.get_by_label("Användarnamn eller e-postadress").fill(world.users["host_viewer"].username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Incheckning").wait_for()
    count = page.locator("[data-checkin-count-text]")
    assert count.inner_text() == "0 av 2 har kommit"
    assert page.evaluate("document.documentElement.scrollWidth") <= 380
    assert_axe_clean(page, "backoffice-checkin-phone")

    # Search by name and check in, with the keyboard only.
    page.get_by_label("Sök namn eller organisation").focus()
    page.keyboard.type("hemlig0")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Sökresultat").wait_for()
    button = page.get_by_role("button", name="Checka in Deltagare Hemlig0")
    button.focus()
    page.keyboard.press("Enter")
    page.get_by_text("Deltagare Hemlig0 är incheckad.").wait_for()
    assert count.inner_text() == "1 av 2 har kommit"
    assert "Grannsamverkan" in page.locator(".samlas-bo-checkin-shown").inner_text()
    assert_axe_clean(page, "backoffice-checkin-done-phone")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "backoffice-checkin-phone.png"), full_page=True)

    # "Scan": the (fake) camera sees the badge's QR code and the form is sent.
    page.get_by_role("button", name="Skanna QR-koden").click()
    page.get_by_text("Deltagare Hemlig1 är incheckad.").wait_for()
    assert "Trygga skolvägar" in page.locator(".samlas-bo-checkin-shown").inner_text()
    assert count.inner_text() == "2 av 2 har kommit"

    # Another phone undoes a check-in: this page's count follows within a few seconds.
    checkin.undo_check_in(world.registrations[0], actor=world.users["host_admin"])
    page.get_by_text("1 av 2 har kommit").wait_for(timeout=12_000)
    assert Registration.objects.filter(checked_in_at__isnull=False).count() == 1
