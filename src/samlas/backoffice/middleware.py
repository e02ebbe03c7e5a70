"""Keeps an unfinished two-step sign-in away from everything a signed-in user may do.

A session that has passed the password but not the code (or, where the code is required,
has no app set up) is sent from every staff page — the back office and the Django admin,
whichever sign-in form it came through — to the step it lacks; on any other page it counts
as not signed in. Sessions without two-step sign-in, and anonymous visitors, pass untouched
(for them this costs one small query per request, none without a session cookie).
"""

from collections.abc import Callable
from functools import cached_property
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from samlas.organisations import twofactor

STEPS = {"verify": "backoffice:login_code", "enrol": "backoffice:two_factor_enrol"}


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    @cached_property
    def staff_prefixes(self) -> tuple[str, ...]:
        return (reverse("backoffice:dashboard"), reverse("admin:index"))

    @cached_property
    def open_paths(self) -> frozenset[str]:
        """The pages that finish (or abandon) the sign-in."""
        return frozenset(reverse(name) for name in [*STEPS.values(), "backoffice:logout"])

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return self.get_response(request)
        step = twofactor.missing_step(request.user)
        if step is None or request.path in self.open_paths:
            return self.get_response(request)
        if request.path.startswith(self.staff_prefixes):
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse(STEPS[step])}?{query}")
        request.user = AnonymousUser()
        return self.get_response(request)
