"""/organisera/drift/: organisers see the e-mail backlog of their own events."""

import pytest
from django.contrib.auth import get_user_model

from samlas.events.models import EventOrganiser
from samlas.ops.queries import outbox_backlog
from samlas.organisations.models import Membership, Organisation, Role
from samlas.registration import services
from samlas.registration.models import OutboxMessage
from tests.conftest import assert_axe_clean
from tests.registration.conftest import build_event, person

PASSWORD = "Trygghet-2026!"


def organiser(username: str, organisation: Organisation):
    user = get_user_model().objects.create_user(username, password=PASSWORD)
    Membership.objects.create(user=user, organisation=organisation, role=Role.EDITOR)
    return user


def event_with_backlog(organisation: Organisation, title: str, registrations: int, prefix: str):
    setup = build_event(capacity=50)
    setup.event.title = title
    setup.event.save()
    EventOrganiser.objects.create(
        event=setup.event, organisation=organisation, role=EventOrganiser.Role.HOST
    )
    for n in range(registrations):
        services.register(setup.event, person(f"{prefix}{n}"), idempotency_key=f"{prefix}{n}")
    return setup.event


pytestmark = pytest.mark.django_db


@pytest.fixture
def backlog():
    """Umeå's event: 3 e-mails retrying after an outage, 1 failed for good; Luleå's: 2."""
    umea = Organisation.objects.create(name="Umeå kommun")
    lulea = Organisation.objects.create(name="Luleå kommun")
    ours = event_with_backlog(umea, "Trygg i Umeå", 4, "umea")
    theirs = event_with_backlog(lulea, "Trygg i Luleå", 2, "lulea")
    messages = OutboxMessage.objects.filter(registration__event=ours).order_by("pk")
    error = "SMTPRecipientsRefused({'deltagare@example.se': (550, b'No such user')})"
    OutboxMessage.objects.filter(pk__in=[m.pk for m in messages[:3]]).update(
        attempts=2, last_error="ConnectionRefusedError(111, 'Connection refused')"
    )
    OutboxMessage.objects.filter(pk=messages[3].pk).update(status="failed", last_error=error)
    return organiser("samordnare", umea), ours, theirs


def test_the_backlog_counts_only_the_organisers_own_events(backlog):
    user, _ours, _theirs = backlog
    mine = outbox_backlog(user)
    assert (mine.pending, mine.retrying, mine.failed) == (3, 3, 1)
    assert [(row.title, row.pending, row.failed) for row in mine.per_event] == [
        ("Trygg i Umeå", 3, 1)
    ]
    assert "example.se" not in mine.last_error and "[email]" in mine.last_error
    everything = outbox_backlog()
    assert (everything.pending, everything.failed) == (5, 1)


def test_the_status_page_in_swedish(client, backlog):
    client.login(username="samordnare", password=PASSWORD)
    response = client.get("/organisera/drift/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-l">Driftstatus</h1>' in html
    assert "Trygg i Umeå" in html and "Trygg i Luleå" not in html
    assert "Ingen bakgrundsarbetare är igång" in html  # no worker runs in this test
    assert "deltagare@example.se" not in html


def test_the_status_page_is_for_organisers_only(client):
    response = client.get("/organisera/drift/")
    assert response.status_code == 302 and "/organisera/logga-in/" in response["Location"]
    get_user_model().objects.create_user("utomstaende", password=PASSWORD)
    client.login(username="utomstaende", password=PASSWORD)
    assert client.get("/organisera/drift/").status_code == 403


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_status_page_is_accessible(page, live_server, backlog):
    page.goto(f"{live_server.url}/organisera/logga-in/?next=/organisera/drift/")
    page.fill("input[name=username]", "samordnare")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{live_server.url}/organisera/drift/")
    assert page.locator("h1").inner_text() == "Driftstatus"
    page.screenshot(path="/tmp/ops-status.png", full_page=True)
    assert_axe_clean(page, "ops-status")
