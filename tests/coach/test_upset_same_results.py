"""The upset reading gives the same results as before it was made cheaper (issue #23).

`data/upset_results.json` holds, per text, the score, level, lexicon and reasons that
`coach.upset.assess` gave before the speed work, under two settings: a first message
with the defaults, and a chased case (an overdue answer, a broken promise, a stricter
lexicon cut-off; its reasons kept as a digest). The texts are every customer message of
the benchmarks' upset sets, the side-by-side benchmark's bodies, and long texts made of
12 and 40 of those messages in a row (the 5,000-character cut and VADER's 60-sentence
cap), some in capitals. A text added to the sets later has no entry and is left out.
The learned upset model (`coach/model/upset.json`) lifts some of them to a suggestion: a
retrained model changes results on purpose, and the file is generated again with it.

Generated once from the code before the change (the commit is in the git log), with the
old `src` first on the path:

    PYTHONPATH=<old checkout>/src:. .venv/bin/python -m tests.coach.test_upset_same_results
"""

import hashlib
import json
from pathlib import Path

from benchmarks.versus_django_helpdesk import BODIES

from rightthere.coach.upset import Assessment, History, assess

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "benchmarks" / "data"
EXPECTED = Path(__file__).parent / "data" / "upset_results.json"
CHASED = History(unanswered=3, broken_promises=1, reply_overdue=True)


def _messages() -> list[str]:
    paths = [DATA / "upset.jsonl", DATA / "heldout" / "upset.jsonl"]
    paths += sorted(DATA.glob("spent-heldout-*/upset*.jsonl"))
    texts = [
        json.loads(line)["text"]
        for path in paths
        if path.exists()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    return list(dict.fromkeys(texts))


def texts() -> list[str]:
    messages = _messages()
    joined = [" ".join(messages[n : n + 12]) for n in range(0, len(messages), 12)]
    joined += ["\n\n".join(messages[n : n + 40]) for n in range(0, len(messages), 200)]
    shouted = [text.upper() for text in joined[:40]]
    bodies = [body for _kind, body in BODIES]
    return list(dict.fromkeys(bodies + messages + joined + shouted))


def key(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _reasons(found: Assessment) -> list[str]:
    return [f"{r.signal}|{r.weight!r}|{r.text}" for r in found.reasons]


def results(text: str) -> list[object]:
    """Score, level, lexicon and reasons as a first message; score, level and a digest of
    the reasons on a chased case (its reasons repeat the history's, kept out of the file)."""
    first, chased = assess(text), assess(text, CHASED, lexicon_at=-0.3)
    digest = hashlib.sha256("\n".join(_reasons(chased)).encode()).hexdigest()[:12]
    return [first.score, first.level, first.lexicon, _reasons(first)] + [
        chased.score,
        chased.level,
        chased.lexicon,
        digest,
    ]


def test_every_message_reads_as_it_did_before_the_speed_work():
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    known = [text for text in texts() if key(text) in expected]
    found = {key(text): results(text) for text in known}
    different = {k: (found[k], expected[k]) for k in found if found[k] != expected[k]}

    assert len(known) >= 1800
    assert different == {}


if __name__ == "__main__":
    lines = [
        json.dumps(key(t)) + ": " + json.dumps(results(t), ensure_ascii=False) for t in texts()
    ]
    EXPECTED.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
