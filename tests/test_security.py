"""Hardening: security headers and a strict CSP on every page, `check --deploy` clean with
production settings, login rate limiting, and no CSP violation in a real browser."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches

from tests.factories import make_event

ROOT = Path(__file__).resolve().parent.parent
EXPECTED_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "worker-src": "'self' blob:",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'none'",
    "object-src": "'none'",
}


def _policy(header: str) -> dict[str, str]:
    parts = [part.strip().split(" ", 1) for part in header.split(";") if part.strip()]
    return dict(parts)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/evenemang/", "/organisera/logga-in/", "/api/v1/events/"])
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert _policy(response["Content-Security-Policy"]) == EXPECTED_CSP
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def _production_env(**extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SAMLAS_", "PYTEST"))
    }
    env.update(
        DEBUG="0",
        SECRET_KEY="a-production-secret-" + "x" * 50,
        ALLOWED_HOSTS="samlas.example.se",
        SITE_URL="https://samlas.example.se",
        SAMLAS_VAR_DIR=os.environ.get("SAMLAS_VAR_DIR", str(ROOT / "var")),
        DJANGO_SETTINGS_MODULE="samlas.settings",
        **extra,
    )
    return env


def test_the_deployment_check_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "-m", "samlas", "check", "--deploy", "--fail-level", "WARNING"],
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_cookies_and_sessions_are_hardened():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0, s.SESSION_COOKIE_AGE <= 12 * 3600)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert result.stdout.split() == ["True"] * 6, result.stderr


@pytest.fixture
def staff_user(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    caches["shared"].clear()
    return get_user_model().objects.create_user("handlaggare", password="rätt-lösenord-42")


def _login(client, password: str):
    return client.post("/organisera/logga-in/", {"username": "handlaggare", "password": password})


def test_login_is_rate_limited_per_user_name(client, staff_user, settings):
    settings.SAMLAS_LOGIN_RATE_LIMIT = {"per_user": 3, "per_address": 100, "window": 900}
    for _ in range(3):
        assert _login(client, "fel").status_code == 200
    refused = _login(client, "rätt-lösenord-42")
    assert refused.status_code == 200
    assert "_auth_user_id" not in client.session
    html = refused.content.decode()
    assert "kvart" in html or "quarter of an hour" in html
    caches["shared"].clear()
    assert _login(client, "rätt-lösenord-42").status_code == 302


def test_login_is_rate_limited_per_address(client, staff_user, settings):
    settings.SAMLAS_LOGIN_RATE_LIMIT = {"per_user": 100, "per_address": 2, "window": 900}
    for name in ("anna", "bertil"):
        client.post("/organisera/logga-in/", {"username": name, "password": "x"})
    assert _login(client, "rätt-lösenord-42").status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_admin_login_is_rate_limited_too(client, staff_user, settings):
    settings.SAMLAS_LOGIN_RATE_LIMIT = {"per_user": 1, "per_address": 100, "window": 900}
    staff_user.is_staff = True
    staff_user.save()
    client.post("/admin/login/", {"username": "handlaggare", "password": "fel"})
    response = client.post(
        "/admin/login/", {"username": "handlaggare", "password": "rätt-lösenord-42"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def _csp_reports(page) -> list[str]:
    reports: list[str] = []
    page.on(
        "console",
        lambda message: (
            reports.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return reports


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_no_csp_violation_on_the_public_pages(page, live_server):
    """The event page carries JSON-LD (a data block, not a script): Chromium must not
    report it, nor anything else, as a Content-Security-Policy violation. (The `page`
    fixture fails every browser test on a violation.)"""
    event = make_event(title="Trygghetskonferensen")
    reports = _csp_reports(page)
    for path in ("/", "/evenemang/", "/sok/?q=trygghet", "/w/", f"/evenemang/{event.slug}/"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
    assert page.locator('script[type="application/ld+json"]').count() == 1
    assert reports == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_injected_inline_script_is_refused_and_reported(chromium, live_server):
    """What the policy is for, and proof that the violations the fixtures look for show."""
    context = chromium.new_context(base_url=live_server.url)
    page = context.new_page()
    reports = _csp_reports(page)
    page.goto(f"{live_server.url}/")
    page.evaluate(
        "() => { const d = document.createElement('div');"
        ' d.innerHTML = \'<img src="/static/none.png" onerror="window.hacked = 1">\';'
        " document.body.append(d); }"
    )
    page.wait_for_timeout(500)
    hacked = page.evaluate("() => window.hacked")
    context.close()
    assert hacked is None
    assert any("inline event handler" in report for report in reports), reports
