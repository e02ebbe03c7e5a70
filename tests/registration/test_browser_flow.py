"""The registration form in a real Chromium: on a phone, by keyboard alone, axe-clean at every
step, with the ALTCHA widget solving its proof of work; and without JavaScript, ending with
the confirmation link in the e-mail."""

import re

import pytest
from django.core.cache import caches

from samlas.programme.models import Block
from samlas.registration import outbox, services
from samlas.registration.models import ConsentOption, OutboxMessage, Registration, SeminarChoice
from tests.conftest import assert_axe_clean
from tests.registration.conftest import build_event, person

FCFS, RANKED = Block.ChoiceMode.FIRST_COME, Block.ChoiceMode.RANKED

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(settings, live_server):
    """Links in e-mails point at the live server; no minimum fill time for a fast robot."""
    settings.SITE_URL = live_server.url
    settings.SAMLAS_REGISTRATION_MIN_SECONDS = 0
    caches["shared"].clear()  # rate-limit counters survive the table flush between tests
    return live_server


def seed():
    s = build_event(
        capacity=50,
        blocks=[(FCFS, [20, 1]), (RANKED, [10, 10, 10])],
        dietary_needs="optional",
    )
    ConsentOption.objects.create(
        settings=s.settings, text="Mitt namn får stå på deltagarlistan som delas med alla."
    )
    # The small seminar is full: it is offered as a waiting-list place.
    fcfs = s.blocks[0]
    services.register(
        s.event,
        person(99),
        {fcfs.pk: s.seminars(0)[1].pk},
        {s.blocks[1].pk: [s.seminars(1)[0].pk]},
        idempotency_key="seed",
    )
    return s


def tab_to(page, selector: str, limit: int = 60) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement?.matches(s) ?? false", selector):
            return
    pytest.fail(f"Tab never reached {selector}")


def submit(page, key: str = "Enter") -> None:
    """Press a key that sends a form, and wait for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press(key)


def watch_requests(page, base: str) -> list[str]:
    foreign: list[str] = []
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((base, "data:", "blob:", "about:"))
            else foreign.append(request.url)
        ),
    )
    return foreign


def test_a_phone_registers_by_keyboard_alone_with_the_proof_of_work(phone_page, site):
    s = seed()
    fcfs, ranked = s.blocks
    page = phone_page
    foreign = watch_requests(page, site.url)
    page.goto(f"/evenemang/{s.event.slug}/anmalan/")
    assert page.locator("h1").inner_text() == "Dina uppgifter"
    assert_axe_clean(page, "registration-details")

    # Sending the empty form: the error summary takes the focus and links to the fields.
    tab_to(page, "button.govuk-button")
    submit(page)
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert page.locator(".govuk-error-summary a").first.inner_text() == "Ange ditt namn"
    assert_axe_clean(page, "registration-details-errors")
    tab_to(page, ".govuk-error-summary a")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_name"

    page.keyboard.type("Anna Andersson")
    tab_to(page, "#id_email")
    page.keyboard.type("anna@example.se")
    tab_to(page, "#id_organisation")
    page.keyboard.type("Umeå kommun")
    tab_to(page, "#id_dietary_needs")
    page.keyboard.type("Vegetarisk")
    tab_to(page, "button.govuk-button")
    submit(page)

    assert page.locator("h1").inner_text() == "Välj seminarier"
    assert "Fullbokat – du ställs i kö" in page.locator("main").inner_text()
    assert_axe_clean(page, "registration-choices")
    tab_to(page, f"#id_block_{fcfs.pk}_0")
    page.keyboard.press("Space")
    tab_to(page, f"#id_block_{ranked.pk}_1")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # the second seminar as first choice
    tab_to(page, f"#id_block_{ranked.pk}_2")
    page.keyboard.press("ArrowDown")
    tab_to(page, "button.govuk-button:not(.govuk-button--secondary)")
    submit(page)

    assert page.locator("h1").inner_text() == "Kontrollera och skicka"
    main = page.locator("main").inner_text()
    assert "Anna Andersson" in main and "Vegetarisk" in main
    # The widget solves the proof of work in a worker from our own static files.
    page.wait_for_selector('.altcha[data-state="verified"]', timeout=30_000)
    assert len(page.locator('input[name="altcha"]').input_value()) > 100
    assert_axe_clean(page, "registration-review")
    tab_to(page, 'input[name="consents"]')
    page.keyboard.press("Space")
    tab_to(page, "form.samlas-reg-form button.govuk-button:not(.govuk-button--secondary)")
    submit(page)
    assert "/anmalan/klar/" in page.url

    assert page.locator("h1").inner_text() == "Du är anmäld"
    assert_axe_clean(page, "registration-done")
    registration = Registration.objects.get(email="anna@example.se")
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.choices.get().status == SeminarChoice.Status.CONFIRMED
    ranking = list(registration.preferences.order_by("rank").values_list("seminar", flat=True))
    assert ranking == [s.seminars(1)[1].pk, s.seminars(1)[0].pk]
    assert registration.consents.count() == 1

    # "Min anmälan" through the link in the confirmation e-mail.
    message = OutboxMessage.objects.get(registration=registration)
    page.goto(services.manage_url(registration))
    assert page.locator("h1").inner_text() == s.event.title
    assert_axe_clean(page, "registration-manage")
    tab_to(page, 'a[href$="/seminarier/"]')
    submit(page)
    assert_axe_clean(page, "registration-manage-choices")
    assert services.manage_url(registration) in outbox.render(message).text
    assert not foreign, f"Third-party requests: {foreign}"


def test_without_javascript_the_email_link_confirms_the_registration(chromium, site):
    s = build_event(capacity=10, blocks=[(FCFS, [10, 10])])
    block = s.blocks[0]
    context = chromium.new_context(
        base_url=site.url,
        locale="sv-SE",
        java_script_enabled=False,
        viewport={"width": 375, "height": 667},
    )
    page = context.new_page()
    page.goto(f"/evenemang/{s.event.slug}/")
    page.get_by_role("button", name="Anmäl dig").click()
    page.fill("#id_name", "Nils Nilsson")
    page.fill("#id_email", "nils@example.se")
    page.fill("#id_organisation", "Polisen")
    page.get_by_role("button", name="Fortsätt").click()
    page.check(f"#id_block_{block.pk}_1")
    page.get_by_role("button", name="Fortsätt").click()
    assert page.locator("altcha-widget .altcha").count() == 0  # no widget without scripts
    page.get_by_role("button", name="Skicka anmälan").click()
    page.wait_for_url(re.compile(r"/anmalan/klar/"))
    assert page.locator("h1").inner_text() == "Bekräfta din anmälan"
    receipt = page.url

    registration = Registration.objects.get(email="nils@example.se")
    assert registration.status == Registration.Status.PENDING
    message = OutboxMessage.objects.get(registration=registration)
    assert message.kind == OutboxMessage.Kind.CONFIRM_EMAIL
    link = services.confirm_url(registration)
    assert link in outbox.render(message).text and link.startswith(site.url)

    # axe needs scripts: check the receipt and the confirmation page in a second context.
    checker = chromium.new_context(base_url=site.url, locale="sv-SE")
    check = checker.new_page()
    for url, name in [(receipt, "registration-done-pending"), (link, "registration-confirm")]:
        check.goto(url)
        assert_axe_clean(check, name)
    checker.close()

    page.goto(link)
    page.get_by_role("button", name="Bekräfta min anmälan").click()
    page.wait_for_load_state()
    assert "Tack! Din e-postadress är bekräftad." in page.locator("main").inner_text()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.choices.get().seminar == s.seminars()[1]
    context.close()
