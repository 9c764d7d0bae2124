"""A word's readings (contractions split, lemmas) are worked out once per process, not
each time a message uses it (issue #23: tokenising a 3 KB message took 4.7 ms, 1.8 now)."""

from rightthere.coach import tokens as tokens_module
from rightthere.coach.tokens import tokenize


def test_a_word_used_again_is_not_split_again(monkeypatch):
    tokens_module._parts.cache_clear()
    calls: list[str] = []
    split = tokens_module.split_word

    def counted(word: str) -> list[tuple[str, ...]]:
        calls.append(word)
        return split(word)

    monkeypatch.setattr(tokens_module, "split_word", counted)
    tokens = tokenize("The boiler won't start. The boiler won't start! The BOILER won't start.")

    assert sorted(calls) == ["boiler", "start", "the", "won't"]
    assert [t.text for t in tokens[:5]] == ["the", "boiler", "will", "not", "start"]
    assert tokens[6].start == tokens[0].start + 24 and tokens[6].keys is tokens[0].keys


def test_the_same_tokens_as_reading_each_word_afresh():
    text = "We'll come back to you; they didn't say. Nobody can't “fix” it… 3.5 bar at 7:30?"
    quoted = [(text.index("can't"), text.index(" it…"))]
    first = tokenize(text, quoted)
    tokens_module._parts.cache_clear()

    assert tokenize(text, quoted) == first
    assert [t.text for t in first if t.quoted] == ["can", "not", "“", "fix", "”"]
