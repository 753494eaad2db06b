"""Structured data (schema.org JSON-LD) for pages of any app."""

import json

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def json_ld(data):
    """Render ``data`` as JSON that cannot close or break out of its <script> data block."""
    text = json.dumps(data, ensure_ascii=False)
    return mark_safe(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))  # noqa: S308
