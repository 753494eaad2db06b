"""The portal's search page: companies, events, announcements and cooperation entries, by kind."""

from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from companies import search as company_search
from companies.models import Company, Cooperation, Sector
from core.page_cache import cache_for_visitors
from core.text_search import clean_query
from events.models import Announcement, Event

# How many of each kind the page shows. The directory (linked) has every company, with facets.
GROUP_SIZE = 6


@cache_for_visitors
class SearchView(TemplateView):
    """Search every kind of content at once; the header's search box sends its query here.

    Each kind costs one count and one page of rows (plus the cards' prefetches), however many
    things match, so the number of queries is fixed.
    """

    template_name = "search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = clean_query(self.request.GET.get("q", ""))
        context.update(query=query, breadcrumbs=[(_("Search"), None)])
        if not query:
            return context
        groups = {
            "companies": companies_matching(query),
            "events": first_rows(
                Event.objects.published().search(query).with_card_data().upcoming_then_past(),
            ),
            "announcements": first_rows(Announcement.objects.published().search(query)),
            "cooperation": first_rows(Cooperation.objects.visible().search(query).for_board()),
        }
        total = sum(group["count"] for group in groups.values())
        context.update(groups=groups, total=total)
        if not total:
            near = company_search.nearest_sectors(query)
            others = [sector for sector in Sector.objects.all() if sector not in near]
            context.update(suggestions=did_you_mean(query), sectors=[*near, *others])
        return context


def first_rows(queryset, size=GROUP_SIZE):
    """Return ``{"count": all matches, "rows": the first size of them}``."""
    return {"count": queryset.count(), "rows": list(queryset[:size])}


def companies_matching(query, size=GROUP_SIZE):
    """Return the published companies matching ``query`` as ``first_rows`` does, most relevant first."""
    # One search() for both: on PostgreSQL it looks up similar words (typos) first.
    found = Company.objects.for_directory().search(query)
    count = found.count()
    # Ranking thousands of matches reads every one of them (see RANKED_LIMIT); by name the
    # database stops after a few rows. "See all" leads to the directory's own ordering.
    found = company_search.order_by_relevance(found) if count <= company_search.RANKED_LIMIT else found.by_name()
    return {"count": count, "rows": list(found[:size])}


def did_you_mean(query):
    """Return up to three other spellings of ``query`` (its typos corrected, see companies.search)."""
    cleaned = company_search.normalise_query(query)
    return [text for text in company_search.suggestions(query) if text and text != cleaned][:3]
