"""The staff screens of the set-up, dashboard, reviews, recovery, reply check, mail and
the other apps listed in STAFF_APPS are in German too (issue #21 item 5, part B).

Each of these apps carries its own German catalogue (src/rightthere/<app>/locale/de).
`makemessages` is run on a copy of the app without that catalogue, and GNU `msgcmp`
checks that every message it finds has a German translation there that is neither empty
nor fuzzy: a string marked for translation later and not translated fails here. Then the
owner's main screens are rendered with the business language German and must show
German headings and none of the English strings they used to show.
"""

import gettext
import shutil
import subprocess
from contextlib import nullcontext
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

import rightthere
from rightthere.accounts.profile import update_business_profile
from tests.core.test_translations_complete import _extract, _not_translated, needs_gettext

PACKAGE = Path(rightthere.__file__).parent

# The apps whose staff screens are marked and translated in their own catalogue.
STAFF_APPS = [
    "setup_screens",
    "insights",
    "reviews",
    "recovery",
    "coach",
    "mail",
    "webhooks",
    "automation",
    "sms",
    "satisfaction",
    "moving_in",
    "api",
]


def _catalogue(app: str) -> Path:
    return PACKAGE / app / "locale" / "de" / "LC_MESSAGES" / "django.po"


def _copy_app(app: str, into: Path, extra: dict[str, str] | None = None) -> None:
    """The app's modules and templates, without its catalogue (makemessages would merge
    the extracted messages into a `locale` folder it finds, translations and all)."""
    shutil.copytree(PACKAGE / app, into / "rightthere" / app,
                    ignore=shutil.ignore_patterns("locale", "__pycache__", "static"))  # fmt: skip
    for name, text in (extra or {}).items():
        (into / "rightthere" / app / name).write_text(text)


@needs_gettext
@pytest.mark.parametrize("app", STAFF_APPS)
def test_every_staff_string_of_the_app_has_a_german_translation(app, tmp_path, settings):
    _copy_app(app, tmp_path)
    extracted = _extract(tmp_path, settings)

    assert extracted.read_text().count("msgid ") > 10  # the app's files were found and read
    assert _not_translated(extracted, _catalogue(app)) == ""


@needs_gettext
def test_a_new_staff_string_without_german_fails_the_check(tmp_path, settings):
    _copy_app("setup_screens", tmp_path, extra={
        "templates/settings/new_screen.html":
            '{% load i18n %}<p>{% translate "A staff sentence nobody translated yet" %}</p>',
    })  # fmt: skip
    extracted = _extract(tmp_path, settings)

    complaint = _not_translated(extracted, _catalogue("setup_screens"))

    assert "this message is used but not defined" in complaint


@needs_gettext
@pytest.mark.parametrize("app", STAFF_APPS)
def test_the_compiled_catalogue_is_the_po_file(app, tmp_path):
    po = _catalogue(app)
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(compiled), str(po)], check=True)  # noqa: S603, S607

    with compiled.open("rb") as fresh, po.with_suffix(".mo").open("rb") as shipped:
        assert gettext.GNUTranslations(shipped)._catalog == gettext.GNUTranslations(fresh)._catalog  # type: ignore[attr-defined]


# --- The owner's screens with the business language German ----------------------------

SCREENS = {
    "settings_setup": {
        "german": ["<h1 id=\"setup-h\">Einrichtung</h1>", "Änderungen", "Unternehmensprofil",
                   "Geschäftszeiten, Feiertage und Zielzeiten", "Textnachrichten (SMS):"],
        "english": ["Set-up: what is missing", "Hours, holidays and targets", "No changes yet.",
                    "What the desk still needs to work", "Text messages (SMS):",
                    "Everything else lives in the sections", "for power users"],
    },
    "settings_business": {
        "german": ['<h1 id="business-h">Unternehmensprofil</h1>', "Name des Unternehmens",
                   "Sprache und Datumsformat", ">Speichern</button>"],
        "english": ["Who you are to your customers", "Business name",
                    "Signature under replies", "Colour on customer pages",
                    "Language and date format", ">Save</button>"],
    },
    "insights_dashboard": {
        "german": ["Warnsignale", "<h2>Kennzahlen</h2>", "Zeit bis zur ersten Antwort",
                   "Pünktlich eingehaltene Zusagen", "Arbeitsüberlastung", "letzte 12 Wochen",
                   "% der Kapazität"],
        "english": ["Telltale signs", "<h2>Figures</h2>", "First-response time", "Promises kept",
                    "Work overwhelm", "no data in the period", "last 12 weeks", ": bar chart",
                    "Relationship calls", "% of capacity", "% rise"],
    },
    "review_inbox": {
        "german": ["<h1>Online-Bewertungen</h1>", "Datei importieren", "Mittlere Antwortzeit",
                   "Bewertungsverlauf je Plattform", "Schlechte Bewertungen"],
        "english": ["Online reviews", "Import a file", "Median time to answer",
                    "Rating trend per platform", "Bad reviews", "No reviews here."],
    },
}  # fmt: skip


@pytest.fixture
def german_business(owner):
    update_business_profile(owner, name="Heizung Huber", language="de")
    return owner


@pytest.mark.django_db
@pytest.mark.parametrize("screen", sorted(SCREENS))
@pytest.mark.parametrize("override", [False, True], ids=["business language", "override"])
def test_the_owner_reads_the_screen_in_the_business_language(
    screen, override, german_business, as_user
):
    client = as_user(german_business)
    # The business language is German: accounts.business_locale activates it for each
    # request. The run inside translation.override("de") checks the catalogues alone.
    with translation.override("de") if override else nullcontext():
        response = client.get(reverse(screen))
    assert response.status_code == 200
    page = response.content.decode()

    for german in SCREENS[screen]["german"]:
        assert german in page
    for english in SCREENS[screen]["english"]:
        assert english not in page
