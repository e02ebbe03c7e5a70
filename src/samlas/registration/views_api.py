"""A minimal internal JSON endpoint for registering (used by bench/registration_rush.py).

It is off unless SAMLAS_REGISTRATION_API is set, because it skips the form's bot
protection; the REST API issue replaces it. Like every view it only parses the request,
calls a service and renders the outcome.
"""

import json

from django.conf import settings
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from samlas.registration import queries, services
from samlas.registration.exceptions import (
    AlreadyRegistered,
    EventCancelled,
    EventFull,
    InvalidChoice,
    InvalidData,
    RegistrationClosed,
    RegistrationError,
    RegistrationNotOpen,
    SeminarFull,
)

STATUS_FOR_ERROR = [
    ((InvalidData, InvalidChoice), 422),
    ((AlreadyRegistered, EventFull, SeminarFull), 409),
    ((RegistrationNotOpen, RegistrationClosed, EventCancelled), 403),
]
MAX_BODY = 64 * 1024


def _error(exc: RegistrationError) -> JsonResponse:
    status = next((code for kinds, code in STATUS_FOR_ERROR if isinstance(exc, kinds)), 400)
    body = {"error": exc.code, "message": str(exc)}
    if isinstance(exc, InvalidData):
        body["errors"] = exc.errors
    return JsonResponse(body, status=status)


@csrf_exempt
@require_POST
def register(request: HttpRequest, slug: str) -> JsonResponse:
    if not settings.SAMLAS_REGISTRATION_API:
        raise Http404
    event = queries.public_event(slug)
    if event is None:
        raise Http404
    if len(request.body) > MAX_BODY:
        return JsonResponse({"error": "too_large"}, status=413)
    try:
        payload = json.loads(request.body or b"{}")
    except (json.JSONDecodeError, UnicodeDecodeError):
        payload = None
    if not isinstance(payload, dict):
        return JsonResponse({"error": "invalid", "message": "Expected a JSON object."}, status=422)
    try:
        registration = services.register(
            event,
            payload,
            payload.get("choices"),
            payload.get("preferences"),
            idempotency_key=payload.get("idempotency_key") or "",
            accept_waiting_list=payload.get("accept_waiting_list", True) is not False,
        )
    except RegistrationError as exc:
        return _error(exc)
    return JsonResponse(
        {
            "id": registration.pk,
            "status": registration.status,
            "choices": [
                {"block": c.block_id, "seminar": c.seminar_id, "status": c.status}
                for c in registration.seminar_choices
            ],
        },
        status=201,
    )
