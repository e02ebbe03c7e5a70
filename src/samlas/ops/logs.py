"""Log formatters that keep personal data out of the logs (LOG_FORMAT=text or json).

Logs are shipped, kept and read by people who have no business seeing who registered for
what, so every line is filtered as the very last step, after the message, its arguments and
any traceback have been put together: e-mail addresses, the secret links of "Min anmälan",
other long random tokens (sessions, CSRF, signatures), secret query parameters, IP
addresses, Swedish personal identity numbers and phone numbers are replaced by a label.
This is a safety net: code should not log personal data in the first place.
"""

import json
import logging
import re
from datetime import UTC, datetime

EMAIL = re.compile(r"[\w.+-]+(?:@|%40)[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
# "Min anmälan": <registration pk>.<secret>.<HMAC> (samlas.registration.links).
LINK_TOKEN = re.compile(r"\b\d+\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}")
SECRET_PARAMETER = re.compile(
    r"\b(token|key|secret|signature|password|passwd|sessionid|csrftoken|"
    r"csrfmiddlewaretoken|altcha|code)=([^&\s\"';,]+)",
    re.IGNORECASE,
)
SNAKE_CASE = re.compile(r"[a-z]+(?:_[a-z]+)+|[A-Z]+(?:_[A-Z]+)+")
CASE_RUN = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+")
WORD = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{20,}(?![A-Za-z0-9_-])")
IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])")
IPV6 = re.compile(r"(?<![\w:])[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?![\w:])", re.IGNORECASE)
PERSONAL_NUMBER = re.compile(r"(?<!\d)(?:19|20)?\d{6}[-+]?\d{4}(?!\d)")
PHONE = re.compile(r"(?<![\w+])(?:\+46[- ]?|0)\d{1,3}[- ]?\d{2,3}(?:[- ]?\d{2}){2}(?!\d)")


def _looks_random(word: str) -> bool:
    """A long word is a secret, not an identifier, when it has digits or no real words.

    Identifiers such as `SMTPRecipientsRefused` or `registration_seminar_choice` are made
    of words of four letters or more; in base64 or hex secrets the letters fall into short
    runs between case changes and digits (1 in 500 random tokens passes as a word).
    """
    if SNAKE_CASE.fullmatch(word):
        return False
    if sum(c.isdigit() for c in word) >= 2:
        return True
    letters = sum(c.isalpha() for c in word)
    in_words = sum(len(part) for part in CASE_RUN.findall(word) if len(part) >= 4)
    return letters > 0 and in_words < 0.8 * letters


def _ipv6(match: re.Match) -> str:
    text = match.group(0)
    # Times (09:15:00) have two colons; an IPv6 address is compressed (::) or has seven.
    return "[ip]" if "::" in text or text.count(":") >= 5 else text


def redact(text: str) -> str:
    """The text with personal data and secrets replaced by labels."""
    text = EMAIL.sub("[email]", text)
    text = LINK_TOKEN.sub("[token]", text)
    text = SECRET_PARAMETER.sub(lambda m: f"{m.group(1)}=[redacted]", text)
    text = WORD.sub(lambda m: "[token]" if _looks_random(m.group(0)) else m.group(0), text)
    text = IPV4.sub("[ip]", text)
    text = IPV6.sub(_ipv6, text)
    text = PERSONAL_NUMBER.sub("[personnummer]", text)
    return PHONE.sub("[phone]", text)


class RedactingFormatter(logging.Formatter):
    """Readable lines, redacted (LOG_FORMAT=text, the default)."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class JsonFormatter(logging.Formatter):
    """One JSON object per line, redacted (LOG_FORMAT=json).

    Keys: time (UTC, ISO 8601), level, logger, message, process; exception when there is a
    traceback; method, path and status for Django's request log records. The request object
    itself (headers, cookies, client address) is never written.
    """

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
            "process": record.process,
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "method"):
            entry["method"] = request.method
            entry["path"] = redact(getattr(request, "path", ""))
        status = getattr(record, "status_code", None)
        if isinstance(status, int):
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        if record.stack_info:
            entry["stack"] = redact(self.formatStack(record.stack_info))
        return json.dumps(entry, ensure_ascii=False)
