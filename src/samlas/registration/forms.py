"""Forms of the participant's pages: details, seminar choices, consents, the lost link.

They check what a person can put right on the page (required fields, lengths, formats, a
seminar ranked twice) and then run the service layer's own checks (`validation.clean_data`,
`validation.clean_choices`), so that the page and the service never disagree. They change
nothing; the views pass `to_data()` / `choices()` / `preferences()` to a service.

The multi-step form keeps what was typed in a signed hidden field (`FormState`), not in a
server-side session: nothing about someone who never sends the form is stored, every app
server can take the next step, and no cookie beyond the CSRF one is needed.
"""

import time
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from django import forms
from django.core import signing
from django.utils import timezone
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from samlas.core.counties import County
from samlas.core.dates import format_event_span, format_time_range
from samlas.events.models import Event
from samlas.programme.models import Block, Seminar
from samlas.registration.exceptions import InvalidChoice, InvalidData
from samlas.registration.models import Question, Registration, Sector
from samlas.registration.queries import RegistrationForm
from samlas.registration.validation import clean_choices, clean_data

STATE_SALT = "samlas.registration.form-state"

# name: (label, max length, autocomplete token, input type, hint, required message)
TEXT_FIELDS: dict[str, tuple] = {
    "name": (_("Name"), 200, "name", "text", None, _("Enter your name")),
    "email": (
        _("E-mail address"),
        254,
        "email",
        "email",
        _("We send the confirmation and the link to your registration to this address."),
        _("Enter your e-mail address"),
    ),
    "organisation": (
        _("Organisation"),
        200,
        "organization",
        "text",
        _("For example the municipality, agency or association you work for."),
        _("Enter your organisation"),
    ),
    "title": (
        _("Job title"),
        200,
        "organization-title",
        "text",
        None,
        _("Enter your job title"),
    ),
    "municipality": (
        _("Municipality"),
        100,
        "off",
        "text",
        None,
        _("Enter your municipality"),
    ),
    "phone": (_("Phone number"), 40, "tel", "tel", None, _("Enter your phone number")),
    "organisation_number": (
        _("Organisation number"),
        11,
        "off",
        "text",
        _("For example 212000-2723."),
        _("Enter the organisation number"),
    ),
    "peppol_id": (
        _("Peppol ID"),
        60,
        "off",
        "text",
        _("For e-invoices, for example 0007:2120002723."),
        _("Enter a Peppol ID"),
    ),
    "invoice_reference": (
        _("Invoice reference"),
        100,
        "off",
        "text",
        _("A reference code or the name of the person who approves the invoice."),
        _("Enter an invoice reference"),
    ),
}
SELECT_FIELDS: dict[str, tuple] = {
    "sector": (_("Sector"), Sector.choices, _("Choose your sector"), _("Choose sector")),
    "county": (_("County"), County.choices, _("Choose your county"), _("Choose county")),
}
HEALTH_FIELDS: dict[str, tuple] = {
    "dietary_needs": (
        _("Special diet"),
        _("For example vegetarian, vegan or gluten-free."),
        _("Describe your special diet, or write “none”"),
    ),
    "allergies": (
        _("Allergies"),
        _("For example nuts or fish. Tell us if the allergy is severe."),
        _("Describe your allergies, or write “none”"),
    ),
    "accessibility_needs": (
        _("Accessibility needs"),
        _("For example a hearing loop, a wheelchair-accessible seat or an interpreter."),
        _("Describe your accessibility needs, or write “none”"),
    ),
}
INVOICE_FIELDS = ("organisation_number", "peppol_id", "invoice_reference")
HEALTH_MAX_LENGTH = 1000
TEXT_ANSWER_MAX_LENGTH = 1000
YES, NO = "yes", "no"


@dataclass
class FormState:
    """What the steps so far collected, carried from page to page in a signed field.

    `started` is when the form was first shown (the minimum fill time); `key` is the
    idempotency key, fixed for the life of one form so that a resend makes no second
    registration.
    """

    event: int
    started: float
    key: str
    details: dict[str, Any] = field(default_factory=dict)
    choices: dict[str, Any] = field(default_factory=dict)
    preferences: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def new(cls, event: Event) -> "FormState":
        return cls(event=event.pk, started=time.time(), key=uuid.uuid4().hex)

    @classmethod
    def load(cls, value: str | None, event: Event) -> "FormState | None":
        """The state in a POST, or None if it is missing, forged or for another event."""
        if not value or len(value) > 100_000:
            return None
        try:
            raw = signing.loads(value, salt=STATE_SALT)
            state = cls(**raw)
        except (signing.BadSignature, TypeError, ValueError):
            return None
        return state if state.event == event.pk else None

    def dump(self) -> str:
        return signing.dumps(asdict(self), salt=STATE_SALT, compress=True)


class GovukErrorsMixin:
    """`error_links`: (anchor, message) pairs for the GOV.UK error summary.

    A radio or checkbox group links to its first option, as GOV.UK's pattern asks.
    """

    def error_links(self) -> list[tuple[str | None, str]]:
        links: list[tuple[str | None, str]] = [
            (None, str(error)) for error in self.non_field_errors()
        ]
        for bound in self:
            widget = bound.field.widget
            anchor = bound.auto_id
            if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                anchor = f"{bound.auto_id}_0"
            links.extend((anchor, str(error)) for error in bound.errors)
        return links


def _text_field(name: str, required: bool) -> forms.CharField:
    label, max_length, autocomplete, input_type, hint, required_message = TEXT_FIELDS[name]
    widget_class = forms.EmailInput if input_type == "email" else forms.TextInput
    attrs = {"autocomplete": autocomplete, "maxlength": max_length, "spellcheck": "false"}
    if input_type == "tel":
        attrs["type"] = "tel"
    if name in {"name", "organisation", "title"}:
        attrs.pop("spellcheck")
    field_class = forms.EmailField if input_type == "email" else forms.CharField
    error_messages = {"required": required_message}
    if input_type == "email":
        error_messages["invalid"] = _(
            "Enter an e-mail address in the correct format, such as namn@kommun.se"
        )
    return field_class(
        label=label,
        required=required,
        max_length=max_length,
        help_text=hint or "",
        widget=widget_class(attrs=attrs),
        error_messages=error_messages,
    )


def ordinal_choice(rank: int) -> str:
    """ "1:a hand", "2:a hand", "3:e hand" … in Swedish; "1st choice" … in English."""
    return gettext("%(rank)s choice") % {"rank": ordinal(rank)}


def ordinal(n: int) -> str:
    if (get_language() or "sv").startswith("sv"):
        return f"{n}:{'a' if n % 10 in (1, 2) and n % 100 not in (11, 12) else 'e'}"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10 if n % 100 not in (11, 12, 13) else 0, "th")
    return f"{n}{suffix}"


class DetailsForm(GovukErrorsMixin, forms.Form):
    """Personal details, health data, the organiser's questions and (optionally) consents.

    The fields are those the event asks (`queries.registration_form(event).fields`), in
    that order; `to_data()` gives the `data` mapping of `services.register`.
    """

    def __init__(self, spec: RegistrationForm, *args, with_consents: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.spec = spec
        self.with_consents = with_consents
        for name, required in spec.fields:
            if name in TEXT_FIELDS:
                self.fields[name] = _text_field(name, required)
            elif name in SELECT_FIELDS:
                label, choices, required_message, empty = SELECT_FIELDS[name]
                self.fields[name] = forms.ChoiceField(
                    label=label,
                    required=required,
                    choices=[("", empty), *choices],
                    error_messages={"required": required_message},
                )
            elif name in HEALTH_FIELDS:
                label, hint, required_message = HEALTH_FIELDS[name]
                self.fields[name] = forms.CharField(
                    label=label,
                    required=required,
                    max_length=HEALTH_MAX_LENGTH,
                    help_text=hint,
                    widget=forms.Textarea(attrs={"rows": 2, "maxlength": HEALTH_MAX_LENGTH}),
                    error_messages={"required": required_message},
                )
        for question in spec.questions:
            self.fields[f"q_{question.pk}"] = self._question_field(question)
        if with_consents:
            self.fields["consents"] = consents_field(spec)

    @staticmethod
    def _question_field(question: Question) -> forms.Field:
        common = {
            "label": question.text,
            "required": question.required,
            "help_text": question.help_text,
            "error_messages": {"required": _("Answer the question")},
        }
        if question.kind == Question.Kind.YES_NO:
            return forms.ChoiceField(
                choices=[(YES, _("Yes")), (NO, _("No"))], widget=forms.RadioSelect, **common
            )
        options = [(str(option.pk), option.text) for option in question.options.all()]
        if question.kind == Question.Kind.SINGLE:
            return forms.ChoiceField(choices=options, widget=forms.RadioSelect, **common)
        if question.kind == Question.Kind.MULTIPLE:
            return forms.MultipleChoiceField(
                choices=options, widget=forms.CheckboxSelectMultiple, **common
            )
        return forms.CharField(
            max_length=TEXT_ANSWER_MAX_LENGTH,
            widget=forms.Textarea(attrs={"rows": 3, "maxlength": TEXT_ANSWER_MAX_LENGTH}),
            **common,
        )

    # Groups for the template: which fields go in which fieldset.

    def personal_fields(self) -> list[forms.BoundField]:
        return [
            self[name]
            for name, _required in self.spec.fields
            if name in self.fields and name not in INVOICE_FIELDS and name not in HEALTH_FIELDS
        ]

    def invoice_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in INVOICE_FIELDS if name in self.fields]

    def health_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in HEALTH_FIELDS if name in self.fields]

    def question_fields(self) -> list[forms.BoundField]:
        return [self[f"q_{question.pk}"] for question in self.spec.questions]

    def consent_field(self) -> forms.BoundField | None:
        return self["consents"] if self.with_consents and self.spec.consents else None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        # The service's own checks: phone, organisation number, control characters …
        try:
            clean_data(
                self.spec.settings,
                self.to_data(),
                self.spec.questions,
                self.spec.consents if self.with_consents else [],
            )
        except InvalidData as exc:
            for key, messages in exc.errors.items():
                name = f"q_{key.split('.', 1)[1]}" if key.startswith("answers.") else key
                for message in messages:
                    self.add_error(name if name in self.fields else None, message)
        return cleaned

    def to_data(self) -> dict[str, Any]:
        """The `data` of services.register / change_answers (JSON-serialisable)."""
        data: dict[str, Any] = {}
        answers: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            if name.startswith("q_"):
                if value in ("", [], None):
                    continue
                answers[name[2:]] = {YES: True, NO: False}.get(value, value)
            elif name == "consents":
                data["consents"] = [int(pk) for pk in value]
            else:
                data[name] = value
        data["answers"] = answers
        return data

    @staticmethod
    def initial_from_data(data: Mapping[str, Any]) -> dict[str, Any]:
        """Form initial values from a `data` mapping (the inverse of to_data)."""
        initial = {k: v for k, v in data.items() if k not in {"answers", "consents"}}
        for pk, value in (data.get("answers") or {}).items():
            if isinstance(value, bool):
                value = YES if value else NO
            elif isinstance(value, list):
                value = [str(v) for v in value]
            elif isinstance(value, int):
                value = str(value)
            initial[f"q_{pk}"] = value
        initial["consents"] = [str(pk) for pk in data.get("consents") or []]
        return initial


def consents_field(spec: RegistrationForm) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("Consents (optional)"),
        required=False,
        choices=[(str(consent.pk), consent.text) for consent in spec.consents],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose among the consents on the page.")},
    )


def registration_data(registration: Registration) -> dict[str, Any]:
    """A registration as the `data` mapping, for the "change details" form."""
    data = {
        name: getattr(registration, name)
        for name in [*TEXT_FIELDS, *SELECT_FIELDS]
        if hasattr(registration, name)
    }
    health = getattr(registration, "health", None)
    for name in HEALTH_FIELDS:
        data[name] = getattr(health, name) if health else ""
    data["answers"] = {
        str(answer.question_id): answer.value for answer in registration.answers.all()
    }
    data["consents"] = [
        record.consent_id
        for record in registration.consents.all()
        if record.withdrawn_at is None and record.consent_id
    ]
    return data


class ReviewForm(GovukErrorsMixin, forms.Form):
    """The last step: the optional consents (never ticked in advance)."""

    def __init__(self, spec: RegistrationForm, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.spec = spec
        if spec.consents:
            self.fields["consents"] = consents_field(spec)

    def consent_ids(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data.get("consents", [])]


@dataclass
class SeminarOption:
    """One seminar as a radio button or select option, with the seats left as a hint."""

    seminar: Seminar
    full: bool
    current: bool
    hint: str
    disabled: bool


@dataclass
class BlockGroup:
    block: Block
    when: str
    ranked: bool
    options: list[SeminarOption]
    radio_field: forms.BoundField | None = None  # first come, first served
    rank_fields: list[forms.BoundField] = field(default_factory=list)  # ranked
    #: a ranked block after the ranking deadline: shown, not changeable (no fields)
    closed_at: datetime | None = None
    ranking: list[Seminar] = field(default_factory=list)  # the stored ranking, when closed

    @property
    def has_errors(self) -> bool:
        fields = [self.radio_field] if self.radio_field is not None else self.rank_fields
        return any(bound.errors for bound in fields)


class ChoicesForm(GovukErrorsMixin, forms.Form):
    """One seminar per first-come-first-served block; an order of preference per ranked block.

    `current` maps block pk → the seminar pk a registrant already holds: a full seminar
    that is already theirs is not "full" to them. `rankings_closed_at`: the ranking
    deadline, once it has passed: the ranked blocks are then shown as they are (from
    `initial`), without fields, and left out of the choices sent to the services.
    """

    def __init__(
        self,
        spec: RegistrationForm,
        *args,
        current: Mapping[int, int] | None = None,
        rankings_closed_at: datetime | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.spec = spec
        self.current = dict(current or {})
        self.required = spec.settings.seminar_choice_required
        self.rankings_closed_at = rankings_closed_at
        ranked = [] if rankings_closed_at else spec.ranked_blocks
        self.blocks = sorted([*spec.fcfs_blocks, *ranked], key=lambda b: (b.start, b.pk))
        for block in self.blocks:
            seminars = list(block.seminars.all())
            choices = [(str(s.pk), s.title) for s in seminars]
            if block.choice_mode == Block.ChoiceMode.RANKED:
                for rank in range(1, len(seminars) + 1):
                    self.fields[f"block_{block.pk}_{rank}"] = forms.ChoiceField(
                        label=ordinal_choice(rank),
                        required=self.required and rank == 1,
                        choices=[("", _("Choose a seminar")), *choices],
                        error_messages=self._messages(block),
                    )
            else:
                if not self.required:
                    choices.append(("", _("No seminar in this block")))
                self.fields[f"block_{block.pk}"] = forms.ChoiceField(
                    label=block.title,
                    required=self.required,
                    choices=choices,
                    widget=forms.RadioSelect,
                    error_messages=self._messages(block),
                )

    @staticmethod
    def _messages(block: Block) -> dict[str, Any]:
        return {
            "required": _("Choose a seminar in %(block)s") % {"block": block.title},
            "invalid_choice": InvalidChoice.default_message,
        }

    def groups(self) -> list[BlockGroup]:
        """The blocks in time order, with their fields and options, for the template."""
        waiting_list = self.spec.settings.waiting_list
        groups = []
        closed = self.spec.ranked_blocks if self.rankings_closed_at else []
        for block in sorted([*self.blocks, *closed], key=lambda b: (b.start, b.pk)):
            if block not in self.blocks:
                groups.append(self._closed_group(block))
                continue
            options = []
            for seminar in block.seminars.all():
                current = self.current.get(block.pk) == seminar.pk
                full = seminar.seats_left <= 0 and not current
                ranked = block.choice_mode == Block.ChoiceMode.RANKED
                options.append(
                    SeminarOption(
                        seminar=seminar,
                        full=full,
                        current=current,
                        hint=seats_hint(seminar, full, current, waiting_list, ranked),
                        disabled=full and not waiting_list and not ranked,
                    )
                )
            group = BlockGroup(
                block=block,
                when=self._when(block),
                ranked=block.choice_mode == Block.ChoiceMode.RANKED,
                options=options,
            )
            if group.ranked:
                group.rank_fields = [
                    self[f"block_{block.pk}_{rank}"] for rank in range(1, len(options) + 1)
                ]
            else:
                group.radio_field = self[f"block_{block.pk}"]
            groups.append(group)
        return groups

    def _closed_group(self, block: Block) -> BlockGroup:
        seminars = {str(s.pk): s for s in block.seminars.all()}
        ranked = (
            self.initial.get(f"block_{block.pk}_{rank}") for rank in range(1, 1 + len(seminars))
        )
        return BlockGroup(
            block=block,
            when=self._when(block),
            ranked=True,
            options=[],
            closed_at=self.rankings_closed_at,
            ranking=[seminars[pk] for pk in ranked if pk in seminars],
        )

    def _when(self, block: Block) -> str:
        """The time of a block; with its day when the event spans several days."""
        event = self.spec.settings.event
        one_day = timezone.localdate(event.start) == timezone.localdate(event.end)
        if one_day:
            return format_time_range(block.start, block.end)
        return format_event_span(block.start, block.end)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        waiting_list = self.spec.settings.waiting_list
        for block in self.blocks:
            seminars = {s.pk: s for s in block.seminars.all()}
            if block.choice_mode == Block.ChoiceMode.RANKED:
                seen: dict[str, int] = {}
                for rank in range(1, len(seminars) + 1):
                    name = f"block_{block.pk}_{rank}"
                    value = cleaned.get(name)
                    if not value:
                        continue
                    if value in seen:
                        self.add_error(
                            name,
                            _("You have already chosen this seminar as your %(choice)s.")
                            % {"choice": ordinal_choice(seen[value])},
                        )
                    else:
                        seen[value] = rank
                continue
            value = cleaned.get(f"block_{block.pk}")
            seminar = seminars.get(int(value)) if value else None
            if (
                seminar is not None
                and seminar.seats_left <= 0
                and not waiting_list
                and self.current.get(block.pk) != seminar.pk
            ):
                self.add_error(
                    f"block_{block.pk}",
                    _("%(seminar)s is fully booked. Choose another seminar.")
                    % {"seminar": seminar.title},
                )
        if not self.errors:
            try:
                clean_choices(
                    self.blocks,
                    self.choices(),
                    self.preferences(),
                    required=self.required,
                    complete=True,
                )
            except (InvalidChoice, InvalidData) as exc:
                self.add_error(None, str(exc))
        return cleaned

    def choices(self) -> dict[str, int | None]:
        """{block pk: seminar pk or None} for the first-come-first-served blocks."""
        result = {}
        for block in self.blocks:
            if block.choice_mode != Block.ChoiceMode.RANKED:
                value = self.cleaned_data.get(f"block_{block.pk}")
                result[str(block.pk)] = int(value) if value else None
        return result

    def preferences(self) -> dict[str, list[int]]:
        """{block pk: [seminar pk, …]} best first, gaps closed, for the ranked blocks."""
        result = {}
        for block in self.blocks:
            if block.choice_mode == Block.ChoiceMode.RANKED:
                ranking = []
                for rank in range(1, len(block.seminars.all()) + 1):
                    value = self.cleaned_data.get(f"block_{block.pk}_{rank}")
                    if value and int(value) not in ranking:
                        ranking.append(int(value))
                if ranking or self.required:
                    result[str(block.pk)] = ranking
        return result

    @staticmethod
    def initial_from(
        choices: Mapping[Any, Any], preferences: Mapping[Any, Iterable[int]]
    ) -> dict[str, str]:
        initial = {f"block_{pk}": str(seminar or "") for pk, seminar in choices.items()}
        for pk, ranking in preferences.items():
            for rank, seminar in enumerate(ranking, start=1):
                initial[f"block_{pk}_{rank}"] = str(seminar)
        return initial


def seats_hint(
    seminar: Seminar, full: bool, current: bool, waiting_list: bool, ranked: bool
) -> str:
    if ranked:
        # Seats in a ranked block are allocated after the deadline: its size is what matters.
        return ngettext("%(count)d seats", "%(count)d seats", seminar.capacity) % {
            "count": seminar.capacity
        }
    if current:
        return str(_("Your current choice"))
    if full:
        return str(
            _("Fully booked – you join the waiting list") if waiting_list else _("Fully booked")
        )
    return ngettext("%(count)d seat left", "%(count)d seats left", seminar.seats_left) % {
        "count": seminar.seats_left
    }


class ResendLinkForm(GovukErrorsMixin, forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("The address you registered with."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your e-mail address"),
            "invalid": _("Enter an e-mail address in the correct format, such as namn@kommun.se"),
        },
    )
