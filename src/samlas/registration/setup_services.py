"""What the organiser adds to an event's registration form: custom questions and optional
consents, and copying the whole setup with an event (the back office's services).

The settings row itself is `staff.save_settings`. Each function here runs in one
transaction, locks the event's settings row (so two organisers editing the same form at once
cannot mix up the order), writes one audit-log entry (`core.audit.record`) and, once the
change is committed, drops this process's cache of what the form asks
(`services.forget_setups`); other processes see the change within
`services.SETUP_CACHE_SECONDS`.

What people have already answered or agreed to is never changed silently:

- a question's kind is fixed once someone has answered it (a stored text cannot become a
  choice); its wording, help text and whether an answer is required may still change;
- choices are matched by their wording (ignoring case), because an answer stores the id of
  the choice and is read through its wording: a choice someone has picked cannot be removed
  or reworded, only moved or corrected in case;
- a question's answers are deleted only together with the question;
- a consent whose text changes gets the next version, and a `ConsentRecord` keeps the text
  and version each person agreed to, also after the consent is removed.
"""

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Model
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samlas.core import audit
from samlas.events.models import Event
from samlas.programme import services as programme_services
from samlas.registration.models import (
    Answer,
    ConsentOption,
    ConsentRecord,
    Question,
    QuestionOption,
    RegistrationSettings,
)
from samlas.registration.services import forget_setups
from samlas.registration.staff import SETTINGS_FIELDS

UP, DOWN = "up", "down"
OPTION_KINDS = {Question.Kind.SINGLE, Question.Kind.MULTIPLE}
CHOICE_MAX_LENGTH = QuestionOption._meta.get_field("text").max_length
CHOICES_MAX = 50
QUESTION_FIELDS = ["text", "help_text", "kind", "required"]


def _settings(event: Event) -> RegistrationSettings:
    """The event's settings row, locked; questions and consents hang on it."""
    row = RegistrationSettings.objects.select_for_update().filter(event=event).first()
    if row is None:
        raise ValidationError(_("Save the registration settings first."))
    return row


def _committed() -> None:
    # After the commit, or a registration in this process could cache the old setup again
    # between the save (whose signal also clears the cache) and the commit.
    transaction.on_commit(forget_setups)


def _next_position(items) -> int:
    top = items.aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1


def _tidy(text: str) -> str:
    return " ".join(text.split())


def _move(items: Sequence[Model], target: Model, direction: str) -> bool:
    """Swap `target` with its neighbour in `items` and renumber them 0, 1, 2…; False when
    it is already first (up) or last (down)."""
    if direction not in {UP, DOWN}:
        raise ValueError(direction)
    ordered = list(items)
    index = next(i for i, item in enumerate(ordered) if item.pk == target.pk)
    other = index - 1 if direction == UP else index + 1
    if not 0 <= other < len(ordered):
        return False
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, item in enumerate(ordered):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])
    return True


# --- Questions -------------------------------------------------------------------------------


def _clean_choices(kind: str, lines: Iterable[str]) -> list[str]:
    """The choices of a single or multiple choice question, one per line (none for other
    kinds: what was typed for them is dropped)."""
    if kind not in OPTION_KINDS:
        return []
    choices = [_tidy(line) for line in lines if line.strip()]
    problems = []
    too_long = [choice for choice in choices if len(choice) > CHOICE_MAX_LENGTH]
    if too_long:
        problems.append(
            _("A choice may be at most %(max)d characters: %(choice)s")
            % {"max": CHOICE_MAX_LENGTH, "choice": too_long[0][:40] + "…"}
        )
    seen: set[str] = set()
    for choice in choices:
        if choice.casefold() in seen:
            problems.append(_("Each choice may be given once: %(choice)s") % {"choice": choice})
            break
        seen.add(choice.casefold())
    if len(choices) < 2:
        problems.append(_("Give at least two choices, one per line."))
    if len(choices) > CHOICES_MAX:
        problems.append(_("Give at most %(max)d choices.") % {"max": CHOICES_MAX})
    if problems:
        raise ValidationError({"choices": problems})
    return choices


def _picked(question: Question) -> dict[int, int]:
    """Option id → how many answers picked it (values are read in Python: SQLite cannot
    search inside JSON lists)."""
    counts: dict[int, int] = {}
    for value in Answer.objects.filter(question=question).values_list("value", flat=True):
        for pk in value if isinstance(value, list) else [value]:
            try:
                counts[int(pk)] = counts.get(int(pk), 0) + 1
            except (TypeError, ValueError):
                continue
    return counts


def _validated(question: Question, lines: Iterable[str], errors: dict | None = None) -> list:
    """Run the model's checks and the choices' together, so every mistake is shown at once."""
    errors = dict(errors or {})
    question.text, question.help_text = _tidy(question.text), question.help_text.strip()
    try:
        question.full_clean(exclude=["settings", "position"])
    except ValidationError as error:
        errors.update(error.message_dict)
    choices: list[str] = []
    try:
        choices = _clean_choices(question.kind, lines)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return choices


@transaction.atomic
def add_question(event: Event, values: Mapping[str, Any], *, actor=None) -> Question:
    """Add a question at the end of the form. `values`: text, help_text, kind, required,
    choices (lines; used for single and multiple choice)."""
    row = _settings(event)
    question = Question(settings=row, position=_next_position(row.questions))
    for name in QUESTION_FIELDS:
        setattr(question, name, values[name])
    choices = _validated(question, values.get("choices", ()))
    question.save()
    QuestionOption.objects.bulk_create(
        QuestionOption(question=question, text=text, position=position)
        for position, text in enumerate(choices)
    )
    audit.record(
        actor,
        audit.Action.CREATED,
        question,
        event_id=event.pk,
        data={"kind": question.kind, "choices": choices},
    )
    _committed()
    return question


def answer_count(question: Question) -> int:
    return Answer.objects.filter(question=question).count()


@transaction.atomic
def change_question(question: Question, values: Mapping[str, Any], *, actor=None) -> Question:
    """Change a question and its choices (same `values` as `add_question`).

    Refused, with the reason beside the field: a new kind once someone has answered, and
    removing or rewording a choice someone has picked.
    """
    _settings(question.settings.event)
    question = Question.objects.select_related("settings").get(pk=question.pk)
    old = {name: getattr(question, name) for name in QUESTION_FIELDS}
    answers = answer_count(question)
    errors: dict[str, list[str]] = {}
    if answers and values["kind"] != question.kind:
        errors["kind"] = [
            _("People have answered the question, so its kind can no longer be changed.")
        ]
    for name in QUESTION_FIELDS:
        setattr(question, name, values[name])
    choices = _validated(question, values.get("choices", ()), errors)
    existing: dict[str, QuestionOption] = {}
    removed: list[QuestionOption] = []
    for option in question.options.all():
        # Two choices differing only in case (possible from the Django admin) cannot both
        # be kept: matching is by wording, ignoring case.
        if option.text.casefold() in existing:
            removed.append(option)
        else:
            existing[option.text.casefold()] = option
    kept = {choice.casefold() for choice in choices}
    removed += [option for key, option in existing.items() if key not in kept]
    picked = _picked(question) if answers else {}
    in_use = [option for option in removed if picked.get(option.pk)]
    if in_use:
        raise ValidationError(
            {
                "choices": [
                    ngettext(
                        "“%(choice)s” has been picked by %(count)d person, so it cannot be "
                        "removed or reworded.",
                        "“%(choice)s” has been picked by %(count)d people, so it cannot be "
                        "removed or reworded.",
                        picked[option.pk],
                    )
                    % {"choice": option.text, "count": picked[option.pk]}
                    for option in in_use
                ]
            }
        )
    changed = [name for name in QUESTION_FIELDS if old[name] != getattr(question, name)]
    if changed:
        question.save()
    for option in removed:
        option.delete()
    added, reordered = [], False
    for position, text in enumerate(choices):
        option = existing.get(text.casefold())
        if option is None:
            QuestionOption.objects.create(question=question, text=text, position=position)
            added.append(text)
        elif (option.text, option.position) != (text, position):
            option.text, option.position = text, position
            option.save(update_fields=["text", "position"])
            reordered = True
    if not (changed or added or removed or reordered):
        return question
    audit.record(
        actor,
        audit.Action.CHANGED,
        question,
        event_id=question.settings.event_id,
        data={
            "fields": changed,
            "choices_added": added,
            "choices_removed": [option.text for option in removed],
        },
    )
    _committed()
    return question


@transaction.atomic
def delete_question(question: Question, *, actor=None) -> int:
    """Remove a question with every answer to it; returns how many answers went."""
    _settings(question.settings.event)
    answers = answer_count(question)
    audit.record(
        actor,
        audit.Action.DELETED,
        question,
        event_id=question.settings.event_id,
        data={"answers_deleted": answers},
    )
    question.delete()
    _committed()
    return answers


@transaction.atomic
def move_question(question: Question, direction: str, *, actor=None) -> bool:
    """Move a question one place up or down the form; False if it cannot go further."""
    row = _settings(question.settings.event)
    moved = _move(row.questions.all(), question, direction)
    if moved:
        audit.record(
            actor,
            audit.Action.CHANGED,
            question,
            event_id=row.event_id,
            data={"moved": direction},
        )
        _committed()
    return moved


# --- Consents --------------------------------------------------------------------------------


def _consent_text(consent: ConsentOption, text: str) -> None:
    # Browsers send CRLF; a consent stored with CRLF would look changed on every save.
    consent.text = text.replace("\r\n", "\n").strip()
    consent.full_clean(exclude=["settings", "position", "version"])


def given_count(consent: ConsentOption) -> int:
    """How many registrations hold this consent now (withdrawn ones not counted)."""
    return ConsentRecord.objects.filter(consent=consent, withdrawn_at__isnull=True).count()


@transaction.atomic
def add_consent(event: Event, values: Mapping[str, Any], *, actor=None) -> ConsentOption:
    """Add an optional consent (shown unticked) at the end of the form, as version 1."""
    row = _settings(event)
    consent = ConsentOption(settings=row, version=1, position=_next_position(row.consents))
    _consent_text(consent, values["text"])
    consent.save()
    audit.record(actor, audit.Action.CREATED, consent, event_id=event.pk, data={"version": 1})
    _committed()
    return consent


@transaction.atomic
def change_consent(
    consent: ConsentOption, values: Mapping[str, Any], *, actor=None
) -> ConsentOption:
    """Change a consent's text; a new text is the next version (the records keep theirs)."""
    _settings(consent.settings.event)
    consent = ConsentOption.objects.select_related("settings").get(pk=consent.pk)
    old_text = consent.text
    _consent_text(consent, values["text"])
    if consent.text == old_text:
        return consent
    consent.version += 1
    consent.save(update_fields=["text", "version"])
    audit.record(
        actor,
        audit.Action.CHANGED,
        consent,
        event_id=consent.settings.event_id,
        data={"version": consent.version},
    )
    _committed()
    return consent


@transaction.atomic
def delete_consent(consent: ConsentOption, *, actor=None) -> int:
    """Stop asking for a consent. The records of those who gave it stay, with the text and
    version they agreed to; returns how many hold it now."""
    _settings(consent.settings.event)
    given = given_count(consent)
    audit.record(
        actor,
        audit.Action.DELETED,
        consent,
        event_id=consent.settings.event_id,
        data={"version": consent.version, "given": given},
    )
    consent.delete()
    _committed()
    return given


@transaction.atomic
def move_consent(consent: ConsentOption, direction: str, *, actor=None) -> bool:
    row = _settings(consent.settings.event)
    moved = _move(row.consents.all(), consent, direction)
    if moved:
        audit.record(
            actor,
            audit.Action.CHANGED,
            consent,
            event_id=row.event_id,
            data={"moved": direction},
        )
        _committed()
    return moved


# --- Copying an event as a template ----------------------------------------------------------


def copy_setup(source: Event, copy: Event, *, actor=None) -> RegistrationSettings | None:
    """Give `copy` the registration settings, questions and consents of `source` (consents
    start again at version 1: nobody has agreed to them for the new event). Registrations
    are not copied. None when `source` takes no registrations."""
    row = RegistrationSettings.objects.filter(event=source).first()
    if row is None:
        return None
    new = RegistrationSettings.objects.create(
        event=copy, **{name: getattr(row, name) for name in SETTINGS_FIELDS}
    )
    questions = list(row.questions.prefetch_related("options"))
    for question in questions:
        options = list(question.options.all())
        question.pk, question.settings = None, new
        question.save()
        QuestionOption.objects.bulk_create(
            QuestionOption(question=question, text=option.text, position=option.position)
            for option in options
        )
    consents = [
        ConsentOption(settings=new, text=consent.text, version=1, position=consent.position)
        for consent in row.consents.all()
    ]
    ConsentOption.objects.bulk_create(consents)
    audit.record(
        actor,
        audit.Action.COPIED,
        new,
        event_id=copy.pk,
        data={"from": source.pk, "questions": len(questions), "consents": len(consents)},
    )
    _committed()
    return new


@transaction.atomic
def copy_event(source: Event, *, title: str, start: datetime, actor=None) -> Event:
    """A draft copy of `source` as a template: details, organisers and programme
    (`programme.services.copy_event`) and the registration setup (`copy_setup`)."""
    copy = programme_services.copy_event(source, title=title, start=start, actor=actor)
    copy_setup(source, copy, actor=actor)
    return copy
