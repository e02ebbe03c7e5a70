"""Production configuration from environment variables, for settings.py.

Plain functions without Django imports: settings.py calls them before Django is set up.
A deployment sets a handful of URLs (DATABASE_URL, EMAIL_URL, REDIS_URL) rather than a
dozen separate variables, in the style of dj-database-url; docs/deployment.md lists them.
"""

from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_SCHEMES = {
    # scheme: (backend, default port, STARTTLS, implicit TLS)
    "smtp": (SMTP_BACKEND, 25, False, False),
    "smtp+tls": (SMTP_BACKEND, 587, True, False),
    "submission": (SMTP_BACKEND, 587, True, False),
    "smtps": (SMTP_BACKEND, 465, False, True),
    "smtp+ssl": (SMTP_BACKEND, 465, False, True),
    "console": ("django.core.mail.backends.console.EmailBackend", 0, False, False),
    "dummy": ("django.core.mail.backends.dummy.EmailBackend", 0, False, False),
}


@dataclass(frozen=True)
class EmailConfig:
    backend: str
    host: str
    port: int
    user: str
    password: str
    use_tls: bool
    use_ssl: bool
    timeout: int


def parse_email_url(url: str, *, default_timeout: int = 30) -> EmailConfig:
    """`smtp+tls://user:password@mail.example.org:587?timeout=20` → Django's EMAIL_* values.

    Schemes: smtp (plain, port 25), smtp+tls / submission (STARTTLS, 587), smtps / smtp+ssl
    (implicit TLS, 465), console and dummy. User and password are percent-decoded, so a
    password may hold any character (`@` as `%40`).
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in EMAIL_SCHEMES:
        raise ValueError(
            f"EMAIL_URL: unknown scheme {parts.scheme!r}; use one of {', '.join(EMAIL_SCHEMES)}"
        )
    backend, default_port, use_tls, use_ssl = EMAIL_SCHEMES[scheme]
    query = parse_qs(parts.query)
    timeout = int(query.get("timeout", [default_timeout])[0])
    return EmailConfig(
        backend=backend,
        host=parts.hostname or "localhost",
        port=parts.port or default_port,
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        use_tls=use_tls,
        use_ssl=use_ssl,
        timeout=timeout,
    )


def cache_settings(redis_url: str, *, key_prefix: str = "samlas") -> dict:
    """CACHES for every app server alike: Redis when REDIS_URL is set, else a database table.

    Both aliases are shared between processes (never a per-process memory cache): "shared"
    holds the registration form's rate limits and used ALTCHA proofs, "default" everything
    else, including cached sessions. Short socket timeouts make a Redis outage an error
    within two seconds rather than a hung request.
    """
    if redis_url:
        return {
            alias: {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": redis_url,
                "KEY_PREFIX": f"{key_prefix}:{alias}",
                "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
            }
            for alias in ("default", "shared")
        }
    # The table is created by samlas.ops' migration (and by `createcachetable`).
    database = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "samlas_cache",
        "OPTIONS": {"MAX_ENTRIES": 200_000},
    }
    return {
        "default": {**database, "KEY_PREFIX": f"{key_prefix}:default"},
        "shared": {**database, "KEY_PREFIX": f"{key_prefix}:shared"},
    }


def logging_settings(
    log_format: str, level: str, *, loggers: tuple[str, ...] = ("django",), access_log: bool = False
) -> dict:
    """LOGGING: one console handler whose formatter removes personal data (samlas.ops.logs).

    `log_format` "json" writes one JSON object per line (for journald, Loki, Elasticsearch …),
    anything else readable text. `loggers` are configured explicitly so that their records
    go through this handler only once (Django's own "django" logger would otherwise also
    print unfiltered in DEBUG and try to mail admins); gunicorn passes its own loggers.
    """
    formatter = "json" if log_format.lower() == "json" else "text"
    level = level.upper()
    config = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "text": {
                "()": "samlas.ops.logs.RedactingFormatter",
                "format": "%(asctime)s %(levelname)s [%(process)d] %(name)s: %(message)s",
            },
            "json": {"()": "samlas.ops.logs.JsonFormatter"},
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": formatter}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            name: {"handlers": ["console"], "level": level, "propagate": False} for name in loggers
        },
    }
    if "gunicorn.access" in loggers:
        config["loggers"]["gunicorn.access"]["level"] = "INFO" if access_log else "WARNING"
    return config
