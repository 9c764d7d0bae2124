"""The rule file: data an owner can read, refused at start-up when it is wrong."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from rightthere.coach import rules
from rightthere.coach.actions import check_draft
from rightthere.coach.models import CoachPhrase
from rightthere.coach.rules import RuleFileError, parse_rules

GOOD = """
language = "en"
[categories.excuse]
label = "Excuse"
explanation = "Own it."
phrases = ["we were busy"]
"""


def test_a_valid_file_gives_its_categories_and_phrases():
    loaded = parse_rules(GOOD)

    assert loaded.get("excuse").phrases[0].text == "we were busy"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("language = 'en'\n[categories", "not valid TOML"),
        (GOOD.replace("excuse]", "excuses]"), "categories.excuses: unknown category"),
        (
            GOOD.replace('phrases = ["we were busy"]', 'phrases = ["we were busy", 3]'),
            r"categories.excuse.phrases\[1\]: must be text or a table",
        ),
        (
            GOOD.replace(
                'phrases = ["we were busy"]', 'phrases = ["we were busy", "We were  busy"]'
            ),
            "listed twice",
        ),
        (GOOD + 'suggestions = ["by {when}"]\n', r"only \{match\} and \{date\} are known"),
        (GOOD + "threshold = 3\n", "threshold: must be a number from -1 to 0"),
        (GOOD + "colour = 'red'\n", "unknown key 'colour'"),
        (GOOD.replace('explanation = "Own it."\n', ""), "needs a explanation"),
    ],
)
def test_a_bad_rule_file_is_refused_with_the_entry_named(text, message):
    with pytest.raises(RuleFileError, match=message):
        parse_rules(text, "en.toml")


def test_start_up_refuses_a_folder_with_a_bad_rule_file(tmp_path, settings):
    (tmp_path / "en.toml").write_text(GOOD.replace("excuse]", "excuses]"))
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "COACH_RULES_DIR": str(tmp_path)}

    with pytest.raises(ImproperlyConfigured, match=r"en.toml: categories.excuses"):
        rules.load_installed_rules()


def test_the_shipped_rule_file_loads_with_every_category():
    installed = rules.load_installed_rules()

    assert {c.id for c in installed["en"].categories} == set(rules.CATEGORIES)


def test_a_phrase_an_owner_adds_in_the_admin_is_checked_too(db):
    CoachPhrase.objects.create(category="excuse", phrase="the van broke down", suggestion="")
    CoachPhrase.objects.create(category="excuse", phrase="the dog ate it", active=False)

    found = {f.text for f in check_draft("The van broke down. The dog ate it.")}

    assert found == {"The van broke down"}
