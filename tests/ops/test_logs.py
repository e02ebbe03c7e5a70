"""Logs never contain personal data: LOG_FORMAT=json and text, messages and tracebacks."""

import io
import json
import logging

import pytest
from django.test import RequestFactory

from samlas.ops.config import logging_settings
from samlas.ops.logs import JsonFormatter, RedactingFormatter, redact

LINK = "4711.Qm9vX3R6d3Z4eTEyMzQ1Ng.kZ8yT1c2bXFhYk5lUkxwQmJ3dGh2b2xvcGVyYWNoZWV0"


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("E-mail 12 to anna.berg@umea.se failed", "anna.berg@umea.se"),
        ("GET /anmalan/?email=anna%40umea.se", "anna%40umea.se"),
        (f"Not Found: /anmalan/{LINK}/bekrafta/", LINK),
        ("session 8f3k2l9xq0w7e5r1t6y4u2i8o0p3a5s7 expired", "8f3k2l9xq0w7e5r1t6y4u2i8o0p3a5s7"),
        ("POST /x?token=abc123&next=/", "abc123"),
        ("client 192.168.12.7 sent too much", "192.168.12.7"),
        ("client 2001:db8::8a2e:370:7334 sent too much", "2001:db8::8a2e:370:7334"),
        ("personnummer 19850312-1234 i fritext", "19850312-1234"),
        ("ring 070-123 45 67 om frågor", "070-123 45 67"),
        ("Key (email_normalised)=(eva@example.org) already exists.", "eva@example.org"),
    ],
)
def test_personal_data_and_secrets_are_replaced(text, secret):
    cleaned = redact(text)
    assert secret not in cleaned
    assert "[" in cleaned  # replaced by a label, not silently dropped


@pytest.mark.parametrize(
    "text",
    [
        "django.db.utils.OperationalError: SynchronousOnlyOperation",
        "IntegrityError: registration_one_choice_per_block",
        "Outbox: sent: 12, retry: 3 at 09:15:00 on 2026-11-21",
        "E-mail 4711 not sent (attempt 3)",
        "SMTPRecipientsRefused: IsADirectoryError in send_outbox_message",
    ],
)
def test_ordinary_log_text_is_kept(text):
    assert redact(text) == text


def _log_through(formatter: logging.Formatter, logger_name: str, *args, **kwargs) -> str:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    logger = logging.getLogger(logger_name)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        logger.warning(*args, **kwargs)
    finally:
        logger.removeHandler(handler)
    return stream.getvalue()


def test_json_lines_have_fields_and_no_email_even_in_the_traceback():
    try:
        raise ValueError("duplicate key for anna.berg@umea.se")
    except ValueError:
        line = _log_through(
            JsonFormatter(),
            "samlas.test",
            "E-mail to %s failed",
            "anna.berg@umea.se",
            exc_info=True,
        )
    entry = json.loads(line)
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "samlas.test"
    assert entry["message"] == "E-mail to [email] failed"
    assert "ValueError: duplicate key for [email]" in entry["exception"]
    assert entry["time"].endswith("+00:00")
    assert "umea.se" not in line


def test_django_request_log_records_keep_method_path_and_status_without_the_token():
    request = RequestFactory().get(f"/anmalan/{LINK}/", REMOTE_ADDR="10.1.2.3")
    line = _log_through(
        JsonFormatter(),
        "django.request",
        "Not Found: %s",
        request.path,
        extra={"status_code": 404, "request": request},
    )
    entry = json.loads(line)
    assert (entry["method"], entry["status"]) == ("GET", 404)
    assert entry["path"] == "/anmalan/[token]/"
    assert LINK not in line and "10.1.2.3" not in line


def test_text_format_is_redacted_too():
    formatter = RedactingFormatter("%(levelname)s %(message)s")
    line = _log_through(formatter, "samlas.test", "Link %s sent to %s", LINK, "eva@example.org")
    assert line.strip() == "WARNING Link [token] sent to [email]"


def test_log_format_json_selects_the_json_formatter_for_django_and_gunicorn():
    config = logging_settings("json", "info", loggers=("django", "gunicorn.access"))
    assert config["handlers"]["console"]["formatter"] == "json"
    assert config["formatters"]["json"]["()"] == "samlas.ops.logs.JsonFormatter"
    assert config["loggers"]["django"] == {
        "handlers": ["console"],
        "level": "INFO",
        "propagate": False,
    }
    # The access log stays off unless asked for (ACCESS_LOG=1).
    assert config["loggers"]["gunicorn.access"]["level"] == "WARNING"
    assert logging_settings("text", "warning")["handlers"]["console"]["formatter"] == "text"
