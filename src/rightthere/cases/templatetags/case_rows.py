"""The inbox's rows, written in Python: one tag per row instead of ~30 template nodes.

Each row of the inbox (25 a page) cost the template engine about thirty variable
look-ups, filters, tags and translations: most of the list's rendering (#23). The
HTML is the same as the template wrote it; the row's words are translated once per
language (`_words`), the choice labels come from `core.choices`' cache and the due
and updated cells from `case_tags` as before.
"""

from collections.abc import Container
from functools import cache
from typing import Any

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from rightthere.cases.templatetags.case_tags import (
    due_badge,
    priority_class,
    status_class,
    updated_stamp,
)
from rightthere.core.choices import choice_label

register = template.Library()


@cache
def _words(language: str | None) -> dict[str, SafeString]:
    """The row's fixed words in `language`, escaped as the template's `translate` did."""
    return {
        "select": mark_safe(gettext("Select %(reference)s")),  # noqa: S308 - as blocktranslate
        "replied": conditional_escape(gettext("Customer replied")),
        "new": conditional_escape(gettext("New")),
        "internal customer": conditional_escape(gettext("Internal customer")),
        "internal": conditional_escape(gettext("internal")),
        "unassigned": conditional_escape(gettext("unassigned")),
    }


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
    reference = case.reference
    unread = case.pk in unread_ids
    checkbox = (
        format_html(
            '<input type="checkbox" class="select-case" name="case" value="{}" form="bulk-form" '
            'aria-label="{}"> ',
            case.pk,
            # blocktranslate: the reference escaped, the translated words as written
            mark_safe(words["select"] % {"reference": conditional_escape(reference)}),  # noqa: S308
        )
        if can_bulk
        else ""
    )
    badge = (
        format_html(
            '\n      <strong class="badge badge-unread">{}</strong>',
            words["replied"] if case.pk in replied_ids else words["new"],
        )
        if unread
        else ""
    )
    internal = (
        format_html(
            ' <span class="badge badge-internal" title="{}">{}</span>',
            words["internal customer"],
            words["internal"],
        )
        if case.internal
        else ""
    )
    assignee = (
        conditional_escape(case.assignee.display_name)
        if case.assignee
        else format_html('<span class="muted">{}</span>', words["unassigned"])
    )
    return format_html(
        "<tr{}>\n"
        '    <td class="subject">{}<a href="{}"><span class="ref">{}</span> {}</a>{}\n'
        '      <span class="kind">{}</span></td>\n'
        "    <td>{}{}</td>\n"
        '    <td><span class="{}">{}</span></td>\n'
        '    <td><span class="{}">{}</span></td>\n'
        "    <td>{}</td>\n"
        "    <td>{}</td>\n"
        "    <td>{}</td>\n"
        "  </tr>",
        mark_safe(' class="unread"') if unread else "",
        checkbox,
        f"{url_before}{case.pk}{url_after}",
        reference,
        case.subject,
        badge,
        choice_label(case, "kind"),
        case.customer.name,
        internal,
        status_class(case.status),
        choice_label(case, "status"),
        priority_class(case.priority),
        choice_label(case, "priority"),
        assignee,
        due_badge(case.next_due_at),
        updated_stamp(case.updated_at),
    )
