"""Bot protection for the registration form, without a puzzle (DESIGN.md §5).

Four signals, none of which asks anything of a person:

- an ALTCHA proof of work that the widget solves in the browser (PBKDF2, a second or so);
- a honeypot field that people never see and bots fill in;
- a minimum time between opening the form and sending it;
- a rate limit per client address.

A missing proof of work (no JavaScript, an old browser) is not an error: the registration
is then kept `pending` until the registrant clicks the link in the e-mail. A proof that is
forged, expired or used before is refused. The ALTCHA library has no replay protection of
its own, so each solved challenge's signature is recorded in the shared cache (a database
table, so every app server sees it) until the challenge expires, with an atomic `add`.
"""

import ipaddress
import time
from dataclasses import dataclass
from datetime import timedelta

import altcha
from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ALGORITHM = "PBKDF2/SHA-256"
# A challenge lives long enough for someone to read the review page at leisure.
CHALLENGE_LIFETIME = timedelta(minutes=30)
# Real payloads are well under 1 kB; anything far larger is not worth decoding.
MAX_PAYLOAD_LENGTH = 4096
HONEYPOT_FIELD = "samlas_check"
CACHE_ALIAS = "shared"


class BotCheckFailed(Exception):
    """A proof of work was sent but cannot be accepted; `message` tells the person why."""

    def __init__(self, message: Promise | str, status: int) -> None:
        self.message, self.status = message, status
        super().__init__(str(message))


class RateLimited(Exception):
    """Too many submissions from one client in the current window."""

    message = _(
        "You have sent many registrations in a short time. Please wait a few minutes and try again."
    )


def _hmac_secret() -> str:
    # Derived from SECRET_KEY so that no extra secret has to be configured and shared.
    return salted_hmac("samlas.registration.altcha", "hmac", algorithm="sha256").hexdigest()


def _cost() -> int:
    return getattr(settings, "SAMLAS_ALTCHA_COST", 5000)


def new_challenge() -> dict:
    """A signed challenge as the widget fetches it (JSON)."""
    challenge = altcha.create_challenge(
        algorithm=ALGORITHM,
        cost=_cost(),
        expires_at=timezone.now() + CHALLENGE_LIFETIME,
        hmac_secret=_hmac_secret(),
    )
    return challenge.to_dict()


def verify_proof(payload: str, *, owner: str) -> bool:
    """True for a valid, unused proof of work; False when none was sent.

    `owner` is the form's idempotency key: the same form sent twice (a double click, a
    retry) carries the same proof, which is then accepted again rather than called a replay.
    Raises BotCheckFailed for a forged, expired or reused proof.
    """
    payload = (payload or "").strip()
    if not payload:
        return False
    if len(payload) > MAX_PAYLOAD_LENGTH:
        raise BotCheckFailed(_invalid_message(), 403)
    try:
        result = altcha.verify_solution(payload, hmac_secret=_hmac_secret())
    except (ValueError, TypeError, KeyError, OverflowError):
        raise BotCheckFailed(_invalid_message(), 403) from None
    if result.expired:
        raise BotCheckFailed(
            _(
                "The check that you are not a robot expired before the form was sent. "
                "Please send the form again."
            ),
            400,
        )
    if not result.verified:
        raise BotCheckFailed(_invalid_message(), 403)
    challenge = altcha.Payload.from_base64(payload).challenge
    return _remember(challenge.signature, challenge.parameters.expires_at, owner)


def _invalid_message() -> Promise:
    return _(
        "The check that you are not a robot could not be accepted. Reload the page and "
        "send the form again."
    )


def _remember(signature: str, expires_at: int | None, owner: str) -> bool:
    """Record a used proof until its challenge expires; refuse one used by another form.

    False when the shared store cannot be reached: a replay cannot then be ruled out, so the
    proof counts as missing and the registrant confirms by e-mail instead.
    """
    key = f"samlas:altcha:{signature}"
    timeout = max(int((expires_at or time.time()) - time.time()) + 60, 60)
    cache = caches[CACHE_ALIAS]
    try:
        if cache.add(key, owner, timeout=timeout) or cache.get(key) == owner:
            return True
    except DatabaseError:
        return False
    raise BotCheckFailed(
        _(
            "This check that you are not a robot has already been used. Reload the page and "
            "send the form again."
        ),
        403,
    )


def honeypot_filled(data) -> bool:
    return bool((data.get(HONEYPOT_FIELD) or "").strip())


def filled_too_fast(started: float | None, now: float | None = None) -> bool:
    """A person needs a few seconds for the form; a script does not."""
    minimum = getattr(settings, "SAMLAS_REGISTRATION_MIN_SECONDS", 5)
    if started is None:
        return True
    return (now or time.time()) - started < minimum


@dataclass(frozen=True)
class RateLimit:
    limit: int
    window: int  # seconds


def _rate_limit() -> RateLimit:
    limit, window = getattr(settings, "SAMLAS_REGISTRATION_RATE_LIMIT", (20, 600))
    return RateLimit(limit, window)


def client_id(request: HttpRequest) -> str:
    """The client's address; an IPv6 client is its /64, which one household usually has.

    Behind a proxy, configure it to set REMOTE_ADDR (e.g. gunicorn's --forwarded-allow-ips):
    a client-supplied X-Forwarded-For header cannot be trusted here.
    """
    address = request.META.get("REMOTE_ADDR", "")
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "unknown"
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def check_rate(request: HttpRequest, scope: str) -> None:
    """Count one submission from this client; raise RateLimited over the limit.

    The limit is generous: a whole municipality may reach us from one address. Counting is
    approximate under concurrency (read, then write), which is enough to slow down a script.
    """
    rate = _rate_limit()
    bucket = int(time.time() // rate.window)
    key = f"samlas:rate:{scope}:{client_id(request)}:{bucket}"
    cache = caches[CACHE_ALIAS]
    try:
        count = (cache.get(key) or 0) + 1
        cache.set(key, count, timeout=rate.window)
    except DatabaseError:
        return  # a missing cache table must not stop registration
    if count > rate.limit:
        raise RateLimited
