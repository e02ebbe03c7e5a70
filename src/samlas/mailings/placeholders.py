"""Placeholders in messages to participants: `{namn}` becomes each recipient's name.

The names are Swedish and fixed (they are what organisers type, in either interface
language); the values are written in the recipient's language. Braces that do not hold a
known name are refused with a message that lists the known ones, so a typo such as `{nman}`
never reaches a participant. A placeholder is written without spaces between the braces,
but `{ Namn }` is understood too.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from samlas.core.dates import format_event_span, format_time_range
from samlas.registration.links import manage_url
from samlas.registration.models import Registration, SeminarChoice

PATTERN = re.compile(r"\{([^{}\n]{0,40})\}")


@dataclass(frozen=True)
class Placeholder:
    name: str
    description: Promise
    value: Callable[[Registration], str]


def _venue(registration: Registration) -> str:
    venue = registration.event.venue
    return f"{venue.name}, {venue.address}" if venue else ""


def _seminars(registration: Registration) -> str:
    """One line per seminar with a seat, so it reads as a list in the message."""
    lines = [
        f"– {format_time_range(choice.block.start, choice.block.end)}: {choice.seminar.title}"
        + (f" ({choice.seminar.room.name})" if choice.seminar.room_id else "")
        for choice in registration.choices.all()
        if choice.status == SeminarChoice.Status.CONFIRMED
    ]
    return "\n".join(lines)


PLACEHOLDERS = [
    Placeholder("namn", _("the participant's name"), lambda r: r.name),
    Placeholder("organisation", _("the participant's organisation"), lambda r: r.organisation),
    Placeholder("evenemang", _("the title of the event"), lambda r: r.event.title),
    Placeholder(
        "datum",
        _("when the event takes place, e.g. “tisdag 24 september 2024, kl. 09.00–16.00”"),
        lambda r: format_event_span(r.event.start, r.event.end),
    ),
    Placeholder("plats", _("the venue and its address"), _venue),
    Placeholder("seminarier", _("the participant's seminars with a seat, one per line"), _seminars),
    Placeholder(
        "min_anmalan_lank",
        _("the participant's own link to see, change or cancel the registration"),
        manage_url,
    ),
    Placeholder(
        "evenemangets_sida",
        _("the address of the event's public page"),
        lambda r: f"{settings.SITE_URL}{r.event.get_absolute_url()}",
    ),
]
BY_NAME = {placeholder.name: placeholder for placeholder in PLACEHOLDERS}


def _key(raw: str) -> str:
    return raw.strip().lower()


def unknown(text: str) -> list[str]:
    """The brace expressions in `text` that are not placeholders, as written, in order."""
    found: list[str] = []
    for match in PATTERN.finditer(text):
        if _key(match[1]) not in BY_NAME and match[0] not in found:
            found.append(match[0])
    return found


def validate(text: str) -> None:
    """Raise a ValidationError in the user's language naming every unknown placeholder."""
    wrong = unknown(text)
    if wrong:
        raise ValidationError(
            _("Unknown placeholder: %(wrong)s. You can use %(known)s."),
            code="unknown_placeholder",
            params={
                "wrong": ", ".join(wrong),
                "known": ", ".join(f"{{{p.name}}}" for p in PLACEHOLDERS),
            },
        )


def fill(text: str, registration: Registration) -> str:
    """`text` with every placeholder replaced by this registrant's value (validate first:
    an unknown one is left as written). Each value is computed at most once."""
    values: dict[str, str] = {}

    def replace(match: re.Match) -> str:
        name = _key(match[1])
        if name not in BY_NAME:
            return match[0]
        if name not in values:
            values[name] = BY_NAME[name].value(registration)
        return values[name]

    return PATTERN.sub(replace, text)
