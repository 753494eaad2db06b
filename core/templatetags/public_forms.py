"""The page title of a page with a public form (core.forms.PublicFormMixin)."""

from django import template
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def title_with_errors(title, *forms):
    """Return ``title``, prefixed with "Error:" when any of ``forms`` has errors (as GOV.UK asks)."""
    if not any(form is not None and form.errors for form in forms):
        return title
    # Both parts escaped once, whether the title came in escaped (asvar) or not.
    return mark_safe(escape(_("Error: %(title)s")) % {"title": conditional_escape(title)})  # noqa: S308
