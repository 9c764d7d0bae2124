"""The staff screens of the desk's core are in German too (issue #21 item 5, part A).

Each folder covered here keeps its German catalogue in its own `locale/` (Django loads an
installed app's folder; the project templates' folder is in LOCALE_PATHS). `makemessages`
is run on a copy of each folder alone and GNU `msgcmp` checks that every message found
has a German translation in that folder's catalogue that is neither empty nor fuzzy, so a
string marked later without its translation fails here, named by `msgcmp`. The compiled
.mo files must say what the .po files say. Then the pages agents use most are rendered for
a business whose language is German: German navigation and headings, none of the English.
"""

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

import rightthere
from rightthere.accounts.profile import update_business_profile
from tests.core.test_translations_complete import _extract, _not_translated, needs_gettext
from tests.factories import CustomerFactory, OwnerFactory, make_case

PACKAGE = Path(rightthere.__file__).parent


def _catalogue(folder: str) -> Path:
    return PACKAGE / folder / "locale" / "de" / "LC_MESSAGES" / "django.po"


# Folder -> what is extracted for it (paths inside src/rightthere) and its catalogue. The
# inbox's views and sorts (rightthere/inbox.py) and the use cases in `desk` (not an
# installed app, so it has no catalogue Django would load) are read with the project
# templates, whose catalogue is in LOCALE_PATHS. `core` (the errors every app raises, the
# API's pagination and schemas, uploads, dates as spoken) is not an installed app either:
# its own catalogue is in LOCALE_PATHS.
COVERED = {
    "templates": (["templates", "inbox.py", "desk"], _catalogue("templates")),
    **{
        app: ([app], _catalogue(app))
        for app in (
            "cases", "customers", "accounts", "field", "timetracking", "canned", "merging",
            "saved_views", "presence", "notifications", "promises", "checklists", "similar",
            "outbox", "core",
        )
    },
}  # fmt: skip


def _copy(names: list[str], into: Path, extra: dict[str, str] | None = None) -> None:
    for name in names:
        source, target = PACKAGE / name, into / "rightthere" / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "locale"))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target)
    for name, text in (extra or {}).items():
        path = into / "rightthere" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


@needs_gettext
@pytest.mark.parametrize("folder", sorted(COVERED))
def test_every_marked_staff_string_has_a_german_translation(folder, tmp_path, settings):
    names, catalogue = COVERED[folder]
    _copy(names, tmp_path)
    extracted = _extract(tmp_path, settings)

    assert extracted.read_text().count("msgid ") > 2  # the files were found and read
    assert _not_translated(extracted, catalogue) == ""


@needs_gettext
def test_a_new_staff_string_without_german_fails_the_check(tmp_path, settings):
    names, catalogue = COVERED["field"]
    _copy(names, tmp_path, extra={
        "field/templates/field/new_panel.html":
            '{% load i18n %}<h2>{% translate "A heading nobody translated yet" %}</h2>',
    })  # fmt: skip
    extracted = _extract(tmp_path, settings)

    assert "this message is used but not defined" in _not_translated(extracted, catalogue)


@needs_gettext
@pytest.mark.parametrize("folder", sorted(COVERED))
def test_the_compiled_catalogue_is_the_po_file(folder, tmp_path):
    po_file = COVERED[folder][1]
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(compiled), str(po_file)], check=True)  # noqa: S603, S607

    with compiled.open("rb") as fresh, po_file.with_suffix(".mo").open("rb") as shipped:
        assert gettext.GNUTranslations(shipped)._catalog == gettext.GNUTranslations(fresh)._catalog  # type: ignore[attr-defined]


# -- the pages, for a business that works in German ----------------------------------------

GERMAN_NAVIGATION = ["Posteingang", "Einsatzplan", "Kunden", "Textbausteine", "Abmelden"]

# English an agent must not see on these pages any more (all of it is marked).
ENGLISH = [
    ">Inbox<",
    ">Schedule<",
    ">Customers<",
    "Canned replies",
    "Log out",
    "Search cases",
    "Skip to content",
    "All open",
    "Due first",
    "Search subjects and messages",
    "Timeline",
    "Their other cases",
    "First response",
    "Canned reply",
    "Attach files",
    "Promise: we will",
    "Contacts",
    "Add a contact",
    "No notes.",
    "Mails and status page in",
    "Booked and free",
    "Technician or partner",
    "Schedule dates",
    "No visits",
    "Waiting on us",
    "Repair",
    "Next day",
]


@pytest.fixture
def german_business(db):
    update_business_profile(OwnerFactory(username="olga"), language="de")


@pytest.fixture
def in_german(client, agent, german_business):
    """The agent's pages with the business in German. The business's language is applied
    per request by the accounts middleware; the request is also made inside
    translation.override("de"), so this holds whichever way the language is set."""
    client.force_login(agent)

    def get(url: str) -> str:
        with translation.override("de"):
            response = client.get(url)
        assert response.status_code == 200
        return response.content.decode()

    return get


def _no_english(page: str) -> list[str]:
    return [text for text in ENGLISH if text in page]


def test_the_inbox_is_german(in_german, agent):
    make_case(subject="Heizung macht Geräusche", assignee=agent)

    page = in_german(reverse("inbox"))

    assert all(word in page for word in GERMAN_NAVIGATION)
    assert "Alle offenen" in page  # the view's heading
    assert "Fällige zuerst" in page  # a sort
    assert "Zuständig" in page  # a column
    assert _no_english(page) == []


def test_a_case_page_is_german(in_german, agent):
    case = make_case(subject="Heizung macht Geräusche", assignee=agent)

    page = in_german(reverse("case_detail", args=[case.pk]))

    assert all(word in page for word in GERMAN_NAVIGATION)
    assert "Verlauf" in page
    assert "Weitere Fälle des Kunden" in page or "Erste Antwort" in page
    assert "Reparatur" in page  # the case's kind, a model choice
    assert "Antwort an den Kunden" in page  # the composer
    assert _no_english(page) == []


def test_a_customer_page_is_german(in_german, agent):
    customer = CustomerFactory(name="Familie Weber")
    make_case(subject="Heizung macht Geräusche", customer=customer)

    page = in_german(reverse("customer_detail", args=[customer.pk]))

    assert all(word in page for word in GERMAN_NAVIGATION)
    assert "Kontakte" in page
    assert "Kunde seit" in page
    assert _no_english(page) == []


def test_the_schedule_is_german(in_german):
    page = in_german(reverse("field_schedule"))

    assert all(word in page for word in GERMAN_NAVIGATION)
    assert "<h1" in page and "Einsatzplan" in page
    assert "Nächster Tag" in page
    assert _no_english(page) == []


def test_a_technicians_my_day_is_german(client, technician, german_business):
    client.force_login(technician)

    with translation.override("de"):
        page = client.get(reverse("field_my_day")).content.decode()

    assert "Mein Tag" in page and "Heute" in page and "Diese Woche" in page
    assert "Heute keine Einsätze." in page
    assert [text for text in ("My day", ">Today<", "This week", "No visits") if text in page] == []
