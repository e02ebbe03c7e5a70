"""The full two-day programme in real Chromium: axe-clean at desktop and phone width, and
a printed programme of at most two A4 pages."""

import re

import pytest

from tests.conftest import ARTIFACTS, assert_axe_clean
from tests.programme.helpers import seed_full_programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_full_programme_is_accessible_and_prints_on_two_pages(page, phone_page):
    event = seed_full_programme().event
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    page.goto(event.get_absolute_url())
    assert page.locator("#program h3").all_inner_texts() == [
        "Tisdag 21 september 2027",
        "Onsdag 22 september 2027",
    ]
    assert page.locator(".samlas-venue-change").count() == 2
    # The seminars of a block sit side by side on a desktop screen.
    cards = page.locator(".samlas-seminars").first.locator("> li")
    assert cards.nth(0).bounding_box()["y"] == cards.nth(1).bounding_box()["y"]
    assert_axe_clean(page, "programme-event-page")
    page.locator("#program").screenshot(path=str(ARTIFACTS / "programme-desktop.png"))

    phone_page.goto(event.get_absolute_url())
    assert_axe_clean(phone_page, "programme-event-page-phone")
    widest = phone_page.evaluate(
        "Math.max(...[...document.querySelectorAll('#program *')]"
        ".map(e => e.getBoundingClientRect().right))"
    )
    assert widest <= 375, "the programme must not scroll sideways on a phone"

    page.goto(f"/evenemang/{event.slug}/program/")
    assert_axe_clean(page, "programme-page")
    pdf = page.pdf(format="A4")
    (ARTIFACTS / "programme-print.pdf").write_bytes(pdf)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) <= 2
