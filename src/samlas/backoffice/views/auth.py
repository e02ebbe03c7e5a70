"""Signing in and out of the back office (Django's own views, Swedish templates), the
second step: the code from an authenticator app (docs/two-factor.md), and passwords: a link
by e-mail to choose one ("Forgot your password?", and the invitation of a new colleague),
and changing one's own (samlas.backoffice.accounts)."""

from urllib.parse import urlencode

import django_otp
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from samlas.backoffice import accounts
from samlas.backoffice.account_forms import ChangePasswordForm, ChoosePasswordForm, PasswordLinkForm
from samlas.backoffice.forms import CodeForm, LoginForm
from samlas.backoffice.views.common import staff_view
from samlas.backoffice.views.events import form_errors
from samlas.organisations import twofactor
from samlas.registration.botcheck import client_id

ENROLMENT = "samlas_two_factor_enrolment"


def _next(request: HttpRequest) -> str:
    """Where to go after signing in: a local address only (never another site)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("backoffice:dashboard")


def _to(name: str, next_url: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{reverse(name)}?{urlencode({'next': next_url})}")


class LoginView(auth_views.LoginView):
    template_name = "backoffice/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        if twofactor.has_device(user):
            return _to("backoffice:login_code", self.get_success_url())
        if twofactor.required_for(user):
            return _to("backoffice:two_factor_enrol", self.get_success_url())
        return response


class LogoutView(auth_views.LogoutView):
    next_page = "backoffice:login"


@never_cache
@sensitive_post_parameters("code")
def login_code(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: the code the app shows now."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(_next(request))
    if user.is_verified() or not twofactor.has_device(user):
        return HttpResponseRedirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = twofactor.verify(user, form.cleaned_data["code"])
        except ValidationError as error:
            form_errors(form, error)
        else:
            django_otp.login(request, device)
            return HttpResponseRedirect(_next(request))
    return render(
        request,
        "backoffice/login_code.html",
        {"form": form, "next": _next(request), "signing_in": True},
    )


@never_cache
@sensitive_post_parameters("code")
def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    """Set up the app: scan the QR code (or type the key), then give a code from it."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if twofactor.has_device(user) and not user.is_verified():
        # Replacing the app needs the old one first: a password alone must not do it.
        return _to("backoffice:login_code", request.get_full_path())
    device = twofactor.pending_device(user, request.session.get(ENROLMENT))
    if device is None:
        device = twofactor.start_enrolment(user)
        request.session[ENROLMENT] = device.pk
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = twofactor.confirm_enrolment(user, device, form.cleaned_data["code"])
        except ValidationError as error:
            form_errors(form, error)
        else:
            request.session.pop(ENROLMENT, None)
            django_otp.login(request, device)
            messages.success(request, _("Two-step sign-in is on."))
            return HttpResponseRedirect(_next(request))
    return render(
        request,
        "backoffice/two_factor_enrol.html",
        {
            "form": form,
            "qr": twofactor.qr_svg(device, _("QR code to scan with the authenticator app")),
            "secret": twofactor.secret_for_typing(device),
            "next": _next(request),
            "required": twofactor.required_for(user),
            "signing_in": twofactor.missing_step(user) is not None,
        },
    )


@staff_view
@sensitive_post_parameters("code")
def two_factor(request: HttpRequest) -> HttpResponse:
    """The user's own two-step sign-in: on or off, and turning it off with a code."""
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            twofactor.turn_off(request.user, form.cleaned_data["code"])
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Two-step sign-in is off."))
            return redirect("backoffice:two_factor")
    return render(
        request,
        "backoffice/two_factor.html",
        {
            "form": form,
            "enabled": twofactor.has_device(request.user),
            "required": twofactor.required_for(request.user),
        },
    )


# --- Passwords -------------------------------------------------------------------------------


class PasswordResetView(auth_views.PasswordResetView):
    """ "Forgot your password?": the same answer whether the address has an account or not,
    and a limit on requests per address and per client, as for signing in."""

    template_name = "backoffice/password_reset.html"
    form_class = PasswordLinkForm
    success_url = reverse_lazy("backoffice:password_reset_done")

    def form_valid(self, form) -> HttpResponse:
        if not accounts.allow_password_link_request(
            client_id(self.request), form.cleaned_data["email"]
        ):
            form.add_error(
                None,
                _(
                    "Too many requests for a link. Wait a quarter of an hour and try again, "
                    "or ask an administrator of your organisation for help."
                ),
            )
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "backoffice/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The link from the e-mail: choose a password (the link works once)."""

    template_name = "backoffice/password_reset_confirm.html"
    form_class = ChoosePasswordForm
    reset_url_token = "valj-losenord"
    success_url = reverse_lazy("backoffice:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "backoffice/password_reset_complete.html"


class _PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "backoffice/password_change.html"
    form_class = ChangePasswordForm
    success_url = reverse_lazy("backoffice:password_change")

    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)  # keeps this session signed in
        messages.success(self.request, _("Your password has been changed."))
        return response


password_change = staff_view(_PasswordChangeView.as_view())
