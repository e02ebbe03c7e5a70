"""Site-wide pages in a real Chromium: axe-clean, keyboard skip link, language switch."""

import pytest

from tests.conftest import assert_axe_clean

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_accessibility_statement_and_the_skip_link(page):
    page.goto("/tillganglighet/")
    assert page.locator("h1").count() == 1
    assert_axe_clean(page, "accessibility-statement")

    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "govuk-skip-link" in focused, "Tab reaches the skip link first"
    assert page.locator(".govuk-skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_privacy_page_and_language_switch(page):
    page.goto("/personuppgifter/")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert_axe_clean(page, "privacy")
    page.get_by_role("button", name="In English").click()
    page.wait_for_url("**/personuppgifter/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "How we process your personal data"
