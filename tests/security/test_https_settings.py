"""HTTPS-only is turned on from the environment: HSTS and the redirect (#19)."""

import json
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.django_db

READ_SETTINGS = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps([s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
    "s.SECURE_HSTS_PRELOAD, s.SECURE_SSL_REDIRECT]))"
)


def _settings_with(env: dict[str, str]) -> list:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "rightthere.settings",
                   "SECRET_KEY": "x" * 50, "DEBUG": "0", **env}  # fmt: skip
    environment.pop("RIGHTTHERE_TESTING", None)
    command = [sys.executable, "-c", READ_SETTINGS]
    out = subprocess.run(command, env=environment, capture_output=True, text=True, check=True)  # noqa: S603
    return json.loads(out.stdout)


def test_https_only_is_off_by_default_and_on_from_the_environment():
    assert _settings_with({}) == [0, False, False, False]
    assert _settings_with({
        "SECURE_HSTS_SECONDS": "31536000", "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
        "SECURE_HSTS_PRELOAD": "1", "SECURE_SSL_REDIRECT": "1",
    }) == [31536000, True, True, True]  # fmt: skip


def test_with_it_on_http_is_redirected_and_https_answers_carry_hsts(client, settings, owner):
    # `owner`: an installed desk (a fresh one sends the log-in page to the first run)
    settings.SECURE_HSTS_SECONDS = 3600
    settings.SECURE_SSL_REDIRECT = True

    plain = client.get("/login/")
    secure = client.get("/login/", secure=True)
    health = client.get("/health/")

    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=3600"
    assert health.status_code == 200  # load balancers probe over plain HTTP
