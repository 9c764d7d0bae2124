"""The provider's signature on its callbacks (Twilio's X-Twilio-Signature).

Base64 of HMAC-SHA1, keyed with the account's auth token, over the full URL the provider
called followed by each POST field's name and value, fields sorted by name.
"""

import base64
import hashlib
import hmac
from collections.abc import Iterable

HEADER = "X-Twilio-Signature"


def sign(url: str, params: Iterable[tuple[str, str]], token: str) -> str:
    data = url + "".join(f"{name}{value}" for name, value in sorted(params))
    digest = hmac.new(token.encode(), data.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def verify(
    urls: Iterable[str], params: Iterable[tuple[str, str]], token: str, signature: str
) -> bool:
    """Whether `signature` signs the fields for one of `urls` (the address as the
    provider was told it, and as this request arrived: a proxy may change the scheme)."""
    if not token or not signature:
        return False
    fields = list(params)
    return any(hmac.compare_digest(sign(url, fields, token), signature) for url in urls)
