"""The project's `i18n` template library (rightthere.core.i18n_tags, docs/speed-code.md
row 20) writes what Django's own writes; a fixed `translate` is looked up once per
language."""

import pytest
from django.template import Context, Engine, engines
from django.test import override_settings
from django.utils import translation

from rightthere.core import i18n_tags

SOURCES = [
    '{% translate "Inbox" %}',
    '{% trans "Send" %}|{% translate "Send" %}',
    '{% translate "Customer" %} {% translate "Due" %} {% translate "Search cases, RT-000123…" %}',
    '{% translate "100%% sure" %}|{% translate "50% off" %}|{% translate "%(x)s left" %}',
    "{% translate \"<b>bold</b> & 'quoted'\" %}|{% translate 'He said \"hi\"' %}",
    '{% translate "May" context "month name" %}|{% translate "May" context "verb" %}',
    '{% translate "May" context word %}|{% translate "May" context "month name"|upper %}',
    '{% translate "Send" as sent %}[{{ sent }}]{% translate "Inbox" as box %}{{ box|lower }}',
    "{% translate word %}|{% translate markup %}|{% translate missing %}",
    '{% translate "Send"|upper %}|{% translate "Send" noop %}|{% translate "Inbox" noop %}',
    '{% autoescape off %}{% translate "<i>" %}{% translate markup %}{% endautoescape %}',
    "{% blocktranslate with n=word %}Write to {{ n }}…{% endblocktranslate %}",
    "{% get_current_language as lang %}{{ lang }}{% language 'de' %}"
    '{% translate "Inbox" %}{% endlanguage %}{% translate "Inbox" %}',
    '{% translate "" %}|{% translate "Unknown to every catalogue" %}',
]
CONTEXT = {"word": "Send", "markup": "<b>Send</b>"}


def rendered(library: str, source: str) -> str:
    engine = Engine(libraries={"i18n": library})
    return engine.from_string("{% load i18n %}" + source).render(Context(CONTEXT))


@pytest.fixture(autouse=True)
def nothing_kept():
    i18n_tags.forget_translated()
    yield
    i18n_tags.forget_translated()


@pytest.mark.parametrize("source", SOURCES)
def test_the_tags_write_what_djangos_write(source):
    for language in ["en-gb", "de", "en-us", "de", "en-gb", None]:
        with translation.override(language):
            for _ in range(2):  # looked up, then kept
                ours = rendered("rightthere.core.i18n_tags", source)
                assert ours == rendered("django.templatetags.i18n", source), language


def test_a_fixed_message_is_kept_per_language_and_a_variable_is_not():
    with translation.override("de"):
        assert rendered("rightthere.core.i18n_tags", '{% translate "Inbox" %}') != "Inbox"
        rendered("rightthere.core.i18n_tags", "{% translate word %}")
    with translation.override("en-gb"):
        rendered("rightthere.core.i18n_tags", '{% translate "Inbox" context "menu" %}')
    assert set(i18n_tags._TRANSLATED) == {("de", "Inbox", None), ("en-gb", "Inbox", "menu")}


def test_changing_the_languages_forgets_what_was_kept():
    with translation.override("de"):
        rendered("rightthere.core.i18n_tags", '{% translate "Inbox" %}')
    assert i18n_tags._TRANSLATED
    with override_settings(LOCALE_PATHS=[]):
        assert not i18n_tags._TRANSLATED


def test_the_projects_templates_load_this_library():
    engine = engines["django"].engine  # type: ignore[attr-defined]
    assert engine.template_libraries["i18n"] is i18n_tags.register
    node = engine.from_string('{% load i18n %}{% translate "Inbox" %}').nodelist[-1]
    assert isinstance(node, i18n_tags.TranslateOnce) and node.fixed == ("Inbox", None)


def test_i18n_is_the_only_template_library_name_shared_on_purpose():
    """settings.SILENCED_SYSTEM_CHECKS silences templates.W003 for the project's i18n
    library; any other name two tag modules share still shows here."""
    from django.core.checks import run_checks

    shared = [e for e in run_checks(tags=["templates"]) if e.id == "templates.W003"]
    assert shared, "the i18n library no longer shares Django's name: unsilence templates.W003"
    assert all(e.msg.startswith("'i18n' is used for multiple") for e in shared), shared
