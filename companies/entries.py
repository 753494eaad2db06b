"""The directory on PostgreSQL: counts and listing read from the narrow entry tables.

``DirectoryFacets`` holds, per company, what the directory filters, counts and sorts by
(about 200 bytes a row), and ``DirectoryWords`` the words it is found by, with a GIN index
(both kept by triggers, migration 0008). A request reads those, never the company rows
(about 3 KB each with their search data), except the 24 companies of the page it shows.

- **Counts** (``Entries.counts``): one statement, one pass over the matching rows, a
  ``count(*) FILTER (WHERE …)`` per option with the other active filters applied. The
  one-in-``SAMPLE_EVERY`` sample is counted first; when it stands for more than
  ``EXACT_LIMIT`` companies the sample's counts are scaled up, rounded and shown as
  approximate ("about 28,000"). Otherwise everything is counted exactly.
- **Listing** (``Entries.listing``): the page's company ids in the chosen order by
  ``ORDER BY … LIMIT`` over the narrow table, then those companies. Ordered by relevance, a
  large match set is listed in three tiers: the whole query in a name, then every word
  matched, then the rest, each by name (see ``TieredIds``).
"""

from dataclasses import dataclass, field

from django.db import connection

from .models import City, Company, Country, Sector, SizeClass
from .search import all_words_entries, matching_entries, slice_parts

# See the module docstring; DirectoryFacets.sample is ``company_id % SAMPLE_EVERY = 0``
# (migration 0008 fixes the number).
SAMPLE_EVERY = 16
EXACT_LIMIT = 2000
# A listing reads the ids of the companies matching every word up to this many at once.
ALL_WORDS_LIMIT = 2000

FACETS = "companies_directoryfacets"


def round_roughly(number):
    """Return ``number`` to two significant figures (28,416 → 28,000; 944 → 940; 16 → 16)."""
    if number < 100:
        return number
    return round(number, 2 - len(str(number)))


def empty_counts():
    return {
        "total": 0,
        "country": {},
        "sector": {},
        "city": {},
        "size": {},
        "members": {True: 0},
        "approximate": False,
        "total_approximate": False,
    }


def _like_pattern(text):
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class Entries:
    """The directory request ``values`` (the filter set's active values) against the entry tables."""

    def __init__(self, values, query_plan):
        self.values = values
        self.query_plan = query_plan if values.get("q") else None
        self.conditions = {}
        if "country" in values:
            self.conditions["country"] = ("f.country = %s", [values["country"]])
        if "sector" in values:
            self.conditions["sector"] = ("f.sectors && %s::bigint[]", [[sector.pk for sector in values["sector"]]])
        if "city" in values:
            self.conditions["city"] = ("f.city_id = %s", [values["city"].pk])
        if "size" in values:
            self.conditions["size"] = ("f.size = %s", [values["size"]])
        if values.get("members"):
            self.conditions["members"] = ("f.member", [])

    @property
    def finds_nothing(self):
        """A search of only stop words or symbols finds nothing."""
        return self.query_plan is not None and not self.query_plan

    def where(self, *, search=True):
        """Return ``(sql, params)``: published, matching the search (unless not ``search``) and
        passing every filter."""
        sql, params = self._matching(sample=False) if search else ("f.published", [])
        for condition, values in self.conditions.values():
            sql += f" AND {condition}"
            params += values
        return sql, params

    def _filters_but(self, facet):
        chosen = [condition for name, condition in self.conditions.items() if name != facet]
        return " AND ".join(["TRUE", *(sql for sql, _params in chosen)]), [p for _sql, ps in chosen for p in ps]

    # --- Counts ---------------------------------------------------------------------------

    def counts(self):
        """Return the facet counts (see companies.filters.DirectoryFilterSet.facet_counts)."""
        if self.finds_nothing:
            return empty_counts()
        columns, column_params, keys = [], [], []

        def count(key, facet, option_sql=None, option_params=()):
            sql, params = self._filters_but(facet)
            if option_sql:
                sql, params = f"{sql} AND {option_sql}", [*params, *option_params]
            columns.append(f"count(*) FILTER (WHERE {sql})")
            column_params.extend(params)
            keys.append(key)

        count(("total", None), None)
        for value in Country.values:
            count(("country", value), "country", "f.country = %s", [value])
        for slug, pk in Sector.objects.values_list("slug", "pk"):
            count(("sector", slug), "sector", "%s = ANY(f.sectors)", [pk])
        for slug, pk in City.objects.values_list("slug", "pk"):
            count(("city", slug), "city", "f.city_id = %s", [pk])
        for value in SizeClass.values:
            count(("size", value), "size", "f.size = %s", [value])
        count(("members", True), "members", "f.member")

        def run(*, sample):
            # Every row passing the search, read once; each option's filters are in its FILTER.
            sql, params = self._matching(sample=sample)
            selected = ", ".join(columns)
            statement = f"SELECT count(*), {selected} FROM {FACETS} f WHERE {sql}"  # noqa: S608 - constant fragments
            with connection.cursor() as cursor:
                cursor.execute(statement, column_params + params)
                base, *numbers = cursor.fetchone()
            return base, numbers

        base, numbers = run(sample=True)
        approximate = base * SAMPLE_EVERY > EXACT_LIMIT
        if approximate:
            numbers = [round_roughly(number * SAMPLE_EVERY) for number in numbers]
        else:
            _base, numbers = run(sample=False)
        counts = empty_counts()
        for (facet, option), number in zip(keys, numbers, strict=True):
            if facet == "total":
                counts["total"] = number
            elif number:
                counts[facet][option] = number
        counts["approximate"] = counts["total_approximate"] = approximate
        if approximate and self.query_plan is None:
            # Without a search the exact total is cheap: one pass over the narrow table.
            counts["total"] = self.count_upto(None)
            counts["total_approximate"] = False
        return counts

    def _matching(self, *, sample):
        """``(sql, params)`` of the rows every count starts from: published and matching the search."""
        parts, params = ["f.published"], []
        if sample:
            parts.append("f.sample")
        if self.query_plan is not None:
            matches, match_params = matching_entries(self.query_plan, sample=sample).query.sql_with_params()
            parts.append(f"f.company_id IN ({matches})")
            params += match_params
        return " AND ".join(parts), params

    # --- Listing --------------------------------------------------------------------------

    def ids(self, part, *, offset=0, limit=None):
        """Return the ids of the rows of ``part`` in its order, from ``offset``, at most ``limit``."""
        sql, params = self.where(search=part.search)
        query = f"SELECT f.company_id FROM {FACETS} f WHERE {sql} AND {part.condition} ORDER BY {part.order}"  # noqa: S608 - constant fragments; values are parameters
        params = [*params, *part.params]
        if limit is not None:
            query += " LIMIT %s"
            params.append(limit)
        if offset:
            query += " OFFSET %s"
            params.append(offset)
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            return [row[0] for row in cursor.fetchall()]

    def count_upto(self, limit, part=None):
        """Count the rows of ``part`` (all matching rows without one), stopping at ``limit`` (None: all)."""
        part = part or Part()
        sql, params = self.where(search=part.search)
        inner = f"SELECT 1 FROM {FACETS} f WHERE {sql} AND {part.condition}"  # noqa: S608 - constant fragments; values are parameters
        params = [*params, *part.params]
        if limit is not None:
            inner += " LIMIT %s"
            params.append(limit)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({inner}) AS matches", params)  # noqa: S608 - as above
            return cursor.fetchone()[0]

    def listing(self, sort, total):
        """Return the companies in ``sort`` order, sliceable like a queryset, ``total`` long."""
        if sort == "newest":
            return TieredIds(self, [Part(order="f.member_since DESC NULLS LAST, f.name, f.company_id")], total)
        if sort != "relevance" or not self.query_plan:
            return TieredIds(self, [Part()], total)
        in_names, pattern = self._in_names()
        first = Part(
            in_names,
            pattern,
            # The names hold the whole query at a word's start, so every word is matched: no
            # need to read the search's matches. Ordered by an expression, so that PostgreSQL
            # takes the rows from the trigram index rather than walking every name in order
            # (names starting with the query stand together in that order, far from the start).
            search=False,
            order="(f.name || ''), f.company_id",
        )
        if len(self.query_plan.words) == 1:
            return TieredIds(self, [first, Part(f"NOT ({in_names})", pattern)], total)
        # Companies matching every word: usually few, so their ids are read once from the GIN
        # index (the planner cannot tell how few); when there are many, a subquery.
        every_sql, every_params = all_words_entries(self.query_plan).query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"{every_sql} LIMIT %s", [*every_params, ALL_WORDS_LIMIT + 1])
            every = [row[0] for row in cursor.fetchall()]
        if len(every) <= ALL_WORDS_LIMIT:
            every_sql, every_params = "f.company_id = ANY(%s)", [every]
        else:
            # EXISTS, never NOT IN (subquery): a NOT IN too big to hash is re-read for every row.
            every_sql = f'EXISTS ({every_sql} AND "companies_directorywords"."company_id" = f.company_id)'
        every_sql = f"({every_sql})"
        rest = [f"NOT ({in_names})", pattern]
        return TieredIds(
            self,
            [
                first,
                Part(f"{rest[0]} AND {every_sql}", [*pattern, *every_params], search=False),
                Part(f"{rest[0]} AND NOT {every_sql}", [*pattern, *every_params]),
            ],
            total,
        )

    def _in_names(self):
        """Return ``(sql, params)``: the whole query in a name, starting at a word's start."""
        query = self.query_plan.query
        sql, params = "n.names LIKE %s", [_like_pattern(query)]
        if query[:1].isascii() and query[:1].isalnum():
            sql += " AND n.names ~ %s"
            params.append(r"(^|\W)" + "".join(char if char.isalnum() else "\\" + char for char in query))
        return f"f.company_id IN (SELECT n.company_id FROM companies_directorynames n WHERE {sql})", params  # noqa: S608


@dataclass
class Part:
    """Rows passing ``condition`` (with ``params``), in ``order``; ``search``: among the search's matches."""

    condition: str = "TRUE"
    params: list = field(default_factory=list)
    search: bool = True
    order: str = "f.name, f.company_id"


class TieredIds:
    """Companies listed part after part, each part in ``order``, sliced like a queryset.

    A part's size is found only as far as a page needs (companies.search.slice_parts).
    """

    def __init__(self, entries, parts, total):
        self.entries, self.parts, self.total = entries, parts, total

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, key):
        if not isinstance(key, slice):
            raise TypeError("TieredIds only supports slicing.")
        start, stop = key.start or 0, key.stop if key.stop is not None else self.total
        ids = slice_parts(
            self.parts,
            start,
            stop,
            count_upto=lambda part, limit: self.entries.count_upto(limit, part),
            fetch=lambda part, offset, limit: self.entries.ids(part, offset=offset, limit=limit),
        )
        companies = Company.objects.for_directory().in_bulk(ids)
        return [companies[pk] for pk in ids if pk in companies]
