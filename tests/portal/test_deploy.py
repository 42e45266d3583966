"""Production settings: Django's deployment checks pass, and the WSGI entry
point refuses the development key and the development address."""

import importlib
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured

from portal.checks import check_site_url

BASE_DIR = Path(__file__).resolve().parents[2]


def production_environment(**overrides) -> dict:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DEBUG",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "SITE_URL",
            "DJANGO_SETTINGS_MODULE",
        }
    }
    environment.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="portal.example.org",
        SITE_URL="https://portal.example.org",
        DJANGO_SETTINGS_MODULE="portal.settings",
    )
    environment.update(overrides)
    return environment


def manage(*arguments, environment):
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_passes_with_production_settings():
    environment = production_environment()

    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", environment=environment
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("unset", "message"),
    [
        ("SECRET_KEY", "SECRET_KEY"),
        # Every feed id and sitemap address would name the development server.
        ("SITE_URL", "(portal.E001) SITE_URL is not set"),
    ],
)
def test_deploy_check_fails_without_a_required_setting(unset, message):
    environment = production_environment()
    del environment[unset]

    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", environment=environment
    )

    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.parametrize(
    ("site_url", "check"),
    [
        ("http://portal.example.org", "portal.E002"),
        ("portal.example.org", "portal.E002"),
        ("https://", "portal.E002"),
        ("https://portal.example.org/send/", "portal.E003"),
        ("https://portal.example.org/?page=1", "portal.E003"),
        ("https://elsewhere.example.org", "portal.W001"),
    ],
)
def test_deploy_check_refuses_a_site_url_that_is_not_the_https_site(
    settings, site_url, check
):
    settings.SITE_URL = site_url
    settings.ALLOWED_HOSTS = ["portal.example.org"]

    assert [message.id for message in check_site_url(None)] == [check]


@pytest.mark.parametrize(
    "site_url", ["https://portal.example.org", "https://portal.example.org/"]
)
def test_deploy_check_accepts_the_https_site(settings, site_url):
    settings.SITE_URL = site_url
    settings.ALLOWED_HOSTS = ["portal.example.org"]

    assert check_site_url(None) == []


@pytest.fixture
def fresh_wsgi_module():
    sys.modules.pop("portal.wsgi", None)
    yield
    sys.modules.pop("portal.wsgi", None)


def test_wsgi_refuses_to_start_on_the_development_key_without_debug(
    settings, fresh_wsgi_module
):
    settings.DEBUG = False
    settings.SECRET_KEY = django_settings.INSECURE_DEVELOPMENT_KEY

    with pytest.raises(ImproperlyConfigured, match="Set SECRET_KEY"):
        importlib.import_module("portal.wsgi")


def test_wsgi_starts_with_a_real_key_and_address(settings, fresh_wsgi_module):
    settings.DEBUG = False
    settings.SECRET_KEY = secrets.token_urlsafe(50)
    settings.SITE_URL = "https://portal.example.org"

    wsgi = importlib.import_module("portal.wsgi")

    assert callable(wsgi.application)


def test_wsgi_refuses_to_start_on_the_development_address_without_debug(
    settings, fresh_wsgi_module
):
    settings.DEBUG = False
    settings.SECRET_KEY = secrets.token_urlsafe(50)
    settings.SITE_URL = django_settings.DEVELOPMENT_SITE_URL

    with pytest.raises(ImproperlyConfigured, match="Set SITE_URL"):
        importlib.import_module("portal.wsgi")


def test_wsgi_allows_the_development_key_when_debugging(settings, fresh_wsgi_module):
    settings.DEBUG = True
    settings.SECRET_KEY = django_settings.INSECURE_DEVELOPMENT_KEY

    wsgi = importlib.import_module("portal.wsgi")

    assert callable(wsgi.application)


def _settings(*names: str, **environment) -> dict[str, str]:
    """Settings as production reads them from this environment, each as its
    repr(), read in one process."""
    printed = "; ".join(f"print(repr(settings.{name}))" for name in names)
    result = manage(
        "shell",
        "-c",
        f"from django.conf import settings; {printed}",
        environment=production_environment(**environment),
    )
    assert result.returncode == 0, result.stderr
    values = result.stdout.strip().splitlines()[-len(names) :]
    return dict(zip(names, values, strict=True))


def _setting(name: str, **environment) -> str:
    """A setting as production reads it from this environment."""
    return _settings(name, **environment)[name]


def test_the_shared_cache_is_the_database_unless_redis_is_named():
    """Finding: no shared cache, so lockouts counted per worker and reset on
    restart. A first run needs no new service; REDIS_URL switches."""
    assert "DatabaseCache" in _setting("CACHES")
    with_redis = _setting("CACHES", REDIS_URL="redis://127.0.0.1:6379/3")
    assert "RedisCache" in with_redis and "redis://127.0.0.1:6379/3" in with_redis


def test_sessions_are_read_from_redis_and_kept_in_the_database_with_it():
    """Redis may restart empty: a session kept only there would end every
    journey part-way; cached_db writes each through to the database."""
    assert _setting("SESSION_ENGINE") == "'django.contrib.sessions.backends.db'"
    with_redis = _setting("SESSION_ENGINE", REDIS_URL="redis://127.0.0.1:6379/3")
    assert with_redis == "'django.contrib.sessions.backends.cached_db'"


def test_mail_settings_come_from_the_environment():
    """Finding: EMAIL_HOST stayed localhost:25 whatever the environment said."""
    environment = {
        "EMAIL_HOST": "smtp.example.gov.uk",
        "EMAIL_PORT": "587",
        "EMAIL_USE_TLS": "1",
        "EMAIL_TIMEOUT": "7",
    }
    read = _settings(
        "EMAIL_HOST", "EMAIL_PORT", "EMAIL_USE_TLS", "EMAIL_TIMEOUT", **environment
    )

    assert read["EMAIL_HOST"] == "'smtp.example.gov.uk'"
    assert read["EMAIL_PORT"] == "587"
    assert read["EMAIL_USE_TLS"] == "True"
    assert read["EMAIL_TIMEOUT"] == "7"


def test_production_runs_jobs_from_the_database():
    assert "django_tasks_db.DatabaseBackend" in _setting("TASKS")
