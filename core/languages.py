"""Which language a translated model field (django-modeltranslation) is shown in."""

from django.utils import translation
from modeltranslation.utils import build_localized_fieldname, resolution_order


def shown_language(obj, field, language=None):
    """Return the code of the language in which ``obj.<field>`` reads in ``language`` (default: the active one).

    That is ``language`` itself when its column is filled, otherwise the first fallback language
    (English) whose column is, as modeltranslation resolves it. So a page in Chinese can mark an
    English summary shown in place of a missing Chinese one with ``lang="en"``.
    """
    language = language or translation.get_language()
    for code in resolution_order(language):
        if getattr(obj, build_localized_fieldname(field, code), None) not in (None, ""):
            return code
    return language
