"""/healthz (liveness) and /readyz (database and a task worker)."""

from datetime import timedelta

import pytest
from django.db import OperationalError, connection
from django.utils import timezone

from samlas.ops import services
from samlas.ops.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_readyz_is_not_ready_without_a_worker(client):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "not ready", "database": "ok", "workers": 0}


def test_readyz_is_ready_while_a_worker_beats(client):
    services.record_heartbeat("w1", "app1", 1234, timezone.now())
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "database": "ok", "workers": 1}


def test_a_worker_that_stopped_beating_no_longer_counts(client, settings):
    settings.SAMLAS_WORKER_HEARTBEAT_SECONDS = 10
    services.record_heartbeat("w1", "app1", 1234, timezone.now())
    WorkerHeartbeat.objects.update(seen_at=timezone.now() - timedelta(seconds=31))
    assert client.get("/readyz").json()["workers"] == 0


def test_a_stopped_worker_removes_itself_and_long_dead_ones_are_forgotten():
    services.record_heartbeat("dead", "app1", 1, timezone.now())
    WorkerHeartbeat.objects.update(seen_at=timezone.now() - timedelta(hours=2))
    services.record_heartbeat("w2", "app2", 2, timezone.now())
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["w2"]
    services.remove_heartbeat("w2")
    assert not WorkerHeartbeat.objects.exists()


def test_readyz_reports_the_database_unavailable(client, monkeypatch):
    def down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", down)
    response = client.get("/readyz")
    monkeypatch.undo()
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_health_checks_are_answered_over_plain_http_behind_an_https_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/evenemang/").status_code == 301
