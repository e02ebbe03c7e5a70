"""Own questions and optional consents of the registration form, edited in the back office:
add, change, remove (after a confirmation page), reorder; what answered questions and given
consents keep; who may do it; and copying an event with its registration setup."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from samlas.core.models import AuditLogEntry
from samlas.events.models import Event
from samlas.registration import queries, setup_services
from samlas.registration import services as registration_services
from samlas.registration.exceptions import InvalidData
from samlas.registration.models import (
    Answer,
    ConsentOption,
    ConsentRecord,
    Question,
    RegistrationSettings,
)
from tests.factories import make_event


def login(client, world, who="host_editor"):
    client.force_login(world.users[who])
    return world.users[who]


def url(name, world, *args):
    return reverse(f"backoffice:{name}", args=[world.event.pk, *args])


def question_data(**values):
    return {
        "text": "Vilken lunch vill du ha?",
        "help_text": "",
        "kind": "single",
        "choices": "Fisk\r\nKött\r\nVegetariskt",
        **values,
    }


def register(world, n, answers=None, consents=(), **extra):
    return registration_services.register(
        world.event,
        {
            "name": f"Svarande {n}",
            "email": f"svar{n}@example.se",
            "organisation": "Testkommun",
            "answers": answers or {},
            "consents": list(consents),
            **extra,
        },
        {world.block.pk: world.seminars[1].pk},
        idempotency_key=f"setup-{world.event.pk}-{n}",
    )


def consents_asked(world) -> list[str]:
    """The consents of the public form (asked on its last step, after the review)."""
    return [consent.text for consent in queries.registration_form(world.event).consents]


def public_form(client, world) -> str:
    client.logout()
    response = client.get(reverse("registration:register", args=[world.event.slug]))
    assert response.status_code == 200
    return response.content.decode()


def audit_actions(model) -> list[str]:
    return list(
        AuditLogEntry.objects.filter(target_type__model=model._meta.model_name)
        .order_by("pk")
        .values_list("action", flat=True)
    )


@pytest.mark.django_db
def test_add_change_and_remove_a_question(client, world, django_capture_on_commit_callbacks):
    login(client, world)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("question_create", world), question_data(required="on", help_text="Till lunch.")
        )
    question = Question.objects.get(settings__event=world.event)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/anmalan/fragor/#fraga-{question.pk}")
    assert (question.kind, question.required, question.help_text) == ("single", True, "Till lunch.")
    assert [o.text for o in question.options.all()] == ["Fisk", "Kött", "Vegetariskt"]
    listing = client.get(url("registration_questions", world)).content.decode()
    assert "Vilken lunch vill du ha?" in listing and "Vegetariskt" in listing

    # A new question is asked at once: a registration without its answer is refused.
    with pytest.raises(InvalidData) as refused:
        register(world, 1)
    assert f"answers.{question.pk}" in refused.value.errors

    client.force_login(world.users["host_editor"])
    response = client.post(
        url("question_edit", world, question.pk),
        question_data(text="Vilken lunch?", kind="multiple", choices="Kött\nFisk\nSoppa"),
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.text, question.kind, question.required) == ("Vilken lunch?", "multiple", False)
    assert [o.text for o in question.options.all()] == ["Kött", "Fisk", "Soppa"]
    # Saving it unchanged is no change in the history.
    logged = AuditLogEntry.objects.count()
    client.post(
        url("question_edit", world, question.pk),
        question_data(text="Vilken lunch?", kind="multiple", choices="Kött\r\nFisk\r\nSoppa"),
    )
    assert AuditLogEntry.objects.count() == logged

    confirm = client.get(url("question_delete", world, question.pk)).content.decode()
    assert "Ta bort frågan ”Vilken lunch?”?" in confirm
    assert Question.objects.filter(pk=question.pk).exists()
    client.post(url("question_delete", world, question.pk))
    assert not Question.objects.filter(pk=question.pk).exists()
    assert audit_actions(Question) == ["created", "changed", "deleted"]
    entry = AuditLogEntry.objects.filter(action="changed", target_type__model="question").get()
    assert entry.event_id == world.event.pk
    assert entry.data["choices_added"] == ["Soppa"]
    assert entry.data["choices_removed"] == ["Vegetariskt"]


@pytest.mark.django_db
def test_choices_are_checked_and_nothing_typed_is_lost(client, world):
    login(client, world)
    response = client.post(
        url("question_create", world),
        question_data(text="Buss från stationen?", choices="Ja tack\r\nja TACK"),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Varje val får anges en gång: ja TACK" in body
    assert 'href="#id_choices"' in body  # the error summary links to the field
    assert "Buss från stationen?" in body and "ja TACK" in body
    response = client.post(url("question_create", world), question_data(choices="Ja tack\n \n"))
    assert "Ange minst två val, ett per rad." in response.content.decode()
    assert not Question.objects.exists()
    # A text question ignores what was typed as choices.
    client.post(url("question_create", world), question_data(kind="text", choices="x\ny"))
    assert Question.objects.get().options.count() == 0


@pytest.mark.django_db
def test_questions_are_reordered_with_buttons(client, world):
    login(client, world)
    for text in ("Första", "Andra", "Tredje"):
        setup_services.add_question(
            world.event, {**question_data(text=text, kind="text"), "required": False}
        )
    first, _second, third = Question.objects.order_by("position")
    response = client.post(url("question_move", world, third.pk), {"direction": "up"})
    assert response["Location"].endswith(f"#fraga-{third.pk}")
    assert [q.text for q in Question.objects.all()] == ["Första", "Tredje", "Andra"]
    client.post(url("question_move", world, first.pk), {"direction": "down"})
    assert [q.text for q in Question.objects.all()] == ["Tredje", "Första", "Andra"]
    before = AuditLogEntry.objects.count()
    client.post(url("question_move", world, third.pk), {"direction": "up"})  # already first
    client.post(url("question_move", world, third.pk), {"direction": "sideways"})
    assert [q.text for q in Question.objects.all()] == ["Tredje", "Första", "Andra"]
    assert AuditLogEntry.objects.count() == before
    assert client.get(url("question_move", world, third.pk)).status_code == 405
    # The public form asks them in the new order.
    body = public_form(client, world)
    assert body.index("Tredje") < body.index("Första") < body.index("Andra")


@pytest.mark.django_db
def test_an_answered_question_keeps_its_answers_readable(client, world):
    question = setup_services.add_question(
        world.event, {**question_data(), "required": False, "choices": ["Fisk", "Kött"]}
    )
    fish, _meat = question.options.all()
    registration = register(world, 1, answers={question.pk: fish.pk})
    login(client, world)

    page = client.get(url("question_edit", world, question.pk)).content.decode()
    assert 'name="kind"' not in page
    assert "1 person har svarat på frågan" in page

    # Removing or rewording the picked choice is refused, and nothing changes.
    response = client.post(
        url("question_edit", world, question.pk),
        question_data(kind="multiple", choices="Fiskgratäng\nKött"),
    )
    assert response.status_code == 200
    assert "”Fisk” har valts av 1 person" in response.content.decode()
    question.refresh_from_db()
    assert question.kind == "single"
    assert [o.text for o in question.options.all()] == ["Fisk", "Kött"]
    with pytest.raises(ValidationError) as refused:
        setup_services.change_question(
            question, {**question_data(kind="text"), "required": False, "choices": []}
        )
    assert "kind" in refused.value.message_dict

    # Adding, reordering, correcting the case and removing an unpicked choice are fine.
    response = client.post(
        url("question_edit", world, question.pk),
        question_data(text="Lunch?", choices="Soppa\nFISK"),
    )
    assert response.status_code == 302
    assert [o.text for o in question.options.all()] == ["Soppa", "FISK"]
    assert question.options.get(text="FISK").pk == fish.pk
    answer = queries.own_data(registration)["answers"]
    assert "FISK" in str(answer)

    # Removing the question says how many answers go with it.
    confirm = client.get(url("question_delete", world, question.pk)).content.decode()
    assert "1 person har svarat på den" in confirm
    client.post(url("question_delete", world, question.pk))
    assert not Answer.objects.filter(registration=registration).exists()
    entry = AuditLogEntry.objects.get(action="deleted", target_type__model="question")
    assert entry.data == {"answers_deleted": 1}


@pytest.mark.django_db
def test_a_changed_consent_text_is_a_new_version(client, world):
    login(client, world)
    client.post(url("consent_create", world), {"text": "Foton får publiceras."})
    consent = ConsentOption.objects.get(settings__event=world.event)
    assert consent.version == 1
    assert consents_asked(world) == ["Foton får publiceras."]
    registration = register(world, 1, consents=[consent.pk])

    login(client, world)
    page = client.get(url("consent_edit", world, consent.pk)).content.decode()
    assert "version 1, lämnat av 1 person" in page
    # The same text (with the browser's line endings) is not a new version.
    client.post(url("consent_edit", world, consent.pk), {"text": "Foton får publiceras.\r\n"})
    consent.refresh_from_db()
    assert consent.version == 1
    response = client.post(
        url("consent_edit", world, consent.pk), {"text": "Foton och film får publiceras."}
    )
    assert response.status_code == 302
    consent.refresh_from_db()
    assert (consent.version, consent.text) == (2, "Foton och film får publiceras.")
    record = ConsentRecord.objects.get(registration=registration)
    assert (record.version, record.text) == (1, "Foton får publiceras.")
    assert consents_asked(world) == ["Foton och film får publiceras."]

    # Removing it keeps what the person agreed to.
    login(client, world)
    confirm = client.get(url("consent_delete", world, consent.pk)).content.decode()
    assert "Den 1 person som samtyckte" in confirm
    client.post(url("consent_delete", world, consent.pk))
    assert not ConsentOption.objects.exists()
    record.refresh_from_db()
    assert (record.consent, record.version, record.text) == (None, 1, "Foton får publiceras.")
    assert audit_actions(ConsentOption) == ["created", "changed", "deleted"]
    assert consents_asked(world) == []


@pytest.mark.django_db
def test_consents_are_reordered(client, world):
    login(client, world)
    for text in ("Nyhetsbrev", "Foton"):
        client.post(url("consent_create", world), {"text": text})
    photos = ConsentOption.objects.get(text="Foton")
    client.post(url("consent_move", world, photos.pk), {"direction": "up"})
    assert [c.text for c in ConsentOption.objects.all()] == ["Foton", "Nyhetsbrev"]
    listing = client.get(url("registration_consents", world)).content.decode()
    assert listing.index("Foton") < listing.index("Nyhetsbrev")


@pytest.mark.django_db
def test_questions_need_settings_first(client, world):
    login(client, world)
    RegistrationSettings.objects.filter(event=world.event).delete()
    for name in ("registration_questions", "question_create", "consent_create"):
        response = client.get(url(name, world))
        assert response["Location"] == url("registration_settings", world)
    with pytest.raises(ValidationError):
        setup_services.add_consent(world.event, {"text": "Foton"})


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "status"),
    [("host_viewer", 403), ("cohost_editor", 403), ("cohost_viewer", 403), ("outsider", 404)],
)
def test_only_event_editors_may_change_the_form(client, world, who, status):
    question = setup_services.add_question(
        world.event, {**question_data(), "required": False, "choices": ["Fisk", "Kött"]}
    )
    consent = setup_services.add_consent(world.event, {"text": "Foton"})
    client.force_login(world.users[who])
    before = AuditLogEntry.objects.count()
    urls = [
        url("registration_questions", world),
        url("question_create", world),
        url("question_edit", world, question.pk),
        url("question_delete", world, question.pk),
        url("question_move", world, question.pk),
        url("registration_consents", world),
        url("consent_create", world),
        url("consent_edit", world, consent.pk),
        url("consent_delete", world, consent.pk),
        url("consent_move", world, consent.pk),
    ]
    for address in urls:
        assert client.get(address).status_code == status, address
        posted = client.post(address, {**question_data(), "direction": "down"})
        assert posted.status_code == status, address
    assert AuditLogEntry.objects.count() == before
    assert Question.objects.get().text == "Vilken lunch vill du ha?"
    assert ConsentOption.objects.get().text == "Foton"


@pytest.mark.django_db
def test_another_events_question_is_not_found(client, world):
    """A question id from an event the editor may also edit is not reachable through this one."""
    other = make_event(host=world.host_org)
    RegistrationSettings.objects.create(event=other, purpose_text="För dagen.")
    question = setup_services.add_question(
        other, {**question_data(), "required": False, "choices": ["A", "B"]}
    )
    login(client, world)
    assert client.get(url("question_edit", world, question.pk)).status_code == 404
    assert client.post(url("question_delete", world, question.pk)).status_code == 404
    assert Question.objects.filter(pk=question.pk).exists()


@pytest.mark.django_db
def test_settings_page_shows_the_whole_registration_setup(client, world):
    login(client, world)
    setup_services.add_question(world.event, {**question_data(kind="text"), "required": False})
    body = client.get(url("registration_settings", world)).content.decode()
    assert "Anmälan öppnar" in body and "Anmälan stänger" in body
    assert url("registration_questions", world) in body and "1 fråga" in body
    assert url("registration_consents", world) in body and "0 samtycken" in body
    assert "Namn och e-postadress efterfrågas alltid." in body
    assert "Hälsouppgifter" in body


@pytest.mark.django_db
def test_copy_takes_settings_questions_and_consents_not_registrations(client, world):
    row = world.event.registration_settings
    row.capacity, row.confirmation_text, row.phone = 120, "Ta med legitimation.", "required"
    row.save()
    question = setup_services.add_question(
        world.event, {**question_data(), "required": True, "choices": ["Fisk", "Kött"]}
    )
    consent = setup_services.add_consent(world.event, {"text": "Foton"})
    setup_services.change_consent(consent, {"text": "Foton och film"})
    register(
        world,
        1,
        answers={question.pk: question.options.first().pk},
        consents=[consent.pk],
        phone="070-123 45 67",
    )
    login(client, world)
    start = world.event.start + timedelta(days=365)
    response = client.post(
        url("event_copy", world),
        {
            "title": "Trygghetsdagen 2",
            "start": timezone.localtime(start).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    copy = Event.objects.get(title="Trygghetsdagen 2")
    assert response.status_code == 302
    copied = copy.registration_settings
    assert (copied.capacity, copied.confirmation_text, copied.phone) == (
        120,
        "Ta med legitimation.",
        "required",
    )
    assert copied.purpose_text == row.purpose_text
    new_question = copied.questions.get()
    assert new_question.pk != question.pk
    assert (new_question.text, new_question.kind, new_question.required) == (
        question.text,
        "single",
        True,
    )
    assert [o.text for o in new_question.options.all()] == ["Fisk", "Kött"]
    new_consent = copied.consents.get()
    assert (new_consent.text, new_consent.version) == ("Foton och film", 1)
    assert not copy.registrations.exists()
    assert not Answer.objects.filter(question=new_question).exists()
    assert not ConsentRecord.objects.filter(consent=new_consent).exists()
    entry = AuditLogEntry.objects.get(action="copied", target_type__model="registrationsettings")
    assert entry.event_id == copy.pk
    assert entry.data == {"from": world.event.pk, "questions": 1, "consents": 1}
    # The source is untouched.
    assert ConsentOption.objects.get(pk=consent.pk).version == 2
