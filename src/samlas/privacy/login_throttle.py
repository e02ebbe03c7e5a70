"""Login rate limiting for every sign-in form (the back office and the Django admin).

An authentication backend rather than a view: both login forms call `authenticate()`, so
one place covers them. Failed attempts are counted per user name and per client address in
the shared cache (seen by every app server). Over the limit the password is not even
checked, and the form shows a clear message: a ValidationError raised here reaches the
form's clean() as a non-field error.
"""

import hashlib
import time

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.utils.translation import gettext_lazy as _

from samlas.registration.botcheck import client_id

CACHE_ALIAS = "shared"
DEFAULT_LIMITS = {"per_user": 10, "per_address": 50, "window": 900}


def _limits() -> dict[str, int]:
    return {**DEFAULT_LIMITS, **getattr(settings, "SAMLAS_LOGIN_RATE_LIMIT", {})}


def _keys(request, username: str, window: int) -> tuple[str, str]:
    bucket = int(time.time() // window)
    user = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]
    address = client_id(request) if request is not None else "unknown"
    return f"samlas:login:user:{user}:{bucket}", f"samlas:login:addr:{address}:{bucket}"


def _count(key: str) -> int:
    try:
        return caches[CACHE_ALIAS].get(key) or 0
    except DatabaseError:
        return 0  # a missing cache table must not lock everyone out


def _add_failure(key: str, window: int) -> None:
    cache = caches[CACHE_ALIAS]
    try:
        cache.set(key, (cache.get(key) or 0) + 1, timeout=window)
    except DatabaseError:
        return


class ThrottledModelBackend(ModelBackend):
    """Django's ModelBackend behind a per-user and per-address limit on failed attempts."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(self._username_field(), "")
        limits = _limits()
        user_key, address_key = _keys(request, str(username or ""), limits["window"])
        if _count(user_key) >= limits["per_user"] or _count(address_key) >= limits["per_address"]:
            raise ValidationError(
                _(
                    "Too many failed attempts to sign in. Wait a quarter of an hour and try "
                    "again, or ask an administrator to reset your password."
                ),
                code="rate_limited",
            )
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            _add_failure(user_key, limits["window"])
            _add_failure(address_key, limits["window"])
        return user

    @staticmethod
    def _username_field() -> str:
        from django.contrib.auth import get_user_model  # the user model is not ready at import

        return get_user_model().USERNAME_FIELD
