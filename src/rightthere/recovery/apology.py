"""Does a reply acknowledge a complaint properly: an apology, and no excuse?

A deliberately simple phrase check. It returns findings in the same shape the
fuller reply check (the coach) will use, so the recovery step can switch to it
without changing its callers.
"""

import re
from dataclasses import dataclass

APOLOGY = re.compile(
    r"\b(sorry|apologi[sz]e|apologies|my fault|our fault|we got this wrong|we let you down)\b",
    re.IGNORECASE,
)
EXCUSES = [
    "we were very busy", "we were busy", "we are very busy", "it's company policy",
    "it is company policy", "our policy", "the system won't let me", "the system does not allow",
    "not my department", "not our fault", "not my fault", "beyond our control",
    "you should have", "you failed to",
]  # fmt: skip


@dataclass(frozen=True)
class Finding:
    start: int
    end: int
    category: str
    explanation: str


def check_acknowledgement(text: str) -> list[Finding]:
    """Empty when the reply apologises and makes no excuse."""
    findings = []
    lowered = text.lower()
    for phrase in EXCUSES:
        start = lowered.find(phrase)
        if start >= 0:
            findings.append(
                Finding(start, start + len(phrase), "excuse",
                        f"“{text[start:start + len(phrase)]}” sounds like an excuse; own the mistake instead.")
            )  # fmt: skip
    if not APOLOGY.search(text):
        findings.append(
            Finding(0, 0, "missing_apology", "A complaint is acknowledged with an apology first.")
        )
    return findings
