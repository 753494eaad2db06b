"""Company search: the denormalised search data and the query that uses it.

Each company stores, besides its own columns:

- ``search_names``: its names in every language, lower-cased, plus the two-character
  pieces ("bigrams") of any Chinese in them;
- ``search_text``: the same for everything a visitor may search for (names, summary,
  profile, services, headquarters, sector and city names, in every language);
- ``search_vector`` (PostgreSQL only): a weighted tsvector built from those two columns,
  names weighted A, the rest B, with the English, German and 'simple' configurations.

PostgreSQL's parser keeps a run of Chinese characters as one token, so 汽车 never matches
北京现代汽车 by full-text search; and a trigram index cannot serve a two-character query.
Splitting every run of Chinese into overlapping bigrams, at index time and at query time,
turns a Chinese word into lexemes the GIN index on the tsvector finds directly
(汽车 → '汽车'; 欧司朗 → '欧司' & '司朗').

Fragments ("maschine" in "maschinenbau", "abfall" in "abfallwirtschaft") are found by
``LIKE`` on ``search_text``, which a pg_trgm GIN index serves for three characters or more.
Typos ("Osrma") are corrected against a small table of the words in names and sectors
(``SearchWord``, trigram-indexed), whose close matches join the full-text query.

SQLite has none of this and falls back to a substring match on ``search_text``.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When

# Visitors sometimes paste whole paragraphs; nothing longer than this is searched.
MAX_QUERY_LENGTH = 200
# Words shorter than this are not corrected for typos: too many near neighbours.
MIN_TYPO_WORD_LENGTH = 4

CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
LATIN_WORD = re.compile(r"[^\W\d_]{3,}")

LANGUAGE_SUFFIXES = ("en", "de", "zh_hans")


def cjk_bigrams(text):
    """Return the overlapping two-character pieces of every run of Chinese in ``text``.

    A run of one character stays as it is, so a one-character name is still indexed.
    """
    pieces = []
    for run in CJK_RUN.findall(text or ""):
        if len(run) == 1:
            pieces.append(run)
        else:
            pieces.extend(run[i : i + 2] for i in range(len(run) - 1))
    return pieces


def _join(parts):
    text = " ".join(part.strip() for part in parts if part and part.strip()).lower()
    bigrams = cjk_bigrams(text)
    return f"{text} {' '.join(bigrams)}".strip() if bigrams else text


def _translations(obj, field):
    return [getattr(obj, f"{field}_{suffix}", None) or "" for suffix in LANGUAGE_SUFFIXES]


def build_documents(company, sectors, city):
    """Return ``(search_names, search_text)`` for a company, its sectors and its city."""
    names = _translations(company, "name")
    parts = list(names)
    for field in ("summary", "profile", "services", "headquarters"):
        parts.extend(_translations(company, field))
    for sector in sectors:
        parts.extend(_translations(sector, "name"))
    if city is not None:
        parts.extend(_translations(city, "name"))
    return _join(names), _join(parts)


def name_words(*texts):
    """Return the Latin words of three letters or more in ``texts``, lower-cased."""
    return {word.lower() for text in texts for word in LATIN_WORD.findall(text or "")}


def is_postgresql():
    return connection.vendor == "postgresql"


def search_vector_expression():
    """Return the expression that builds ``search_vector`` from the two text columns.

    Kept small on purpose (every search reads it): names as they are ('simple', which also
    keeps the Chinese bigrams and serves typo corrections) and stemmed in English; the
    rest stemmed in English and German (neither stemmer changes Chinese bigrams).
    """
    return (
        SearchVector("search_names", config="simple", weight="A")
        + SearchVector("search_names", config="english", weight="A")
        + SearchVector("search_text", config="english", weight="B")
        + SearchVector("search_text", config="german", weight="B")
    )


def refresh_search_data(companies):
    """Recompute the search data of ``companies`` (an iterable of Company instances).

    Uses ``update()`` so no save signal fires again and ``updated_at`` stays as it is.
    """
    from .models import Company, SearchWord

    words = set()
    for company in companies:
        sectors = list(company.sectors.all())
        city = company.city
        names, text = build_documents(company, sectors, city)
        values = {"search_names": names, "search_text": text}
        Company.objects.filter(pk=company.pk).update(**values)
        words |= name_words(*_translations(company, "name"), *(s.name_en for s in sectors))
    if is_postgresql():
        pks = [company.pk for company in companies]
        Company.objects.filter(pk__in=pks).update(search_vector=search_vector_expression())
    if words:
        SearchWord.objects.bulk_create([SearchWord(word=word[:100]) for word in words], ignore_conflicts=True)


def normalise_query(query):
    """Return the query trimmed, lower-cased and cut to ``MAX_QUERY_LENGTH``."""
    return " ".join((query or "").split())[:MAX_QUERY_LENGTH].lower()


def _similar_words(query):
    """Return stored name words that look like typos of words in ``query`` (PostgreSQL)."""
    from .models import SearchWord

    tokens = [word for word in name_words(query) if len(word) >= MIN_TYPO_WORD_LENGTH][:5]
    if not tokens:
        return []
    condition = Q()
    for token in tokens:
        condition |= Q(word__trigram_similar=token)
    # The % operator compares against pg_trgm.similarity_threshold (0.3 by default).
    return list(SearchWord.objects.filter(condition).exclude(word__in=tokens).values_list("word", flat=True)[:10])


def _text_query(query):
    """Return the full-text query for ``query``: English or German words, or Chinese bigrams."""
    text = SearchQuery(query, config="english", search_type="websearch") | SearchQuery(
        query, config="german", search_type="websearch"
    )
    bigrams = cjk_bigrams(query)
    if bigrams:
        chinese = None
        for bigram in dict.fromkeys(bigrams):
            piece = SearchQuery(bigram, config="simple")
            chinese = piece if chinese is None else chinese & piece
        text |= chinese
    return text


def search(queryset, query, *, ranked=True):
    """Return ``queryset`` narrowed to companies matching ``query``.

    With ``ranked`` the result gets the aliases ``name_hit`` (1 when the query is part of a
    name) and, on PostgreSQL, ``rank``; ``order_by_relevance`` orders by them. Aliases, not
    annotations: they cost nothing unless a query orders by them.
    """
    query = normalise_query(query)
    if not query:
        return queryset
    name_hit = Case(When(search_names__contains=query, then=Value(1)), default=Value(0), output_field=IntegerField())
    if not is_postgresql():
        queryset = queryset.filter(search_text__contains=query)
        return queryset.alias(name_hit=name_hit, rank=Value(0.0)) if ranked else queryset

    text_query = _text_query(query)
    similar = _similar_words(query)
    if similar:
        text_query |= SearchQuery(" | ".join(similar), config="simple", search_type="raw")
    condition = Q(search_vector=text_query)
    if len(query) >= 3:
        # A trigram index serves LIKE from three characters; shorter ones rely on the vector.
        condition |= Q(search_text__contains=query)
    queryset = queryset.filter(condition)
    if ranked:
        # F(): a plain field name would make Django rebuild the vector from its text per row.
        queryset = queryset.alias(name_hit=name_hit, rank=SearchRank(F("search_vector"), text_query))
    return queryset


# Ranking reads every matching row's tsvector (often TOASTed): fine for a few hundred
# matches, far too slow for a word thousands of companies share (a second at 100,000).
RANKED_LIMIT = 500


def order_by_relevance(queryset):
    """Order a searched queryset: name matches first, then by full-text rank, then by name."""
    return queryset.order_by("-name_hit", "-rank", "name_en", "pk")


class NameFirstResults:
    """The matches of a common word: those matching by name first, then the others, each by name.

    Relevance ordering without touching every match: each part is an ``ORDER BY name_en
    LIMIT`` that PostgreSQL serves by walking the (status, name_en) index and stops after a
    page, instead of sorting tens of thousands of rows by an expression. The paginator
    slices it like a queryset; both totals come from the cached facet counts.
    """

    def __init__(self, queryset, query, *, total, name_total):
        query = normalise_query(query)
        self.names = queryset.filter(search_names__contains=query).order_by("name_en", "pk")
        self.others = queryset.exclude(search_names__contains=query).order_by("name_en", "pk")
        self.total, self.name_total = total, name_total

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, key):
        if not isinstance(key, slice):
            raise TypeError("NameFirstResults only supports slicing.")
        start, stop = key.start or 0, min(key.stop if key.stop is not None else self.total, self.total)
        rows = []
        if start < self.name_total:
            rows += list(self.names[start : min(stop, self.name_total)])
        if stop > self.name_total:
            rows += list(self.others[max(0, start - self.name_total) : stop - self.name_total])
        return rows
