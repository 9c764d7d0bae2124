"""Turning untrusted message content into safe HTML and plain text (nh3)."""

import html
import re

import nh3

ALLOWED_TAGS = {
    "a", "b", "blockquote", "br", "code", "div", "em", "h1", "h2", "h3", "h4", "hr", "i",
    "li", "ol", "p", "pre", "span", "strong", "table", "tbody", "td", "th", "thead", "tr",
    "u", "ul", "img",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"alt", "src"}, "td": {"colspan"}}


def sanitise_html(raw_html: str) -> str:
    """Strip scripts, event handlers, styles and unknown tags; links open safely."""
    return nh3.clean(
        raw_html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "cid"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


_REMOTE = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)
_STRIPPED_IMAGE = re.compile(r'<img(?: alt="([^"]*)")?>')


def block_remote_images(safe_html: str) -> tuple[str, int]:
    """Sanitised HTML with images from other servers taken out, and how many.

    A remote image loads when staff open the case and tells its sender when and
    from where (a tracking pixel); each becomes a "[image: alt]" placeholder
    until someone chooses to show that message's images."""
    blocked = 0

    def keep_local(tag: str, attribute: str, value: str) -> str | None:
        nonlocal blocked
        if tag == "img" and attribute == "src" and _REMOTE.match(value):
            blocked += 1
            return None
        return value

    if "<img" not in safe_html:
        return safe_html, 0
    cleaned = nh3.clean(
        safe_html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "cid"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
        attribute_filter=keep_local,
    )
    if not blocked:
        return safe_html, 0
    placeholder = _STRIPPED_IMAGE.sub(
        lambda m: f'<span class="image-blocked">[image{": " + m[1] if m[1] else ""}]</span>',
        cleaned,
    )
    return placeholder, blocked


def text_to_html(text: str) -> str:
    """Plain text typed by a person, escaped, with paragraphs and line breaks kept."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "".join(
        "<p>" + html.escape(p).replace("\n", "<br>") + "</p>" for p in paragraphs if p.strip()
    )


_BLOCK_END = re.compile(r"</(p|div|li|tr|h[1-6]|blockquote|pre)>|<br\s*/?>", re.IGNORECASE)


def html_to_text(raw_html: str) -> str:
    """A readable plain-text version of an HTML body, for search and previews."""
    cleaned = nh3.clean(_BLOCK_END.sub("\n", raw_html), tags=set(), strip_comments=True)
    text = html.unescape(cleaned)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
