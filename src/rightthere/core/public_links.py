"""Absolute links for things sent out of the desk: mail, texts, invitations, the status
page's link, calendar feeds, webhooks. All of them start with BASE_URL, the address
customers and staff reach the desk at, so a link in a mail and a link shown on a page
never disagree. The Set-up page warns while BASE_URL is left at its default or differs
from the address the owner is using (`address_mismatch`)."""

from urllib.parse import urlsplit

from django.conf import settings

# settings.py's default for BASE_URL: right only for `make demo` on this machine.
DEFAULT_BASE_URL = "http://127.0.0.1:8000"


def base_url() -> str:
    """BASE_URL without its trailing slash."""
    return str(settings.RIGHTTHERE["BASE_URL"]).rstrip("/")


def public_url(path: str) -> str:
    """The absolute link to `path` (starting with "/") for a mail, text or feed."""
    return base_url() + path


def _origin(url: str) -> str:
    """scheme://host[:port], lower case, without the scheme's default port."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:  # an IPv6 address
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    if port is None or (scheme, port) in {("http", 80), ("https", 443)}:
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def is_default() -> bool:
    """BASE_URL was not set (or set to the default, which only suits a demo)."""
    return _origin(base_url()) == _origin(DEFAULT_BASE_URL)


def address_mismatch(seen_at: str) -> str:
    """The origin the desk is being used at (`seen_at`, from the request) when it is not
    BASE_URL's, else ""."""
    if not seen_at:
        return ""
    seen = _origin(seen_at)
    return "" if seen == _origin(base_url()) else seen
