"""Settings for the test suite: production settings with the testing flag on."""

import os

os.environ["RIGHTTHERE_TESTING"] = "1"

from rightthere.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only, tests
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
