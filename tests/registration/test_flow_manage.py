""" "Min anmälan" through the secret link, the lost-link form and the event page's button."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from samlas.programme.models import Block
from samlas.registration import outbox, services
from samlas.registration.links import make_token
from samlas.registration.models import (
    ConsentOption,
    OutboxMessage,
    Registration,
    RegistrationLogEntry,
    SeminarChoice,
)
from tests.registration.conftest import build_event, person
from tests.registration.flow_helpers import snapshot, text

FCFS, RANKED = Block.ChoiceMode.FIRST_COME, Block.ChoiceMode.RANKED

pytestmark = pytest.mark.django_db


def manage(registration, name="manage") -> str:
    return reverse(f"registration:{name}", kwargs={"token": make_token(registration)})


@pytest.fixture
def booked():
    """A confirmed registration with a seminar, diet and a consent."""
    s = build_event(capacity=10, blocks=[(FCFS, [10, 10])], dietary_needs="optional")
    consent = ConsentOption.objects.create(settings=s.settings, text="Ni får fotografera mig.")
    block, (first, second) = s.blocks[0], s.seminars()
    registration = services.register(
        s.event,
        person(1, dietary_needs="Vegan", consents=[consent.pk]),
        {block.pk: first.pk},
        idempotency_key="k",
    )
    return s, registration, block, first, second, consent


def test_my_registration_shows_status_details_and_seminars(client, booked):
    s, registration, _block, first, _second, _consent = booked
    response = client.get(manage(registration))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = text(response)
    assert "Min anmälan" in page and s.event.title in page
    assert "Anmäld" in page and "Du har en plats på evenemanget." in page
    assert "Deltagare 1" in page and "deltagare1@example.se" in page and "Vegan" in page
    assert first.title in page and "Du har en plats" in page
    assert "Ni får fotografera mig. Ja, givet" in page
    assert "Ändra dina seminarieval" in page
    assert "Avboka min anmälan" in page
    assert "Ladda ner dina uppgifter" in page


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "1.abc.def",
        lambda token: "kontrollera",
        lambda token: token.split(".")[0],
    ],
)
def test_a_tampered_link_says_so_with_404_and_changes_nothing(client, booked, mangle):
    _s, registration, *_ = booked
    token = mangle(make_token(registration))
    before = snapshot()
    for name, method in [("manage", "get"), ("manage_cancel", "post"), ("confirm", "post")]:
        response = getattr(client, method)(reverse(f"registration:{name}", args=[token]))
        assert response.status_code == 404
        assert "Länken är ogiltig." in text(response)
    assert snapshot() == before


def test_an_expired_link_says_so_with_410(client, booked):
    s, registration, *_ = booked
    s.event.start = timezone.now() - timedelta(days=60)
    s.event.end = s.event.start + timedelta(hours=7)
    s.event.save(update_fields=["start", "end"])
    response = client.get(manage(registration))
    assert response.status_code == 410
    assert "Länken har slutat gälla." in text(response)


def test_an_old_link_stops_working_after_a_new_one_is_sent(client, booked):
    s, registration, *_ = booked
    old = manage(registration)
    registration.link_sent_at = timezone.now() - timedelta(minutes=5)
    registration.save(update_fields=["link_sent_at"])
    services.resend_link(s.event, registration.email)
    assert client.get(old).status_code == 404
    registration.refresh_from_db()
    assert client.get(manage(registration)).status_code == 200


def test_changing_details_keeps_what_was_typed_on_an_error_and_saves_when_right(client, booked):
    _s, registration, _b, _f, _s2, consent = booked
    url = manage(registration, "manage_details")
    page = client.get(url)
    assert page.status_code == 200
    assert 'value="Umeå kommun"' in page.content.decode()
    html = page.content.decode()
    assert f'value="{consent.pk}" checked' in html  # the consent given is shown as given
    data = {
        "name": "Deltagare Ett",
        "email": "inte-en-adress",
        "organisation": "Region Västerbotten",
        "dietary_needs": "Vegan",
    }
    before = snapshot()
    wrong = client.post(url, data)
    assert wrong.status_code == 422
    assert "Ange en e-postadress i rätt format" in text(wrong)
    assert 'value="Region Västerbotten"' in wrong.content.decode()
    assert snapshot() == before
    data["email"] = "ett@example.se"
    saved = client.post(url, data)  # no consent ticked: it is withdrawn
    assert saved.status_code == 302
    registration.refresh_from_db()
    assert (registration.name, registration.email) == ("Deltagare Ett", "ett@example.se")
    assert registration.organisation == "Region Västerbotten"
    assert registration.consents.get().withdrawn_at is not None
    assert "Dina uppgifter är ändrade." in text(client.get(saved["Location"]))


def test_changing_to_an_email_already_registered_is_refused(client, booked):
    s, registration, block, _first, second, _consent = booked
    services.register(s.event, person(2), {block.pk: second.pk}, idempotency_key="other")
    url = manage(registration, "manage_details")
    before = snapshot()
    response = client.post(
        url, {"name": "X", "email": "deltagare2@example.se", "organisation": "Y"}
    )
    assert response.status_code == 409
    assert "En annan anmälan till evenemanget har redan den här e-postadressen." in text(response)
    assert snapshot() == before


def test_changing_the_seminar_frees_the_seat_and_a_foreign_one_is_refused(client, booked):
    _s, registration, block, _first, second, _consent = booked
    url = manage(registration, "manage_choices")
    page = client.get(url)
    assert "Ditt nuvarande val" in text(page)
    other = build_event(blocks=[(FCFS, [5])])
    before = snapshot()
    refused = client.post(url, {f"block_{block.pk}": str(other.seminars()[0].pk)})
    assert refused.status_code == 422
    assert "Valet av seminarium är ogiltigt." in text(refused)
    assert snapshot() == before
    moved = client.post(url, {f"block_{block.pk}": str(second.pk)})
    assert moved.status_code == 302
    choice = SeminarChoice.objects.get(registration=registration)
    assert (choice.seminar, choice.status) == (second, SeminarChoice.Status.CONFIRMED)
    assert "Dina seminarieval är ändrade." in text(client.get(moved["Location"]))


def test_choices_cannot_be_changed_after_registration_closes(client, booked):
    s, registration, block, _first, second, _consent = booked
    s.event.registration_closes = timezone.now() - timedelta(minutes=1)
    s.event.save(update_fields=["registration_closes"])
    assert "Ändra dina seminarieval" not in text(client.get(manage(registration)))
    before = snapshot()
    response = client.post(
        manage(registration, "manage_choices"), {f"block_{block.pk}": str(second.pk)}
    )
    assert response.status_code == 403
    assert "Seminarievalen kan bara ändras medan anmälan är öppen." in text(response)
    assert snapshot() == before


def test_cancelling_asks_first_then_frees_the_place(client, booked):
    _s, registration, *_ = booked
    url = manage(registration, "manage_cancel")
    page = client.get(url)
    assert page.status_code == 200
    assert "Avboka min anmälan" in text(page)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    done = client.post(url)
    assert done.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    after = text(client.get(done["Location"]))
    assert "Din anmälan är avbokad." in after
    assert "Avbokad" in after
    assert "Avboka min anmälan" not in after
    # A cancelled registration cannot be changed.
    response = client.post(manage(registration, "manage_details"), {"name": "X"})
    assert response.status_code == 409
    assert "Anmälan är avbokad och kan inte ändras." in text(response)


def test_cancelling_after_the_event_started_is_refused(client, booked):
    s, registration, *_ = booked
    s.event.start = timezone.now() - timedelta(hours=1)
    s.event.save(update_fields=["start"])
    before = snapshot()
    response = client.post(manage(registration, "manage_cancel"))
    assert response.status_code == 403
    assert snapshot() == before


def test_the_own_data_export_is_a_json_file_and_is_logged(client, booked):
    _s, registration, *_ = booked
    assert client.get(manage(registration, "manage_export")).status_code == 405
    response = client.post(manage(registration, "manage_export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["registration"]["email"] == "deltagare1@example.se"
    assert data["health"]["dietary_needs"] == "Vegan"
    assert RegistrationLogEntry.objects.filter(
        registration=registration, action=RegistrationLogEntry.Action.DATA_EXPORTED
    ).exists()


def test_a_pending_registration_can_be_confirmed_from_my_registration(client):
    s = build_event()
    registration = services.register(
        s.event, person(1), idempotency_key="k", require_email_confirmation=True
    )
    page = client.get(manage(registration))
    assert "Inte bekräftad" in text(page)
    response = client.post(manage(registration, "confirm"))
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    # The link again, once confirmed, just leads to "Min anmälan".
    again = client.get(manage(registration, "confirm"))
    assert again.status_code == 302 and again["Location"] == manage(registration)


def test_the_confirmation_link_of_a_cancelled_registration_does_not_confirm(client):
    s = build_event()
    registration = services.register(
        s.event, person(1), idempotency_key="k", require_email_confirmation=True
    )
    token = make_token(registration)
    services.cancel(registration)
    response = client.post(reverse("registration:confirm", args=[token]))
    assert response.status_code == 302  # to "Min anmälan", which says it is cancelled
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


# --- A lost link ---------------------------------------------------------------------------


def test_a_lost_link_is_sent_again_and_the_page_reveals_nothing(client, booked):
    s, registration, *_ = booked
    registration.link_sent_at = timezone.now() - timedelta(minutes=5)
    registration.save(update_fields=["link_sent_at"])
    url = reverse("registration:resend_link", args=[s.event.slug])
    assert "Få en ny länk till din anmälan" in text(client.get(url))
    known = client.post(url, {"email": "DELTAGARE1@example.se"})
    unknown = client.post(url, {"email": "okand@example.se"})
    assert known.status_code == unknown.status_code == 200
    assert "skickar vi en ny länk" in text(known)
    assert text(known).replace("DELTAGARE1@example.se", "X") == text(unknown).replace(
        "okand@example.se", "X"
    )
    registration.refresh_from_db()
    message = outbox.render(OutboxMessage.objects.filter(registration=registration).latest("pk"))
    assert message.kind == OutboxMessage.Kind.LINK
    assert services.manage_url(registration) in message.text


def test_the_lost_link_form_checks_the_address(client, booked):
    s, *_ = booked
    url = reverse("registration:resend_link", args=[s.event.slug])
    before = snapshot()
    response = client.post(url, {"email": "inte en adress"})
    assert response.status_code == 422
    assert "Ange en e-postadress i rätt format" in text(response)
    assert snapshot() == before
    assert client.get(reverse("registration:resend_link", args=["finns-inte"])).status_code == 404


# --- The event page ------------------------------------------------------------------------


def test_the_event_page_links_to_the_form_with_the_places_left(client):
    s = build_event(capacity=20)
    services.register(s.event, person(1), idempotency_key="k")
    page = client.get(s.event.get_absolute_url())
    html = page.content.decode()
    assert f'href="{reverse("registration:register", args=[s.event.slug])}"' in html
    assert "Anmäl dig" in text(page)
    assert "19 platser kvar." in text(page)
    assert reverse("registration:resend_link", args=[s.event.slug]) in html


def test_a_full_event_page_offers_the_waiting_list_or_nothing(client):
    queue = build_event(capacity=1)
    services.register(queue.event, person(1), idempotency_key="k")
    assert "Ställ dig i kö" in text(client.get(queue.event.get_absolute_url()))
    full = build_event(capacity=1, waiting_list=False)
    services.register(full.event, person(1), idempotency_key="k")
    page = client.get(full.event.get_absolute_url())
    assert "Evenemanget är fullbokat." in text(page)
    assert (
        f'href="{reverse("registration:register", args=[full.event.slug])}"'
        not in page.content.decode()
    )


def test_a_closed_event_page_has_no_button(client):
    s = build_event()
    s.event.registration_closes = timezone.now() - timedelta(days=1)
    s.event.save(update_fields=["registration_closes"])
    page = client.get(s.event.get_absolute_url())
    assert (
        f'href="{reverse("registration:register", args=[s.event.slug])}"'
        not in page.content.decode()
    )
    assert "Anmälan har stängt." in text(page)
