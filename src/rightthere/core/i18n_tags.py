"""Django's `i18n` template library, with a fixed `{% translate "..." %}` looked up once
per language.

Django's `translate` tag makes a lazy string of its message on every render, turns it
into text through the active catalogue (a miss falls through every catalogue of the
language's fallback chain: ~6 look-ups), escapes it and restores its percent signs:
~80 µs under cProfile a tag, 77 tags on an agent's case page (#23). A tag whose
message (and context, if any) is written in the template, with no filter and not
`noop`, gives the same text in a language every time: here it is worked out by
Django's own tag the first time and kept per language for the life of the process
(the messages are in the templates; a new catalogue comes with a restart), as
`core.choices` keeps choice labels. Everything else (a variable, a filter, a context
from a variable, `noop`, and every other tag of the library) is Django's, unchanged.

Settings that change what a catalogue gives (LANGUAGES, LANGUAGE_CODE, LOCALE_PATHS,
USE_I18N, INSTALLED_APPS) forget what was kept, as Django forgets its catalogues.

It replaces `i18n` for the project's templates (settings.TEMPLATES "libraries").
Fenced: docs/speed-code.md row 20; guard tests/core/test_i18n_tags.py (the output is
Django's tag's for literals, percent signs, quotes, contexts, `as`, German, a switched
language, autoescape off, and the tags left to Django).
"""

from typing import Any

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import Parser, Token, Variable
from django.template.context import Context
from django.templatetags import i18n as django_i18n
from django.utils.translation import get_language

register = template.Library()
register.tags.update(django_i18n.register.tags)
register.filters.update(django_i18n.register.filters)

# (language, message, context) -> the tag's output
_TRANSLATED: dict[tuple[str | None, str, str | None], str] = {}


class TranslateOnce(django_i18n.TranslateNode):
    """Django's `TranslateNode`; a fixed message's output kept per language."""

    def __init__(self, node: django_i18n.TranslateNode) -> None:
        super().__init__(node.filter_expression, node.noop, node.asvar, node.message_context)
        self.fixed = _fixed_message(node)

    def render(self, context: Context) -> str:
        if self.fixed is None:
            return super().render(context)
        key = (get_language(), *self.fixed)
        value = _TRANSLATED.get(key)
        if value is None:
            value = super().render(context)
            if self.asvar:
                value = context[self.asvar]
            _TRANSLATED[key] = value
        if self.asvar:
            context[self.asvar] = value
            return ""
        return value


def _fixed_message(node: django_i18n.TranslateNode) -> tuple[str, str | None] | None:
    """The message and context the template wrote, or None if either can change from
    one render to the next (a variable, a filter) or the tag does not translate."""
    expression = node.filter_expression
    var = expression.var
    if node.noop or expression.filters or not isinstance(var, Variable):
        return None
    if not isinstance(var.literal, str):
        return None
    if node.message_context is None:
        return str(var.literal), None
    context = node.message_context
    if context.filters or not isinstance(context.var, str):
        return None
    return str(var.literal), str(context.var)


@register.tag("translate")
@register.tag("trans")
def do_translate(parser: Parser, token: Token) -> TranslateOnce:
    node = django_i18n.do_translate(parser, token)
    assert isinstance(node, django_i18n.TranslateNode)
    return TranslateOnce(node)


@receiver(setting_changed)
def _forget(*, setting: str, **kwargs: Any) -> None:
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "USE_I18N", "INSTALLED_APPS"}:
        _TRANSLATED.clear()


def forget_translated() -> None:
    """Drop what is kept (for tests)."""
    _TRANSLATED.clear()
