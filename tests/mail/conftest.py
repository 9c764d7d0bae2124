import os
import shutil
import tempfile
from pathlib import Path

import pytest

from rightthere.accounts.tokens import create_api_token
from tests.mail.dovecot import DovecotMissing, start_dovecot
from tests.mail.mails import cpython_email_data


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Attachments of ingested mail go to a temporary folder, not the project's var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def mail_settings(settings):
    """Change RIGHTTHERE settings for one test: `mail_settings(MAX_ATTACHMENT_BYTES=10)`."""

    def change(**values):
        settings.RIGHTTHERE = {**settings.RIGHTTHERE, **values}

    return change


@pytest.fixture(scope="session")
def dovecot():
    """A real Dovecot IMAP server for the whole session. Never skipped: without
    Dovecot the IMAP tests fail and say how to install it."""
    # Not under pytest's tmp folder: its parents are private to root, and Dovecot's
    # unprivileged processes must reach the user list and the mail folders.
    root = Path(tempfile.mkdtemp(prefix="rightthere-dovecot-"))
    try:
        server = start_dovecot(root)
    except DovecotMissing as missing:
        shutil.rmtree(root, ignore_errors=True)
        pytest.fail(str(missing), pytrace=False)
    yield server
    server.stop()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def imap(dovecot):
    """The Dovecot server with the desk's mailbox emptied for this test."""
    dovecot.empty("desk")
    return dovecot


@pytest.fixture
def token_for(db):
    """An API key for a user: `token_for(agent)`."""

    def key(user):
        return create_api_token(user, "mail service")[1]

    return key


@pytest.fixture(scope="session")
def cpython_corpus_present():
    """CPython's e-mail test data; on CI (CI=true) its absence fails instead of skipping."""
    found = list(cpython_email_data().glob("msg_*.txt"))
    if not found and os.environ.get("CI") == "true":
        pytest.fail(
            f"CPython's e-mail test data is missing: no msg_*.txt in {cpython_email_data()}"
        )
    if not found:
        pytest.skip("CPython's e-mail test data is not installed with this Python")
    return found
