"""Production settings: Django's deployment checks pass, and the WSGI entry
point refuses the development key."""

import importlib
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parents[2]


def production_environment(**overrides) -> dict:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="portal.example.org",
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


def test_deploy_check_fails_on_the_development_key():
    environment = production_environment()
    del environment["SECRET_KEY"]

    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", environment=environment
    )

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


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


def test_wsgi_starts_with_a_real_key(settings, fresh_wsgi_module):
    settings.DEBUG = False
    settings.SECRET_KEY = secrets.token_urlsafe(50)

    wsgi = importlib.import_module("portal.wsgi")

    assert callable(wsgi.application)


def test_wsgi_allows_the_development_key_when_debugging(settings, fresh_wsgi_module):
    settings.DEBUG = True
    settings.SECRET_KEY = django_settings.INSECURE_DEVELOPMENT_KEY

    wsgi = importlib.import_module("portal.wsgi")

    assert callable(wsgi.application)
