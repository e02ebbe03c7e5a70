"""Production configuration from the environment: e-mail, caches, prepared statements,
`check --deploy`."""

import subprocess

import pytest

from samlas.ops.config import cache_settings, parse_email_url
from tests.ops.harness import PYTHON, ROOT, django_env


def test_email_url_with_starttls_and_an_encoded_password():
    config = parse_email_url("smtp+tls://samlas%40kommun.se:p%40ss%2Fw@mail.kommun.se?timeout=12")
    assert config.backend == "django.core.mail.backends.smtp.EmailBackend"
    assert (config.host, config.port) == ("mail.kommun.se", 587)
    assert (config.user, config.password) == ("samlas@kommun.se", "p@ss/w")
    assert (config.use_tls, config.use_ssl, config.timeout) == (True, False, 12)


@pytest.mark.parametrize(
    ("url", "port", "tls", "ssl"),
    [("smtp://relay.local", 25, False, False), ("smtps://mail.se", 465, False, True)],
)
def test_email_url_schemes(url, port, tls, ssl):
    config = parse_email_url(url)
    assert (config.port, config.use_tls, config.use_ssl) == (port, tls, ssl)


def test_an_unknown_email_scheme_is_refused_with_the_list_of_schemes():
    with pytest.raises(ValueError, match="smtp\\+tls"):
        parse_email_url("imap://mail.example.org")


def test_caches_are_shared_between_processes_in_either_configuration():
    database = cache_settings("")
    redis = cache_settings("redis://127.0.0.1:6379/2", key_prefix="kommunen")
    for caches in (database, redis):
        assert set(caches) == {"default", "shared"}
        assert not any("locmem" in c["BACKEND"] for c in caches.values())
    assert database["shared"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert redis["shared"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert redis["shared"]["KEY_PREFIX"] == "kommunen:shared"


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x7Gq2mVt9pLw4sKe8Rz1Nb6Hc3Yd5Fj0Ua2Oi7Tl9Ep4Wr6Qs8Dk1Zx3Cv5Bn7Mm",
    "ALLOWED_HOSTS": "samlas.kommun.se",
    "SITE_URL": "https://samlas.kommun.se",
    "EMAIL_URL": "smtp+tls://samlas:secret@mail.kommun.se",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "DATABASE_URL": "postgresql://samlas@127.0.0.1:5432/samlas",
    "SECURE_COOKIES": "1",
}


def _check_deploy(tmp_path, **overrides) -> subprocess.CompletedProcess:
    env = django_env(PRODUCTION["DATABASE_URL"], tmp_path, **{**PRODUCTION, **overrides})
    return subprocess.run(
        [PYTHON, "-m", "samlas", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_the_production_environment(tmp_path):
    result = _check_deploy(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_complains_without_a_secret_key_or_https(tmp_path):
    result = _check_deploy(
        tmp_path, SECRET_KEY="insecure-development-key-only-for-the-demo", SITE_URL="http://x"
    )
    assert result.returncode != 0
    for check in ("security.W004", "security.W008", "security.W009"):
        assert check in result.stderr + result.stdout


def _prepare_threshold(tmp_path, **environment: str) -> str:
    env = django_env(PRODUCTION["DATABASE_URL"], tmp_path)
    env.pop("DATABASE_PREPARED_STATEMENTS", None)
    env.update(environment)
    result = subprocess.run(
        [PYTHON, "-c", "import django; django.setup(); from django.conf import settings; "
         "print(settings.DATABASES['default']['OPTIONS'].get('prepare_threshold'))"],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return result.stdout.strip()


def test_a_pooler_that_cannot_follow_prepared_statements_can_switch_them_off(tmp_path):
    assert _prepare_threshold(tmp_path) == "5"
    assert _prepare_threshold(tmp_path, DATABASE_PREPARED_STATEMENTS="0") == "None"
