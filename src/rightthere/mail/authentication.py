"""Whether the receiving mail server could confirm who sent a mail: its
Authentication-Results header (RFC 8601) read for SPF, DKIM and DMARC.

Pure: no database, no settings. Anyone can write an Authentication-Results
header into a mail they send, so only one header is believed:

- with our receiving server's authserv-id configured (`MAIL_AUTHSERV_ID`), the
  topmost header carrying that id. A server prepends its header, so a copy
  the sender forged with the same id sits below it and is never read; a mail
  with no header of ours is "not checked".
- without it, the topmost header of any server. That is usually our own
  server's too (the last server to touch a mail writes on top), but when it
  writes none (it does not check, or the mail came another way) the topmost
  header is someone else's, perhaps the sender's own. Since the result is
  only ever used to *warn*, a forged "pass" hides nothing a missing header
  would have shown; a forged or an internal relay's "fail" warns wrongly.
  Set the id to be sure.

The verdict, for the domain of the From address:
- DMARC says fail: failed (DMARC is the policy for the From domain).
- DMARC says pass, or SPF or DKIM passes for the sender's domain: confirmed
  (forwarding often breaks SPF while the DKIM signature still holds).
- else SPF or DKIM says fail (permerror too): failed; SPF softfail: doubtful.
- else (none, neutral, temperror, no header): not checked, no warning.
A method's result for another domain (SPF of a mailing service's bounce
address, a DKIM signature of the service) says nothing about the sender's.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models

METHODS = ("spf", "dkim", "dmarc")
FAILED = {"fail", "permerror"}
_LABELS = {"spf": "SPF", "dkim": "DKIM", "dmarc": "DMARC"}
# Which property names the domain a method's result is about.
_DOMAIN_PROPERTIES = {
    "spf": ("smtp.mailfrom", "smtp.helo"),
    "dkim": ("header.d", "header.i"),
    "dmarc": ("header.from",),
}


class Verdict(models.TextChoices):
    NOT_CHECKED = "", "Not checked (no Authentication-Results of our server)"
    CONFIRMED = "confirmed", "Confirmed"
    DOUBTFUL = "doubtful", "Doubtful (SPF softfail)"
    FAILED = "failed", "Failed"


@dataclass(frozen=True)
class MethodResult:
    method: str  # "spf", "dkim", "dmarc" (or any other method, kept but not judged)
    result: str  # "pass", "fail", "softfail", ...
    properties: dict[str, str] = field(default_factory=dict)

    def domain(self) -> str:
        for name in _DOMAIN_PROPERTIES.get(self.method, ()):
            value = self.properties.get(name, "")
            if value:
                return value.rpartition("@")[2].lower().strip(".")
        return ""


@dataclass(frozen=True)
class AuthenticationResults:
    authserv_id: str
    results: tuple[MethodResult, ...]


@dataclass(frozen=True)
class SenderCheck:
    verdict: Verdict
    detail: str  # what failed, in words: "SPF failed", "SPF and DMARC failed", "SPF soft-failed"

    @property
    def warns(self) -> bool:
        return self.verdict in (Verdict.FAILED, Verdict.DOUBTFUL)


NOT_CHECKED = SenderCheck(Verdict.NOT_CHECKED, "")


# -- reading the header -------------------------------------------------------


def _without_comments(value: str) -> str:
    """Drop (comments), which may nest, outside "quoted strings"."""
    out: list[str] = []
    depth, quoted, escaped = 0, False, False
    for char in value:
        if escaped:
            escaped = False
            if depth == 0:
                out.append(char)
            continue
        if char == "\\":
            escaped = True
            if depth == 0:
                out.append(char)
            continue
        if char == '"' and depth == 0:
            quoted = not quoted
        elif not quoted and char == "(":
            depth += 1
            continue
        elif not quoted and char == ")" and depth:
            depth -= 1
            continue
        if depth == 0:
            out.append(char)
    return "".join(out)


def _split_outside_quotes(value: str, separator: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    for char in value:
        if char == '"':
            quoted = not quoted
        if char == separator and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


_TOKEN = re.compile(r'([^\s=]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s;]*)')


def _method_result(resinfo: str) -> MethodResult | None:
    pairs = [(key.lower(), value.strip('"')) for key, value in _TOKEN.findall(resinfo)]
    if not pairs:
        return None
    method, result = pairs[0]
    method = method.split("/")[0]  # "dkim/1=pass": the method's version
    properties = {key: value for key, value in pairs[1:] if key != "reason"}
    return MethodResult(method, result.lower(), properties)


def parse_authentication_results(value: str) -> AuthenticationResults | None:
    """One Authentication-Results header's value; None when it has no authserv-id."""
    segments = _split_outside_quotes(" ".join(_without_comments(value).split()), ";")
    head = segments[0].split()
    if not head:
        return None
    results = [_method_result(segment) for segment in segments[1:]]
    return AuthenticationResults(
        authserv_id=head[0].strip('"').lower(),
        results=tuple(r for r in results if r is not None),
    )


def trusted_results(headers: Iterable[str], authserv_id: str = "") -> AuthenticationResults | None:
    """The one header to believe (see the module's docstring), from headers topmost first."""
    wanted = authserv_id.strip().lower()
    for value in headers:
        parsed = parse_authentication_results(value)
        if parsed is not None and (not wanted or parsed.authserv_id == wanted):
            return parsed
    return None


# -- judging it ---------------------------------------------------------------


def _related(domain: str, sender_domain: str) -> bool:
    """The same domain, or one a subdomain of the other (relaxed alignment, roughly)."""
    return (
        domain == sender_domain
        or domain.endswith("." + sender_domain)
        or sender_domain.endswith("." + domain)
    )


def _about_sender(result: MethodResult, sender_domain: str) -> bool:
    # A result that names no domain is taken as about the sender: better a
    # warning too many than a forged mail let through in silence.
    domain = result.domain()
    return not domain or not sender_domain or _related(domain, sender_domain)


def _listed(methods: list[str], verb: str) -> str:
    labels = [_LABELS[m] for m in dict.fromkeys(methods)]
    names = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
    return f"{names} {verb}"


def check_sender(results: AuthenticationResults | None, sender_address: str) -> SenderCheck:
    """The verdict on the sender's domain from the trusted header (None: not checked)."""
    if results is None:
        return NOT_CHECKED
    sender_domain = sender_address.rpartition("@")[2].lower().strip(".")
    judged = [r for r in results.results if r.method in METHODS and _about_sender(r, sender_domain)]
    outcome = {(r.method, r.result) for r in judged}
    failed = [r.method for r in judged if r.result in FAILED]
    if ("dmarc", "fail") in outcome:
        return SenderCheck(Verdict.FAILED, _listed(failed, "failed"))
    if any(result == "pass" for _, result in outcome):
        return SenderCheck(Verdict.CONFIRMED, "")
    if failed:
        return SenderCheck(Verdict.FAILED, _listed(failed, "failed"))
    if ("spf", "softfail") in outcome:
        return SenderCheck(Verdict.DOUBTFUL, "SPF soft-failed")
    return NOT_CHECKED


def sender_check(headers: Iterable[str], sender_address: str, authserv_id: str = "") -> SenderCheck:
    """Read the trusted Authentication-Results header and judge the sender's domain."""
    return check_sender(trusted_results(headers, authserv_id), sender_address)


def warning_text(verdict: str, detail: str, sender_address: str) -> str:
    """What staff read on the message; "" when there is nothing to warn about."""
    domain = sender_address.rpartition("@")[2] or "the sender's domain"
    if verdict == Verdict.FAILED:
        return (
            f"The receiving mail server could not confirm this mail came from {domain} "
            f"({detail}): be careful before acting on it, e.g. changing bank details."
        )
    if verdict == Verdict.DOUBTFUL:
        return (
            f"The receiving mail server had doubts that this mail came from {domain} "
            f"({detail}): check with the customer before acting on anything unusual in it."
        )
    return ""
