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
