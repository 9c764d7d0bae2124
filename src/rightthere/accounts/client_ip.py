"""The address a request came from, also behind a reverse proxy.

Behind the documented nginx every request arrives from 127.0.0.1, so a limit by
address would count the whole internet as one visitor. `X-Forwarded-For` is
believed only when the request comes from a proxy listed in TRUSTED_PROXIES
(anyone else could write anything in it); then the client is the right-most
address in it that is not itself one of our proxies.
"""

import ipaddress
from functools import cache

from django.conf import settings
from django.http import HttpRequest

UNKNOWN = "0.0.0.0"  # noqa: S104 - a value to count by, not an address to bind


@cache
def _networks(
    trusted: tuple[str, ...],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in trusted)


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def _is_proxy(address: str) -> bool:
    trusted = _networks(tuple(settings.TRUSTED_PROXIES))
    return any(ipaddress.ip_address(address) in network for network in trusted)


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or through our trusted proxies the
    right-most X-Forwarded-For hop they did not add themselves."""
    address = _valid(request.META.get("REMOTE_ADDR", "")) or UNKNOWN
    if address == UNKNOWN or not _is_proxy(address):
        return address
    hops = [_valid(hop) for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed(hops):
        if hop is None:
            return address  # a malformed chain: count it as the proxy's, not as anyone's
        if not _is_proxy(hop):
            return hop
    return address
