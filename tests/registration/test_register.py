"""services.register: seats, waiting lists, duplicates, retries and bad input."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from samlas.programme.models import Block, Seminar
from samlas.registration import outbox, queries, services
from samlas.registration.exceptions import (
    AlreadyRegistered,
    EventCancelled,
    EventFull,
    InvalidChoice,
    InvalidData,
    RegistrationClosed,
    RegistrationNotOpen,
    SeminarFull,
)
from samlas.registration.models import (
    Answer,
    ConsentOption,
    ConsentRecord,
    EventSeatStripe,
    HealthInformation,
    OutboxMessage,
    Question,
    QuestionOption,
    Registration,
    RegistrationLogEntry,
    RegistrationSettings,
    SeminarChoice,
    SeminarPreference,
    SeminarSeats,
)
from tests.registration.conftest import build_event, person

FCFS, RANKED = Block.ChoiceMode.FIRST_COME, Block.ChoiceMode.RANKED

pytestmark = pytest.mark.django_db


def snapshot() -> tuple:
    """Row counts of everything a registration writes: "database unchanged" means equal."""
    models = [
        Registration,
        SeminarChoice,
        SeminarPreference,
        Answer,
        ConsentRecord,
        HealthInformation,
        OutboxMessage,
        RegistrationLogEntry,
    ]
    seats = list(EventSeatStripe.objects.values_list("pk", "confirmed"))
    seminar_seats = list(SeminarSeats.objects.values_list("pk", "confirmed"))
    return (*[m.objects.count() for m in models], seats, seminar_seats)


def test_a_registration_with_room_is_confirmed_with_its_seat_counted_logged_and_emailed():
    s = build_event(capacity=10, blocks=[(FCFS, [5, 5])])
    block, (first, _second) = s.blocks[0], s.seminars()
    registration = services.register(s.event, person(1), {block.pk: first.pk}, idempotency_key="a")
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.confirmed_at is not None
    choice = registration.choices.get()
    assert (choice.seminar, choice.status) == (first, SeminarChoice.Status.CONFIRMED)
    assert queries.event_confirmed(s.event) == 1
    assert SeminarSeats.objects.get(seminar=first).confirmed == 1
    log = RegistrationLogEntry.objects.get(registration=registration)
    assert log.action == RegistrationLogEntry.Action.REGISTERED
    assert log.data["status"] == "confirmed"
    message = OutboxMessage.objects.get(registration=registration)
    assert message.kind == OutboxMessage.Kind.CONFIRMATION
    assert message.to == "deltagare1@example.se"
    assert message.subject == f"Bekräftelse på anmälan: {s.event.title}"
    # Written when it is sent (outbox.render), from the registration as it is then.
    assert (message.rendered, message.text) == (False, "")
    message = outbox.render(message)
    assert message.subject == f"Bekräftelse på anmälan: {s.event.title}"
    assert services.manage_url(registration) in message.text
    assert [a["filename"] for a in message.attachments] == [f"{s.event.slug}.ics"]


def test_a_full_event_puts_the_registrant_on_the_waiting_list_in_order():
    s = build_event(capacity=1, blocks=[(FCFS, [5])])
    block, (seminar,) = s.blocks[0], s.seminars()
    first = services.register(s.event, person(1), {block.pk: seminar.pk}, idempotency_key="1")
    second = services.register(s.event, person(2), {block.pk: seminar.pk}, idempotency_key="2")
    third = services.register(s.event, person(3), {block.pk: seminar.pk}, idempotency_key="3")
    assert first.status == Registration.Status.CONFIRMED
    assert [second.status, third.status] == [Registration.Status.WAITING] * 2
    assert second.queued_at <= third.queued_at
    # Someone waiting for the event holds no seminar seat and is in no seminar's line.
    assert second.choices.get().status == SeminarChoice.Status.REQUESTED
    assert SeminarSeats.objects.get(seminar=seminar).confirmed == 1
    assert OutboxMessage.objects.get(registration=second).kind == OutboxMessage.Kind.WAITING_LIST
    assert OutboxMessage.objects.get(registration=second).attachments == []


def test_declining_the_waiting_list_of_a_full_event_raises_event_full_and_saves_nothing():
    s = build_event(capacity=1)
    services.register(s.event, person(1), idempotency_key="1")
    before = snapshot()
    with pytest.raises(EventFull) as caught, translation.override("sv"):
        services.register(s.event, person(2), idempotency_key="2", accept_waiting_list=False)
    with translation.override("sv"):
        assert str(caught.value) == "Evenemanget är fullbokat."
    assert snapshot() == before


def test_an_event_without_a_waiting_list_is_simply_full():
    s = build_event(capacity=1, waiting_list=False)
    services.register(s.event, person(1), idempotency_key="1")
    with pytest.raises(EventFull):
        services.register(s.event, person(2), idempotency_key="2")
    assert Registration.objects.filter(event=s.event).count() == 1


def test_a_full_seminar_gives_a_seminar_waiting_list_place_or_a_clear_error():
    s = build_event(capacity=None, blocks=[(FCFS, [1, 5])])
    block, (small, _big) = s.blocks[0], s.seminars()
    services.register(s.event, person(1), {block.pk: small.pk}, idempotency_key="1")
    waiting = services.register(s.event, person(2), {block.pk: small.pk}, idempotency_key="2")
    assert waiting.status == Registration.Status.CONFIRMED
    assert waiting.choices.get().status == SeminarChoice.Status.WAITING
    before = snapshot()
    with pytest.raises(SeminarFull) as caught:
        services.register(
            s.event, person(3), {block.pk: small.pk}, idempotency_key="3", accept_waiting_list=False
        )
    assert caught.value.seminars == [small]
    with translation.override("sv"):
        assert str(caught.value) == (
            f"Seminariet är fullbokat: {small.title}. Välj ett annat seminarium eller ställ dig "
            "i kö."
        )
    assert snapshot() == before
    assert SeminarSeats.objects.get(seminar=small).confirmed == 1


def test_the_same_email_twice_is_refused_whatever_its_case_but_not_after_a_cancellation():
    s = build_event()
    first = services.register(s.event, person(1), idempotency_key="1")
    before = snapshot()
    shouting = person(1, email="  DELTAGARE1@Example.SE ")
    with pytest.raises(AlreadyRegistered) as caught:
        services.register(s.event, shouting, idempotency_key="2")
    with translation.override("sv"):
        assert str(caught.value).startswith(
            "Den här e-postadressen är redan anmäld till evenemanget."
        )
    assert snapshot() == before
    services.cancel(first)
    again = services.register(s.event, shouting, idempotency_key="3")
    assert again.pk != first.pk
    assert again.email_normalised == "deltagare1@example.se"


def test_a_retry_with_the_same_idempotency_key_returns_the_registration_already_made():
    s = build_event(capacity=5, blocks=[(FCFS, [5])])
    block, (seminar,) = s.blocks[0], s.seminars()
    first = services.register(s.event, person(1), {block.pk: seminar.pk}, idempotency_key="k-1")
    before = snapshot()
    retry = services.register(s.event, person(1), {block.pk: seminar.pk}, idempotency_key="k-1")
    assert retry.pk == first.pk
    assert snapshot() == before
    # The key belongs to one event: the same key elsewhere is a different submission.
    other = build_event()
    assert services.register(other.event, person(1), idempotency_key="k-1").pk != first.pk


def test_ranked_blocks_store_the_preference_order():
    s = build_event(blocks=[(RANKED, [10, 10, 10])])
    block, seminars = s.blocks[0], s.seminars()
    ranking = [seminars[2].pk, seminars[0].pk]
    registration = services.register(
        s.event, person(1), preferences={str(block.pk): ranking}, idempotency_key="1"
    )
    stored = list(registration.preferences.order_by("rank").values_list("seminar_id", "rank"))
    assert stored == [(seminars[2].pk, 1), (seminars[0].pk, 2)]
    assert not registration.choices.exists()


BLANK = "This field cannot be blank."
TOO_LONG = (
    "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
    "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"email": "inte-en-adress"}, "email", "Enter a valid email address."),
        ({"email": ""}, "email", BLANK),
        ({"name": "x" * 201}, "name", TOO_LONG),
        ({"name": "  "}, "name", BLANK),
        (
            {"name": "Eva\nBcc: x@example.se"},
            "name",
            "Remove the control characters (such as line breaks).",
        ),
        (
            {"organisation": "Umeå\x00kommun"},
            "organisation",
            "Remove the control characters (such as line breaks).",
        ),
        ({"organisation": ""}, "organisation", BLANK),
    ],
)
def test_bad_details_give_a_swedish_message_per_field_and_save_nothing(change, field, message):
    s = build_event()
    before = snapshot()
    with pytest.raises(InvalidData) as caught, translation.override("sv"):
        services.register(s.event, person(1, **change), idempotency_key="1")
    with translation.override("sv"):
        # Django's own messages, in whatever Swedish the project's catalogues give them.
        if isinstance(message, tuple):
            expected = translation.ngettext(*message, 200) % {"limit_value": 200, "show_value": 201}
        else:
            expected = translation.gettext(message)
        assert str(caught.value) == "Kontrollera uppgifterna i formuläret."
    assert caught.value.errors[field] == [expected]
    assert expected != message  # translated
    assert snapshot() == before


def test_the_invoice_details_are_checked_and_normalised():
    s = build_event(invoice_details="required")
    bad = person(1, organisation_number="202100-2115", peppol_id="abc")
    with pytest.raises(InvalidData) as caught, translation.override("sv"):
        services.register(s.event, bad, idempotency_key="1")
    assert set(caught.value.errors) == {"organisation_number", "peppol_id"}
    with pytest.raises(InvalidData) as caught:
        services.register(s.event, person(1, organisation_number="2021002114"), idempotency_key="1")
    assert set(caught.value.errors) == {"invoice_reference"}  # a Peppol ID or a reference
    good = person(1, organisation_number="2021002114", peppol_id="0007:2021002114")
    registration = services.register(s.event, good, idempotency_key="1")
    assert registration.organisation_number == "202100-2114"


def test_fields_not_asked_are_ignored_and_health_data_is_stored_apart():
    s = build_event(phone="off", dietary_needs="optional", allergies="required")
    with pytest.raises(InvalidData) as caught:
        services.register(s.event, person(1), idempotency_key="1")
    assert set(caught.value.errors) == {"allergies"}
    data = person(1, phone="070-123 45 67", dietary_needs="Vegetarisk", allergies="Nötter")
    registration = services.register(s.event, data, idempotency_key="1")
    assert registration.phone == ""
    health = HealthInformation.objects.get(registration=registration)
    assert (health.dietary_needs, health.allergies) == ("Vegetarisk", "Nötter")
    assert "Nötter" not in str(RegistrationLogEntry.objects.get(registration=registration).data)


def _questions(settings: RegistrationSettings) -> dict[str, Question]:
    text = Question.objects.create(settings=settings, text="Förväntningar?", kind="text")
    yes_no = Question.objects.create(
        settings=settings, text="Fotografering ok?", kind="yes_no", required=True
    )
    single = Question.objects.create(settings=settings, text="Lunch", kind="single", required=True)
    multiple = Question.objects.create(settings=settings, text="Intressen", kind="multiple")
    for question, options in ((single, ["Kött", "Vego"]), (multiple, ["Skola", "Socialtjänst"])):
        for position, option in enumerate(options):
            QuestionOption.objects.create(question=question, text=option, position=position)
    return {"text": text, "yes_no": yes_no, "single": single, "multiple": multiple}


def test_custom_questions_of_each_kind_are_answered_and_checked():
    s = build_event()
    q = _questions(s.settings)
    vego = q["single"].options.get(text="Vego")
    skola, social = q["multiple"].options.order_by("position")
    other_option = build_event().settings  # an option of another event's question
    foreign = QuestionOption.objects.create(
        question=Question.objects.create(settings=other_option, text="X", kind="single"), text="Y"
    )
    missing = person(1, answers={str(q["single"].pk): str(foreign.pk)})
    with pytest.raises(InvalidData) as caught, translation.override("sv"):
        services.register(s.event, missing, idempotency_key="1")
    assert caught.value.errors == {
        f"answers.{q['yes_no'].pk}": ["Svara på frågan."],
        f"answers.{q['single'].pk}": ["Välj ett av alternativen."],
    }
    answers = {
        q["text"].pk: " Nya idéer ",
        str(q["yes_no"].pk): "nej",
        q["single"].pk: vego.pk,
        q["multiple"].pk: [str(social.pk), skola.pk],
    }
    registration = services.register(s.event, person(1, answers=answers), idempotency_key="1")
    stored = dict(registration.answers.values_list("question_id", "value"))
    assert stored == {
        q["text"].pk: "Nya idéer",
        q["yes_no"].pk: False,
        q["single"].pk: vego.pk,
        q["multiple"].pk: sorted([skola.pk, social.pk]),
    }


def test_consents_are_stored_with_their_text_version_and_time_and_never_assumed():
    s = build_event()
    photos = ConsentOption.objects.create(settings=s.settings, text="Bilder får publiceras.")
    news = ConsentOption.objects.create(settings=s.settings, text="Nyhetsbrev", version=3)
    nobody = services.register(s.event, person(1), idempotency_key="1")
    assert not nobody.consents.exists()
    someone = services.register(s.event, person(2, consents=[str(news.pk)]), idempotency_key="2")
    record = someone.consents.get()
    assert (record.consent, record.text, record.version) == (news, "Nyhetsbrev", 3)
    assert record.given_at is not None and record.withdrawn_at is None
    other = ConsentOption.objects.create(settings=build_event().settings, text="Annat")
    with pytest.raises(InvalidData) as caught:
        services.register(s.event, person(3, consents=[other.pk]), idempotency_key="3")
    assert set(caught.value.errors) == {"consents"}
    assert photos.records.count() == 0


@pytest.mark.parametrize(
    "forgery",
    [
        "seminar_of_other_event",
        "block_of_other_event",
        "seminar_of_other_block",
        "unknown_block",
        "ranked_block_as_fcfs",
        "fcfs_block_as_ranked",
        "not_a_number",
        "duplicate_ranking",
    ],
)
def test_forged_seminar_choices_are_refused_with_a_clear_error_and_save_nothing(forgery):
    s = build_event(blocks=[(FCFS, [5, 5]), (RANKED, [5, 5])])
    other = build_event(blocks=[(FCFS, [5])])
    fcfs, ranked = s.blocks
    a, b = s.seminars(0)
    c, d = s.seminars(1)
    foreign_block, foreign = other.blocks[0], other.seminars()[0]
    choices, preferences = {fcfs.pk: a.pk}, {ranked.pk: [c.pk, d.pk]}
    if forgery == "seminar_of_other_event":
        choices = {fcfs.pk: foreign.pk}
    elif forgery == "block_of_other_event":
        choices = {fcfs.pk: a.pk, foreign_block.pk: foreign.pk}
    elif forgery == "seminar_of_other_block":
        choices = {fcfs.pk: c.pk}
    elif forgery == "unknown_block":
        choices = {fcfs.pk: a.pk, 999999: a.pk}
    elif forgery == "ranked_block_as_fcfs":
        choices = {fcfs.pk: a.pk, ranked.pk: c.pk}
    elif forgery == "fcfs_block_as_ranked":
        preferences = {ranked.pk: [c.pk], fcfs.pk: [b.pk]}
    elif forgery == "not_a_number":
        choices = {fcfs.pk: "1 OR 1=1"}
    elif forgery == "duplicate_ranking":
        preferences = {ranked.pk: [c.pk, c.pk]}
    before = snapshot()
    with pytest.raises(InvalidChoice) as caught:
        services.register(s.event, person(1), choices, preferences, idempotency_key="1")
    with translation.override("sv"):
        assert str(caught.value) == (
            "Valet av seminarium är ogiltigt. Välj bland seminarierna i programmet."
        )
    assert snapshot() == before


def test_every_block_needs_a_choice_when_the_event_says_so():
    s = build_event(blocks=[(FCFS, [5]), (RANKED, [5])])
    fcfs, ranked = s.blocks
    with pytest.raises(InvalidData) as caught, translation.override("sv"):
        services.register(s.event, person(1), {fcfs.pk: s.seminars(0)[0].pk}, idempotency_key="1")
    assert caught.value.errors == {
        f"blocks.{ranked.pk}": [f"Välj ett seminarium i {ranked.title}."]
    }
    s.settings.seminar_choice_required = False
    s.settings.save()
    assert services.register(s.event, person(1), idempotency_key="1").choices.count() == 0


def test_the_same_topic_cannot_be_taken_in_two_blocks():
    s = build_event(blocks=[(FCFS, [5]), (FCFS, [5])])
    first, second = s.seminars(0)[0], s.seminars(1)[0]
    Seminar.objects.filter(pk__in=[first.pk, second.pk]).update(topic="Våld i nära relationer")
    choices = {s.blocks[0].pk: first.pk, s.blocks[1].pk: second.pk}
    with pytest.raises(InvalidChoice) as caught, translation.override("sv"):
        services.register(s.event, person(1), choices, idempotency_key="1")
    with translation.override("sv"):
        assert str(caught.value) == "Du har valt samma seminarium i två block."


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"opens_in": timedelta(days=1)}, RegistrationNotOpen, "Anmälan har inte öppnat än."),
        (
            {"starts_in": timedelta(hours=12), "opens_in": timedelta(days=-3)},
            RegistrationClosed,
            "Anmälan till evenemanget är stängd.",
        ),
        ({"status": "draft"}, RegistrationNotOpen, "Anmälan har inte öppnat än."),
        ({"status": "cancelled"}, EventCancelled, "Evenemanget är inställt."),
    ],
)
def test_registration_outside_its_window_is_refused(kwargs, error, message):
    s = build_event(**kwargs)
    with pytest.raises(error) as caught:
        services.register(s.event, person(1), idempotency_key="1")
    with translation.override("sv"):
        assert str(caught.value) == message
    assert not Registration.objects.exists()


def test_an_event_without_registration_settings_takes_no_registrations():
    s = build_event()
    s.settings.delete()
    with pytest.raises(RegistrationNotOpen):
        services.register(s.event, person(1), idempotency_key="1")


def test_staff_may_register_someone_outside_the_window():
    from django.contrib.auth.models import User

    staff = User.objects.create_user("handlaggare", is_staff=True)
    s = build_event(opens_in=timedelta(days=2))
    registration = services.register(s.event, person(1), idempotency_key="1", actor=staff)
    assert registration.status == Registration.Status.CONFIRMED
    assert RegistrationLogEntry.objects.get(registration=registration).actor == staff


def test_an_overlong_or_binary_idempotency_key_is_refused():
    s = build_event()
    for key in ["k" * 65, "a\x00b"]:
        with pytest.raises(InvalidData):
            services.register(s.event, person(1), idempotency_key=key)
    assert not Registration.objects.exists()


def test_without_the_bot_check_the_registration_waits_for_the_email_link():
    s = build_event(capacity=1, blocks=[(FCFS, [1])])
    block, (seminar,) = s.blocks[0], s.seminars()
    pending = services.register(
        s.event,
        person(1),
        {block.pk: seminar.pk},
        idempotency_key="1",
        require_email_confirmation=True,
    )
    assert pending.status == Registration.Status.PENDING
    assert pending.choices.get().status == SeminarChoice.Status.REQUESTED
    assert not EventSeatStripe.objects.filter(event=s.event, confirmed__gt=0).exists()
    message = outbox.render(OutboxMessage.objects.get(registration=pending))
    assert message.kind == OutboxMessage.Kind.CONFIRM_EMAIL
    assert services.confirm_url(pending) in message.text
    token = services.confirm_url(pending).rstrip("/").split("/")[-2]
    confirmed = services.confirm_email(token)
    assert confirmed.status == Registration.Status.CONFIRMED
    assert confirmed.choices.get().status == SeminarChoice.Status.CONFIRMED
    assert queries.event_confirmed(s.event) == 1
    assert services.confirm_email(token).status == Registration.Status.CONFIRMED  # idempotent
    assert queries.event_confirmed(s.event) == 1
    assert OutboxMessage.objects.filter(
        registration=pending, kind=OutboxMessage.Kind.CONFIRMATION
    ).exists()


def test_an_unconfirmed_registration_expires_and_then_frees_the_email_address():
    from samlas.registration.exceptions import LinkExpired

    s = build_event()
    pending = services.register(
        s.event, person(1), idempotency_key="1", require_email_confirmation=True
    )
    token = services.manage_url(pending).rstrip("/").split("/")[-1]
    with pytest.raises(AlreadyRegistered):
        services.register(s.event, person(1), idempotency_key="2")
    Registration.objects.filter(pk=pending.pk).update(created_at=timezone.now() - timedelta(days=8))
    with pytest.raises(LinkExpired):
        services.confirm_email(token)
    again = services.register(s.event, person(1), idempotency_key="2")
    assert again.status == Registration.Status.CONFIRMED
    pending.refresh_from_db()
    assert pending.status == Registration.Status.CANCELLED
