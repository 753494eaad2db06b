"""Markup that machines read: datetime values, and the language of texts shown in a fallback language."""

import datetime

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

from core.languages import shown_language

register = template.Library()


@register.filter
def datetime_attr(value):
    """Return a date or time for a ``datetime`` attribute: ISO 8601, whole seconds, with its offset."""
    if isinstance(value, datetime.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""


@register.simple_tag
def lang_attr(obj, field):
    """Return ` lang="en"` for an element holding ``obj.<field>`` when that text is shown in the
    fallback language (English on a Chinese page, say), and nothing when it is in the page's."""
    language = shown_language(obj, field)
    return format_html(' lang="{}"', language) if language != get_language() else ""


@register.simple_tag
def lang_text(obj, field):
    """Return the text of ``obj.<field>``, inside ``<span lang="en">`` when it is shown in the
    fallback language; for a text that shares its element with others."""
    value = getattr(obj, field)
    language = shown_language(obj, field)
    if language != get_language() and value:
        return format_html('<span lang="{}">{}</span>', language, value)
    return value
