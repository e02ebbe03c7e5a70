"""One error body everywhere: {"code", "message", "errors"?} with a fitting status.

Registration's errors carry a stable `code`; here each code gets its HTTP status, so a
client can act on the code and show the (translated) message.
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from samlas.registration.exceptions import InvalidData, RegistrationError

REGISTRATION_STATUS = {
    "invalid": status.HTTP_422_UNPROCESSABLE_ENTITY,
    "invalid_choice": status.HTTP_422_UNPROCESSABLE_ENTITY,
    "already_registered": status.HTTP_409_CONFLICT,
    "event_full": status.HTTP_409_CONFLICT,
    "seminar_full": status.HTTP_409_CONFLICT,
    "not_open": status.HTTP_409_CONFLICT,
    "closed": status.HTTP_409_CONFLICT,
    "event_cancelled": status.HTTP_409_CONFLICT,
    "cancelled": status.HTTP_409_CONFLICT,
}


class ApiError(exceptions.APIException):
    """An error with its own code and status, rendered in the request's language."""

    def __init__(self, status_code: int, code: str, message, errors: dict | None = None) -> None:
        super().__init__(message, code)
        self.status_code, self.code, self.message, self.errors = status_code, code, message, errors


def error_body(code: str, message: str, errors: dict | None = None) -> dict:
    body = {"code": code, "message": str(message)}
    if errors:
        body["errors"] = {field: [str(m) for m in messages] for field, messages in errors.items()}
    return body


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error details as {"field" or "field.key": [messages]}."""
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            flat.update(_flatten(value, name))
        return flat
    if isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        flat = {}
        for index, item in enumerate(detail):
            flat.update(_flatten(item, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    messages = detail if isinstance(detail, list) else [detail]
    return {prefix or "non_field_errors": [str(message) for message in messages]}


def registration_error_response(exc: RegistrationError) -> Response:
    errors = exc.errors if isinstance(exc, InvalidData) else None
    return Response(
        error_body(exc.code, exc.message, errors),
        status=REGISTRATION_STATUS.get(exc.code, status.HTTP_409_CONFLICT),
    )


def exception_handler(exc, context) -> Response | None:
    if isinstance(exc, ApiError):
        return Response(error_body(exc.code, exc.message, exc.errors), status=exc.status_code)
    if isinstance(exc, RegistrationError):
        return registration_error_response(exc)
    if isinstance(exc, DjangoValidationError):
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        return Response(
            error_body("invalid", _("Please check the details."), errors),
            status=status.HTTP_422_UNPROCESSABLE_ENTITY,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = error_body("invalid", _("Please check the details."), _flatten(exc.detail))
    else:
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        code = codes if isinstance(codes, str) else "error"
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        response.data = error_body(code, detail)
    return response
