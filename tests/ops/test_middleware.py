"""A database outage, a full disk or a too large upload: a clear answer, never a 500."""

import errno
import sys

import pytest
from django.db import InterfaceError, OperationalError
from django.test import RequestFactory

from samlas.ops import views
from samlas.ops.errors import StorageFull, UploadTooLarge
from samlas.ops.middleware import ServiceUnavailableMiddleware
from samlas.registration import services
from tests.registration.conftest import build_event, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def registration_api(settings):
    settings.SAMLAS_REGISTRATION_API = True
    return build_event(capacity=10).event


def _database_down(*args, **kwargs):
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed")


def test_the_registration_api_answers_503_json_with_retry_after(
    client, registration_api, monkeypatch
):
    monkeypatch.setattr(services, "register", _database_down)
    response = client.post(
        f"/anmalan/api/{registration_api.slug}/",
        {**person(1), "idempotency_key": "k1"},
        content_type="application/json",
    )
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert response["Cache-Control"] == "no-store"
    assert response.json() == {
        "error": "unavailable",
        "message": "Tjänsten är tillfälligt otillgänglig. Försök igen om en stund.",
        "retry_after": 10,
    }


def test_a_page_answers_503_in_swedish_without_a_stack_trace(client, monkeypatch):
    from django.db import connection

    # Every query of the page fails, as while PostgreSQL restarts.
    monkeypatch.setattr(connection, "cursor", _database_down)
    response = client.get("/evenemang/", HTTP_ACCEPT="text/html")
    monkeypatch.undo()
    assert response.status_code == 503
    html = response.content.decode()
    assert '<h1 class="govuk-heading-xl">Tjänsten är tillfälligt otillgänglig</h1>' in html
    assert "Försök igen om en stund." in html
    assert "Traceback" not in html and "OperationalError" not in html


def test_a_form_sent_during_the_outage_is_told_it_can_be_sent_again():
    request = RequestFactory().post("/evenemang/x/anmalan/", {"name": "Anna"})
    response = ServiceUnavailableMiddleware(lambda r: None).process_exception(
        request, InterfaceError("connection already closed")
    )
    assert response.status_code == 503
    assert "skicka det igen" in response.content.decode()


def test_handler500_gives_the_same_answer_for_failures_outside_views():
    """E.g. the session cannot be saved after the view: only handler500 sees that."""
    request = RequestFactory().get("/", HTTP_ACCEPT="application/json")
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        assert sys.exc_info()[0] is OperationalError
        response = views.server_error(request)
    assert response.status_code == 503
    assert response["Retry-After"] == "10"


def test_a_redis_outage_is_a_503_too():
    from redis.exceptions import ConnectionError as RedisConnectionError

    request = RequestFactory().get("/evenemang/x/anmalan/")
    response = ServiceUnavailableMiddleware(lambda r: None).process_exception(
        request, RedisConnectionError("Error 111 connecting to 127.0.0.1:6379")
    )
    assert response.status_code == 503
    assert response["Retry-After"] == "10"


def test_handler500_leaves_ordinary_bugs_to_the_ordinary_500_page():
    request = RequestFactory().get("/")
    try:
        raise KeyError("a bug")
    except KeyError:
        response = views.server_error(request)
    assert response.status_code == 500
    assert "Tjänsten fungerar inte" in response.content.decode()


@pytest.mark.parametrize(
    ("exc", "status", "text"),
    [
        (StorageFull(errno.ENOSPC, "No space left on device"), 507, "lagringsutrymme"),
        (OSError(errno.ENOSPC, "No space left on device"), 507, "lagringsutrymme"),
        (UploadTooLarge(50_000_000), 413, "50 MB"),
    ],
)
def test_disk_full_and_oversized_uploads_get_their_own_clear_answers(exc, status, text):
    request = RequestFactory().post("/arkiv/ladda-upp/")
    response = ServiceUnavailableMiddleware(lambda r: None).process_exception(request, exc)
    assert response.status_code == status
    assert text in response.content.decode()
    assert "Inget sparades" in response.content.decode()


def test_other_exceptions_are_left_alone():
    request = RequestFactory().get("/")
    middleware = ServiceUnavailableMiddleware(lambda r: None)
    assert middleware.process_exception(request, ValueError("bug")) is None
    assert middleware.process_exception(request, OSError(errno.EACCES, "denied")) is None
