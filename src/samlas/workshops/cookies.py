"""The participant's identity: a random token in a signed cookie, one cookie per workshop.

The cookie's name and signing salt both carry the workshop's id, so a token taken from one
workshop's cookie does not verify in another: each workshop sees an unrelated participant.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from samlas.workshops.models import Workshop

MAX_AGE = timedelta(days=7)


def _name(workshop: Workshop) -> str:
    return f"samlas_workshop_{workshop.pk}"


def _salt(workshop: Workshop) -> str:
    return f"samlas.workshops.participant.{workshop.pk}"


def read_token(request: HttpRequest, workshop: Workshop) -> uuid.UUID | None:
    value = request.get_signed_cookie(
        _name(workshop), default=None, salt=_salt(workshop), max_age=MAX_AGE
    )
    if value is None:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def remember_token(response: HttpResponse, workshop: Workshop, token: uuid.UUID) -> None:
    response.set_signed_cookie(
        _name(workshop),
        str(token),
        salt=_salt(workshop),
        max_age=MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
