"""The case page's timeline, written in Python: one tag for the list instead of ~40
template nodes an entry.

A case's first view rendered each message and event through the template engine:
about a thousand Python calls an entry, 23k of a cold agent's 82k for the benchmark's
case (22 entries), and the first view is what a server showing many cases pays on
nearly every request (#23). The HTML is the same as the template wrote it, byte for
byte; the words and their msgids are the template's (`gettext`, as `translate` and
`blocktranslate` looked them up), translated once per language (`_words`); choice
labels come from `case_tags.label`, message bodies from `case_tags.message_body`,
and a checklist event's sentence still from its app's template. Each value is escaped
by `_text` as the template's `{{ }}` did. The whole list stays in the
"template_fragments" cache (cases/case_detail.html); an entry alone is not kept, as
writing it costs about what looking it up did.

Fenced: the guard is tests/web/test_case_timeline_html.py (every kind of event and
message part, escaping, German).
"""

import re
from datetime import datetime
from functools import cache
from html import escape
from typing import Any

from django import template
from django.template.defaultfilters import filesizeformat
from django.template.loader import get_template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3, WEEKDAYS_ABBR
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, gettext_noop

from rightthere.cases.templatetags import case_tags
from rightthere.cases.templatetags.case_tags import escaped as _text
from rightthere.cases.timeline import TimelineEntry

register = template.Library()


@cache
def _words(language: str | None) -> dict[str, str]:
    """The timeline's sentences in `language`: the template's msgids (blocktranslate's
    `{{ x }}` is `%(x)s`), looked up once per language for the life of the process."""
    return {
        "sender": gettext("Sender not confirmed."),
        "delivery": gettext("%(status)s to %(address)s"),
        "at": gettext("at %(time)s"),
        "sms": gettext("SMS to %(number)s: <b>%(status)s</b>"),
        "opened": _text(gettext("opened the case")),
        "refused": gettext("· rule <b>%(rule)s</b> %(detail)s"),
        "fired": gettext("· rule <b>%(rule)s</b> fired: %(detail)s"),
        "cancelled": gettext("cancelled the visit on <b>%(when)s</b>: %(reason)s"),
        "changed_due": gettext(
            "changed %(what)s (%(which)s) from <b>%(before)s</b> to <b>%(after)s</b>"
        ),
        "changed": gettext("changed %(what)s from <b>%(before)s</b> to <b>%(after)s</b>"),
        "set": gettext("set %(what)s to <b>%(after)s</b>"),
        "cleared": gettext("cleared %(what)s (was <b>%(before)s</b>)"),
    }


# Events whose sentence is their kind's name and what they recorded.
_NAMED_KINDS = frozenset(
    ("promise", "recovery", "satisfaction", "delivery", "merge", "unmerge", "status_link")
)

# A promise's sentences as recorded in English (by a job, a command, or before the desk
# switched to another language), read again in the reader's language: the promises
# app's msgids, and the minute job's. A sentence recorded in another language matches
# none of them and is shown as written.
_PROMISE_SENTENCES = (
    gettext_noop("made: %(what)s by %(when)s"),
    gettext_noop("kept (late): %(what)s"),
    gettext_noop("kept: %(what)s"),
    gettext_noop("released: %(why)s"),
    gettext_noop("re-planned by %(why)s: due %(when)s"),
    gettext_noop("renegotiated, agreed with the customer in person, to %(when)s"),
    gettext_noop("renegotiated in time to %(when)s"),
    gettext_noop("broken, then moved to %(when)s"),
    gettext_noop("broken: %(what)s was due %(when)s"),
    gettext_noop("reminder sent to %(names)s"),
    gettext_noop("escalated to %(names)s"),
)
_EN_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_EN_MONTHS = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
              "Dec")  # fmt: skip
# "Fri 04 Dec 14:00": a time as `_when` wrote it in English ("D d M H:i").
_EN_WHEN = (
    f"(?P<day>{'|'.join(_EN_DAYS)}) (?P<date>\\d{{1,2}}) "
    f"(?P<month>{'|'.join(_EN_MONTHS[1:])}) (?P<clock>\\d{{2}}:\\d{{2}})"
)


def _sentence_pattern(msgid: str) -> re.Pattern[str]:
    parts = re.split(r"%\((\w+)\)s", msgid)
    pattern = "".join(
        re.escape(part)
        if i % 2 == 0
        else (f"(?P<when>{_EN_WHEN})" if part == "when" else f"(?P<{part}>.+)")
        for i, part in enumerate(parts)
    )
    return re.compile(pattern + r"\Z", re.S)


_PROMISE_PATTERNS = tuple((msgid, _sentence_pattern(msgid)) for msgid in _PROMISE_SENTENCES)


def _promise_sentence(recorded: str) -> str:
    """A promise event's sentence in the reader's language, if it was recorded in
    English; as written otherwise."""
    language = get_language() or "en"
    if language.startswith("en"):
        return recorded
    for msgid, pattern in _PROMISE_PATTERNS:
        match = pattern.match(recorded)
        if match:
            values = {k: v for k, v in match.groupdict().items() if f"%({k})s" in msgid}
            if "when" in values:
                days, months = _calendar(language)
                values["when"] = (f"{days[_EN_DAYS.index(match['day'])]} {match['date']} "
                                  f"{months[_EN_MONTHS.index(match['month'])]} {match['clock']}")  # fmt: skip
            return gettext(msgid) % values
    return recorded


_PK = 2_147_483_647  # stands for an attachment's id in its URL, reversed once


@cache
def _download_url(script_prefix: str, urlconf: str | None) -> tuple[str, str]:
    """An attachment's download URL around its id: `reverse` once per URL prefix and
    configuration, not once a file."""
    before, after = reverse("attachment_download", args=[_PK]).split(str(_PK))
    return before, after


@cache
def _calendar(language: str | None) -> tuple[list[str], list[str]]:
    """The weekdays' and months' short names in `language`, as Django's date format
    writes them (`D`, `M`): translated once per language, not twice an entry."""
    days = [str(WEEKDAYS_ABBR[day]) for day in range(7)]
    months = ["", *(str(MONTHS_3[month]).title() for month in range(1, 13))]
    return days, months


def _local(value: datetime, with_year: bool = False) -> str:
    """`{{ value|date:"D j M Y, H:i" }}` (or without the year) in the current time zone:
    Django's `date` filter cost ~40 calls a date, two dates an entry."""
    days, months = _calendar(get_language())
    at = timezone.localtime(value)
    year = f" {at.year:04d}" if with_year else ""
    return f"{days[at.weekday()]} {at.day} {months[at.month]}{year}, {at.hour:02d}:{at.minute:02d}"


def _clock(value: datetime) -> str:
    """`{{ value|date:"H:i" }}`."""
    at = timezone.localtime(value)
    return f"{at.hour:02d}:{at.minute:02d}"


def _iso(value: datetime) -> str:
    """`{{ value|date:'c' }}`."""
    return timezone.localtime(value).isoformat()


def _recorded(value: str) -> str:
    """`{% translate value as name %}`: a value recorded in English (a status, a
    priority) in the reader's language, escaped as that tag left it."""
    return escape(gettext(value.replace("%", "%%")).replace("%%", "%"))


def _message(m: Any, words: dict[str, str], url: tuple[str, str]) -> str:
    parts = [
        f'<li class="msg msg-{_text(m.direction)}" id="message-{m.pk}">\n'
        '          <div class="msg-head">\n'
        f"            <strong>{_text(m.author_name)}</strong>\n"
        f'            <span class="msg-kind">{_text(case_tags.label(m, "direction"))}</span>\n'
        f'            <time datetime="{_iso(m.created_at)}">'
        f"{_local(m.created_at, with_year=True)}</time>\n"
        "          </div>\n          "
    ]
    if m.direction == "inbound":
        for mail in m.inbound_mails.all():
            if warning := mail.sender_warning:
                parts.append(
                    '<p class="msg-sender-warning" role="note"><strong>'
                    f"{_text(words['sender'])}</strong> {_text(warning)}</p>"
                )
    parts.append(f'\n          <div class="msg-body">{case_tags.message_body(m)}</div>\n          ')
    if getattr(m, "has_deliveries", False):
        for d in m.deliveries.all():
            status = {"status": _text(case_tags.label(d, "status"))}
            parts.append(
                f'<p class="delivery delivery-{_text(d.status)}">✉ '
                + words["delivery"] % {**status, "address": _text(d.to_address)}
            )
            if d.sent_at:
                parts.append(" " + words["at"] % {"time": _clock(d.sent_at)})
            if d.last_error:
                parts.append(f" — {_text(d.last_error)}")
            parts.append("</p>")
    parts.append("\n          ")
    if getattr(m, "has_texts", False):
        for t in m.sms.all():
            label = _text(case_tags.label(t, "status"))
            parts.append(
                f'<p class="delivery delivery-{_text(t.status)}" data-sms="{t.pk}">'
                + words["sms"] % {"number": _text(t.to_number), "status": label}
            )
            if t.status_at:
                parts.append(" " + words["at"] % {"time": _clock(t.status_at)})
            if t.last_error:
                parts.append(f" — {_text(t.last_error)}")
            parts.append(f'<br><small class="muted">“{_text(t.body)}”</small></p>')
    parts.append("\n          ")
    if getattr(m, "has_files", False):
        parts.append('<ul class="attachments">')
        for a in m.attachments.all():
            parts.append(
                f'<li><a href="{_text(f"{url[0]}{a.pk}{url[1]}")}">📎 {_text(a.filename)}</a> '
                f'<small class="muted">{_text(filesizeformat(a.size))}</small></li>'
            )
        parts.append("</ul>")
    parts.append("\n        </li>")
    return "".join(parts)


def _event_sentence(e: Any, words: dict[str, str]) -> str:
    """What the event says after its actor's name, with the whitespace the template's
    branches left before `</span>`."""
    kind = e.kind
    if kind == "created":
        return words["opened"] + "\n          "
    if kind == "checklist":  # the checklist app's own sentences
        return get_template("checklists/_timeline_event.html").render({"e": e}) + "\n          "
    if kind == "automation":
        which = "refused" if e.field == "refused" else "fired"
        return words[which] % {"rule": _text(e.before), "detail": _text(e.after)} + "\n          "
    what = _text(case_tags.midsentence(case_tags.label(e, "kind")))
    if kind == "promise":
        return f"· {what}: <b>{_text(_promise_sentence(e.after))}</b>\n          "
    if kind in _NAMED_KINDS:
        return f"· {what}: <b>{_text(e.after)}</b>\n          "
    if kind == "visit" and e.field == "cancelled":
        sentence = words["cancelled"] % {"when": _text(e.before), "reason": _text(e.after)}
        return sentence + "\n          "
    before = _recorded(e.before) if e.before else ""
    after = _recorded(e.after) if e.after else ""
    if before and after:
        if kind == "due":
            which = _text(e.field.replace("_due", "").replace("_", ""))
            values = {"what": what, "which": which, "before": before, "after": after}
            return words["changed_due"] % values + "\n          "
        return words["changed"] % {"what": what, "before": before, "after": after} + "\n          "
    if e.after:
        return words["set"] % {"what": what, "after": after} + "\n          "
    return words["cleared"] % {"what": what, "before": before}


def _event(e: Any, words: dict[str, str]) -> str:
    return (
        f'<li class="event">\n          <span>{_text(e.actor_name)}\n          '
        f"{_event_sentence(e, words)}</span>\n"
        f'          <time datetime="{_iso(e.created_at)}">{_local(e.created_at)}'
        "</time>\n        </li>"
    )


@register.simple_tag
def timeline_list(timeline: list[TimelineEntry]) -> SafeString:
    """The timeline's `<ol>`: each message (its head, sender check, body, outgoing mail,
    texts and files) and event (a sentence in the reader's language), oldest first."""
    words = _words(get_language())
    url = _download_url(get_script_prefix(), get_urlconf())
    if not timeline:
        empty = _text(gettext("Nothing has happened on this case yet."))
        return mark_safe(  # noqa: S308 - escaped above
            f'<ol>\n      \n        <li class="empty">{empty}</li>\n      \n      </ol>'
        )
    items = []
    for entry in timeline:
        if entry.message is not None:
            li = _message(entry.message, words, url)
        else:
            li = _event(entry.event, words)
        items.append(f"\n        \n        {li}\n        \n      ")
    # Every value escaped by _text or _recorded, or a sentence of ours.
    return mark_safe("<ol>\n      " + "".join(items) + "\n      </ol>")  # noqa: S308
