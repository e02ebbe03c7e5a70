"""The registrant's erasure request ("Min anmälan") and staff's erasure of one person."""

from django.contrib.auth.decorators import user_passes_test
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from samlas.privacy import services
from samlas.privacy.forms import ErasePersonForm, FindPersonForm
from samlas.registration.exceptions import InvalidLink, LinkExpired
from samlas.registration.queries import registration_for_token


@never_cache
@require_http_methods(["GET", "POST"])
def erase_registration(request: HttpRequest, token: str) -> HttpResponse:
    """Erasure takes a button press (a POST): mail scanners open links by themselves."""
    try:
        registration = registration_for_token(token)
    except (InvalidLink, LinkExpired) as exc:
        context = {"title": _("The link does not work"), "message": exc.message}
        return render(request, "privacy/message.html", context, status=404)
    if request.method == "POST":
        services.erase_registration(registration, reason="request")
        return redirect("privacy:erased")
    context = {
        "event": registration.event,
        "registration": registration,
        "token": token,
        "will_cancel": registration.is_active,
    }
    return render(request, "privacy/erase_registration.html", context)


def erased(request: HttpRequest) -> HttpResponse:
    context = {
        "title": _("Your personal data has been erased"),
        "message": _(
            "We have erased your name, e-mail address and the other details of your "
            "registration. The link to your registration no longer works."
        ),
    }
    return render(request, "privacy/message.html", context)


def _superuser(user) -> bool:
    return user.is_active and user.is_superuser


@never_cache
@user_passes_test(_superuser)
@require_http_methods(["GET", "POST"])
def erase_person(request: HttpRequest) -> HttpResponse:
    """Find everything stored about an e-mail address, then erase it after confirmation.

    Only superusers: erasing someone everywhere crosses every organisation's events.
    """
    person = None
    confirm_form = None
    find_form = FindPersonForm(request.GET or None)
    if request.method == "POST":
        confirm_form = ErasePersonForm(request.POST)
        if confirm_form.is_valid():
            email = confirm_form.cleaned_data["email"]
            services.erase_person(email, actor=request.user)
            return redirect(reverse("privacy:erase_person") + "?klart=1")
        find_form = FindPersonForm({"email": request.POST.get("email", "")})
    if find_form.is_valid():
        person = services.find_person(find_form.cleaned_data["email"])
        if person.found and confirm_form is None:
            confirm_form = ErasePersonForm(initial={"email": person.email})
    context = {
        "find_form": find_form,
        "confirm_form": confirm_form,
        "person": person,
        "done": request.GET.get("klart") == "1",
    }
    return render(request, "privacy/erase_person.html", context)
