"""Messages to participants in the back office: write, preview, send exactly what was
previewed, follow the sending; the reminder's settings; and who may do it."""

import re

import pytest
from django.urls import reverse

from samlas.mailings.models import Campaign, ReminderSettings
from samlas.registration.models import OutboxMessage
from tests.factories import make_event


def url(world, name, *args):
    return reverse(name, args=[world.event.pk, *args])


def compose(world, **data):
    return {
        "audience": "confirmed",
        "seminar": "",
        "subject": "Välkommen till {evenemang}",
        "body": "Hej {namn}!\r\nVi ses snart.",
        "idempotency_key": "abc123",
        **data,
    }


@pytest.mark.django_db
def test_write_preview_and_send(client, world):
    client.force_login(world.users["host_editor"])
    OutboxMessage.objects.all().delete()
    page = client.get(url(world, "backoffice:message_create")).content.decode()
    assert "{min_anmalan_lank}" in page and "Förhandsgranska meddelandet" in page

    body = client.post(url(world, "backoffice:message_create"), compose(world, preview="1"))
    body = body.content.decode()
    assert "2 mottagare får meddelandet. Så här ser det ut för Deltagare Hemlig0:" in body
    assert "Hej Deltagare Hemlig0!" in body and "Välkommen till Trygghetsdagen" in body
    assert not OutboxMessage.objects.exists()  # a preview sends nothing
    fingerprint = re.search(r'name="previewed" value="([0-9a-f]+)"', body)[1]

    response = client.post(
        url(world, "backoffice:message_create"),
        compose(world, send="1", previewed=fingerprint, body="Hej {namn}!\nVi ses snart."),
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(world, "backoffice:message", campaign.pk)
    assert OutboxMessage.objects.filter(kind="campaign").count() == 2
    detail = client.get(response["Location"]).content.decode()
    assert "Meddelandet är på väg till 2 mottagare." in detail
    assert "0 av 2 skickade, 2 väntar, 0 misslyckades" in detail
    assert client.get(url(world, "backoffice:message_progress", campaign.pk)).json() == {
        "total": 2,
        "sent": 0,
        "pending": 2,
        "failed": 0,
        "percent": 0,
        "done": False,
    }
    listing = client.get(url(world, "backoffice:messages")).content.decode()
    assert "Välkommen till {evenemang}" in listing and "skickas" in listing

    # The same form again (a double click, the back button): nothing more is sent.
    client.post(
        url(world, "backoffice:message_create"), compose(world, send="1", previewed=fingerprint)
    )
    assert OutboxMessage.objects.filter(kind="campaign").count() == 2


@pytest.mark.django_db
def test_only_what_was_previewed_is_sent(client, world):
    client.force_login(world.users["host_admin"])
    response = client.post(
        url(world, "backoffice:message_create"),
        compose(world, send="1", previewed="0" * 64, subject="Ändrat efteråt"),
    )
    body = response.content.decode()
    assert "Meddelandet har ändrats: granska det igen och skicka sedan." in body
    assert "Ändrat efteråt" in body and not Campaign.objects.exists()


@pytest.mark.django_db
def test_unknown_placeholders_and_missing_seminar_are_explained(client, world):
    client.force_login(world.users["host_admin"])
    body = client.post(
        url(world, "backoffice:message_create"),
        compose(world, preview="1", body="Hej {förnamn}", audience="seminar"),
    ).content.decode()
    assert "govuk-error-summary" in body
    assert "Okänd platshållare: {förnamn}. Du kan använda {namn}," in body
    assert "Välj seminarium." in body
    body = client.post(
        url(world, "backoffice:message_create"),
        compose(world, preview="1", audience="seminar", seminar=world.seminars[0].pk),
    ).content.decode()
    assert "1 mottagare får meddelandet." in body


@pytest.mark.django_db
def test_reminder_settings(client, world):
    client.force_login(world.users["host_editor"])
    form = client.get(url(world, "backoffice:reminder")).content.decode()
    assert "Påminnelse: {evenemang}" in form and "Hej {namn}!" in form
    response = client.post(
        url(world, "backoffice:reminder"),
        {"days_before": "2", "subject": "Påminnelse: {evenemang}", "body": "Hej {namn}!"},
    )
    assert response.status_code == 302
    row = ReminderSettings.objects.get(event=world.event)
    assert row.days_before == 2
    listing = client.get(url(world, "backoffice:messages")).content.decode()
    assert "Påminnelsen skickas 2 dagar före evenemanget" in listing
    bad = client.post(
        url(world, "backoffice:reminder"), {"days_before": "0", "subject": "X", "body": "{x}"}
    ).content.decode()
    assert "Okänd platshållare: {x}." in bad and "govuk-error-summary" in bad
    assert ReminderSettings.objects.get(event=world.event).days_before == 2


@pytest.mark.django_db
def test_who_may_email_participants(client, world):
    """Action.EMAIL_PARTICIPANTS: the host's administrators and editors only."""
    campaign = Campaign.objects.create(
        event=world.event, audience="confirmed", subject="Hemligt ämne", body="Text"
    )
    pages = [
        url(world, "backoffice:messages"),
        url(world, "backoffice:message_create"),
        url(world, "backoffice:reminder"),
        url(world, "backoffice:message", campaign.pk),
        url(world, "backoffice:message_progress", campaign.pk),
    ]
    expected = {
        "host_admin": 200,
        "host_editor": 200,
        "host_viewer": 403,
        "host_health": 403,
        "cohost_viewer": 403,
        "cohost_editor": 403,
        "blind_cohost": 404,
        "outsider": 404,
        "nobody": 403,
    }
    for who, status in expected.items():
        client.force_login(world.users[who])
        for page in pages:
            assert client.get(page).status_code == status, (who, page)
        if status != 200:
            post = client.post(url(world, "backoffice:message_create"), compose(world, send="1"))
            assert post.status_code == status
    assert Campaign.objects.count() == 1 and not OutboxMessage.objects.filter(kind="campaign")
    # Another event's message is not found through this event.
    other = Campaign.objects.create(
        event=make_event(host=world.host_org), audience="confirmed", subject="X", body="Y"
    )
    client.force_login(world.users["host_admin"])
    assert client.get(url(world, "backoffice:message", other.pk)).status_code == 404
    assert client.get(url(world, "backoffice:message_progress", other.pk)).status_code == 404
