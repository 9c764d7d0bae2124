"""Trim quoted history and signatures from the plain text of a reply.

The displayed text is what a person wrote this time; the full text is kept
alongside (and the raw mail is stored), so trimming may err on the side of
cutting: nothing is lost.
"""

import re

_WROTE = (
    r"On\b.{0,300}\bwrote\s*:"
    r"|Am\b.{0,300}\bschrieb\b.{0,200}:"
    r"|Le\b.{0,300}\ba\s+écrit\s*:"
    r"|El\b.{0,300}\bescribió\s*:"
    r"|Op\b.{0,300}\bschreef\b.{0,200}:"
    r"|Il\b.{0,300}\bha\s+scritto\s*:"
    r"|Em\b.{0,300}\bescreveu\s*:"
)
_ORIGINAL = (
    r"-{2,}\s*(Original\s+Message|Ursprüngliche\s+Nachricht|Message\s+d'origine"
    r"|Mensaje\s+original|Oorspronkelijk\s+bericht)\s*-{2,}"
)
_REPLY_HEADER = re.compile(rf"^\s*(?:{_WROTE}|{_ORIGINAL})\s*$", re.IGNORECASE)
# Outlook quotes the previous mail under a header block: From: / Sent: / To: / Subject:.
_OUTLOOK_FROM = re.compile(r"^\s*\*?(From|Von|De|Van)\s*:\*?\s+\S", re.IGNORECASE)
_OUTLOOK_NEXT = re.compile(
    r"^\s*\*?(Sent|Date|To|Subject|Gesendet|Datum|An|Betreff|Envoyé|Objet|Verzonden)\s*:",
    re.IGNORECASE,
)
_SIGNATURE = re.compile(r"^--\s?$")
_MOBILE_FOOTER = re.compile(
    r"^\s*(Sent from my \w[\w ]{0,40}|Get Outlook for \w+.*|Sent from Mail for Windows.*"
    r"|Sent from Yahoo Mail.*|Von meinem \w[\w ]{0,40} gesendet|Envoyé de mon \w[\w ]{0,40})\s*$",
    re.IGNORECASE,
)


def _is_quote(line: str) -> bool:
    return line.lstrip().startswith(">")


def _history_start(lines: list[str]) -> int | None:
    """Index of the first line of quoted history, if the reply has one."""
    for index, line in enumerate(lines):
        if _REPLY_HEADER.match(line):
            return index
        # "On Mon, 1 Jan 2024, Jo Bloggs <jo@example.com>\n wrote:" wrapped over two lines.
        if index + 1 < len(lines) and _REPLY_HEADER.match(f"{line} {lines[index + 1].strip()}"):
            return index
        if _OUTLOOK_FROM.match(line) and any(
            _OUTLOOK_NEXT.match(following) for following in lines[index + 1 : index + 5]
        ):
            start = index
            if start > 0 and set(lines[start - 1].strip()) <= {"_", "-"} and lines[start - 1]:
                start -= 1  # the separator line Outlook draws above the block
            return start
        if _is_quote(line) and all(_is_quote(rest) or not rest.strip() for rest in lines[index:]):
            return index  # a trailing block of "> " lines; inline replies are kept whole
    return None


def _signature_start(lines: list[str]) -> int | None:
    for index, line in enumerate(lines):
        if index > 0 and (_SIGNATURE.match(line) or _MOBILE_FOOTER.match(line)):
            return index
    return None


def trim_reply(text: str, *, keep_history: bool = False) -> str:
    """The new part of a message: quoted history and the signature cut off.

    `keep_history` is for forwards, whose quoted part (and the signatures in
    it) is the point of the mail: nothing is cut from them.
    If trimming would leave nothing, the whole text is returned.
    """
    if keep_history:
        return text.strip()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    start = _history_start(lines)
    if start is not None:
        lines = lines[:start]
    end = _signature_start(lines)
    if end is not None:
        lines = lines[:end]
    trimmed = "\n".join(lines).strip()
    return trimmed or text.strip()
