"""Every customer-facing string has its German translation (issue #21 item 5).

`makemessages` is run on the modules and templates that build what a customer reads
(mails, the status page, the contact form, visit picking, "all my requests"), into a
folder of its own; GNU `msgcmp` then checks that each message found there has a German
translation in src/rightthere/locale that is neither empty nor fuzzy. A string marked
for translation in one of these files and not translated fails here, with the file and
line `msgcmp` names. The compiled .mo must say what the .po says.
"""

import gettext
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

import rightthere

PACKAGE = Path(rightthere.__file__).parent
PO_FILE = PACKAGE / "locale" / "de" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")

# What a customer reads is built in these (paths inside src/rightthere; a folder means
# all of its modules and templates).
CUSTOMER_FACING = [
    "portal",
    "outbox/acknowledgement.py",
    "outbox/compose.py",
    "outbox/templates/outbox/acknowledgement.txt",
    "outbox/templates/outbox/mail.txt",
    "outbox/templates/outbox/mail.html",
    "promises/chasing.py",
    "promises/actions.py",
    "promises/templates/promises/waiting_reminder.txt",
    "field/invites.py",
    "field/visits.py",
    "field/booking.py",
    "field/choosing.py",
    "field/visit_day.py",
    "field/visit_texts.py",
    "desk/visits.py",
    "desk/visit_choice.py",
    "desk/status_links.py",
    "recovery/actions.py",
    "recovery/views/customer.py",
    "recovery/templates/recovery/_status_block.html",
    "recovery/templates/recovery/options_message.txt",
    "recovery/templates/recovery/satisfaction_message.txt",
    "satisfaction/models.py",
    "satisfaction/actions.py",
    "satisfaction/sending.py",
    "satisfaction/views.py",
    "satisfaction/templates/satisfaction/request.txt",
    "satisfaction/templates/satisfaction/request.html",
    "satisfaction/templates/satisfaction/_status_block.html",
    "satisfaction/templates/satisfaction/_answer_form.html",
    "satisfaction/templates/satisfaction/answered.html",
    "core/spoken.py",
    "cases/uploads.py",
    "accounts/profile.py",
]

needs_gettext = pytest.mark.skipif(
    shutil.which("msgcmp") is None, reason="GNU gettext is not installed (make translations)"
)


def _copy_customer_facing(into: Path, extra: dict[str, str] | None = None) -> None:
    for name in CUSTOMER_FACING:
        source = PACKAGE / name
        target = into / "rightthere" / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target)
    for name, text in (extra or {}).items():
        (into / "rightthere" / name).write_text(text)


def _extract(into: Path, settings) -> Path:
    """makemessages on the copied files alone; returns the .po it wrote (no translations)."""
    locale = into / "locale"
    (locale / "de" / "LC_MESSAGES").mkdir(parents=True)
    settings.LOCALE_PATHS = [locale]
    here = Path.cwd()
    os.chdir(into)
    try:
        call_command("makemessages", locale=["de"], no_location=True, verbosity=0)
    finally:
        os.chdir(here)
    return locale / "de" / "LC_MESSAGES" / "django.po"


def _not_translated(extracted: Path, catalogue: Path = PO_FILE) -> str:
    """msgcmp's complaints: messages used by these files without a German translation
    in `catalogue` (msgcmp counts empty and fuzzy entries as missing)."""
    check = subprocess.run(  # noqa: S603 - fixed arguments, our own files
        ["msgcmp", str(catalogue), str(extracted)],  # noqa: S607 - GNU gettext on the PATH
        capture_output=True,
        text=True,
        check=False,
    )
    return "\n".join(
        line
        for line in check.stderr.splitlines()
        if "warning: this message is not used" not in line
    )


@needs_gettext
def test_every_customer_facing_string_has_a_german_translation(tmp_path, settings):
    _copy_customer_facing(tmp_path)
    extracted = _extract(tmp_path, settings)

    assert extracted.read_text().count("msgid ") > 150  # the files were found and read
    assert _not_translated(extracted) == ""


@needs_gettext
def test_a_new_customer_string_without_german_fails_the_check(tmp_path, settings):
    _copy_customer_facing(tmp_path, extra={
        "portal/templates/portal/new_page.html":
            '{% load i18n %}<p>{% translate "A sentence nobody translated yet" %}</p>',
    })  # fmt: skip
    extracted = _extract(tmp_path, settings)

    complaint = _not_translated(extracted)

    assert "this message is used but not defined" in complaint


@needs_gettext
def test_the_compiled_catalogue_is_the_po_file(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(compiled), str(PO_FILE)], check=True)  # noqa: S603, S607

    with compiled.open("rb") as fresh, MO_FILE.open("rb") as shipped:
        assert gettext.GNUTranslations(shipped)._catalog == gettext.GNUTranslations(fresh)._catalog  # type: ignore[attr-defined]
