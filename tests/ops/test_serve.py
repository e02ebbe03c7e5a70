"""`python -m samlas serve` as production runs it: gunicorn, a task worker, static files."""

import os
import re
import signal
import subprocess
from pathlib import Path

import pytest
from django.db import transaction

from samlas.ops.models import WorkerHeartbeat
from samlas.registration import outbox
from samlas.registration.emails import RenderedEmail
from samlas.registration.models import OutboxMessage
from tests.ops.harness import PYTHON, ROOT, AppServer, django_env, http, run_django, wait_for


@pytest.mark.django_db(transaction=True)
def test_serve_runs_the_site_and_the_worker_and_stops_cleanly(process_env, smtp, tmp_path):
    with transaction.atomic():
        message = outbox.queue(
            OutboxMessage.Kind.CONFIRMATION,
            RenderedEmail(to="anna@example.se", subject="Bekräftelse", text="Hej!", html=""),
            None,
        )
    env = {**process_env, "EMAIL_URL": smtp.url, "SAMLAS_WORKER_HEARTBEAT_SECONDS": "1"}
    server = AppServer(env, tmp_path / "serve.log", threads=2, task_workers=1)
    # Collect static files as in production, into this instance's own STATIC_ROOT.
    (Path(env["SAMLAS_VAR_DIR"]) / "static").unlink()
    server.argv.remove("--no-collectstatic")
    server.start().wait_until_up()
    try:
        # The worker beats (readyz) and sends what the outbox holds.
        wait_for(lambda: http("GET", f"{server.url}/readyz")[0] == 200, 60, what="readiness")
        wait_for(lambda: smtp.received() == [message.message_id], 60, what="the e-mail")

        # Static files: hashed names, cached for ever, compressed.
        status, page, _ = http("GET", f"{server.url}/")
        assert status == 200
        css = re.search(r'href="(/static/samlas/samlas\.[0-9a-f]{12}\.css)"', page).group(1)
        status, _body, headers = http(
            "GET", f"{server.url}{css}", headers={"Accept-Encoding": "gzip"}
        )
        assert status == 200
        assert "immutable" in headers["Cache-Control"]
        assert "max-age=315360000" in headers["Cache-Control"]
        assert headers["Content-Encoding"] == "gzip"

        # A task worker that dies is started again by serve.
        (first,) = WorkerHeartbeat.objects.values_list("pid", flat=True)
        os.kill(first, signal.SIGKILL)
        wait_for(
            lambda: set(WorkerHeartbeat.objects.values_list("pid", flat=True)) - {first},
            60,
            what="a restarted worker",
        )
    finally:
        exit_code = server.stop(timeout=60)
    assert exit_code == 0, (tmp_path / "serve.log").read_text()[-3000:]
    assert http("GET", f"{server.url}/healthz", timeout=2)[0] == 0  # nothing listens now
    # The replacement worker stopped cleanly and removed its heartbeat; the killed one's
    # row is left to go stale.
    assert list(WorkerHeartbeat.objects.values_list("pid", flat=True)) == [first]


def test_the_wsgi_application_has_loaded_every_view_before_its_first_request(tmp_path):
    """A worker imports the URLconf while it boots: otherwise the first request it serves
    (the first registrations of a rush, after every deploy or worker recycle) waits for
    the API, exports and back office to be imported, 0.6 s of CPU measured."""
    env = django_env(f"sqlite:///{tmp_path / 'db.sqlite3'}", tmp_path)
    modules = ["samlas.urls", "samlas.api.views", "samlas.registration.views_api"]
    loaded = run_django(
        env,
        "import sys\nimport samlas.wsgi\n"
        f"print(json.dumps([name in sys.modules for name in {modules!r}]))",
    )
    assert loaded == [True, True, True]


def _serve(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, "-m", "samlas", "serve", "--no-collectstatic", "--task-workers", "0"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_serve_refuses_the_development_secret_key_in_production(tmp_path):
    env = django_env(f"sqlite:///{tmp_path / 'db.sqlite3'}", tmp_path)
    env["SECRET_KEY"] = "insecure-development-key-only-for-the-demo"
    result = _serve(env)
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_serve_refuses_an_unmigrated_database(tmp_path):
    result = _serve(django_env(f"sqlite:///{tmp_path / 'empty.sqlite3'}", tmp_path))
    assert result.returncode != 0
    assert re.search(r"lacks \d+ migration\(s\).*python -m samlas migrate", result.stderr)
