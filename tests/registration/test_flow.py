"""The participant's registration form, step by step, through Django's test client."""

from datetime import timedelta

import pytest
from django.utils import timezone

from samlas.programme.models import Block
from samlas.registration import outbox, services
from samlas.registration.links import make_token
from samlas.registration.models import (
    ConsentOption,
    OutboxMessage,
    Question,
    QuestionOption,
    Registration,
    SeminarChoice,
)
from tests.registration.conftest import build_event, person
from tests.registration.flow_helpers import (
    form_url,
    post,
    snapshot,
    solved_payload,
    start,
    state_of,
    text,
    walk_to_review,
)

FCFS, RANKED = Block.ChoiceMode.FIRST_COME, Block.ChoiceMode.RANKED

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def quick_bot_check(settings):
    """A cheap proof of work and no minimum fill time, unless a test asks for them."""
    settings.SAMLAS_ALTCHA_COST = 10
    settings.SAMLAS_REGISTRATION_MIN_SECONDS = 0
    settings.SITE_URL = "http://testserver"


def details(n=1, **extra) -> dict:
    return {**person(n), **extra}


# --- The steps -----------------------------------------------------------------------------


def test_the_first_step_asks_what_the_event_needs_and_says_why(client):
    s = build_event(blocks=[(FCFS, [10, 10])], dietary_needs="optional", phone="required")
    response = client.get(form_url(s.event))
    assert response.status_code == 200
    page = text(response)
    assert "Steg 1 av 3" in page
    assert "Dina uppgifter" in page
    assert "Vi behandlar uppgifterna för att genomföra konferensen." in page
    assert "Rättslig grund:" in page
    # Asked fields, the optional ones marked, the health field in its own fieldset.
    assert 'autocomplete="email"' in response.content.decode()
    assert "Telefonnummer" in page
    assert "Befattning (frivilligt)" in page
    assert "Mat, allergier och tillgänglighet" in page
    assert "raderas så snart evenemanget är över" in page
    assert "Län" not in page  # not asked by this event


def test_the_whole_form_with_a_proof_of_work_confirms_the_registration(client):
    s = build_event(capacity=10, blocks=[(FCFS, [10, 10])], dietary_needs="optional")
    block, (first, _second) = s.blocks[0], s.seminars()
    state = walk_to_review(
        client,
        s.event,
        details(1, dietary_needs="Vegetarisk"),
        {f"block_{block.pk}": str(first.pk)},
    )
    response = post(client, s.event, "review", state, {"altcha": solved_payload()})
    assert response.status_code == 302
    registration = Registration.objects.get(event=s.event)
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.health.dietary_needs == "Vegetarisk"
    assert registration.choices.get().seminar == first
    assert OutboxMessage.objects.get(registration=registration).kind == "confirmation"
    receipt = client.get(response["Location"])
    assert receipt.status_code == 200
    page = text(receipt)
    assert "Du är anmäld" in page
    assert "deltagare1@example.se" in page
    assert first.title in page


def test_the_review_step_lists_everything_and_change_goes_back_with_it(client):
    s = build_event(blocks=[(FCFS, [10, 10])], dietary_needs="optional")
    block, (first, _second) = s.blocks[0], s.seminars()
    state = walk_to_review(
        client, s.event, details(1, title="Samordnare"), {f"block_{block.pk}": str(first.pk)}
    )
    review = post(client, s.event, "review", state, {"goto": "choices"})
    assert "Välj seminarier" in text(review)
    assert f'value="{first.pk}" aria-describedby' in review.content.decode()
    checked = review.content.decode().split(f'value="{first.pk}"')[1].split(">")[0]
    assert "checked" in checked
    back = post(client, s.event, "review", state, {"goto": "details"})
    assert 'value="Samordnare"' in back.content.decode()
    summary = post(client, s.event, "choices", state, {f"block_{block.pk}": str(first.pk)})
    page = text(summary)
    assert "Kontrollera och skicka" in page
    assert "Samordnare" in page and first.title in page
    assert "Steg 3 av 3" in page


def test_back_from_the_choices_keeps_what_was_chosen(client):
    s = build_event(blocks=[(FCFS, [10]), (FCFS, [10, 10])])
    (b1, b2), first, second = s.blocks, s.seminars(0)[0], s.seminars(1)[1]
    response = post(client, s.event, "details", start(client, s.event), details(1))
    state = state_of(response)
    back = post(client, s.event, "choices", state, {f"block_{b1.pk}": str(first.pk), "back": "1"})
    assert "Dina uppgifter" in text(back)
    forward = post(client, s.event, "details", state_of(back), details(1))
    html = forward.content.decode()
    assert f'value="{first.pk}" aria-describedby="id_block_{b1.pk}_0-hint" checked' in html
    assert f'id="id_block_{b2.pk}_1"' in html and second.title in html


def test_an_event_without_blocks_has_two_steps(client):
    s = build_event()
    response = post(client, s.event, "details", start(client, s.event), details(1))
    assert "Steg 2 av 2" in text(response)
    assert "Kontrollera och skicka" in text(response)


def test_a_full_seminar_is_offered_as_a_waiting_list_place(client):
    s = build_event(capacity=None, blocks=[(FCFS, [1, 10])])
    block, (small, _big) = s.blocks[0], s.seminars()
    services.register(s.event, person(9), {block.pk: small.pk}, idempotency_key="x")
    response = post(client, s.event, "details", start(client, s.event), details(1))
    page = text(response)
    assert "Fullbokat – du ställs i kö" in page
    assert "10 platser kvar" in page
    state = state_of(response)
    review = post(client, s.event, "choices", state, {f"block_{block.pk}": str(small.pk)})
    response = post(client, s.event, "review", state_of(review), {"altcha": solved_payload()})
    assert response.status_code == 302
    registration = Registration.objects.get(email="deltagare1@example.se")
    assert registration.choices.get().status == SeminarChoice.Status.WAITING
    assert "Kö, plats 1" in text(client.get(response["Location"]))


def test_ranked_blocks_ask_for_an_order_without_drag_and_drop(client):
    s = build_event(blocks=[(RANKED, [10, 10, 10])])
    block, seminars = s.blocks[0], s.seminars()
    response = post(client, s.event, "details", start(client, s.event), details(1))
    page = text(response)
    assert "1:a hand" in page and "2:a hand" in page and "3:e hand" in page
    state = state_of(response)
    review = post(
        client,
        s.event,
        "choices",
        state,
        {f"block_{block.pk}_1": str(seminars[2].pk), f"block_{block.pk}_3": str(seminars[0].pk)},
    )
    assert review.status_code == 200
    response = post(client, s.event, "review", state_of(review), {"altcha": solved_payload()})
    assert response.status_code == 302
    registration = Registration.objects.get(event=s.event)
    ranking = list(registration.preferences.order_by("rank").values_list("seminar", "rank"))
    assert ranking == [(seminars[2].pk, 1), (seminars[0].pk, 2)]  # the gap is closed


def test_questions_and_consents_are_asked_and_stored(client):
    s = build_event()
    question = Question.objects.create(
        settings=s.settings, text="Vilket spår?", kind=Question.Kind.SINGLE, required=True
    )
    option = QuestionOption.objects.create(question=question, text="Skola")
    yes_no = Question.objects.create(
        settings=s.settings, text="Vill du ha mingel?", kind=Question.Kind.YES_NO
    )
    consent = ConsentOption.objects.create(settings=s.settings, text="Ni får fotografera mig.")
    missing = post(client, s.event, "details", start(client, s.event), details(1))
    assert missing.status_code == 422
    assert "Svara på frågan" in text(missing)
    response = post(
        client,
        s.event,
        "details",
        state_of(missing),
        details(1, **{f"q_{question.pk}": str(option.pk), f"q_{yes_no.pk}": "no"}),
    )
    review = text(response)
    assert "Skola" in review and "Nej" in review
    assert "Ni får fotografera mig." in review
    assert 'type="checkbox" name="consents" value' in response.content.decode()
    assert "checked" not in response.content.decode().split('name="consents"')[1].split(">")[0]
    submitted = post(
        client,
        s.event,
        "review",
        state_of(response),
        {"consents": [str(consent.pk)], "altcha": solved_payload()},
    )
    assert submitted.status_code == 302
    registration = Registration.objects.get(event=s.event)
    assert {a.question_id: a.value for a in registration.answers.all()} == {
        question.pk: option.pk,
        yes_no.pk: False,
    }
    assert registration.consents.get().consent == consent


# --- Without JavaScript: confirmed through the link in the e-mail ---------------------------


def test_without_a_proof_of_work_the_registration_waits_for_the_email_link(client):
    s = build_event(capacity=10, blocks=[(FCFS, [10])])
    block, (seminar,) = s.blocks[0], s.seminars()
    state = walk_to_review(client, s.event, details(1), {f"block_{block.pk}": str(seminar.pk)})
    response = post(client, s.event, "review", state)
    assert response.status_code == 302
    registration = Registration.objects.get(event=s.event)
    assert registration.status == Registration.Status.PENDING
    assert "Bekräfta din anmälan" in text(client.get(response["Location"]))
    message = outbox.render(OutboxMessage.objects.get(registration=registration))
    assert message.kind == OutboxMessage.Kind.CONFIRM_EMAIL
    confirm = services.confirm_url(registration)
    assert confirm in message.text
    path = confirm.removeprefix("http://testserver")
    page = client.get(path)
    # Opening the link (as a mail scanner does) confirms nothing; the button does.
    assert page.status_code == 200
    assert "Bekräfta min anmälan" in text(page)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.PENDING
    done = client.post(path)
    assert done.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.choices.get().status == SeminarChoice.Status.CONFIRMED
    assert "Tack! Din e-postadress är bekräftad." in text(client.get(done["Location"]))


def test_a_submission_faster_than_a_person_is_treated_as_unverified(client, settings):
    settings.SAMLAS_REGISTRATION_MIN_SECONDS = 60
    s = build_event()
    state = walk_to_review(client, s.event, details(1))
    response = post(client, s.event, "review", state, {"altcha": solved_payload()})
    assert response.status_code == 302
    assert Registration.objects.get(event=s.event).status == Registration.Status.PENDING


# --- Double submits and duplicates -----------------------------------------------------------


def test_the_same_form_sent_twice_makes_one_registration(client):
    s = build_event(blocks=[(FCFS, [10])])
    block, (seminar,) = s.blocks[0], s.seminars()
    state = walk_to_review(client, s.event, details(1), {f"block_{block.pk}": str(seminar.pk)})
    payload = solved_payload()
    first = post(client, s.event, "review", state, {"altcha": payload})
    second = post(client, s.event, "review", state, {"altcha": payload})
    assert first.status_code == second.status_code == 302
    assert Registration.objects.filter(event=s.event).count() == 1
    assert "Du är anmäld" in text(client.get(second["Location"]))


def test_the_same_email_twice_gets_a_message_and_the_link_again(client):
    s = build_event()
    existing = services.register(s.event, person(1), idempotency_key="first")
    existing.link_sent_at = timezone.now() - timedelta(minutes=5)
    existing.save(update_fields=["link_sent_at"])
    old_token = make_token(existing)
    state = walk_to_review(client, s.event, details(1, email="Deltagare1@Example.se"))
    before = Registration.objects.count()
    response = post(client, s.event, "review", state, {"altcha": solved_payload()})
    assert response.status_code == 409
    assert "Den här e-postadressen är redan anmäld till evenemanget." in text(response)
    assert Registration.objects.count() == before
    link = outbox.render(OutboxMessage.objects.filter(registration=existing).latest("pk"))
    assert link.kind == OutboxMessage.Kind.LINK
    existing.refresh_from_db()
    assert make_token(existing) != old_token
    assert services.manage_url(existing) in link.text


# --- Bad input: a clear Swedish message, a 4xx, and nothing saved ---------------------------


@pytest.mark.parametrize(
    ("change", "status", "message"),
    [
        ({"email": "inte-en-adress"}, 422, "Ange en e-postadress i rätt format"),
        ({"email": ""}, 422, "Ange din e-postadress"),
        ({"name": ""}, 422, "Ange ditt namn"),
        ({"name": "x" * 201}, 422, "Säkerställ att detta värde har som mest 200 tecken"),
        ({"organisation": "o" * 5000}, 422, "som mest 200 tecken"),
        ({"name": "Eva\nBcc: x@example.se"}, 422, "Ta bort styrtecknen"),
        ({"phone": "ring mig"}, 422, "Ange ett telefonnummer med bara siffror"),
    ],
)
def test_bad_details_are_shown_again_with_a_message_and_nothing_typed_is_lost(
    client, change, status, message
):
    s = build_event(phone="optional")
    before = snapshot()
    response = post(client, s.event, "details", start(client, s.event), details(1, **change))
    assert response.status_code == status
    page = text(response)
    assert "Det finns ett problem" in page
    assert message in page
    assert page.startswith(" Fel: ") or "<title>Fel:" in response.content.decode()
    html = response.content.decode()
    kept = {k: v for k, v in details(1).items() if k not in change}
    assert all(f'value="{v}"' in html for v in kept.values())  # nothing typed is lost
    assert 'class="govuk-error-summary"' in html and 'href="#id_' in html
    assert snapshot() == before


def test_a_closed_event_says_so_and_takes_nothing(client):
    s = build_event()
    state = walk_to_review(client, s.event, details(1))
    s.event.registration_closes = timezone.now() - timedelta(minutes=1)
    s.event.save(update_fields=["registration_closes"])
    before = snapshot()
    page = client.get(form_url(s.event))
    assert page.status_code == 403
    assert "Anmälan till evenemanget är stängd." in text(page)
    response = post(client, s.event, "review", state, {"altcha": solved_payload()})
    assert response.status_code == 403
    assert "Anmälan till evenemanget är stängd." in text(response)
    assert snapshot() == before


def test_a_cancelled_or_not_yet_open_event_takes_no_registrations(client):
    cancelled = build_event(status="cancelled")
    response = client.get(form_url(cancelled.event))
    assert response.status_code == 403
    assert "Evenemanget är inställt." in text(response)
    later = build_event(opens_in=timedelta(days=3))
    response = client.get(form_url(later.event))
    assert response.status_code == 403
    assert "Anmälan öppnar" in text(response)
    assert client.get(form_url(build_event(status="draft").event)).status_code == 404


def test_a_full_event_without_a_waiting_list_is_full(client):
    s = build_event(capacity=1, waiting_list=False)
    state = walk_to_review(client, s.event, details(1))
    services.register(s.event, person(2), idempotency_key="other")
    before = snapshot()
    response = post(client, s.event, "review", state, {"altcha": solved_payload()})
    assert response.status_code == 409
    assert "Evenemanget är fullbokat." in text(response)
    assert snapshot() == before
    assert client.get(form_url(s.event)).status_code == 409


def test_a_full_event_with_a_waiting_list_says_so_and_queues(client):
    s = build_event(capacity=1)
    services.register(s.event, person(2), idempotency_key="other")
    page = client.get(form_url(s.event))
    assert "Evenemanget är fullbokat. Om du anmäler dig ställs du i kö" in text(page)
    state = walk_to_review(client, s.event, details(1))
    response = post(client, s.event, "review", state, {"altcha": solved_payload()})
    receipt = text(client.get(response["Location"]))
    assert "Du står på väntelistan" in receipt
    assert Registration.objects.get(email="deltagare1@example.se").status == "waiting"


def test_a_seminar_from_another_block_or_event_is_refused(client):
    s = build_event(blocks=[(FCFS, [10]), (FCFS, [10])])
    other = build_event(blocks=[(FCFS, [10])])
    (b1, _b2), foreign = s.blocks, other.seminars()[0]
    state = state_of(post(client, s.event, "details", start(client, s.event), details(1)))
    before = snapshot()
    for seminar_pk in (foreign.pk, s.seminars(1)[0].pk, "1 OR 1=1"):
        response = post(client, s.event, "choices", state, {f"block_{b1.pk}": str(seminar_pk)})
        assert response.status_code == 422
        assert "Valet av seminarium är ogiltigt." in text(response)
    assert snapshot() == before


def test_a_forged_choice_in_the_stored_state_is_refused_by_the_service(client):
    """The state is signed; even a valid state with a stale choice is checked again."""
    s = build_event(blocks=[(FCFS, [10, 10])])
    block, (first, second) = s.blocks[0], s.seminars()
    state = walk_to_review(client, s.event, details(1), {f"block_{block.pk}": str(first.pk)})
    first.delete()
    before = snapshot()
    response = post(client, s.event, "review", state, {"altcha": solved_payload()})
    assert response.status_code == 422
    assert "Välj seminarier" in text(response)
    assert "Valet av seminarium är ogiltigt." in text(response)
    assert snapshot() == before
    assert second.title in text(response)


def test_a_seminar_ranked_twice_is_refused(client):
    s = build_event(blocks=[(RANKED, [10, 10])])
    block, (first, _second) = s.blocks[0], s.seminars()
    state = state_of(post(client, s.event, "details", start(client, s.event), details(1)))
    response = post(
        client,
        s.event,
        "choices",
        state,
        {f"block_{block.pk}_1": str(first.pk), f"block_{block.pk}_2": str(first.pk)},
    )
    assert response.status_code == 422
    assert "Du har redan valt det här seminariet som 1:a hand." in text(response)
    assert f'href="#id_block_{block.pk}_2"' in response.content.decode()


def test_a_missing_seminar_choice_links_to_the_first_radio(client):
    s = build_event(blocks=[(FCFS, [10, 10])])
    block = s.blocks[0]
    state = state_of(post(client, s.event, "details", start(client, s.event), details(1)))
    response = post(client, s.event, "choices", state, {})
    assert response.status_code == 422
    assert f"Välj ett seminarium i {block.title}" in text(response)
    assert f'href="#id_block_{block.pk}_0"' in response.content.decode()


def test_a_tampered_form_state_is_refused(client):
    s = build_event()
    state = start(client, s.event)
    for forged in (state[:-3] + "abc", "", "x" * 200_000):
        response = post(client, s.event, "details", forged, details(1))
        assert response.status_code == 400
        assert "Formuläret kunde inte läsas" in text(response)
    other = build_event()
    response = post(client, other.event, "details", state, details(1))
    assert response.status_code == 400


def test_an_unknown_step_is_refused(client):
    s = build_event()
    response = post(client, s.event, "payment", start(client, s.event), details(1))
    assert response.status_code == 400
    assert Registration.objects.count() == 0


def test_the_form_speaks_english_when_the_visitor_chose_it(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    s = build_event(blocks=[(RANKED, [10, 10])])
    page = text(client.get(form_url(s.event)))
    assert "Step 1 of 3" in page and "Your details" in page
    response = post(client, s.event, "details", start(client, s.event), details(1, name=""))
    assert "Enter your name" in text(response)
    response = post(client, s.event, "details", state_of(response), details(1))
    assert "1st choice" in text(response) and "2nd choice" in text(response)


def test_the_receipt_needs_its_signed_reference(client):
    s = build_event()
    state = walk_to_review(client, s.event, details(1))
    response = post(client, s.event, "review", state, {"altcha": solved_payload()})
    receipt = response["Location"]
    other = build_event()
    assert client.get(receipt.replace(s.event.slug, other.event.slug)).status_code == 404
    forged = client.get(receipt[:-4] + "abcd")
    assert forged.status_code == 302 and forged["Location"] == s.event.get_absolute_url()
