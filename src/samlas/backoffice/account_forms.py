"""Forms for staff accounts: inviting a colleague, asking for a password link, choosing and
changing a password. Django's own password forms, with GOV.UK widgets and our services
(samlas.backoffice.accounts) doing the saving, the e-mail and the audit log."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from samlas.backoffice import accounts
from samlas.backoffice.forms import MemberForm


class InviteStaffForm(MemberForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=300,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_(
            "The colleague's work address. Without an account here they get an e-mail with "
            "a link to choose a password; with one, they are added at once."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    field_order = ["name", "email", "role", "can_view_health_data"]


class PasswordLinkForm(auth_forms.PasswordResetForm):
    """The address to send a link to; whether it has an account is never told."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("The address your account at Samlas uses."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )

    def save(self, **_options) -> int:  # PasswordResetView passes Django's mail options
        return accounts.send_password_links(self.cleaned_data["email"])


class ChoosePasswordForm(auth_forms.SetPasswordForm):
    """A new password from an e-mailed link (an invitation or "Forgot your password?")."""

    def save(self, commit: bool = True):
        accounts.set_password(self.user, self.cleaned_data["new_password1"], how="reset")
        return self.user


class ChangePasswordForm(auth_forms.PasswordChangeForm):
    """The signed-in user's own password: the current one first."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # GOV.UK's advice: no autofocus; it skips what comes before the field.
        self.fields["old_password"].widget.attrs.pop("autofocus", None)
        self.fields["old_password"].label = _("Current password")

    def save(self, commit: bool = True):
        accounts.set_password(self.user, self.cleaned_data["new_password1"], how="changed")
        return self.user
