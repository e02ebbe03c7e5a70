"""In a real browser: phones vote while the projector's view updates by itself; keyboard only;
axe-clean pages."""

import re
import time

import pytest
from django.test import Client
from django.urls import reverse

from samlas.workshops import services
from samlas.workshops.models import Ballot
from tests.conftest import assert_axe_clean

from .conftest import make_event, make_organiser, make_workshop, organiser_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in_as_organiser(page, live_server, event) -> None:
    """An editor of the event's host organisation, signed in through a session cookie."""
    client = Client()
    client.force_login(make_organiser(event))
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_phones_vote_and_the_presenter_view_updates(page, chromium, live_server):
    from playwright.sync_api import expect

    workshop = make_workshop(make_event(), groups=("Bord 1", "Bord 2"), assign=True)
    question = workshop.questions.get(method="ranking")
    log_in_as_organiser(page, live_server, workshop.event)
    page.set_viewport_size({"width": 1600, "height": 900})
    page.goto(f"{organiser_url('workshops:presenter', workshop)}?question={question.pk}")
    expect(page.locator("h1")).to_have_text(question.text)
    expect(page.locator(".samlas-ws-code")).to_have_text(workshop.code)
    count = page.locator(".samlas-ws-presenter__count")
    expect(count).to_have_text("0 har röstat")
    assert_axe_clean(page, "workshop-presenter")

    # Three phones; each puts "Trygga skolvägar" first, the others in varying order.
    ranks = [
        {"Trygga skolvägar": "1", "Bättre belysning": "2"},
        {"Trygga skolvägar": "1", "Öppna fritidsgårdar": "2", "Bättre belysning": "3"},
        {"Fler vuxna på stan": "1", "Trygga skolvägar": "2"},
    ]
    phones = []
    for number, ballot in enumerate(ranks, start=1):
        context = chromium.new_context(
            base_url=live_server.url, locale="sv-SE", viewport={"width": 375, "height": 667}
        )
        phone = context.new_page()
        phones.append(context)
        phone.goto("/w/?code=XYZ")
        if number == 1:
            assert_axe_clean(phone, "workshop-join-error")
        phone.get_by_label("Workshopkod").fill(workshop.code.lower())
        phone.get_by_role("button", name="Delta").click()
        phone.get_by_role("link", name=question.text).click()
        for proposal, rank in ballot.items():
            phone.get_by_label(proposal).select_option(rank)
        phone.get_by_role("button", name="Spara min röst").click()
        expect(phone.locator(".samlas-ws-message")).to_contain_text("Din röst är sparad")
        voted = time.monotonic()
        # The projector shows the new count within two seconds, without a reload.
        expect(count).to_have_text(f"{number} har röstat", timeout=2000)
        assert time.monotonic() - voted < 2.0
        if number == 1:
            assert_axe_clean(phone, "workshop-phone-question")

    # Borda with 4 proposals (3, 2, 1, 0 points): Trygga skolvägar 3+3+2 = 8 leads.
    first = page.locator(".samlas-ws-result").first
    expect(first).to_contain_text("Trygga skolvägar")
    expect(first).to_contain_text("8 poäng")
    assert page.locator(".samlas-ws-result--top").count() == 3
    assert Ballot.objects.filter(question=question).count() == 3
    assert page.url.endswith(f"?question={question.pk}")  # never reloaded

    # The presenter closes the question; a phone trying to change its vote is told so.
    page.get_by_role("button", name="Stäng röstningen").click()
    expect(page.locator(".samlas-ws-presenter__status .govuk-tag")).to_have_text("Stängd")
    phone = phones[0].pages[0]
    phone.reload()
    expect(phone.locator(".govuk-inset-text")).to_contain_text("Frågan är stängd")
    for context in phones:
        context.close()


def test_keyboard_only_join_and_vote_without_javascript(chromium, live_server):
    from playwright.sync_api import expect

    workshop = make_workshop(make_event())
    question = workshop.questions.get(method="choice")
    context = chromium.new_context(
        base_url=live_server.url,
        locale="sv-SE",
        viewport={"width": 375, "height": 667},
        java_script_enabled=False,
    )
    page = context.new_page()
    page.goto("/w/?code=ABC")

    def tab_to(predicate: str, limit: int = 30) -> None:
        check = f"(() => {{ const el = document.activeElement; return {predicate}; }})()"
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(check):
                return
        pytest.fail(f"Tab never reached {predicate}")

    # The error summary's link moves focus to the field.
    tab_to("el.getAttribute('href') === '#id_code'")
    page.keyboard.press("Enter")
    expect(page.locator("#id_code")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type(workshop.code)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/w/{workshop.code}/$"))
    tab_to(f"el.textContent.trim() === {question.text!r}")
    outline = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return s.outlineStyle !== 'none' || s.boxShadow !== 'none'; })()"
    )
    assert outline, "the focused link has no visible focus"
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(question.text)
    tab_to("el.type === 'radio'")
    page.keyboard.press("ArrowDown")  # moves to and selects the second proposal
    tab_to("el.type === 'submit'")
    page.keyboard.press("Enter")
    expect(page.locator(".samlas-ws-message")).to_contain_text("Din röst är sparad")
    ballot = Ballot.objects.get(question=question)
    assert ballot.entries.get().proposal.text == "Bättre belysning"
    context.close()


def test_organiser_pages_and_dot_voting_are_accessible(page, live_server):
    from playwright.sync_api import expect

    workshop = make_workshop(make_event(), groups=("Bord 1",))
    services.submit_proposal(workshop.questions.get(method="ranking"), "Fler bänkar")
    log_in_as_organiser(page, live_server, workshop.event)
    # From the back office's event menu to the workshop, in the back office's layout.
    page.goto(f"/organisera/evenemang/{workshop.event_id}/")
    page.get_by_role("navigation", name="Evenemangets meny").get_by_role(
        "link", name="Workshoppar"
    ).click()
    assert_axe_clean(page, "workshop-list")
    page.get_by_role("link", name=workshop.title).click()
    expect(page.locator(".samlas-ws-code")).to_have_text(workshop.code)
    assert_axe_clean(page, "workshop-organiser")
    page.get_by_role("link", name="Ändra frågan").first.click()
    page.get_by_label("Fråga", exact=True).fill("")
    page.get_by_role("button", name="Spara").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Skriv frågan")
    assert_axe_clean(page, "workshop-question-edit-error")
    page.goto(organiser_url("workshops:results", workshop))
    assert_axe_clean(page, "workshop-results")
    page.goto(reverse("workshops:organiser_create", args=[workshop.event_id]))
    assert_axe_clean(page, "workshop-create")
    page.goto(f"/w/{workshop.code}/")
    assert_axe_clean(page, "workshop-choose-group")
    page.get_by_label("Bord 1").check()
    page.get_by_role("button", name="Fortsätt").click()
    dots = workshop.questions.get(method="dots")
    page.get_by_role("link", name=dots.text).click()
    page.get_by_label("Trygga skolvägar").fill("4")
    page.get_by_label("Fler vuxna på stan").fill("3")
    # The progressive running total, then the server's check of the same rule.
    expect(page.locator(".samlas-ws-total")).to_have_text("Använda poäng: 7 av 5")
    page.get_by_role("button", name="Spara min röst").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Du gav 7 poäng men har 5")
    assert_axe_clean(page, "workshop-dots-error")
    assert not Ballot.objects.exists()
