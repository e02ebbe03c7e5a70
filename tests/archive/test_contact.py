"""A standing body's page and its contact form, protected as the registration form is."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import signing
from django.urls import reverse

from samlas.archive.forms import STARTED_SALT
from samlas.archive.models import ContactMessage
from samlas.organisations.models import Membership
from samlas.registration.models import OutboxMessage
from tests.archive.conftest import make_body, make_example, pdf_bytes, solved_payload, upload
from tests.factories import make_event, make_organisation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quick_bot_check")]


def started(seconds_ago: float = 60) -> str:
    return signing.dumps(time.time() - seconds_ago, salt=STARTED_SALT)


def form(**fields) -> dict:
    data = {
        "name": "Maria Svensson",
        "email": "maria.svensson@example.se",
        "organisation": "Exempelby kommun",
        "message": "Hej! Vi vill gärna höra mer om rådets lägesbild.",
        "started": started(),
        "altcha": solved_payload(),
        "samlas_check": "",
    }
    return {**data, **fields}


def _permissions(*codenames: str):
    return Permission.objects.filter(content_type__app_label="archive", codename__in=codenames)


@pytest.fixture
def body():
    organisation = make_organisation(name="Länsstyrelsen i Exempellän")
    body = make_body(organisation=organisation, contact_email="radet@example.se")
    users = get_user_model().objects
    for name, email in (("handlaggare", "handlaggare@example.se"), ("utan", "")):
        Membership.objects.create(
            user=users.create_user(name, email=email), organisation=organisation
        )
    outsider = users.create_user("annan", email="annan@example.se")
    Membership.objects.create(user=outsider, organisation=make_organisation())
    return body


def post(client, body, data):
    return client.post(reverse("archive:body", args=[body.slug]), data)


def test_the_body_page_shows_members_focus_areas_documents_and_the_form(client, body):
    body.members.create(name="Karin Holm", role="ordförande", organisation="Länsstyrelsen")
    body.documents.create(
        title="Lägesbild", file=upload("l.pdf", pdf_bytes(42_000)), file_type="pdf", size=42_000
    )
    example = make_example(body=body, title="Trygghetsvandringar som leder till åtgärder")
    event = make_event(title="Regional hearing")
    body.events.add(event)
    html = client.get(body.get_absolute_url()).content.decode()
    assert '<h1 class="govuk-heading-xl">Rådet för brottsförebyggande arbete' in html
    assert "<strong>Karin Holm</strong>, ordförande" in html
    assert 'Lägesbild <span class="samlas-documents__type">(Pdf, 42\xa0kB)</span>' in html
    assert example.title in html and "Regional hearing" in html
    assert '<altcha-widget challenge="/anmalan/kontroll/"' in html
    assert 'name="samlas_check"' in html and 'name="started"' in html


def test_a_message_with_a_proof_of_work_is_stored_and_emailed_to_the_staff(client, body):
    response = post(client, body, form())
    assert response.status_code == 302
    assert response["Location"] == reverse("archive:contact_sent", args=[body.slug])
    message = ContactMessage.objects.get()
    assert message.proof_of_work and message.body == body
    assert message.email == "maria.svensson@example.se"
    mails = OutboxMessage.objects.filter(kind="contact_message").order_by("pk")
    # The shared mailbox and the secretariat's member with an address; nobody else.
    assert [mail.to for mail in mails] == ["radet@example.se", "handlaggare@example.se"]
    assert "Meddelande via kontaktformuläret" in mails[0].subject
    assert "rådets lägesbild" in mails[0].text and "maria.svensson@example.se" in mails[0].text
    assert "Ditt meddelande är skickat" in client.get(response["Location"]).content.decode()


def test_without_javascript_the_message_is_kept_but_not_emailed(client, body):
    assert post(client, body, form(altcha="")).status_code == 302
    assert not ContactMessage.objects.get().proof_of_work
    assert not OutboxMessage.objects.exists()


def test_a_replayed_proof_of_work_is_refused(client, body):
    payload = solved_payload()
    assert post(client, body, form(altcha=payload)).status_code == 302
    # Another form (another start time) with the same proof: a replay.
    response = post(client, body, form(altcha=payload, started=started(30)))
    assert response.status_code == 400
    assert "redan använts" in response.content.decode()
    assert ContactMessage.objects.count() == 1


def test_a_forged_proof_is_refused(client, body):
    response = post(client, body, form(altcha="eyJmb3JnZWQiOiB0cnVlfQ=="))
    assert response.status_code == 400
    assert "kunde inte godkännas" in response.content.decode()
    assert not ContactMessage.objects.exists()


def test_a_filled_honeypot_looks_accepted_but_nothing_is_stored(client, body):
    response = post(client, body, form(samlas_check="https://spam.example"))
    assert response.status_code == 302
    assert not ContactMessage.objects.exists() and not OutboxMessage.objects.exists()


def test_a_form_sent_too_fast_or_with_a_forged_start_time_is_shown_again(client, body, settings):
    settings.SAMLAS_REGISTRATION_MIN_SECONDS = 5
    response = post(client, body, form(started=started(seconds_ago=1)))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Formuläret skickades mycket snabbt" in html
    assert "Maria Svensson" in html  # nothing the sender wrote is lost
    response = post(client, body, form(started="1700000000"))
    assert "Formuläret har varit öppet länge" in response.content.decode()
    assert not ContactMessage.objects.exists()


def test_too_many_messages_from_one_address_are_refused(client, body, settings):
    settings.SAMLAS_REGISTRATION_RATE_LIMIT = (2, 600)
    for _ in range(2):
        assert post(client, body, form(altcha="")).status_code == 302
    response = post(client, body, form(altcha=""))
    assert response.status_code == 400
    assert "Många formulär har skickats från ditt nätverk" in response.content.decode()
    assert ContactMessage.objects.count() == 2


def test_missing_fields_are_explained_in_an_error_summary(client, body):
    response = post(client, body, form(email="inte-en-adress", message=""))
    assert response.status_code == 400
    html = response.content.decode()
    assert '<div class="govuk-error-summary"' in html
    assert 'href="#id_email"' in html and 'href="#id_message"' in html
    assert not ContactMessage.objects.exists()


def test_unpublished_and_unknown_bodies_are_not_found(client):
    hidden = make_body(is_published=False)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.post(hidden.get_absolute_url(), form()).status_code == 404
    assert client.get("/rad-och-natverk/finns-inte/").status_code == 404


def test_staff_see_only_their_own_bodies_messages_in_the_admin(client, body):
    post(client, body, form())
    message = ContactMessage.objects.get()
    users = get_user_model().objects
    url = reverse("admin:archive_contactmessage_changelist")
    for username, sees in (("handlaggare", True), ("annan", False)):
        user = users.get(username=username)
        user.is_staff = True
        user.save()
        user.user_permissions.add(*_permissions("view_contactmessage", "delete_contactmessage"))
        client.force_login(user)
        html = client.get(url).content.decode()
        assert ("Maria Svensson" in html) is sees, username
        detail = client.get(reverse("admin:archive_contactmessage_change", args=[message.pk]))
        assert (detail.status_code == 200) is sees, username


def test_staff_mark_messages_as_handled(admin_client, client, body):
    post(client, body, form())
    message = ContactMessage.objects.get()
    response = admin_client.post(
        reverse("admin:archive_contactmessage_changelist"),
        {"action": "mark_handled", "_selected_action": [message.pk]},
    )
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.handled_at is not None
