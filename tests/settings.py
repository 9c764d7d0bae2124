"""Settings for the test suite: production settings with the testing flag on."""

import os

os.environ["RIGHTTHERE_TESTING"] = "1"

from rightthere.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only, tests
# The real database queue; tests run queued work with the `run_tasks` fixture.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
RIGHTTHERE = {**RIGHTTHERE, "SEND_MAIL": True}  # noqa: F405 - pytest-django swaps in locmem mail
