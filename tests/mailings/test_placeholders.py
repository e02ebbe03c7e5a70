"""Placeholders: every known one is filled in the recipient's language; unknown ones are
refused with a clear Swedish message that lists the known ones."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from samlas.mailings import placeholders
from samlas.programme.models import Block, Room
from samlas.registration import services
from tests.registration.conftest import build_event, person


def test_unknown_placeholders_are_named_in_order_once():
    text = "Hej {namn}! {nman} {Namn} { evenemang } {} {nman} {x y}"
    assert placeholders.unknown(text) == ["{nman}", "{}", "{x y}"]
    assert placeholders.unknown("Ett } och sedan ett { stör inte.") == []


def test_the_error_is_swedish_and_lists_the_known_ones():
    with translation.override("sv"), pytest.raises(ValidationError) as error:
        placeholders.validate("Hej {name}, välkommen till {evenemang}.")
    message = error.value.messages[0]
    assert message.startswith("Okänd platshållare: {name}. Du kan använda {namn}, ")
    assert "{min_anmalan_lank}" in message and "{seminarier}" in message
    placeholders.validate("Hej {namn}!")  # no error


@pytest.mark.django_db
def test_every_placeholder_is_filled():
    setup = build_event(blocks=[(Block.ChoiceMode.FIRST_COME, [10])])
    seminar = setup.seminars()[0]
    seminar.room = Room.objects.create(venue=setup.event.venue, name="Sal B", capacity=20)
    seminar.save()
    registration = services.register(
        setup.event,
        person("p", name="Åsa Öberg", organisation="Umeå kommun"),
        {setup.blocks[0].pk: seminar.pk},
        idempotency_key="placeholders",
    )
    text = " | ".join(f"{{{p.name}}}" for p in placeholders.PLACEHOLDERS)
    with translation.override("sv"):
        filled = placeholders.fill(text, registration)
    values = filled.split(" | ")
    assert values[:3] == ["Åsa Öberg", "Umeå kommun", setup.event.title]
    assert re.fullmatch(r"[a-zåäö]+dag \d+ [a-z]+ \d{4}, kl\. \d\d\.00–\d\d\.00", values[3])
    assert values[4] == f"{setup.event.venue.name}, {setup.event.venue.address}"
    assert re.fullmatch(r"– kl\. \d\d\.00–\d\d\.30: Miniseminarium 1\.1 \(Sal B\)", values[5])
    assert values[6].startswith("http://") and "/anmalan/" in values[6]
    assert values[7].endswith(setup.event.get_absolute_url())
    assert placeholders.fill("{okänd} {{namn}}", registration) == "{okänd} {Åsa Öberg}"
