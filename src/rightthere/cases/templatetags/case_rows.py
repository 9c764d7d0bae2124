"""The inbox's rows, written in Python: one tag per row instead of ~30 template nodes.

Each row of the inbox (25 a page) cost the template engine about thirty variable
look-ups, filters, tags and translations: most of the list's rendering (#23). The
HTML is the same as the template wrote it; the row's words are translated once per
language (`_words`), the choice labels come from `core.choices`' cache and the due
and updated cells from `case_tags` as before. Each value is escaped by `_text` as
`format_html` does it, and the row put together with one `str.format` (format_html's
lazy-string checks were ~1,000 calls a page). Fenced: the guard is
tests/web/test_inbox_rows.py (escaping, badges, German, URL prefix).
"""

from collections.abc import Container
from functools import cache
from typing import Any

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from rightthere.cases.templatetags.case_tags import (
    due_badge,
    priority_class,
    status_class,
    updated_stamp,
)
from rightthere.cases.templatetags.case_tags import escaped as _text  # format_html's, cheaper
from rightthere.core.choices import choice_label

register = template.Library()


@cache
def _words(language: str | None) -> dict[str, str]:
    """The row's fixed words and the markup around them in `language`, escaped as the
    template's `translate` did."""
    return {
        "select": gettext("Select %(reference)s"),  # as blocktranslate: not escaped
        "replied": format_html(
            '\n      <strong class="badge badge-unread">{}</strong>', gettext("Customer replied")
        ),
        "new": format_html(
            '\n      <strong class="badge badge-unread">{}</strong>', gettext("New")
        ),
        "internal": format_html(
            ' <span class="badge badge-internal" title="{}">{}</span>',
            gettext("Internal customer"),
            gettext("internal"),
        ),
        "unassigned": format_html('<span class="muted">{}</span>', gettext("unassigned")),
    }


_ROW = (
    "<tr{}>\n"
    '    <td class="subject">{}<a href="{}"><span class="ref">{}</span> {}</a>{}\n'
    '      <span class="kind">{}</span></td>\n'
    "    <td>{}{}</td>\n"
    '    <td><span class="{}">{}</span></td>\n'
    '    <td><span class="{}">{}</span></td>\n'
    "    <td>{}</td>\n"
    "    <td>{}</td>\n"
    "    <td>{}</td>\n"
    "  </tr>"
)
_CHECKBOX = (
    '<input type="checkbox" class="select-case" name="case" value="{}" form="bulk-form" '
    'aria-label="{}"> '
)


_PK = 2_147_483_647  # stands for the case's id in the case page's URL, reversed once


@cache
def _case_url(script_prefix: str, urlconf: str | None) -> tuple[str, str]:
    """The case page's URL around the case's id: `reverse` once per URL prefix and
    configuration, not once a row."""
    before, after = reverse("case_detail", args=[_PK]).split(str(_PK))
    return before, after


@register.simple_tag
def case_row(
    case: Any, can_bulk: bool, unread_ids: Container[int], replied_ids: Container[int]
) -> SafeString:
    """One `<tr>` of the inbox: the case's reference and subject (with its checkbox for
    the bulk bar, and "Customer replied" or "New" when its assignee has not read it),
    customer, status, priority, assignee, due and last update."""
    words = _words(get_language())
    url_before, url_after = _case_url(get_script_prefix(), get_urlconf())
    reference = _text(case.reference)
    unread = case.pk in unread_ids
    # Every value escaped by _text (or written here), as format_html would.
    checkbox = (
        # blocktranslate: the reference escaped, the translated words as written
        _CHECKBOX.format(case.pk, words["select"] % {"reference": reference}) if can_bulk else ""
    )
    badge = (words["replied"] if case.pk in replied_ids else words["new"]) if unread else ""
    assignee = case.assignee
    return mark_safe(  # noqa: S308 - every value above escaped
        _ROW.format(
            ' class="unread"' if unread else "",
            checkbox,
            _text(f"{url_before}{case.pk}{url_after}"),
            reference,
            _text(case.subject),
            badge,
            _text(choice_label(case, "kind")),
            _text(case.customer.name),
            words["internal"] if case.internal else "",
            _text(status_class(case.status)),
            _text(choice_label(case, "status")),
            _text(priority_class(case.priority)),
            _text(choice_label(case, "priority")),
            _text(assignee.display_name) if assignee else words["unassigned"],
            _text(due_badge(case.next_due_at)),
            _text(updated_stamp(case.updated_at)),
        )
    )
