"""The upset rules search a lower-case copy of the text with case-sensitive patterns
(issue #23: twice as fast as IGNORECASE on a 3 KB message) and find exactly what the
case-blind patterns find, in the words as the customer wrote them."""

import re

import pytest

from rightthere.coach import folded_text
from rightthere.coach.upset import assess

TEXTS = [
    "This is the third time I'm asking. Is anyone reading these?",
    "Fix it by Friday or I'm going to trading standards.",
    "You said the engineer would come on Tuesday. Nobody came.",
    "Great, thanks for closing my ticket without fixing anything.",
    "Brilliant! The heating is off again and it's been two weeks without hot water.",
    "The boiler is broken and leaking badly; error F22. Could someone come? No rush.",
    "Still waiting. I want a full refund or I cancel the contract today.",
    "Oh great, the 'fix' lasted a day.",
]


def _variants(text: str) -> list[str]:
    # re's IGNORECASE also matches "ı" for "i", "ſ" for "s" and the Kelvin sign for
    # "k"; "İ" lowers to two characters (the fallback: searched as written).
    return [text, text.upper(), text.title(), text.swapcase(),
            text.replace("i", "ı").replace("s", "ſ").replace("k", "\u212a"),
            text.replace("I", "İ"), "İ " + text]  # fmt: skip


def _as_written(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every search on the text as written, with the IGNORECASE patterns (as before)."""
    original = folded_text.FoldedText.__init__

    def searched_as_written(self: folded_text.FoldedText, text: str) -> None:
        original(self, text)
        self.lower = None

    monkeypatch.setattr(folded_text.FoldedText, "__init__", searched_as_written)


@pytest.mark.parametrize("text", TEXTS)
def test_the_same_findings_as_the_case_blind_patterns(text, monkeypatch):
    variants = _variants(text)
    folded = [assess(t) for t in variants] + [assess(t, learned=False) for t in variants]
    _as_written(monkeypatch)
    as_written = [assess(t) for t in variants] + [assess(t, learned=False) for t in variants]

    assert folded == as_written
    assert any(a.reasons for a in folded)


def test_the_reasons_quote_the_customer_as_they_wrote():
    found = assess("You PROMISED a visit. This is the THIRD TIME I have written.")

    assert "“the THIRD TIME”" in [r.text for r in found.reasons]
    assert "“You PROMISED”" in [r.text for r in found.reasons]


def test_a_message_is_searched_in_lower_case_without_ignorecase(monkeypatch):
    """The guard of the speed-up: each rule's search goes through its case-sensitive twin
    on the folded text; none falls back to IGNORECASE on a plain message."""
    used: list[re.Pattern[str]] = []
    cased = folded_text.case_sensitive

    def counted(pattern: re.Pattern[str]) -> re.Pattern[str]:
        used.append(cased(pattern))
        return used[-1]

    monkeypatch.setattr(folded_text, "case_sensitive", counted)
    assess("Could you tell me whether the annual service covers the expansion vessel?")

    assert len(used) >= 40
    assert not any(p.flags & re.IGNORECASE for p in used)
