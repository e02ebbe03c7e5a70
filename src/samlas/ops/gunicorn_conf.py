"""gunicorn settings that `serve` loads (`--config python:samlas.ops.gunicorn_conf`).

gunicorn's own log lines go through the same redacting formatter as Django's (LOG_FORMAT),
and the access log, off unless ACCESS_LOG=1, leaves out the client's address: the reverse
proxy keeps its own access log under its own retention rules.
"""

import os

from samlas.ops.config import logging_settings

_access_log = os.environ.get("ACCESS_LOG", "").lower() in {"1", "true", "yes", "on"}

logconfig_dict = logging_settings(
    os.environ.get("LOG_FORMAT", "text"),
    os.environ.get("LOG_LEVEL", "WARNING"),
    loggers=("gunicorn.error", "gunicorn.access"),
    access_log=_access_log,
)
access_log_format = '"%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
# Only the local reverse proxy may say which scheme and address the client used.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Requests are short; a worker stuck this long is restarted by the gunicorn master.
timeout = int(os.environ.get("WEB_TIMEOUT", 60))
keepalive = 5
# Recycle workers now and then so that slow memory growth never becomes an outage.
max_requests = 5000
max_requests_jitter = 500
