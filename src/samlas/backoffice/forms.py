"""Forms of the back office: input parsing and field messages only; services do the work."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from samlas.events.models import Event, Room, Venue
from samlas.events.services import EDITABLE_FIELDS
from samlas.mailings import placeholders
from samlas.mailings.models import REMINDER_DAYS_MAX, SEMINAR_AUDIENCES, ReminderSettings
from samlas.mailings.models import Audience as MailingAudience
from samlas.organisations.models import AccessLevel, ContactPerson, Organisation, Role
from samlas.organisations.services import find_user
from samlas.programme.models import Block, Person, ProgrammeItem, Seminar
from samlas.programme.models import Role as ProgrammeRole
from samlas.registration.models import Question, Registration, RegistrationSettings
from samlas.registration.staff import SETTINGS_FIELDS

RADIO = {"class": "govuk-radios__input"}
CHECKBOX = {"class": "govuk-checkboxes__input"}


class LoginForm(AuthenticationForm):
    """Django's sign-in with GOV.UK widgets and autocomplete hints for password managers."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("User name or e-mail address")
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "spellcheck": "false"}
        )
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})

    def clean_username(self) -> str:
        # People type their e-mail address as often as their user name.
        value = self.cleaned_data["username"]
        user = find_user(value)
        return user.get_username() if user is not None else value


class MemberForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"), choices=Role.choices, widget=forms.RadioSelect(attrs=RADIO)
    )
    can_view_health_data = forms.BooleanField(
        label=_("May see health data (diet, allergies, accessibility needs)"), required=False
    )


class AddMemberForm(MemberForm):
    user = forms.CharField(
        label=_("User name or e-mail address"),
        max_length=254,
        help_text=_("The person must already have an account."),
    )
    field_order = ["user", "role", "can_view_health_data"]

    def clean_user(self):
        user = find_user(self.cleaned_data["user"])
        if user is None:
            raise forms.ValidationError(_("There is no active account with that name or address."))
        return user


class AccessForm(forms.Form):
    level = forms.ChoiceField(
        label=_("Access"), choices=AccessLevel.choices, widget=forms.RadioSelect(attrs=RADIO)
    )


# --- Events ----------------------------------------------------------------------------------

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def datetime_widget() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)


class EventForm(forms.ModelForm):
    """The event's details; `host` only when creating (the host never changes)."""

    host = forms.ModelChoiceField(
        label=_("Host organisation"), queryset=Organisation.objects.none(), empty_label=None
    )

    class Meta:
        model = Event
        fields = [*EDITABLE_FIELDS, "themes", "audiences"]
        widgets = {
            "start": datetime_widget(),
            "end": datetime_widget(),
            "registration_opens": datetime_widget(),
            "registration_closes": datetime_widget(),
            "themes": forms.CheckboxSelectMultiple,
            "audiences": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 8}),
            "online_information": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, hosts=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if hosts is None:
            del self.fields["host"]
        else:
            self.fields["host"].queryset = hosts
            self.order_fields(["host"])
        for name in ("start", "end", "registration_opens", "registration_closes"):
            self.fields[name].help_text = _("Date and time, e.g. 2025-09-24 09:00.")

    def clean(self) -> dict:
        # The model's named constraints, said in words beside the field concerned (a field
        # with an error is left out of the constraint check, so it is not said twice).
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error("end", _("The event must end after it starts."))
        opens, closes = data.get("registration_opens"), data.get("registration_closes")
        if opens and closes and closes <= opens:
            self.add_error("registration_closes", _("Registration must close after it opens."))
        return data

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in EDITABLE_FIELDS}


class CancelEventForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the event cancelled?"),
        help_text=_("Shown on the event page and in the e-mail to everyone registered."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )


class CopyEventForm(forms.Form):
    title = forms.CharField(label=_("Title of the new event"), max_length=200)
    start = forms.DateTimeField(
        label=_("Start of the new event"),
        widget=datetime_widget(),
        help_text=_("The programme moves with the start; times of day stay the same."),
    )


class VenueForm(forms.ModelForm):
    class Meta:
        model = Venue
        fields = [
            "name",
            "street_address",
            "postcode",
            "city",
            "county",
            "directions",
            "accessibility",
        ]
        widgets = {
            "directions": forms.Textarea(attrs={"rows": 3}),
            "accessibility": forms.Textarea(attrs={"rows": 3}),
        }


class RoomForm(forms.ModelForm):
    class Meta:
        model = Room
        fields = ["name", "capacity"]

    def __init__(self, *args, venue=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if venue is not None:
            self.instance.venue = venue


class CohostForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Co-hosting organisation"), queryset=Organisation.objects.all()
    )


class ContactPersonsForm(forms.Form):
    contact_persons = forms.ModelMultipleChoiceField(
        label=_("Contact persons for this event"),
        queryset=ContactPerson.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, organisation=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact_persons"].queryset = organisation.contact_persons.all()


class ContactPersonForm(forms.ModelForm):
    class Meta:
        model = ContactPerson
        fields = ["name", "title", "email", "phone"]
        widgets = {"email": forms.EmailInput(attrs={"autocomplete": "off"})}


# --- Programme -------------------------------------------------------------------------------


class _ProgrammeForm(forms.ModelForm):
    """Validation is the service's (`programme/validation.py`, shown inline per field);
    the form only parses, so the model's clean() is not run twice."""

    def _post_clean(self) -> None:
        pass

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class ItemForm(_ProgrammeForm):
    class Meta:
        model = ProgrammeItem
        fields = ["kind", "title", "start", "end", "description", "venue", "room"]
        widgets = {
            "start": datetime_widget(),
            "end": datetime_widget(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }


class BlockForm(_ProgrammeForm):
    class Meta:
        model = Block
        fields = ["title", "start", "end", "choice_mode", "venue"]
        widgets = {"start": datetime_widget(), "end": datetime_widget()}


class SeminarForm(_ProgrammeForm):
    class Meta:
        model = Seminar
        fields = ["title", "description", "capacity", "room", "topic", "position"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class ParticipationForm(forms.Form):
    """A person in an item, block or seminar: chosen from the people already in the
    programme, or a new person written in."""

    person = forms.ModelChoiceField(
        label=_("Person already in the programme"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("– A new person –"),
    )
    name = forms.CharField(label=_("Name of a new person"), max_length=200, required=False)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=ProgrammeRole.choices)

    def __init__(self, *args, people=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people if people is not None else Person.objects.none()

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("person") and not data.get("name"):
            self.add_error("name", _("Choose a person or write the name of a new one."))
        return data


# --- Registrations ---------------------------------------------------------------------------


class CancelRegistrationForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        help_text=_("Included in the e-mail to the participant."),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MoveOptionsForm(forms.Form):
    waiting_list = forms.BooleanField(
        label=_("Put the participant on the waiting list of a seminar that is full"),
        required=False,
        help_text=_("Otherwise a full seminar is refused and nothing changes."),
    )


FIELD_MODES = [
    "organisation",
    "title",
    "sector",
    "municipality",
    "county",
    "phone",
    "invoice_details",
    "dietary_needs",
    "allergies",
    "accessibility_needs",
]


HEALTH_MODES = ["dietary_needs", "allergies", "accessibility_needs"]


class SettingsForm(forms.ModelForm):
    """The settings row, shown in groups (`groups()`) like issue 4 lists them."""

    class Meta:
        model = RegistrationSettings
        fields = SETTINGS_FIELDS
        widgets = {
            "purpose_text": forms.Textarea(attrs={"rows": 4}),
            "confirmation_text": forms.Textarea(attrs={"rows": 3}),
            **dict.fromkeys(FIELD_MODES, forms.RadioSelect),
        }
        help_texts = {
            "invoice_details": _(
                "Ask for these when the event costs money. Required means the organisation "
                "number; the Peppol ID and the reference are always optional."
            ),
            "lawful_basis": _("Shown on the form together with the purpose."),
            "confirmation_text": _(
                "For example what to bring or how to get there. Shown in the e-mail after the "
                "standard text."
            ),
        }

    GROUPS = [
        (_("Places"), "", ["capacity", "waiting_list", "seminar_choice_required"]),
        (
            _("What the form asks"),
            _("Name and e-mail address are always asked."),
            [name for name in FIELD_MODES if name not in HEALTH_MODES],
        ),
        (
            _("Health data"),
            _(
                "Diet, allergies and accessibility needs are health data: ask only what the "
                "event needs. They are kept apart, shown only to staff allowed to see health "
                "data, and never included in general exports."
            ),
            HEALTH_MODES,
        ),
        (_("Data protection"), "", ["lawful_basis", "purpose_text"]),
        (_("Confirmation e-mail"), "", ["confirmation_text"]),
    ]

    def groups(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        return [(title, hint, [self[name] for name in names]) for title, hint, names in self.GROUPS]

    def _post_clean(self) -> None:
        # The service validates the whole row (it knows the event).
        pass


class QuestionForm(forms.Form):
    """A custom question. Without `kind` once people have answered (the service refuses a
    new kind then too): the template says why."""

    text = forms.CharField(label=_("Question"), max_length=300)
    help_text = forms.CharField(
        label=_("Help text (optional)"),
        max_length=300,
        required=False,
        help_text=_("Shown under the question, e.g. why you ask."),
    )
    kind = forms.ChoiceField(
        label=_("Kind of answer"),
        choices=Question.Kind.choices,
        initial=Question.Kind.TEXT,
        widget=forms.RadioSelect,
    )
    choices = forms.CharField(
        label=_("Choices, one per line"),
        required=False,
        max_length=12000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Only for single and multiple choice: at least two."),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False)

    def __init__(self, *args, answered: int = 0, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if answered:
            del self.fields["kind"]
            self.fields["choices"].help_text = _(
                "You may add choices, change their order and correct their case. A choice "
                "someone has picked cannot be removed or reworded: their answer would change "
                "meaning."
            )

    @staticmethod
    def initial_for(question: Question) -> dict:
        return {
            "text": question.text,
            "help_text": question.help_text,
            "kind": question.kind,
            "required": question.required,
            "choices": "\n".join(option.text for option in question.options.all()),
        }

    def values(self, kind: str | None = None) -> dict:
        data = self.cleaned_data
        return {
            "text": data["text"],
            "help_text": data["help_text"],
            "kind": data.get("kind", kind),
            "required": data["required"],
            "choices": data["choices"].splitlines(),
        }


class ConsentForm(forms.Form):
    text = forms.CharField(
        label=_("Text of the consent"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Shown beside a box the registrant may tick; it is never ticked in advance. "
            "For example: I agree that photos of me from the event may be published."
        ),
    )


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("Move up")), ("down", _("Move down"))])


class ExportForm(forms.Form):
    FORMATS = [("xlsx", _("Excel (.xlsx)")), ("csv", _("CSV (semicolon-separated, UTF-8)"))]

    file_format = forms.ChoiceField(
        label=_("File format"), choices=FORMATS, initial="xlsx", widget=forms.RadioSelect
    )
    columns = forms.MultipleChoiceField(
        label=_("Columns"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one column.")},
    )
    status = forms.MultipleChoiceField(
        label=_("Registrations"),
        widget=forms.CheckboxSelectMultiple,
        choices=Registration.Status.choices,
        initial=[Registration.Status.CONFIRMED, Registration.Status.WAITING],
        error_messages={"required": _("Choose at least one status.")},
    )

    def __init__(self, *args, columns=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["columns"].choices = [(c.key, c.label) for c in columns]
        self.fields["columns"].help_text = (
            _("Health data is personal data of a special kind: export it only when it is needed.")
            if any(c.health for c in columns)
            else ""
        )


# --- Check-in --------------------------------------------------------------------------------


class CheckInSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search name or organisation"),
        max_length=200,
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "spellcheck": "false"}
        ),
    )


class CheckInCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Check-in code"),
        help_text=_("Under the QR code on the name badge, e.g. 1234-K7QXM2PA."),
        max_length=40,
        error_messages={"required": _("Write the check-in code.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "class": "govuk-input--width-10",
            }
        ),
    )


# --- Messages to participants ----------------------------------------------------------------


class CampaignForm(forms.Form):
    """Who gets the message and what it says; placeholders are checked here and again by
    the service."""

    audience = forms.ChoiceField(
        label=_("Send to"),
        choices=MailingAudience.choices,
        initial=MailingAudience.CONFIRMED,
        widget=forms.RadioSelect,
    )
    seminar = forms.ModelChoiceField(
        label=_("Seminar"),
        queryset=Seminar.objects.none(),
        required=False,
        empty_label=_("– Choose a seminar –"),
        help_text=_("Only for the participants or the waiting list of one seminar."),
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Message"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Placeholders such as {namn} are filled in for each participant (see the list)."
        ),
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def __init__(self, *args, event=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seminar"].queryset = (
            Seminar.objects.filter(block__event=event)
            .select_related("block")
            .order_by("block__start", "position", "pk")
        )
        self.fields["seminar"].label_from_instance = lambda s: f"{s.block.title}: {s.title}"

    def clean_subject(self) -> str:
        placeholders.validate(self.cleaned_data["subject"])
        return self.cleaned_data["subject"]

    def clean_body(self) -> str:
        # Browsers send line breaks as CRLF; the preview's fingerprint must not depend on it.
        body = self.cleaned_data["body"].replace("\r\n", "\n")
        placeholders.validate(body)
        return body

    def clean(self) -> dict:
        data = super().clean()
        if data.get("audience") in SEMINAR_AUDIENCES and not data.get("seminar"):
            self.add_error("seminar", _("Choose the seminar."))
        elif data.get("audience") not in SEMINAR_AUDIENCES:
            data["seminar"] = None
        return data

    def fingerprint(self) -> str:
        """Identifies the previewed message, so that "Send" sends exactly that."""
        data = self.cleaned_data
        seminar = data["seminar"].pk if data.get("seminar") else ""
        values = "\x1f".join([data["audience"], str(seminar), data["subject"], data["body"]])
        return salted_hmac("samlas.backoffice.campaign-preview", values).hexdigest()


class ReminderForm(forms.ModelForm):
    days_before = forms.IntegerField(
        label=_("Days before the event"),
        min_value=1,
        max_value=REMINDER_DAYS_MAX,
        required=False,
        help_text=_("The reminder is sent this many days before the start. Empty: no reminder."),
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )

    class Meta:
        model = ReminderSettings
        fields = ["days_before", "subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}

    def clean_subject(self) -> str:
        placeholders.validate(self.cleaned_data["subject"])
        return self.cleaned_data["subject"]

    def clean_body(self) -> str:
        placeholders.validate(self.cleaned_data["body"])
        return self.cleaned_data["body"]

    def _post_clean(self) -> None:
        # The service validates and saves the row (it knows the event).
        pass


# --- Two-step sign-in ------------------------------------------------------------------------


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        help_text=_("Six digits, e.g. 123456. A new code appears every 30 seconds."),
        max_length=12,
        error_messages={"required": _("Give the code from the app.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "govuk-input--width-5",
            }
        ),
    )
