"""Check-in at the door, made for a phone: find a participant by name or by the code in the
QR on their badge, check them in, see their seminars and how many have arrived.

Every action is a POST followed by a redirect back to the page (so reloading never checks
anyone in twice); the registration just handled is shown on top with its seminars. The
camera scanner and the live count are progressive enhancements (backoffice/checkin.js);
without JavaScript the code field and a reload link do the same.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from samlas.backoffice.forms import CheckInCodeForm, CheckInSearchForm
from samlas.backoffice.views.common import event_for, staff_view
from samlas.core.dates import format_time
from samlas.organisations.permissions import Action
from samlas.registration import checkin
from samlas.registration.models import Registration

# The page may use the camera (to scan QR codes) but nothing else the site forbids.
CAMERA_POLICY = (
    "camera=(self), microphone=(), geolocation=(), payment=(), usb=(), "
    "interest-cohort=(), browsing-topics=()"
)


def arrivals_text(arrivals: checkin.Arrivals) -> str:
    return _("%(arrived)s of %(expected)s have arrived") % {
        "arrived": arrivals.arrived,
        "expected": arrivals.expected,
    }


def _staff_name(user) -> str:
    if user is None:
        return _("someone no longer registered as staff")
    return user.get_full_name() or user.get_username()


def _back(event, query: str = "", shown: int | None = None) -> HttpResponse:
    params = {k: v for k, v in (("q", query), ("r", shown)) if v}
    url = reverse("backoffice:check_in", args=[event.pk])
    return redirect(f"{url}?{urlencode(params)}" if params else url)


def _check_in(request: HttpRequest, registration: Registration) -> None:
    try:
        result = checkin.check_in(registration, actor=request.user)
    except checkin.CheckInRefused as error:
        messages.error(request, str(error))
        return
    done = result.registration
    if result.already:
        messages.warning(
            request,
            _("%(name)s is already checked in (at %(time)s by %(by)s).")
            % {
                "name": done.name,
                "time": format_time(done.checked_in_at),
                "by": _staff_name(done.checked_in_by),
            },
        )
    else:
        messages.success(request, _("%(name)s is checked in.") % {"name": done.name})


def _shown(request: HttpRequest, event) -> Registration | None:
    value = request.GET.get("r", "")
    return (
        checkin.registration_with_choices(event, int(value))
        if value.isascii() and value.isdigit() and len(value) < 19
        else None
    )


@staff_view
def check_in_page(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the page (with search results for `q`); POST: check in by code."""
    event = event_for(request, pk, Action.CHECK_IN)
    code_form = CheckInCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and code_form.is_valid():
        registration = checkin.registration_for_code(event, code_form.cleaned_data["code"])
        if registration is not None:
            _check_in(request, registration)
            return _back(event, shown=registration.pk)
        code_form.add_error(
            "code",
            _("No registration for this event has that code. Check it, or search by name."),
        )
    search_form = CheckInSearchForm(request.GET if "q" in request.GET else None)
    query = search_form.cleaned_data["q"] if search_form.is_valid() else ""
    results = checkin.search(event, query) if query else None
    arrivals = checkin.arrivals(event)
    response = render(
        request,
        "backoffice/checkin.html",
        {
            "event": event,
            "code_form": code_form,
            "search_form": search_form,
            "query": query,
            "results": results,
            "shown": _shown(request, event),
            "arrivals": arrivals,
            "arrivals_text": arrivals_text(arrivals),
            "search_limit": checkin.SEARCH_LIMIT,
        },
    )
    response["Permissions-Policy"] = CAMERA_POLICY
    return response


def _registration_post(request: HttpRequest, pk: int, registration_pk: int):
    event = event_for(request, pk, Action.CHECK_IN)
    if request.method != "POST":
        return event, None
    return event, get_object_or_404(Registration, event=event, pk=registration_pk)


@staff_view
def check_in_registration(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    event, registration = _registration_post(request, pk, registration_pk)
    if registration is None:
        return HttpResponseNotAllowed(["POST"])
    _check_in(request, registration)
    return _back(event, request.POST.get("q", "")[:200], registration.pk)


@staff_view
def check_in_undo(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    event, registration = _registration_post(request, pk, registration_pk)
    if registration is None:
        return HttpResponseNotAllowed(["POST"])
    checkin.undo_check_in(registration, actor=request.user)
    messages.success(
        request, _("The check-in of %(name)s has been undone.") % {"name": registration.name}
    )
    return _back(event, request.POST.get("q", "")[:200], registration.pk)


@staff_view
def check_in_count(request: HttpRequest, pk: int) -> JsonResponse:
    """The live count the page polls every few seconds."""
    event = event_for(request, pk, Action.CHECK_IN)
    arrivals = checkin.arrivals(event)
    return JsonResponse(
        {
            "arrived": arrivals.arrived,
            "expected": arrivals.expected,
            "text": arrivals_text(arrivals),
        }
    )
