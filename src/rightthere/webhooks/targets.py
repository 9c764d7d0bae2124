"""Where a webhook may send: the one check of a webhook's URL and the addresses its
host resolves to, used when an owner subscribes or edits a URL (every door goes
through webhooks.actions) and again by the delivery, at the moment it connects.

Without it a webhook would make the server POST to itself or its network
(127.0.0.1, 10.x, the cloud's metadata service at 169.254.169.254, ::1, ...).
The rule: every address the host resolves to must be public. Loopback, private,
shared (100.64/10), reserved and other non-global addresses are refused unless
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES is set, for receivers on the owner's own network;
link-local (the metadata service), multicast and unspecified addresses are refused
even then.

The delivery does not trust the check made when the URL was saved: a name's
answer can change (DNS rebinding). `connect` resolves the name once, checks every
address, and opens the socket to a checked address itself; the HTTP client then
speaks TLS over that socket with the name (SNI, certificate check) and sends the
name as the Host header, so no second lookup happens between check and connection.
"""

import ipaddress
import socket
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext

from rightthere.core.errors import InvalidField

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class AddressRefused(OSError):
    """The host resolves to an address webhooks may not reach; never worth a retry."""


def allow_private() -> bool:
    return bool(settings.RIGHTTHERE.get("WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", False))


def why_refused(address: Address) -> str:
    """Why webhooks may not send to this address ("a loopback address", ...), else ""."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    if address.is_unspecified:
        return "an unspecified address"
    if address.is_link_local:
        return "a link-local address"
    if address.is_multicast:
        return "a multicast address"
    if allow_private():
        return ""
    for kind in ("loopback", "private", "reserved"):
        if getattr(address, f"is_{kind}"):
            return f"a {kind} address"
    return "" if address.is_global else "not a public address"


Resolved = tuple[socket.AddressFamily, Address, tuple[Any, ...]]


def resolve(host: str, port: int) -> list[Resolved]:
    """Every address `host` resolves to for a TCP connection (family, address, the
    socket address to connect to); raises OSError (socket.gaierror) when it does not."""
    found: list[Resolved] = []
    for family, _, _, _, sockaddr in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
        if family in (socket.AF_INET, socket.AF_INET6):
            found.append((family, ipaddress.ip_address(str(sockaddr[0]).split("%")[0]), sockaddr))
    return found


def check_addresses(host: str, port: int) -> list[tuple[socket.AddressFamily, tuple[Any, ...]]]:
    """Resolve `host` and check every address; raises AddressRefused naming the first
    refused one, or OSError when the name does not resolve."""
    resolved = resolve(host, port)
    if not resolved:
        raise OSError(f"{host} has no IPv4 or IPv6 address")
    for _, address, _ in resolved:
        kind = why_refused(address)
        if kind:
            shown = host if host == str(address) else f"{host} ({address})"
            raise AddressRefused(f"{shown} is {kind}")
    return [(family, sockaddr) for family, _, sockaddr in resolved]


def check_url(url: str) -> None:
    """Refuse a URL that is not https/http with a host, or whose host resolves to an
    address webhooks may not reach. A name that does not resolve now is accepted:
    receivers are often set up before their DNS, and the delivery checks again."""
    try:
        parts = urlsplit(url)
    except ValueError as bad:  # e.g. an unclosed [ of an IPv6 address
        raise InvalidField(
            "url", gettext("The URL is not valid: %(error)s") % {"error": bad}
        ) from bad
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise InvalidField(
            "url", gettext("The URL must start with https:// (or http://) and name a host.")
        )
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        check_addresses(parts.hostname, port)
    except AddressRefused as refused:
        raise InvalidField(
            "url",
            gettext(
                "Webhooks are not sent to local or private addresses, and %(reason)s. "
                "Use the receiver's public address (WEBHOOKS_ALLOW_PRIVATE_ADDRESSES=1 "
                "allows receivers on your own network)."
            )
            % {"reason": refused},
        ) from refused
    except ValueError as bad:  # a port out of range, a malformed address
        raise InvalidField(
            "url", gettext("The URL is not valid: %(error)s") % {"error": bad}
        ) from bad
    except OSError:
        return  # does not resolve (yet): the delivery resolves and checks it again


def connect(
    address: tuple[str, int],
    timeout: object = None,
    source_address: tuple[str, int] | None = None,
) -> socket.socket:
    """`socket.create_connection`, but only to checked addresses: resolve once, refuse
    the host if any address is refused, then connect to the checked addresses in
    turn."""
    host, port = address
    last: OSError | None = None
    for family, sockaddr in check_addresses(host, port):
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            if isinstance(timeout, int | float):  # else http.client's "default" marker
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
        except OSError as exc:
            sock.close()
            last = exc
            continue
        return sock
    assert last is not None
    raise last
