"""Company search: the denormalised search data and the query that uses it.

Each company stores, besides its own columns:

- ``search_names``: its names in every language, lower-cased and in Simplified Chinese,
  plus the single characters and two-character pieces ("bigrams") of any Chinese in them
  and their pinyin ("欧司朗" adds "ou si lang ousilang");
- ``search_text``: the same for everything a visitor may search for (names, summary,
  profile, services, headquarters, sector and city names with their pinyin, in every
  language);
- ``search_vector`` (PostgreSQL only): a weighted tsvector built from those two columns,
  names weighted A, the rest B, with the English, German and 'simple' configurations.

PostgreSQL's parser keeps a run of Chinese characters as one token, so 汽车 never matches
北京现代汽车 by full-text search; and a trigram index cannot serve a two-character query.
Splitting every run of Chinese into overlapping bigrams, at index time and at query time,
turns a Chinese word into lexemes the GIN index on the tsvector finds directly
(汽车 → '汽车'; 欧司朗 → '欧司' & '司朗').

A query is read as visitors mean it (``plan``): Traditional characters become Simplified,
a run of Chinese is cut into words (安联保险 → 安联, 保险), each Latin word stands alone,
a term the zone keeps (``SearchTerm``) stands for all of its forms in every language, a
word that is no known name is also read as the names it is a typo of ("Osarm" → osram),
and pinyin with tones is read without them. A company matches if it matches *any* of
these words; the ones matching all of them come first, then those matching most
(``order_by_relevance``), so a query never comes back empty because one word is missing.

Fragments ("maschine" in "maschinenbau", "abfall" in "abfallwirtschaft") are found by
``LIKE`` on ``search_text``, which a pg_trgm GIN index serves for three characters or more.

SQLite has no full-text search and matches each word's forms as substrings of
``search_text``; typo corrections, terms, pinyin and Chinese words work the same way.
"""

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Value, When
from django.db.models.functions import Length, Lower
from django.db.models.lookups import Contains, GreaterThan

from core import chinese

# Visitors sometimes paste whole paragraphs; nothing longer than this is searched.
MAX_QUERY_LENGTH = 200
# Words of a query searched for; the rest of a pasted paragraph is ignored.
MAX_WORDS = 8
# Words shorter than this are not corrected for typos: too many near neighbours.
MIN_TYPO_WORD_LENGTH = 4
# Words of one query corrected for typos (each compared with the known words of its first letter).
MAX_TYPO_WORDS = 4

CJK_RUN = chinese.CJK_RUN
LATIN_WORD = re.compile(r"[^\W\d_]{3,}")
# What a query is cut into: runs of Chinese, and words of letters and digits.
QUERY_TOKEN = re.compile(rf"[{chinese.CJK}]+|[^\W_]+")

# Words that say nothing about a company; a query's other words decide.
STOP_WORDS = frozenset(
    {"a", "an", "and", "the", "of", "for", "in", "on", "at", "to", "with", "by", "or"}
    | {"und", "der", "das", "den", "dem", "des", "ein", "eine", "einer", "für", "mit", "von", "im", "zu", "oder"}
)

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


def cjk_characters(text):
    """Return each Chinese character of ``text`` once (a one-character query finds a name with it)."""
    return list(dict.fromkeys(char for run in CJK_RUN.findall(text or "") for char in run))


def _join(parts, *, extra=()):
    text = chinese.to_simplified(" ".join(part.strip() for part in parts if part and part.strip()).lower())
    pieces = [*cjk_bigrams(text), *extra]
    return f"{text} {' '.join(pieces)}".strip() if pieces else text


def _translations(obj, field):
    return [getattr(obj, f"{field}_{suffix}", None) or "" for suffix in LANGUAGE_SUFFIXES]


def _name_extras(names):
    """Single characters and pinyin of Chinese names, for the names' search data."""
    simplified = [chinese.to_simplified(name) for name in names]
    return [*cjk_characters(" ".join(simplified)), *(form for name in simplified for form in chinese.pinyin(name))]


def build_documents(company, sectors, city):
    """Return ``(search_names, search_text)`` for a company, its sectors and its city."""
    names = _translations(company, "name")
    parts = list(names)
    for field_name in ("summary", "profile", "services", "headquarters"):
        parts.extend(_translations(company, field_name))
    place_names = [name for sector in sectors for name in _translations(sector, "name")]
    if city is not None:
        place_names.extend(_translations(city, "name"))
    parts.extend(place_names)
    return _join(names, extra=_name_extras(names)), _join(parts, extra=_name_extras(names + place_names))


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
    from .models import Company

    words = set()
    for company in companies:
        words |= fill_search_data(company, list(company.sectors.all()))
        Company.objects.filter(pk=company.pk).update(
            search_names=company.search_names, search_text=company.search_text
        )
    if is_postgresql():
        pks = [company.pk for company in companies]
        Company.objects.filter(pk__in=pks).update(search_vector=search_vector_expression())
    remember_words(words)


def fill_search_data(company, sectors):
    """Set ``company.search_names`` and ``search_text`` (not saved); return its words for typo correction."""
    company.search_names, company.search_text = build_documents(company, sectors, company.city)
    return name_words(*_translations(company, "name"), *(sector.name_en for sector in sectors))


def remember_words(words):
    """Add ``words`` to the list typos are corrected against."""
    from .models import SearchWord

    if words:
        SearchWord.objects.bulk_create([SearchWord(word=word[:100]) for word in words], ignore_conflicts=True)


def normalise_query(query):
    """Return the query trimmed, lower-cased, in Simplified Chinese and cut to ``MAX_QUERY_LENGTH``.

    Control characters (PostgreSQL refuses NUL) become spaces; full-width letters and digits
    become ordinary ones (NFKC), as a Chinese keyboard may type them.
    """
    text = unicodedata.normalize("NFKC", (query or "")[: MAX_QUERY_LENGTH * 4])
    text = "".join(char if char.isprintable() else " " for char in text)
    return chinese.to_simplified(" ".join(text.split())[:MAX_QUERY_LENGTH].lower())


def term_forms(term):
    """Return a SearchTerm's forms normalised as queries are, for ``SearchTerm.search_forms``."""
    return list(dict.fromkeys(normalise_query(form) for form in term.forms() if normalise_query(form)))


# --- Reading a query ----------------------------------------------------------------------


@dataclass
class Word:
    """One word of a query and everything it may match: the company matches if any form does."""

    typed: str
    latin: list = field(default_factory=list)  # words or phrases, matched stemmed and as fragments
    chinese: list = field(default_factory=list)  # Chinese words, matched by their bigrams
    corrections: list = field(default_factory=list)  # name words it may be a typo of

    def strings(self):
        return list(dict.fromkeys([*self.latin, *self.chinese, *self.corrections]))


@dataclass
class Plan:
    """What a query searches for: its words, each with its alternatives."""

    query: str
    words: list

    def __bool__(self):
        return bool(self.words)

    def corrected(self):
        """Return the query with each typo replaced by its likeliest correction, or None."""
        if not any(word.corrections for word in self.words):
            return None
        text = self.query
        for word in self.words:
            if word.corrections:
                text = re.sub(rf"(?<!\w){re.escape(word.typed)}(?!\w)", word.corrections[0], text)
        return text


def _osa_distance(a, b):
    """Edit distance counting a swap of two neighbouring letters as one edit ("osarm", "osram")."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            row[j] = min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[i - 2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def allowed_edits(word):
    return 1 if len(word) <= 5 else 2


def _corrections(tokens, *, loose=False):
    """Return ``{token: [name words it may be a typo of, nearest first]}`` in one query.

    Candidates share the token's first letter and are at most two letters longer or
    shorter (a range scan of the unique index on ``word``); on PostgreSQL also trigram
    neighbours, for a typo in the first letter. A token that is itself a known word is not
    corrected. ``loose`` allows one more edit (for "Did you mean").
    """
    from .models import SearchWord

    tokens = [token for token in dict.fromkeys(tokens) if len(token) >= MIN_TYPO_WORD_LENGTH][:MAX_TYPO_WORDS]
    if not tokens:
        return {}
    condition = Q(word__in=tokens)
    for token in tokens:
        start = token[0]
        condition |= Q(
            word__gte=start,
            word__lt=chr(ord(start) + 1),
            length__gte=len(token) - 2,
            length__lte=len(token) + 2,
        )
        if is_postgresql():
            condition |= Q(word__trigram_similar=token)
    known = list(
        SearchWord.objects.alias(length=Length("word")).filter(condition).values_list("word", flat=True)[:2000]
    )
    found = {}
    for token in tokens:
        if token in known:
            continue
        limit = allowed_edits(token) + (1 if loose else 0)
        nearby = [word for word in known if abs(len(word) - len(token)) <= limit]
        scored = sorted((_osa_distance(token, word), word) for word in nearby)
        candidates = [word for distance, word in scored if 0 < distance <= limit]
        if candidates:
            found[token] = candidates[:3]
    return found


def _term_forms():
    """Return the forms of every SearchTerm, one list per term (one small query)."""
    from .models import SearchTerm

    rows = SearchTerm.objects.exclude(search_forms="").values_list("search_forms", flat=True)
    return [forms_text.split("\n") for forms_text in rows]


def _mentions(text, form):
    pattern = re.escape(form) if chinese.has_chinese(form) else rf"(?<!\w){re.escape(form)}(?!\w)"
    return re.search(pattern, text) is not None


def _add_form(word, form):
    if chinese.has_chinese(form):
        word.chinese.extend(run for run in CJK_RUN.findall(form))
        rest = CJK_RUN.sub(" ", form).strip()
        if rest:
            word.latin.append(rest)
    else:
        word.latin.append(form)


def plan(query, *, loose=False):
    """Read ``query`` into words (see the module's docstring); at most two small queries."""
    query = normalise_query(query)
    terms = _term_forms() if query else []
    words = []
    rest = query
    # Terms first, longest form first, so "waste management" is one word, not two.
    mentioned = [(form, forms) for forms in terms for form in forms if _mentions(query, form)]
    for form, forms in sorted(mentioned, key=lambda pair: -len(pair[0])):
        if not _mentions(rest, form):
            continue
        rest = rest.replace(form, " ")
        word = Word(typed=form)
        for each in forms:
            _add_form(word, each)
        words.append(word)
    for token in QUERY_TOKEN.findall(rest):
        if chinese.has_chinese(token):
            words.extend(Word(typed=piece, chinese=[piece]) for piece in chinese.words(token))
        elif token not in STOP_WORDS:
            word = Word(typed=token, latin=[token])
            plain = chinese.without_tones(token)
            if plain:
                word.latin.append(plain)
            words.append(word)
    unique = {}
    for word in words:
        unique.setdefault(word.typed, word)
    words = list(unique.values())[:MAX_WORDS]
    typos = _corrections([word.typed for word in words if not word.chinese and len(word.latin) == 1], loose=loose)
    for word in words:
        word.corrections = typos.get(word.typed, [])
        # A typo of a term ("Entsorgng") stands for the term's forms too.
        for forms in terms:
            if set(word.corrections) & set(forms):
                for each in forms:
                    _add_form(word, each)
    return Plan(query=query, words=words)


# --- The query ----------------------------------------------------------------------------


def _quote(lexeme):
    return "'" + lexeme.replace("'", "''").replace("\\", "\\\\") + "'"


def _any_of(parts, word):
    """Return ``parts`` (the queries of the word's Latin forms), its Chinese words and its
    typo corrections as one query matching any of them."""
    for text in word.chinese:
        pieces = cjk_bigrams(text)
        parts.append(SearchQuery(" & ".join(_quote(piece) for piece in pieces), config="simple", search_type="raw"))
    if word.corrections:
        alternatives = " | ".join(_quote(correction) for correction in word.corrections)
        parts.append(SearchQuery(alternatives, config="simple", search_type="raw"))
    combined = parts[0]
    for part in parts[1:]:
        combined |= part
    return combined


def _word_query(word):
    """Return the full-text query of one word: any of its forms (PostgreSQL)."""
    parts = []
    for text in word.latin:
        parts += [
            SearchQuery(text, config="english", search_type="phrase"),
            SearchQuery(text, config="german", search_type="phrase"),
        ]
    return _any_of(parts, word)


def _entry_query(word):
    """Return the full-text query of one word against DirectoryWords (PostgreSQL).

    The stripped vectors keep no positions, so a form of several words matches when all of
    its words are there (not as a phrase); each written word of three letters or more also
    matches as the start of a word ("maschine" finds "maschinenbau", "abfall"
    "abfallwirtschaft"), besides its English and German stems.
    """
    parts = []
    for text in word.latin:
        parts += [SearchQuery(text, config="english"), SearchQuery(text, config="german")]
        tokens = QUERY_TOKEN.findall(text)
        if tokens:
            written = " & ".join(_quote(token) + (":*" if len(token) >= 3 else "") for token in tokens)
            parts.append(SearchQuery(written, config="simple", search_type="raw"))
    return _any_of(parts, word)


def word_matches(word):
    """Return the ids of the companies matching ``word``, as a subquery (PostgreSQL)."""
    from .models import DirectoryWords

    return DirectoryWords.objects.filter(words=_entry_query(word)).values("company_id")


def matching_entries(query_plan, *, sample=False):
    """Return the ids of the companies matching any word of ``query_plan``, from one GIN scan (PostgreSQL)."""
    from .models import DirectoryWords

    text_query = _entry_query(query_plan.words[0])
    for word in query_plan.words[1:]:
        text_query |= _entry_query(word)
    entries = DirectoryWords.objects.filter(words=text_query)
    if sample:
        entries = entries.filter(sample=True)
    return entries.values("company_id")


def all_words_entries(query_plan):
    """Return the ids of the companies matching every word of ``query_plan`` (PostgreSQL)."""
    from .models import DirectoryWords

    text_query = _entry_query(query_plan.words[0])
    for word in query_plan.words[1:]:
        text_query &= _entry_query(word)
    return DirectoryWords.objects.filter(words=text_query).values("company_id")


def _word_condition(word):
    """Return the condition that a company matches ``word``."""
    if not is_postgresql():
        condition = Q()
        for text in word.strings():
            condition |= Q(search_text__contains=text)
        return condition
    # Per company, by its primary key: cheap for the few hundred rows a ranked search orders,
    # where an IN over all of a common word's matches would read tens of thousands of rows.
    return Q(Exists(word_matches(word).filter(company_id=OuterRef("pk"))))


def _count_of(conditions):
    total = Value(0)
    for condition in conditions:
        total = total + Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())
    return total


def all_words_condition(query_plan):
    """Return the condition that a company matches every word of the plan."""
    condition = Q()
    for word in query_plan.words:
        condition &= _word_condition(word)
    return condition


def name_hit_condition(query_plan):
    return Q(search_names__contains=query_plan.query)


def search(queryset, query, *, ranked=True, query_plan=None, candidates=None):
    """Return ``queryset`` narrowed to companies matching any word of ``query``.

    With ``ranked`` the result gets the aliases ``matched`` (how many of the query's words
    it matches), ``name_hit`` (1 when the whole query is part of a name), ``named`` (1 when
    a whole name is part of the query), ``name_words`` (how many words are in its names)
    and, on PostgreSQL, ``rank``; ``order_by_relevance`` orders by
    them. Aliases, not annotations: they cost nothing unless a query orders by them.
    """
    query_plan = query_plan if query_plan is not None else plan(query)
    if not query_plan.query:
        return queryset
    if not query_plan:
        # Only symbols or stop words: nothing to search for, nothing found.
        nothing = queryset.none()
        zero = Value(0, output_field=IntegerField())
        return (
            nothing.alias(matched=zero, name_hit=zero, named=zero, name_words=zero, rank=Value(0.0))
            if ranked
            else nothing
        )
    conditions = [_word_condition(word) for word in query_plan.words]
    if candidates is not None:
        # The matches' ids, found already (companies.entries): only they are read and ranked.
        matches = Q(pk__in=candidates)
    elif is_postgresql():
        matches = Q(pk__in=matching_entries(query_plan))
    else:
        matches = Q()
        for condition in conditions:
            matches |= condition
    queryset = queryset.filter(matches)
    if not ranked:
        return queryset
    name_conditions = []
    for word in query_plan.words:
        in_names = Q()
        for text in word.strings():
            in_names |= Q(search_names__contains=text)
        name_conditions.append(in_names)
    name_hit = Case(When(name_hit_condition(query_plan), then=Value(1)), default=Value(0), output_field=IntegerField())
    # The whole of a name in the query ("Osram" in "osram licht"): the visitor named the company.
    name_in_query = Q()
    for column in ("name_en", "name_de", "name_zh_hans"):
        name_in_query |= Q(Contains(Value(query_plan.query), Lower(column)) & GreaterThan(Length(column), 1))
    named = Case(When(name_in_query, then=Value(1)), default=Value(0), output_field=IntegerField())
    rank = Value(0.0)
    if is_postgresql():
        text_query = _word_query(query_plan.words[0])
        for word in query_plan.words[1:]:
            text_query |= _word_query(word)
        # F(): a plain field name would make Django rebuild the vector from its text per row.
        rank = SearchRank(F("search_vector"), text_query)
    return queryset.alias(
        matched=_count_of(conditions),
        name_hit=name_hit,
        named=named,
        name_words=_count_of(name_conditions),
        rank=rank,
    )


# Ranking reads every matching row's tsvector (often TOASTed): fine for a few hundred
# matches, far too slow for a word thousands of companies share (a second at 100,000).
RANKED_LIMIT = 500


def order_by_relevance(queryset):
    """Order a searched queryset: most words matched first; among those, the query in a name,
    then a name in the query, then most words in names, then by full-text rank and name."""
    return queryset.order_by("-matched", "-name_hit", "-named", "-name_words", "-rank", "name_en", "pk")


class NameFirstResults:
    """The matches of common words: by name those matching the whole query in a name, then
    those matching every word, then the others.

    Relevance ordering without touching every match: each part is an ``ORDER BY name_en
    LIMIT`` that PostgreSQL serves by walking the (status, name_en) index and stops after a
    page, instead of sorting tens of thousands of rows by an expression. How many rows a
    part has is found only as far as a page needs: a part that gives fewer rows than asked
    for has been read to its end. The paginator slices it like a queryset; ``total`` is the
    count it shows (approximate for huge match sets, see companies.filters).
    """

    def __init__(self, queryset, query_plan, *, total):
        names = name_hit_condition(query_plan)
        every = all_words_condition(query_plan)
        self.parts = [
            queryset.filter(names).order_by("name_en", "pk"),
            queryset.exclude(names).filter(every).order_by("name_en", "pk"),
            queryset.exclude(names).exclude(every).order_by("name_en", "pk"),
        ]
        if len(query_plan.words) < 2:
            # One word: matching it is matching every word; the second part is the rest.
            del self.parts[2]
        self.total = total

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, key):
        if not isinstance(key, slice):
            raise TypeError("NameFirstResults only supports slicing.")
        start, stop = key.start or 0, key.stop if key.stop is not None else self.total
        return slice_parts(
            self.parts,
            start,
            stop,
            count_upto=lambda part, limit: part.values_list("pk", flat=True)[:limit].count(),
            fetch=lambda part, offset, limit: list(part[offset : offset + limit]),
        )


def slice_parts(parts, start, stop, *, count_upto, fetch):
    """Return rows ``start:stop`` of ``parts`` listed one after another.

    How many rows a part has is found only as far as the slice needs: a part giving fewer
    rows than asked for has been read to its end; a slice starting after a part counts that
    part's rows only up to the slice's end. ``count_upto(part, limit)`` counts at most
    ``limit`` rows of a part; ``fetch(part, offset, limit)`` returns them.
    """
    rows, offset = [], 0  # offset: rows in the parts before this one
    for part in parts:
        wanted = stop - offset  # rows of this part up to the slice's end
        if wanted <= 0:
            break
        skip = max(0, start - offset)
        if skip:
            size = count_upto(part, wanted)
            if size > skip:
                rows += fetch(part, skip, size - skip)
        else:
            found = fetch(part, 0, wanted)
            rows += found
            size = len(found)
        offset += size
    return rows


def suggestions(query):
    """Return queries the visitor may have meant: their typos corrected, one edit looser."""
    corrected = plan(query, loose=True).corrected()
    return [corrected] if corrected else []


def nearest_sectors(query, *, limit=4):
    """Return the sectors whose name in any language is closest to ``query``, closest first.

    Sectors are few (dozens), so they are compared here: a shared word, a name inside the
    query or the query inside a name, or a similar spelling.
    """
    from .models import Sector

    query = normalise_query(query)
    if not query:
        return []
    typed = set(QUERY_TOKEN.findall(query))
    scored = []
    for sector in Sector.objects.all():
        best = 0.0
        for name in _translations(sector, "name"):
            name = normalise_query(name)
            if not name:
                continue
            if query in name or name in query or typed & set(QUERY_TOKEN.findall(name)):
                best = 1.0
                break
            best = max(best, difflib.SequenceMatcher(None, query, name).ratio())
        if best >= 0.6:
            scored.append((-best, sector.name, sector))
    return [sector for _score, _name, sector in sorted(scored, key=lambda item: item[:2])[:limit]]
