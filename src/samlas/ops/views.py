"""Health checks for load balancers and systemd, the operations status page, handler500."""

import sys

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.defaults import server_error as django_server_error

from samlas.ops import queries
from samlas.ops.middleware import response_for_failure
from samlas.organisations.permissions import is_staff_member


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers. Touches nothing else, so a database outage does not
    make the supervisor restart healthy app servers."""
    return HttpResponse("ok\n", content_type="text/plain")


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: the database answers and a task worker has beaten recently (503 if not)."""
    state = queries.readiness()
    body = {
        "status": "ready" if state.ready else "not ready",
        "database": "ok" if state.database else "unavailable",
        "workers": state.workers,
    }
    return JsonResponse(body, status=200 if state.ready else 503)


@never_cache
def status(request: HttpRequest) -> HttpResponse:
    """For organisers: e-mail waiting in the outbox for their events, and the workers."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not is_staff_member(request.user):
        raise PermissionDenied
    context = {
        "backlog": queries.outbox_backlog(request.user),
        "workers": queries.workers_alive(),
    }
    return render(request, "ops/status.html", context)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a failure of the machine gets its clear answer (503, 507) here too."""
    return response_for_failure(request, sys.exc_info()[1]) or django_server_error(request)
