"""Shared fixtures: a real headless Chromium (Playwright) and axe-core checks.

Browser tests need Debian's `chromium` at /usr/bin/chromium; without it they skip with a
loud line in the summary (`.ci/run` installs it, so CI always runs them).
"""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("SAMLAS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ARTIFACTS = Path(__file__).resolve().parent.parent / "var" / "test-artifacts"


@pytest.fixture(autouse=True)
def _forget_process_state() -> Iterator[None]:
    """Per-process memories that would outlive a test's database: whether webhook endpoints
    exist, the deferred send and dispatch runs already promised (retry.Coalesced), and the
    public events looked up by slug."""
    from samlas.api import webhooks
    from samlas.registration import outbox, queries

    def forget() -> None:
        webhooks.forget_endpoints()
        outbox.sending.forget()
        queries.forget_public_events()

    forget()
    yield
    forget()


def _browser_unavailable_reason() -> str | None:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Python Playwright is not installed (pip install -e '.[test]')"
    return None


BROWSER_SKIP = _browser_unavailable_reason()


def pytest_report_header(config: pytest.Config) -> list[str]:
    from django.db import connection

    lines = [f"samlas database: {connection.vendor}"]
    if BROWSER_SKIP:
        lines.append(f"!!! BROWSER TESTS WILL BE SKIPPED: {BROWSER_SKIP} !!!")
    return lines


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if BROWSER_SKIP:
        terminalreporter.write_line("!" * 78, red=True)
        terminalreporter.write_line(f"!!! BROWSER TESTS SKIPPED: {BROWSER_SKIP}", red=True)
        terminalreporter.write_line("!" * 78, red=True)


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    if BROWSER_SKIP:
        pytest.skip(f"BROWSER TESTS SKIPPED: {BROWSER_SKIP}")
    # Playwright's sync API runs an event loop in this thread; Django's ORM must still be
    # callable from the test body, which is safe here because nothing else runs in it.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server) -> Iterator[object]:
    """A desktop-sized page whose requests may only go to the live server."""
    context = chromium.new_context(base_url=live_server.url, locale="sv-SE")
    page = context.new_page()
    foreign: list[str] = []
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((live_server.url, "data:", "blob:", "about:"))
            else foreign.append(request.url)
        ),
    )
    # Chromium reports what the Content-Security-Policy blocked on the console.
    blocked: list[str] = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    context.close()
    assert not foreign, f"Third-party requests: {foreign}"
    assert not blocked, f"Content-Security-Policy violations: {blocked}"


@pytest.fixture
def phone_page(chromium, live_server) -> Iterator[object]:
    """A phone-sized page (iPhone SE-like viewport, touch)."""
    context = chromium.new_context(
        base_url=live_server.url,
        locale="sv-SE",
        viewport={"width": 375, "height": 667},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    yield page
    context.close()


def assert_axe_clean(page, name: str = "page") -> None:
    """Run axe-core's WCAG 2.1 A/AA rules on the current page and fail with a readable list."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    if results.violations_count:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        details = "\n".join(
            f"- {v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(node["target"][0] for node in v["nodes"][:5])
            for v in results.response["violations"]
        )
        pytest.fail(f"axe found {results.violations_count} violation(s) on {name}:\n{details}")
