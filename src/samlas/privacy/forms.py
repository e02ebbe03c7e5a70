from django import forms
from django.utils.translation import gettext_lazy as _


class FindPersonForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)


class ErasePersonForm(FindPersonForm):
    """The same address again, with the staff member's explicit confirmation."""

    email = forms.EmailField(widget=forms.HiddenInput, max_length=254)
    confirm = forms.BooleanField(
        label=_("I have checked that this is the right person, and want to erase the data"),
        error_messages={"required": _("Tick the box to confirm the erasure.")},
    )
