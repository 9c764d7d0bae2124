"""No relation to a case can be forgotten: each is moved or deliberately kept."""

import pytest

from rightthere.merging.relations import RULES, Rule, case_relations, unlisted_relations

pytestmark = pytest.mark.django_db


def test_every_model_pointing_to_a_case_is_moved_or_deliberately_kept():
    # A new app with a ForeignKey or OneToOneField to Case must be added to
    # RULES in rightthere/merging/relations.py, saying whether a merge moves it.
    assert unlisted_relations() == []


def test_hidden_relations_are_found_too():
    keys = {relation.key for relation in case_relations()}

    # MessageSentiment points to the case with related_name="+".
    assert "coach.MessageSentiment.case" in keys


def test_the_table_names_no_relation_that_does_not_exist():
    keys = {relation.key for relation in case_relations()}

    assert set(RULES) <= keys


def test_one_to_one_relations_are_never_simply_moved():
    # The survivor may have its own: a plain move would break the unique case.
    one_to_one = [r for r in case_relations() if r.one_to_one]

    assert one_to_one
    assert all(r.rule != Rule.MOVE for r in one_to_one)


def test_the_system_check_warns_about_an_undecided_relation(monkeypatch):
    from rightthere.merging import relations

    monkeypatch.delitem(relations.RULES, "field.Visit.case")

    warnings = relations.check_relations_are_decided()

    assert [w.id for w in warnings] == ["merging.W001"]
    assert "field.Visit.case" in warnings[0].msg
