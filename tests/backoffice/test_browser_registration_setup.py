"""Own questions on the registration form, in a real Chromium with the keyboard alone: add a
single-choice question (with a mistake put right), move it up, and find it on the public
form; every page axe-clean, the consent pages too."""

import re

import pytest
from django.urls import reverse

from samlas.registration import setup_services
from samlas.registration.models import Question
from tests.backoffice.conftest import PASSWORD, build_world
from tests.backoffice.test_browser import shot
from tests.conftest import assert_axe_clean

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def press_link(page, name: str) -> None:
    page.get_by_role("link", name=name).focus()
    page.keyboard.press("Enter")


def test_add_a_question_with_the_keyboard(page, live_server, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = build_world()
    setup_services.add_question(
        world.event,
        {"text": "Kommer du med bil?", "help_text": "", "kind": "yes_no", "required": False},
    )
    page.goto(reverse("backoffice:login"))
    page.get_by_label("Användarnamn eller e-postadress").fill(world.users["host_editor"].username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Mina evenemang").wait_for()

    page.goto(reverse("backoffice:registration_settings", args=[world.event.pk]))
    page.get_by_text("1 fråga").wait_for()
    assert_axe_clean(page, "backoffice-registration-settings-summary")
    shot(page, "registration-settings")
    press_link(page, "Ändra egna frågor")
    page.get_by_role("heading", name="Egna frågor").wait_for()
    press_link(page, "Lägg till en fråga")
    page.get_by_role("heading", name="Lägg till en fråga").wait_for()
    assert_axe_clean(page, "backoffice-question-form")

    # Question, help text, kind (arrow keys in the radio group), one choice too few.
    page.get_by_label("Fråga", exact=True).focus()
    page.keyboard.type("Vilket pass vill du gå på?")
    page.keyboard.press("Tab")
    page.keyboard.type("Du kan byta senare.")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")
    assert page.get_by_label("Ett val").is_checked()
    page.keyboard.press("Tab")
    page.keyboard.type("Förmiddag")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    summary = page.locator(".govuk-error-summary")
    summary.get_by_text("Ange minst två val, ett per rad.").wait_for()
    assert page.get_by_label("Fråga", exact=True).input_value() == "Vilket pass vill du gå på?"
    assert page.get_by_label("Frågan måste besvaras").is_checked()
    assert_axe_clean(page, "backoffice-question-error")
    shot(page, "question-error")

    # The summary's link leads to the choices, where the second one is added.
    press_link(page, "Ange minst två val, ett per rad.")
    page.wait_for_function("document.activeElement.id === 'id_choices'")
    page.keyboard.press("Control+End")
    page.keyboard.type("\nEftermiddag")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.get_by_text("Frågan har lagts till.").wait_for()
    question = Question.objects.get(text="Vilket pass vill du gå på?")
    assert (question.kind, question.required) == ("single", True)
    assert [o.text for o in question.options.all()] == ["Förmiddag", "Eftermiddag"]
    assert_axe_clean(page, "backoffice-questions")

    # Move it before the yes/no question with its button.
    page.get_by_role("button", name=re.compile(r"^Flytta upp\s*: Vilket pass")).focus()
    page.keyboard.press("Enter")
    page.get_by_text("”Vilket pass vill du gå på?” har flyttats upp.").wait_for()
    assert [q.text for q in Question.objects.filter(settings__event=world.event)] == [
        "Vilket pass vill du gå på?",
        "Kommer du med bil?",
    ]
    shot(page, "questions")

    # The other new pages pass axe too: removing a question, and the consents.
    page.goto(reverse("backoffice:question_delete", args=[world.event.pk, question.pk]))
    assert_axe_clean(page, "backoffice-question-delete")
    page.goto(reverse("backoffice:consent_create", args=[world.event.pk]))
    page.get_by_label("Samtyckets text").fill("Bilder på mig får publiceras.")
    page.get_by_role("button", name="Lägg till samtycket").click()
    page.get_by_text("Samtycket har lagts till.").wait_for()
    assert_axe_clean(page, "backoffice-consents")
    page.get_by_role("link", name="Bilder på mig får publiceras.", exact=True).click()
    assert_axe_clean(page, "backoffice-consent-form")

    # The public registration form asks it, first of the two.
    page.goto(reverse("registration:register", args=[world.event.slug]))
    group = page.get_by_role("group", name="Vilket pass vill du gå på?")
    group.get_by_label("Förmiddag").wait_for()
    group.get_by_label("Eftermiddag").wait_for()
    body = page.content()
    assert body.index("Vilket pass vill du gå på?") < body.index("Kommer du med bil?")
    assert_axe_clean(page, "registration-form-own-question")
