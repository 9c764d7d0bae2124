"""Small display helpers for case templates."""

from datetime import datetime
from functools import cache
from html import escape
from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3, WEEKDAYS_ABBR
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext

from rightthere.core.choices import choice_label
from rightthere.core.sanitise import block_remote_images

register = template.Library()


@cache
def _texts(language: str | None) -> dict[str, str]:
    """The due badge's and updated stamp's words in `language`, looked up once per
    language for the life of the process: each inbox row asked for three to five of
    them (#23)."""
    return {
        "minutes": gettext("%(minutes)sm"),
        "hours": gettext("%(hours)sh"),
        "days": gettext("%(days)sd"),
        "due": gettext("Due %(when)s"),
        "overdue": gettext("overdue %(span)s"),
        "in": gettext("in %(span)s"),
        "just now": gettext("just now"),
        "ago": gettext("%(span)s ago"),
    }


@cache
def _calendar(language: str | None) -> tuple[list[str], list[str]]:
    """The weekdays' and months' short names in `language` ("Fri", "Dec"; "Fr", "Dez"),
    translated once per language, not once a row."""
    days = [str(WEEKDAYS_ABBR[day]) for day in range(7)]
    months = ["", *(str(MONTHS_3[month]).title() for month in range(1, 13))]
    return days, months


def _exact(local: datetime, with_year: bool = False) -> str:
    """ "Fri 04 Dec 14:00" (`%a %d %b %H:%M`) with the day and month in the active
    language: strftime writes them in the server's C locale, English for everyone."""
    days, months = _calendar(get_language())
    year = f" {local.year:04d}" if with_year else ""
    return (f"{days[local.weekday()]} {local.day:02d} {months[local.month]}{year} "
            f"{local.hour:02d}:{local.minute:02d}")  # fmt: skip


def _span(delta_seconds: float, texts: dict[str, str]) -> str:
    minutes = int(abs(delta_seconds) // 60)
    if minutes < 60:
        return texts["minutes"] % {"minutes": minutes}
    hours = minutes // 60
    if hours < 48:
        return texts["hours"] % {"hours": hours}
    return texts["days"] % {"days": hours // 24}


@register.simple_tag
def due_badge(due: datetime | None) -> str:
    """'in 3h' or 'overdue 2d', coloured, with the exact time on hover."""
    if due is None:
        return format_html('<span class="due due-none">—</span>')
    texts = _texts(get_language())
    seconds = (due - timezone.now()).total_seconds()
    exact = _exact(timezone.localtime(due))
    if seconds < 0:
        return format_html(
            '<span class="due due-overdue" title="{}">{}</span>',
            texts["due"] % {"when": exact},
            texts["overdue"] % {"span": _span(seconds, texts)},
        )
    css = "due-soon" if seconds < 4 * 3600 else "due-later"
    return format_html(
        '<span class="due {}" title="{}">{}</span>',
        css,
        texts["due"] % {"when": exact},
        texts["in"] % {"span": _span(seconds, texts)},
    )


@register.simple_tag
def updated_stamp(updated: datetime) -> str:
    """'3h ago' (the due badges' units), with the exact local time on hover and in
    the machine-readable attribute. One call per row of the inbox: Django's `date`,
    `localize` and `timesince` filters took a third of the page's rendering."""
    texts = _texts(get_language())
    local = timezone.localtime(updated)
    seconds = (timezone.now() - updated).total_seconds()
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        local.isoformat(),
        _exact(local, with_year=True),
        texts["just now"] if seconds < 60 else texts["ago"] % {"span": _span(seconds, texts)},
    )


@register.filter
def midsentence(label: str) -> str:
    """A field's or choice's name inside a sentence: lower case in English ("set
    priority to"), as written in languages that capitalise nouns (German)."""
    return str(label).lower() if (get_language() or "en").startswith("en") else str(label)


@register.filter
def label(instance: Any, field_name: str) -> Any:
    """`{{ event|label:"kind" }}`: what `{{ event.get_kind_display }}` shows, its choices
    translated once per language (`core.choices`; get_FOO_display translates them all
    on every call)."""
    return choice_label(instance, field_name)


@register.filter
def status_class(status: str) -> str:
    return f"status status-{status.replace('_', '-')}"


@register.filter
def priority_class(priority: str) -> str:
    return f"priority priority-{priority}"


@register.simple_tag
def message_body(message: Any) -> str:
    """A message's HTML for staff, with remote images held back until asked for
    (a button per message loads them: `message_images`)."""
    body, blocked = block_remote_images(message.body_html)
    if not blocked:
        return mark_safe(body)  # noqa: S308 - sanitised when stored, and again above
    url = reverse("message_images", args=[message.case_id, message.pk])
    label = ngettext("Show %(count)s image", "Show %(count)s images", blocked) % {"count": blocked}
    button = format_html(
        '<p class="images-blocked"><button type="button" class="linklike" hx-get="{}" '
        'hx-target="closest .msg-body" hx-swap="innerHTML">{}</button> '
        '<small class="muted">{}</small></p>',
        url,
        label,
        gettext("from other servers, held back so the sender cannot see when this was read"),
    )
    return mark_safe(body) + button  # noqa: S308


def escaped(value: Any) -> str:
    """A value as `format_html` and the template's `{{ value }}` write it
    (`conditional_escape`): safe HTML as it is, anything else as escaped text. Without
    their lazy-string checks (#23)."""
    html = getattr(value, "__html__", None)
    return html() if html is not None else escape(str(value))


@register.simple_tag
def options(choices: Any, selected: Any) -> str:
    """A select's `<option>`s from (value, label) pairs, the one equal to `selected`
    chosen. One call per select: the header's lists (statuses, people) written option
    by option in the template took a fifth of the case page's rendering."""
    chosen = "" if selected is None else str(selected)
    # Each value and label escaped by `escaped` as format_html_join did (its per-option
    # format_html and lazy-string checks were ~70 calls an option, #23).
    return mark_safe(  # noqa: S308 - every value and label escaped
        "".join(
            f'<option value="{escaped(value)}"{" selected" if str(value) == chosen else ""}>'
            f"{escaped(label)}</option>"
            for value, label in choices
        )
    )


@register.simple_tag
def people_options(people: Any, selected: Any, prefix: str = "") -> str:
    """A list of people's `<option>`s: each one's name shown, `prefix` and id sent (the
    inbox's assignee filter and bulk bar: two options a person, ~3 template nodes each)."""
    return options([(f"{prefix}{p.pk}", p.display_name) for p in people], selected)


@register.simple_tag
def assignee_options(people: Any, selected: Any) -> str:
    """The header's assignee `<option>`s: "name (role)", the roles' labels read once."""
    pairs = [(p.pk, f"{p.display_name} ({choice_label(p, 'role')})") for p in people]
    return options(pairs, selected)
