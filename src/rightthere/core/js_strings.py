"""The sentences the desk's own scripts show, in the language of the page.

The scripts (static/rightthere/*.js, the canned-reply and reply-check composers) are static
files, so they cannot be translated themselves. base.html writes these strings into a JSON
block, `{{ js_strings|json_script:"rt-js-strings" }}` (data, not code: the
Content-Security-Policy allows it), and each script reads its texts from there, keeping its
English only as a fallback for a page without the block. No catalogue request, no inline
script. Placeholders are written as %(name)s and filled in by the script.

A count's two forms are given as `..._one` and `..._other` (the script picks by count == 1,
which is the rule of every language the desk ships: English and German).
"""

from functools import cache
from typing import Any

from django.http import HttpRequest
from django.utils.html import json_script
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext_lazy, ngettext_lazy

JS_STRINGS: dict[str, Any] = {
    # behaviours.js and copy.js: the Copy buttons
    "copied": gettext_lazy("Copied."),
    "copy_by_hand": gettext_lazy("Select the link and copy it."),
    # feedback.js: an htmx request that failed
    "not_allowed": gettext_lazy("You may not do that here."),
    "failed": gettext_lazy("That did not work (error %(status)s). Reload the page and try again."),
    "unreachable": gettext_lazy("Could not reach Rightthere. Check the connection and try again."),
    # inbox.js: the bulk bar
    "selected_one": ngettext_lazy("%(count)s selected", "%(count)s selected", 1),
    "selected_other": ngettext_lazy("%(count)s selected", "%(count)s selected", 2),
    # shortcuts.js: the list of keyboard shortcuts
    "shortcuts_title": gettext_lazy("Keyboard shortcuts"),
    "shortcuts_caption": gettext_lazy("Keys and what they do"),
    "shortcuts_or": gettext_lazy("or"),
    "shortcuts_close": gettext_lazy("Close"),
    "shortcut_next": gettext_lazy("Next case in the list"),
    "shortcut_previous": gettext_lazy("Previous case in the list"),
    "shortcut_open": gettext_lazy("Open the case"),
    "shortcut_select": gettext_lazy("Select the case (for the bulk bar)"),
    "shortcut_search": gettext_lazy("Search"),
    "shortcut_reply": gettext_lazy("Reply to the customer (case page)"),
    "shortcut_note": gettext_lazy("Write an internal note (case page)"),
    "shortcut_assign": gettext_lazy("Assign (the assignee field, or the bulk bar's)"),
    "shortcut_canned": gettext_lazy("Insert a canned reply (in the message)"),
    "shortcut_help": gettext_lazy("Show these shortcuts"),
    "shortcut_close": gettext_lazy("Close this list"),
    # canned/composer.js: placeholders a canned reply left unfilled
    "gaps_one": gettext_lazy("Fill in %(names)s before sending: this case has no value for it."),
    "gaps_other": gettext_lazy(
        "Fill in %(names)s before sending: this case has no value for them."
    ),
    "go_to_gap": gettext_lazy("Go to %(name)s"),
    # coach/composer.js: a promise added from the reply check
    "promise_get_back": gettext_lazy("Get back to you"),
    "promise_added": gettext_lazy("Added below"),
}


@cache
def _script(language: str | None) -> SafeString:
    return json_script({key: str(text) for key, text in JS_STRINGS.items()}, "rt-js-strings")


class _Script:
    """The strings' `<script type="application/json">` block in the language active
    when the page is rendered, translated and encoded once per language for the life
    of the process (the strings are in the code): on every staff page it cost ~30
    translation look-ups and a JSON encoding (#23)."""

    def __html__(self) -> SafeString:
        return _script(get_language())

    __str__ = __html__


_SCRIPT = _Script()


def js_strings(request: HttpRequest) -> dict[str, Any]:
    """Context processor: the scripts' strings, `{{ js_strings_script }}`."""
    return {"js_strings_script": _SCRIPT}
