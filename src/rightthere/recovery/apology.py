"""Does a reply acknowledge a complaint properly: an apology, and no excuse?

The reply check (the coach) decides; this keeps the recovery step's question in
its own words: findings of a missing apology, an excuse or blame stop the
reply from counting as step 1.
"""

from rightthere.coach.check import Finding

ACKNOWLEDGEMENT_CATEGORIES = frozenset({"missing_apology", "excuse", "blame"})

__all__ = ["Finding", "check_acknowledgement"]


def check_acknowledgement(text: str) -> list[Finding]:
    """Empty when the reply apologises and makes no excuse."""
    from rightthere.coach.actions import check_draft

    return check_draft(text, complaint=True, categories=ACKNOWLEDGEMENT_CATEGORIES, flags_only=True)
