"""Checks of what a registrant sends, the service layer's last word on bad input.

The forms check the same things for a friendly page, but the services never trust a caller:
these functions turn a plain mapping (from a form, the JSON endpoint or a test) into clean
values, or raise `InvalidData` / `InvalidChoice` with messages the registrant understands.
They read nothing from the database; the caller passes in what the event asks.
"""

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, RegexValidator
from django.utils.translation import gettext_lazy as _

from samlas.programme.models import Block, Seminar
from samlas.registration.exceptions import InvalidChoice, InvalidData
from samlas.registration.models import (
    ConsentOption,
    FieldMode,
    HealthInformation,
    Question,
    Registration,
    RegistrationSettings,
)

# The participant's details in form order; the settings attribute decides whether each is asked.
PERSONAL_FIELDS = {
    "name": None,
    "email": None,
    "organisation": "organisation",
    "title": "title",
    "sector": "sector",
    "municipality": "municipality",
    "county": "county",
    "phone": "phone",
    "organisation_number": "invoice_details",
    "peppol_id": "invoice_details",
    "invoice_reference": "invoice_details",
}
HEALTH_FIELDS = {
    "dietary_needs": "dietary_needs",
    "allergies": "allergies",
    "accessibility_needs": "accessibility_needs",
}
TEXT_ANSWER_MAX_LENGTH = 1000

phone_validator = RegexValidator(
    r"^\+?[0-9 ()\-]{5,40}$",
    _("Enter a phone number using digits, spaces and + - ( ) only."),
)
organisation_number_validator = RegexValidator(
    r"^\d{6}-?\d{4}$", _("Enter an organisation number such as 202100-2114.")
)
peppol_validator = RegexValidator(
    r"^\d{4}:[A-Za-z0-9.\-]{1,50}$", _("Enter a Peppol ID such as 0007:2021002114.")
)
EXTRA_VALIDATORS = {
    "phone": [phone_validator],
    "organisation_number": [organisation_number_validator],
    "peppol_id": [peppol_validator],
}
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
LINE_BREAKS = re.compile(r"[\r\n\t]")


def field_mode(settings: RegistrationSettings, name: str) -> str:
    attribute = PERSONAL_FIELDS.get(name) or HEALTH_FIELDS.get(name)
    return FieldMode.REQUIRED if attribute is None else getattr(settings, attribute)


def asked_fields(settings: RegistrationSettings) -> list[tuple[str, bool]]:
    """(field name, required) for every field the form asks, in display order."""
    fields = []
    for name in [*PERSONAL_FIELDS, *HEALTH_FIELDS]:
        mode = field_mode(settings, name)
        if mode == FieldMode.OFF:
            continue
        # Of the invoice details only the organisation number is required as such; the
        # Peppol ID or reference is checked as "one of the two" below.
        required = mode == FieldMode.REQUIRED and name not in {"peppol_id", "invoice_reference"}
        fields.append((name, required))
    return fields


def luhn_valid(digits: str) -> bool:
    """Swedish organisation numbers end in a Luhn check digit."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _text(value: Any) -> str:
    if value is None:
        return ""
    return unicodedata.normalize("NFC", str(value)).strip()


@dataclass
class CleanedData:
    personal: dict[str, str] = field(default_factory=dict)
    health: dict[str, str] = field(default_factory=dict)
    answers: dict[int, Any] = field(default_factory=dict)  # question pk -> value
    consents: list[ConsentOption] = field(default_factory=list)

    @property
    def email_normalised(self) -> str:
        return normalise_email(self.personal["email"])


def normalise_email(email: str) -> str:
    return _text(email).lower()


def _clean_value(name: str, raw: Any, required: bool, model) -> tuple[str, list[str]]:
    value = _text(raw)
    multiline = model is HealthInformation
    if CONTROL_CHARACTERS.search(value) or (not multiline and LINE_BREAKS.search(value)):
        return value, [str(_("Remove the control characters (such as line breaks)."))]
    model_field = model._meta.get_field(name)
    if not value:
        return "", ([str(model_field.error_messages["blank"])] if required else [])
    errors: list[str] = []
    try:
        value = model_field.clean(value, None)
        validators = list(EXTRA_VALIDATORS.get(name, []))
        if multiline:
            validators.append(MaxLengthValidator(model_field.max_length))
        for validator in validators:
            validator(value)
    except ValidationError as exc:
        errors.extend(str(message) for message in exc.messages)
    if not errors and name == "organisation_number":
        digits = value.replace("-", "")
        if not luhn_valid(digits):
            errors.append(str(_("The organisation number's check digit is wrong.")))
        value = f"{digits[:6]}-{digits[6:]}"
    return value, errors


def clean_data(
    settings: RegistrationSettings,
    data: Mapping[str, Any],
    questions: Sequence[Question],
    consents: Sequence[ConsentOption],
) -> CleanedData:
    """Clean a registrant's details, answers and consents, or raise InvalidData."""
    errors: dict[str, list[str]] = {}
    cleaned = CleanedData()
    for name in PERSONAL_FIELDS:
        mode = field_mode(settings, name)
        if mode == FieldMode.OFF:
            cleaned.personal[name] = ""
            continue
        required = mode == FieldMode.REQUIRED and name not in {"peppol_id", "invoice_reference"}
        value, field_errors = _clean_value(name, data.get(name), required, Registration)
        cleaned.personal[name] = value
        if field_errors:
            errors[name] = field_errors
    if (
        settings.invoice_details == FieldMode.REQUIRED
        and not cleaned.personal["peppol_id"]
        and not cleaned.personal["invoice_reference"]
        and "peppol_id" not in errors
        and "invoice_reference" not in errors
    ):
        errors["invoice_reference"] = [str(_("Enter a Peppol ID or an invoice reference."))]
    for name in HEALTH_FIELDS:
        mode = field_mode(settings, name)
        if mode == FieldMode.OFF:
            cleaned.health[name] = ""
            continue
        value, field_errors = _clean_value(
            name, data.get(name), mode == FieldMode.REQUIRED, HealthInformation
        )
        cleaned.health[name] = value
        if field_errors:
            errors[name] = field_errors
    answers = _keyed_by_int(data.get("answers") or {})
    if answers is None:
        errors["answers"] = [str(_("The answers could not be read."))]
        answers = {}
    for question in questions:
        value, question_errors = _clean_answer(question, answers.get(question.pk))
        if question_errors:
            errors[f"answers.{question.pk}"] = question_errors
        elif value is not None:
            cleaned.answers[question.pk] = value
    consent_ids = _ids(data.get("consents") or [])
    by_id = {consent.pk: consent for consent in consents}
    if consent_ids is None or not set(consent_ids) <= set(by_id):
        errors["consents"] = [str(_("Unknown consent."))]
    else:
        cleaned.consents = [by_id[pk] for pk in sorted(set(consent_ids))]
    if errors:
        raise InvalidData(errors)
    return cleaned


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 18:
        return int(value.strip())
    return None


def _ids(values: Any) -> list[int] | None:
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        return None
    ids = [_as_int(value) for value in values]
    return None if any(pk is None for pk in ids) else ids


def _keyed_by_int(mapping: Any) -> dict[int, Any] | None:
    if not isinstance(mapping, Mapping):
        return None
    result = {}
    for key, value in mapping.items():
        pk = _as_int(key)
        if pk is None:
            return None
        result[pk] = value
    return result


YES = {"yes", "true", "1", "on", "ja"}
NO = {"no", "false", "0", "off", "nej"}


def _clean_answer(question: Question, raw: Any) -> tuple[Any, list[str]]:
    required_message = [str(_("Please answer this question."))]
    kind = question.kind
    if kind == Question.Kind.TEXT:
        value = _text(raw)
        if CONTROL_CHARACTERS.search(value):
            return None, [str(_("Remove the control characters (such as line breaks)."))]
        if len(value) > TEXT_ANSWER_MAX_LENGTH:
            return None, [
                str(_("Write at most %(limit)d characters.") % {"limit": TEXT_ANSWER_MAX_LENGTH})
            ]
        if not value:
            return None, required_message if question.required else []
        return value, []
    if kind == Question.Kind.YES_NO:
        if isinstance(raw, bool):
            return raw, []
        text = _text(raw).lower()
        if text in YES:
            return True, []
        if text in NO:
            return False, []
        if text:
            return None, [str(_("Answer yes or no."))]
        return None, required_message if question.required else []
    options = {option.pk for option in question.options.all()}
    if kind == Question.Kind.SINGLE:
        if raw in (None, ""):
            return None, required_message if question.required else []
        pk = _as_int(raw)
        if pk not in options:
            return None, [str(_("Choose one of the options."))]
        return pk, []
    # Multiple choice: a list of option ids (a single id is accepted as a list of one).
    values = [raw] if isinstance(raw, int | str) and raw != "" else (raw or [])
    ids = _ids(values)
    if ids is None or not set(ids) <= options:
        return None, [str(_("Choose among the options."))]
    if not ids:
        return None, required_message if question.required else []
    return sorted(set(ids)), []


@dataclass
class CleanedChoices:
    fcfs: dict[int, Seminar | None]  # block pk -> seminar (None: no seminar in that block)
    ranked: dict[int, list[Seminar]]  # block pk -> seminars, best first


def clean_choices(
    blocks: Sequence[Block],
    choices: Mapping[Any, Any] | None,
    preferences: Mapping[Any, Any] | None,
    *,
    required: bool,
    complete: bool,
) -> CleanedChoices:
    """Check seminar choices against the event's own blocks (with `seminars` prefetched).

    A block or seminar that is not in this event, a seminar from another block, or a choice
    of the wrong kind for the block raises InvalidChoice. `complete` means every block must
    be answered (a new registration); otherwise only the blocks given change.
    """
    by_pk = {block.pk: block for block in blocks}
    seminars = {block.pk: {s.pk: s for s in block.seminars.all()} for block in blocks}
    fcfs_choices = _keyed_by_int(choices or {})
    ranked_choices = _keyed_by_int(preferences or {})
    if fcfs_choices is None or ranked_choices is None:
        raise InvalidChoice
    cleaned = CleanedChoices(fcfs={}, ranked={})
    for block_pk, seminar_pk in fcfs_choices.items():
        block = by_pk.get(block_pk)
        if block is None or block.choice_mode != Block.ChoiceMode.FIRST_COME:
            raise InvalidChoice
        if seminar_pk in (None, ""):
            cleaned.fcfs[block_pk] = None
            continue
        seminar = seminars[block_pk].get(_as_int(seminar_pk))
        if seminar is None:
            raise InvalidChoice
        cleaned.fcfs[block_pk] = seminar
    for block_pk, ranking in ranked_choices.items():
        block = by_pk.get(block_pk)
        if block is None or block.choice_mode != Block.ChoiceMode.RANKED:
            raise InvalidChoice
        ids = _ids(ranking if ranking is not None else [])
        if ids is None or len(set(ids)) != len(ids):
            raise InvalidChoice
        if any(pk not in seminars[block_pk] for pk in ids):
            raise InvalidChoice
        cleaned.ranked[block_pk] = [seminars[block_pk][pk] for pk in ids]
    topics = [s.topic for s in cleaned.fcfs.values() if s is not None and s.topic]
    if len(topics) != len(set(topics)):
        raise InvalidChoice(_("You have chosen the same seminar in two blocks."))
    if required:
        missing = {}
        for block in blocks:
            if not seminars[block.pk]:
                continue
            given = (
                cleaned.fcfs if block.choice_mode == Block.ChoiceMode.FIRST_COME else cleaned.ranked
            )
            if (complete and block.pk not in given) or (block.pk in given and not given[block.pk]):
                missing[f"blocks.{block.pk}"] = [
                    str(_("Choose a seminar in %(block)s.") % {"block": block.title})
                ]
        if missing:
            raise InvalidData(missing)
    return cleaned
