"""Two app servers, one database: nothing lives in one process's memory.

Two `serve` processes on different ports share the suite's database (SQLite in the SQLite
run, PostgreSQL in the PostgreSQL run) and, in the Redis variant, a Redis server for the
caches. A rush spread over both may not overbook or lose a registration; a session made on
one server is valid on the other; the registration form's rate limit counts the requests
to both (it lives in the same "shared" cache as the used ALTCHA proofs).
bench/scale_out.py measures the same with more load.
"""

import re
import socket
import uuid

import pytest
import requests
from django.contrib.auth import get_user_model

from samlas.organisations.models import Membership, Organisation, Role
from tests.ops.conftest import database_url
from tests.ops.harness import AppServer, django_env, register_patiently, rush_seed, rush_truth

pytestmark = pytest.mark.django_db(transaction=True)
SEATS = 40
REGISTRATIONS = 100
REDIS = ("127.0.0.1", 6379)


def redis_reachable() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture(scope="module", params=["database", "redis"])
def servers(request, django_db_setup, django_db_blocker, static_root, tmp_path_factory):
    """Two app servers on the test database, started once per variant: caches and
    sessions in the database, or in Redis."""
    shared_state = {}
    if request.param == "redis":
        if not redis_reachable():
            pytest.skip(
                "!!! REDIS NOT REACHABLE at 127.0.0.1:6379: the Redis variant of the scale-out "
                "test was SKIPPED !!!"
            )
        # Our own key prefix: the machine's Redis is shared with other programs.
        shared_state = {
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "CACHE_KEY_PREFIX": f"t{uuid.uuid4().hex}",
        }
    var = tmp_path_factory.mktemp(f"scale-out-{request.param}")
    (var / "static").symlink_to(static_root)
    with django_db_blocker.unblock():
        env = django_env(database_url(), var, **shared_state)
    pair = [AppServer(env, var / f"server{n}.log", threads=4).start() for n in (1, 2)]
    try:
        for server in pair:
            server.wait_until_up()
        yield env, pair
    finally:
        for server in pair:
            server.stop()


def test_a_rush_over_two_servers_overbooks_nothing_and_loses_nothing(servers):
    env, pair = servers
    seeded = rush_seed(env, SEATS)
    records = register_patiently(
        [s.url for s in pair], REGISTRATIONS, seeded["block"], seeded["seminars"]
    )
    truth = rush_truth(env, SEATS)
    assert sorted(r["status"] for r in records) == [201] * REGISTRATIONS
    answered = {r["body"]["id"] for r in records}
    assert answered == set(truth["ids"])  # every confirmed answer is in the database
    assert truth["confirmed"] == SEATS  # the event filled up, and no further
    assert truth["overbooked"] == 0 and truth["counters_ok"]
    assert truth["duplicates"] == 0
    assert truth["statuses"] == {"confirmed": SEATS, "waiting": REGISTRATIONS - SEATS}


def _csrf(session: requests.Session, url: str) -> str:
    response = session.get(url, timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
    assert token, f"{response.status_code}: {response.text[:2000]}"
    return token.group(1)


def test_a_session_made_on_one_server_is_valid_on_the_other(servers):
    _env, (first, second) = servers
    user = get_user_model().objects.create_user("samordnare", password="Trygghet-2026!")
    Membership.objects.create(
        user=user, organisation=Organisation.objects.create(name="Umeå kommun"), role=Role.ADMIN
    )
    browser = requests.Session()
    login = f"{first.url}/organisera/logga-in/"
    response = browser.post(
        login,
        {
            "username": "samordnare",
            "password": "Trygghet-2026!",
            "csrfmiddlewaretoken": _csrf(browser, login),
        },
        headers={"Referer": login},
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302
    dashboard = browser.get(f"{second.url}/organisera/", allow_redirects=False, timeout=30)
    assert dashboard.status_code == 200
    assert "samordnare" in dashboard.text


def test_the_rate_limit_counts_requests_to_both_servers(servers):
    env, pair = servers
    rush_seed(env, SEATS)
    browser = requests.Session()
    form = f"{pair[0].url}/evenemang/rusningen/anmalan/skicka-lank/"
    token = _csrf(browser, form)
    statuses = []
    for n in range(41):
        # Alternate between the servers; each alone would stay under the limit of 20.
        url = f"{pair[n % 2].url}/evenemang/rusningen/anmalan/skicka-lank/"
        response = browser.post(
            url,
            {"email": "anna@example.se", "csrfmiddlewaretoken": token},
            headers={"Referer": url},
            timeout=30,
        )
        statuses.append(response.status_code)
        if response.status_code == 429:
            break
    # The limit is 20 per ten-minute window; a window that starts during the loop resets
    # the count once, so the refusal comes after 20 requests, or at most 40.
    assert statuses[-1] == 429, statuses
    assert 20 <= statuses.index(429) <= 40
    assert set(statuses[:-1]) == {200}
