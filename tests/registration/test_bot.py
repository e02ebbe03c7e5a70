"""Bot protection of the registration form: proof of work, honeypot, fill time, rate limit."""

import base64
import json
import time

import altcha
import pytest
from django.core.cache import caches
from django.db import OperationalError
from django.urls import reverse

from samlas.registration import botcheck
from samlas.registration.models import Registration
from tests.registration.conftest import build_event, person
from tests.registration.flow_helpers import (
    post,
    snapshot,
    solved_payload,
    start,
    state_of,
    text,
    walk_to_review,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def quick_bot_check(settings):
    settings.SAMLAS_ALTCHA_COST = 10
    settings.SAMLAS_REGISTRATION_MIN_SECONDS = 0


def test_the_challenge_endpoint_gives_a_signed_pbkdf2_challenge_that_is_never_cached(client):
    response = client.get(reverse("registration:altcha_challenge"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    challenge = response.json()
    assert challenge["parameters"]["algorithm"] == "PBKDF2/SHA-256"
    assert challenge["parameters"]["expiresAt"] > time.time()
    assert len(challenge["signature"]) == 64


def test_a_solved_challenge_is_accepted_once_per_form():
    payload = solved_payload()
    assert botcheck.verify_proof(payload, owner="form-a") is True
    # The same form sent again (a double click) is not a replay …
    assert botcheck.verify_proof(payload, owner="form-a") is True
    # … but another form with the same proof is.
    with pytest.raises(botcheck.BotCheckFailed) as caught:
        botcheck.verify_proof(payload, owner="form-b")
    assert caught.value.status == 403


def test_no_proof_is_not_an_error_but_unverified():
    assert botcheck.verify_proof("", owner="x") is False
    assert botcheck.verify_proof("   ", owner="x") is False


def _forged(payload: str, **changes) -> str:
    data = json.loads(base64.b64decode(payload))
    data["challenge"]["parameters"].update(changes)
    return base64.b64encode(json.dumps(data).encode()).decode()


@pytest.mark.parametrize(
    "bad",
    [
        "bm90IGpzb24=",  # base64 of "not json"
        "%%%",
        "x" * 5000,
        base64.b64encode(b'{"challenge": 1, "solution": []}').decode(),
    ],
)
def test_garbage_proofs_are_refused_without_a_crash(bad):
    with pytest.raises(botcheck.BotCheckFailed) as caught:
        botcheck.verify_proof(bad, owner="x")
    assert caught.value.status == 403


def test_a_proof_for_an_easier_challenge_than_ours_is_refused():
    payload = solved_payload()
    with pytest.raises(botcheck.BotCheckFailed):
        botcheck.verify_proof(_forged(payload, cost=1), owner="x")


def test_a_challenge_signed_with_another_key_is_refused():
    challenge = altcha.create_challenge(
        algorithm="PBKDF2/SHA-256", cost=10, hmac_secret="not-our-secret", expires_at=None
    )
    solution = altcha.solve_challenge(challenge)
    payload = altcha.Payload(challenge, solution).to_base64()
    with pytest.raises(botcheck.BotCheckFailed):
        botcheck.verify_proof(payload, owner="x")


def test_an_expired_proof_is_refused_with_its_own_message(monkeypatch):
    payload = solved_payload()
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 3600)
    with pytest.raises(botcheck.BotCheckFailed) as caught:
        botcheck.verify_proof(payload, owner="x")
    assert caught.value.status == 400


# --- Through the form ---------------------------------------------------------------------


def test_a_replayed_proof_is_refused_with_a_swedish_message_and_nothing_is_saved(client):
    s = build_event()
    payload = solved_payload()
    first = walk_to_review(client, s.event, person(1))
    assert post(client, s.event, "review", first, {"altcha": payload}).status_code == 302
    second = walk_to_review(client, s.event, person(2))
    before = snapshot()
    response = post(client, s.event, "review", second, {"altcha": payload})
    assert response.status_code == 403
    assert "Kontrollen av att du inte är en robot har redan använts." in text(response)
    assert snapshot() == before
    # The review step is shown again with everything typed, ready to be sent once more.
    assert "deltagare2@example.se" in text(response)
    again = post(client, s.event, "review", state_of(response), {"altcha": solved_payload()})
    assert again.status_code == 302
    assert Registration.objects.filter(email="deltagare2@example.se").exists()


def test_a_forged_proof_is_refused_through_the_form(client):
    s = build_event()
    state = walk_to_review(client, s.event, person(1))
    before = snapshot()
    response = post(client, s.event, "review", state, {"altcha": _forged(solved_payload(), cost=1)})
    assert response.status_code == 403
    assert "Kontrollen av att du inte är en robot kunde inte godkännas." in text(response)
    assert snapshot() == before


def test_an_expired_proof_through_the_form_asks_to_send_again(client, monkeypatch):
    s = build_event()
    state = walk_to_review(client, s.event, person(1))
    payload = solved_payload()
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 3600)
    before = snapshot()
    response = post(client, s.event, "review", state, {"altcha": payload})
    assert response.status_code == 400
    assert "hann gå ut innan formuläret skickades" in text(response)
    assert snapshot() == before


def test_a_filled_honeypot_is_rejected_quietly(client):
    s = build_event()
    before = snapshot()
    response = post(
        client, s.event, "details", start(client, s.event), {**person(1), "samlas_check": "x"}
    )
    assert response.status_code == 200
    assert "Vi har tagit emot formuläret." in text(response)
    assert 'name="state"' not in response.content.decode()  # nothing to continue with
    state = walk_to_review(client, s.event, person(2))
    response = post(
        client, s.event, "review", state, {"altcha": solved_payload(), "samlas_check": "spam"}
    )
    assert response.status_code == 200
    assert "Vi har tagit emot formuläret." in text(response)
    assert snapshot() == before


def test_the_honeypot_is_hidden_from_people_but_not_from_bots(client):
    s = build_event()
    html = client.get(reverse("registration:register", args=[s.event.slug])).content.decode()
    honeypot = html.split('class="samlas-hp"')[1].split("</div>")[0]
    assert 'aria-hidden="true"' in honeypot
    assert 'tabindex="-1"' in honeypot and 'autocomplete="off"' in honeypot


def test_too_fast_is_unverified_even_with_a_valid_proof(client, settings):
    settings.SAMLAS_REGISTRATION_MIN_SECONDS = 30
    s = build_event()
    state = walk_to_review(client, s.event, person(1))
    response = post(client, s.event, "review", state, {"altcha": solved_payload()})
    assert response.status_code == 302
    registration = Registration.objects.get(event=s.event)
    assert registration.status == Registration.Status.PENDING


def test_the_rate_limit_gives_429_with_a_swedish_message_and_keeps_the_form(client, settings):
    settings.SAMLAS_REGISTRATION_RATE_LIMIT = (1, 600)
    s = build_event()
    first = walk_to_review(client, s.event, person(1))
    assert post(client, s.event, "review", first, {"altcha": solved_payload()}).status_code == 302
    second = walk_to_review(client, s.event, person(2))
    before = snapshot()
    response = post(client, s.event, "review", second, {"altcha": solved_payload()})
    assert response.status_code == 429
    assert "Du har skickat många anmälningar på kort tid." in text(response)
    assert "deltagare2@example.se" in text(response)
    assert snapshot() == before
    # Another client address is not affected.
    third = walk_to_review(client, s.event, person(3))
    other = post(
        client, s.event, "review", third, {"altcha": solved_payload()}, REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 302


def test_the_rate_limit_counts_ipv6_clients_by_their_64_prefix(rf):
    one = rf.get("/", REMOTE_ADDR="2001:db8:1:2::10")
    two = rf.get("/", REMOTE_ADDR="2001:db8:1:2:ffff::1")
    other = rf.get("/", REMOTE_ADDR="2001:db8:1:3::10")
    assert botcheck.client_id(one) == botcheck.client_id(two) == "2001:db8:1:2::/64"
    assert botcheck.client_id(other) != botcheck.client_id(one)
    assert botcheck.client_id(rf.get("/", REMOTE_ADDR="nonsense")) == "unknown"


def test_the_resend_link_form_is_rate_limited_too(client, settings):
    settings.SAMLAS_REGISTRATION_RATE_LIMIT = (2, 600)
    s = build_event()
    url = reverse("registration:resend_link", args=[s.event.slug])
    statuses = [client.post(url, {"email": f"x{n}@example.se"}).status_code for n in range(3)]
    assert statuses == [200, 200, 429]


def test_without_the_shared_cache_table_registration_still_works_by_email(monkeypatch, rf):
    """A missing `createcachetable` must not stop anyone: proofs count as missing."""

    def broken(*args, **kwargs):
        raise OperationalError("no such table: samlas_cache")

    cache = caches["shared"]
    for method in ("add", "get", "set"):
        monkeypatch.setattr(cache, method, broken)
    assert botcheck.verify_proof(solved_payload(), owner="x") is False
    botcheck.check_rate(rf.post("/", REMOTE_ADDR="10.0.0.1"), "register")  # no error
