"""Forms of the public archive pages: search, filters, contact and press registration.

GET forms never break a page: an unknown theme or type is reported and left out. The two
POST forms carry the registration form's bot protection (`registration.botcheck`): a signed
start time here; the honeypot and the ALTCHA widget's proof of work come with the request,
and the view checks them together with the rate limit.
"""

import time

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from samlas.archive.search import MAX_QUERY_LENGTH, TypeGroup
from samlas.core.counties import County
from samlas.events.models import Theme

STARTED_SALT = "samlas.archive.form-started"
# A form left open longer than this is sent again with a fresh start time.
STARTED_MAX_AGE = 24 * 3600


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        help_text=_("Events, programme, people, recordings, documents and learning examples"),
        error_messages={"max_length": _("Search for at most %(limit_value)d characters.")},
    )
    type = forms.ChoiceField(
        label=_("Type"),
        choices=[("", _("All types")), *TypeGroup.LABELS.items()],
        required=False,
        error_messages={"invalid_choice": _("There is no such type. All types are shown.")},
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All themes"),
        error_messages={"invalid_choice": _("There is no such theme. All themes are shown.")},
    )

    def value(self, name: str):
        """The cleaned value, or empty when it was invalid (the page says so)."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return self.cleaned_data.get(name) or ""

    @property
    def query(self) -> str:
        if "q" in self.errors:
            return (self.data.get("q") or "")[:MAX_QUERY_LENGTH]
        return self.value("q").strip()


class ExampleFilterForm(forms.Form):
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All themes"),
        error_messages={"invalid_choice": _("There is no such theme. All themes are shown.")},
    )
    county = forms.ChoiceField(
        label=_("County"),
        choices=[("", _("All counties")), *County.choices],
        required=False,
        error_messages={
            "invalid_choice": _("There is no such county. Examples from all counties are shown.")
        },
    )

    def value(self, name: str):
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return self.cleaned_data.get(name) or None


def new_started() -> str:
    return signing.dumps(time.time(), salt=STARTED_SALT)


def read_started(value: str) -> float | None:
    try:
        return float(signing.loads(value or "", salt=STARTED_SALT, max_age=STARTED_MAX_AGE))
    except (signing.BadSignature, TypeError, ValueError):
        return None


class BotProtectedForm(forms.Form):
    """The signed start time; the honeypot field (`registration/_honeypot.html`) and the
    ALTCHA widget's proof of work are read from the request by the view."""

    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["started"] = new_started()

    def restart(self) -> None:
        """Give a form shown again a fresh start time (the old one was refused)."""
        data = self.data.copy()
        data["started"] = new_started()
        self.data = data


class ContactForm(BotProtectedForm):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("We answer you here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    organisation = forms.CharField(
        label=_("Organisation (optional)"), max_length=200, required=False
    )
    message = forms.CharField(
        label=_("Message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"max_length": _("Write at most %(limit_value)d characters.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"


class PressRegistrationForm(BotProtectedForm):
    name = forms.CharField(label=_("Your name"), max_length=200)
    media_outlet = forms.CharField(
        label=_("Media outlet"),
        max_length=200,
        help_text=_("The newspaper, radio or TV station, or other outlet you work for."),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["media_outlet"].widget.attrs["autocomplete"] = "organization"
