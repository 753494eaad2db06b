"""Plain substring search over translated columns, for content without a search index of its own.

Companies have their own search (companies/search.py: full-text ranking, trigrams, Chinese
bigrams). Events, announcements and cooperation entries are few, so a case-insensitive
``LIKE`` over each language's column is enough, and works for Chinese as it does for German.
"""

from django.conf import settings
from django.db.models import Q

MAX_QUERY_LENGTH = 200

# Each word is one OR over every column in every language; a visitor's run-on sentence
# must not turn into hundreds of LIKEs.
MAX_WORDS = 6


def clean_query(raw):
    """Return what a visitor typed, fit to search with.

    Drop NUL and other control characters (PostgreSQL refuses NUL in a string), collapse
    whitespace and cut to ``MAX_QUERY_LENGTH`` characters.
    """
    text = "".join(char if char.isprintable() else " " for char in (raw or "")[: MAX_QUERY_LENGTH * 4])
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def language_columns(field):
    """Return the per-language columns of a translated ``field``: title_en, title_de, title_zh_hans."""
    return [f"{field}_{code.replace('-', '_')}" for code, _name in settings.LANGUAGES]


def words_in_any_language(query, fields, *, also=None):
    """Return a condition: every word of ``query`` is in one of ``fields``, in any language.

    ``also`` maps a word to a further condition that may match it instead (e.g. a company
    name, only where it may be shown).
    """
    condition = Q()
    for word in dict.fromkeys(clean_query(query).split()[:MAX_WORDS]):
        match = Q()
        for field in fields:
            for column in language_columns(field):
                match |= Q(**{f"{column}__icontains": word})
        if also is not None:
            match |= also(word)
        condition &= match
    return condition
