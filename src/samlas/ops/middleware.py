"""Turn a database outage, a full disk or an oversized upload into a clear answer.

A database that restarts or fails over makes every query raise OperationalError or
InterfaceError for a few seconds (and Redis, with REDIS_URL, its ConnectionError). Without
this the visitor would see "Internal Server Error"; with it they get 503 "Tjänsten är
tillfälligt otillgänglig. Försök igen om en stund." with Retry-After (JSON for API
clients), and Django drops the broken connection at the end of the request, so the next
request connects afresh. A form sent again after a 503 is safe: registration is idempotent
(docs/registration.md).

The middleware catches what views raise; `samlas.ops.views.server_error` (handler500)
catches the same failures raised elsewhere, e.g. while saving the session.
"""

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from samlas.ops.errors import RETRY_AFTER_SECONDS, StorageFull, UploadTooLarge, is_disk_full

logger = logging.getLogger(__name__)


def wants_json(request: HttpRequest) -> bool:
    """API clients get JSON: the path is under an api/ segment, or they send or ask for it."""
    if "/api/" in request.path:
        return True
    if request.content_type == "application/json":
        return True
    return request.headers.get("Accept", "").startswith("application/json")


def _size(limit: int) -> str:
    megabytes = limit / 1_000_000
    return f"{number_format(megabytes, 0 if megabytes >= 10 else 1)} MB"


def _unavailable_errors() -> tuple[type[BaseException], ...]:
    """The database's errors, and Redis's when the caches are there (REDIS_URL)."""
    errors: tuple[type[BaseException], ...] = (OperationalError, InterfaceError)
    try:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeoutError
    except ImportError:  # the redis package is only needed with REDIS_URL
        return errors
    return (*errors, RedisConnectionError, RedisTimeoutError)


UNAVAILABLE = _unavailable_errors()


def response_for_failure(request: HttpRequest, exc: BaseException | None) -> HttpResponse | None:
    """The answer for a failure of the machine, or None when `exc` is an ordinary bug."""
    if isinstance(exc, UNAVAILABLE):
        logger.warning(
            "Database or cache unavailable during %s %s: %s",
            request.method,
            request.path,
            type(exc).__name__,
        )
        response = _answer(
            request,
            503,
            "unavailable",
            _("The service is temporarily unavailable"),
            _("The service is temporarily unavailable. Please try again in a moment."),
            resend_hint=request.method == "POST",
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    if isinstance(exc, StorageFull) or is_disk_full(exc):
        logger.error("Disk full while storing an upload: %s", exc)
        return _answer(
            request,
            507,
            StorageFull.code,
            _("The file could not be saved"),
            str(StorageFull.message),
        )
    if isinstance(exc, UploadTooLarge):
        return _answer(
            request,
            413,
            UploadTooLarge.code,
            _("The file is too large"),
            str(UploadTooLarge.message) % {"size": _size(exc.limit)},
        )
    return None


def _answer(
    request: HttpRequest,
    status: int,
    code: str,
    title: str,
    message: str,
    *,
    resend_hint: bool = False,
) -> HttpResponse:
    if wants_json(request):
        body = {"error": code, "message": message}
        if status == 503:
            body["retry_after"] = RETRY_AFTER_SECONDS
        response = JsonResponse(body, status=status)
    else:
        context = {"title": title, "message": message, "resend_hint": resend_hint}
        html = render_to_string("ops/failure.html", context, request)
        response = HttpResponse(html, status=status)
    # The answer describes a passing state of the machine: never store it.
    response["Cache-Control"] = "no-store"
    return response


class ServiceUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return response_for_failure(request, exception)
