"""Public pages: the company directory, profiles with their QR code, and the alliance cities."""

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, FormView, ListView, TemplateView
from modeltranslation.utils import build_localized_fieldname

from core.antispam import throttle
from core.page_cache import cache_for_visitors
from core.pagination import ForgivingPaginationMixin
from core.qr import qr_code_response
from core.structured_data import postal_address

from . import search, services
from .entries import Part
from .filters import CooperationFilterSet, DirectoryFilterSet
from .forms import InquiryForm, ProposalForm
from .maps import alliance_map
from .models import (
    City,
    Company,
    CompanyStatus,
    Cooperation,
    CooperationKind,
    Country,
    Direction,
    InquiryTopic,
    Sector,
    SizeClass,
)
from .search import RANKED_LIMIT, NameFirstResults, order_by_relevance


@cache_for_visitors
class CompanyListView(ListView):
    """The directory: filters and facet counts in a sidebar, cards in pages of 24."""

    template_name = "companies/company_list.html"
    context_object_name = "companies"
    paginate_by = 24

    def get_queryset(self):
        self.filterset = DirectoryFilterSet(self.request.GET or None, queryset=Company.objects.for_directory())
        return self.filterset.qs

    def paginate_queryset(self, queryset, page_size):
        """Paginate with the cached total; page=abc gives page 1, a page past the end the last page."""
        self.counts = self.filterset.facet_counts()
        sort, total = self.filterset.chosen_sort, self.counts["total"]
        if connection.vendor == "postgresql" and (sort != "relevance" or total > RANKED_LIMIT):
            # The page's ids from the narrow entry tables, then only those companies.
            queryset = self.filterset.entries.listing(sort, total)
        elif connection.vendor == "postgresql" and total:
            # A few hundred matches at most: their ids from the entry tables, then ranked.
            plan = self.filterset.query_plan
            candidates = self.filterset.entries.ids(Part(), limit=4 * RANKED_LIMIT)
            queryset = order_by_relevance(
                Company.objects.for_directory().search(plan.query, query_plan=plan, candidates=candidates)
            )
        elif sort == "relevance" and total > RANKED_LIMIT:
            queryset = NameFirstResults(queryset, self.filterset.query_plan, total=total)
        paginator = self.get_paginator(queryset, page_size)
        paginator.__dict__["count"] = self.counts["total"]
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def facets(self):
        values = self.filterset.active_values
        counts = self.counts

        def options(pairs, facet):
            selected = values.get(facet)
            if facet == "sector":
                selected = {sector.slug for sector in selected or ()}
            else:
                selected = {getattr(selected, "slug", selected)}
            return [
                {"value": value, "label": label, "count": counts[facet].get(value, 0), "selected": value in selected}
                for value, label in pairs
                if counts[facet].get(value) or value in selected
            ]

        sectors, cities = facet_labels(self.filterset.cache_version)
        return [
            {"name": "country", "label": _("Country of origin"), "options": options(Country.choices, "country")},
            # Several sectors may be ticked at once (companies in any of them).
            {"name": "sector", "label": _("Sector"), "options": options(sectors, "sector"), "multiple": True},
            {"name": "city", "label": _("Alliance city"), "options": options(cities, "city")},
            {"name": "size", "label": _("Size"), "options": options(SizeClass.choices, "size")},
        ]

    def chosen_filters(self, facets):
        """Return the active filters in the form's order, each with its label and the address of
        this page without it (the other filters, the search and the order kept; back to page 1)."""
        active = self.filterset.active_values
        chosen = []
        if active.get("q"):
            chosen.append(("q", None, _("matching “%(query)s”") % {"query": active["q"]}))
        for facet in facets:
            for option in facet["options"]:
                if option["selected"]:
                    label = _("%(filter)s: %(value)s") % {"filter": facet["label"], "value": option["label"]}
                    chosen.append((facet["name"], option["value"] if facet.get("multiple") else None, label))
        if active.get("members"):
            chosen.append(("members", None, _("Zone members only")))
        return [{"label": label, "url": self.url_without(name, value)} for name, value, label in chosen]

    def url_without(self, name, value=None):
        """Return this page's address without the filter ``name`` (only its ``value``, if given)."""
        query = self.request.GET.copy()
        kept = [each for each in query.getlist(name) if value is not None and each != value]
        for key in (name, "page"):
            query.pop(key, None)
        if kept:
            query.setlist(name, kept)
        # Empty fields (an unchosen facet sends country=) add nothing to the address.
        for key in [key for key, values in query.lists() if not any(values)]:
            del query[key]
        return f"{self.request.path}?{query.urlencode()}" if query else self.request.path

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        active = self.filterset.active_values
        facets = self.facets()
        context.update(
            filter=self.filterset,
            facets=facets,
            chosen_filters=self.chosen_filters(facets),
            members_count=self.counts["members"].get(True, 0),
            members_only=bool(active.get("members")),
            query=self.request.GET.get("q", "")[:200],
            total=self.counts["total"],
            # Counted from a sample when the matches are many (companies.entries): "About 28,000".
            total_approximate=self.counts.get("total_approximate", False),
            counts_approximate=self.counts.get("approximate", False),
            sort=self.filterset.chosen_sort,
            filters_active=bool(active),
            # The search box stands above the results; the filter panel opens for its own filters.
            filters_open=any(name != "q" for name in active),
            breadcrumbs=[(_("Companies"), None)],
        )
        if not self.counts["total"] and active.get("q"):
            # Nothing found: the query's typos corrected, and the sectors closest to it.
            context.update(
                suggestions=search.suggestions(active["q"]), near_sectors=search.nearest_sectors(active["q"])
            )
        return context


def facet_labels(version):
    """Return the (slug, name) options of the sector and city facets in the active language, cached.

    Cached under the directory's cache ``version``, which every sector or city change moves on.
    """
    key = f"companies:facet-labels:{version}:{get_language()}"
    labels = cache.get(key)
    if labels is None:
        labels = (
            [(sector.slug, sector.name) for sector in Sector.objects.all()],
            [(city.slug, city.name) for city in City.objects.order_by("name_en")],
        )
        cache.set(key, labels, 60 * 60)
    return labels


@cache_for_visitors
class CompanyDetailView(DetailView):
    """A company's profile; drafts and archived companies only for staff, with a banner."""

    template_name = "companies/company_detail.html"
    context_object_name = "company"

    def get_queryset(self):
        # A preview of a draft or archived profile is for those who may see companies in the admin.
        return Company.objects.for_profile(include_unpublished=self.request.user.has_perm("companies.view_company"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        company = self.object
        url = self.request.build_absolute_uri(company.get_absolute_url())
        context["absolute_url"] = url
        context["preview"] = company.status != CompanyStatus.PUBLISHED
        context["other_names"] = other_names_by_language(company)
        context["json_ld"] = organization_json_ld(company, url, self.request)
        context["breadcrumbs"] = [(_("Companies"), reverse("companies:list")), (company.name, None)]
        return context


def other_names(company):
    """Return the company's names in the other languages, each once, without the shown one."""
    return [name for _language, name in other_names_by_language(company)]


def other_names_by_language(company):
    """Return (language code, name) of the company's names in the other languages, each name once,
    without the shown one; the page marks each with its language."""
    shown = company.name
    names = []
    for language, _label in settings.LANGUAGES:
        name = getattr(company, build_localized_fieldname("name", language), None)
        if name and name != shown and name not in (known for _code, known in names):
            names.append((language, name))
    return names


def organization_json_ld(company, url, request):
    """Return the schema.org Organization describing ``company``'s profile at ``url``."""
    data = {"@context": "https://schema.org", "@type": "Organization", "name": company.name, "url": url}
    alternates = other_names(company)
    if alternates:
        data["alternateName"] = alternates
    if company.summary:
        data["description"] = company.summary
    if company.website:
        data["sameAs"] = [company.website]
    if company.logo_small:
        data["logo"] = request.build_absolute_uri(company.logo_small.url)
    if company.founded_year:
        data["foundingDate"] = str(company.founded_year)
    if company.email:
        data["email"] = company.email
    if company.phone:
        data["telephone"] = company.phone
    if address := postal_address(street=company.address, city=company.city):
        data["address"] = address
    return data


def company_qr_svg(request, slug):
    """Return a QR code (SVG) of the profile's absolute address, for sharing on WeChat."""
    preview = request.user.has_perm("companies.view_company")
    queryset = Company.objects.all() if preview else Company.objects.published()
    company = get_object_or_404(queryset.only("slug"), slug=slug)
    return qr_code_response(request.build_absolute_uri(company.get_absolute_url()), title=_("QR code of this profile"))


def published_count():
    return Count("companies", filter=Q(companies__status=CompanyStatus.PUBLISHED))


@cache_for_visitors
class CityListView(ListView):
    """Alliance cities grouped by country, with their published companies counted, and a map."""

    template_name = "companies/city_list.html"
    context_object_name = "cities"

    def get_queryset(self):
        return (
            City.objects.annotate(company_count=published_count())
            .prefetch_related("partner_cities")
            .order_by("country", "name_en")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cities = list(context["cities"])
        context["groups"] = [
            {"country": label, "cities": [city for city in cities if city.country == code]}
            for code, label in Country.choices
            if any(city.country == code for city in cities)
        ]
        context["map"] = alliance_map(cities)
        context["breadcrumbs"] = [(_("Alliance cities"), None)]
        return context


@cache_for_visitors
class CityDetailView(DetailView):
    """An alliance city: description, partner cities and the companies located there."""

    template_name = "companies/city_detail.html"
    context_object_name = "city"

    # A city may have thousands of companies; the page shows the first ones and links to the directory.
    companies_shown = 48

    def get_queryset(self):
        return City.objects.annotate(company_count=published_count()).prefetch_related("partner_cities")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        city = self.object
        context["companies"] = list(
            Company.objects.for_directory().filter(city=city).by_name()[: self.companies_shown]
        )
        context["breadcrumbs"] = [(_("Alliance cities"), reverse("companies:city_list")), (city.name, None)]
        return context


def base_url(request):
    return request.build_absolute_uri("/").rstrip("/")


# --- Cooperation board --------------------------------------------------------------------


@cache_for_visitors
class CooperationListView(ForgivingPaginationMixin, ListView):
    """Published, unexpired offers and requests, newest first, with filters and counts."""

    template_name = "companies/cooperation_list.html"
    context_object_name = "entries"
    paginate_by = 20

    def get_queryset(self):
        self.filterset = CooperationFilterSet(self.request.GET or None, queryset=Cooperation.objects.visible())
        return self.filterset.qs.for_board()

    def facets(self):
        values = self.filterset.active_values
        counts = self.filterset.facet_counts()
        sectors = [(sector.slug, sector.name) for sector in Sector.objects.filter(slug__in=counts["sector"])]
        if values.get("sector") and values["sector"].slug not in counts["sector"]:
            sectors.append((values["sector"].slug, values["sector"].name))

        def options(pairs, facet):
            selected = getattr(values.get(facet), "slug", values.get(facet))
            return [
                {"value": value, "label": label, "count": counts[facet].get(value, 0), "selected": value == selected}
                for value, label in pairs
                if counts[facet].get(value) or value == selected
            ]

        return [
            {"name": "direction", "label": _("Offer or request"), "options": options(Direction.choices, "direction")},
            {"name": "kind", "label": _("Kind"), "options": options(CooperationKind.choices, "kind")},
            {"name": "sector", "label": _("Sector"), "options": options(sectors, "sector")},
            {"name": "country", "label": _("Country of the company"), "options": options(Country.choices, "country")},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            facets=self.facets(),
            total=context["paginator"].count,
            filters_active=bool(self.filterset.active_values),
            breadcrumbs=[(_("Cooperation board"), None)],
        )
        return context


def can_preview_cooperation(user):
    return user.is_active and user.has_perm("companies.view_cooperation")


class InquiryFormMixin:
    """A page with the inquiry form: shown on GET, stored through the service on a valid POST."""

    inquiry_topic = None

    def get_inquiry_form(self):
        initial = {"topic": self.inquiry_topic} if self.inquiry_topic else {}
        data = self.request.POST if self.request.method == "POST" else None
        return InquiryForm(data=data, initial=initial, request=self.request)

    def inquiry_target(self):
        """Return ``{"company": …, "cooperation": …}`` for the inquiry being written."""
        return {}

    def post(self, request, *args, **kwargs):
        self.object = self.get_object() if hasattr(self, "get_object") else None
        form = self.get_inquiry_form()
        # Too many posts from this address: a 429 page, and nothing is saved.
        if (refusal := throttle(form)) is not None:
            return refusal
        if form.is_valid():
            inquiry = form.save(commit=False)
            for name, value in self.inquiry_target().items():
                setattr(inquiry, name, value)
            services.submit_inquiry(inquiry=inquiry, base_url=base_url(request))
            return redirect("companies:inquiry_sent")
        return self.render_to_response(self.get_context_data(inquiry_form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("inquiry_form", self.get_inquiry_form())
        return context


class CooperationDetailView(InquiryFormMixin, DetailView):
    """One entry with the form to answer it; a withheld name never shows, not even in JSON-LD."""

    template_name = "companies/cooperation_detail.html"
    context_object_name = "entry"

    def get_queryset(self):
        queryset = Cooperation.objects.select_related("company").prefetch_related("sectors")
        if can_preview_cooperation(self.request.user):
            return queryset
        return queryset.visible()

    @property
    def inquiry_topic(self):
        kind = self.object.kind
        return kind if kind in InquiryTopic.values else None

    def inquiry_target(self):
        return {"cooperation": self.object, "company": self.object.company}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entry = self.object
        context["preview"] = not entry.is_visible
        context["breadcrumbs"] = [(_("Cooperation board"), reverse("companies:cooperation_list")), (entry.title, None)]
        return context


class ProposalView(FormView):
    """Visitors propose an offer or request; staff review it before it shows."""

    template_name = "companies/cooperation_propose.html"
    form_class = ProposalForm
    extra_context = {
        "breadcrumbs": [
            (_("Cooperation board"), reverse_lazy("companies:cooperation_list")),
            (_("Propose an entry"), None),
        ]
    }

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if (refusal := throttle(form)) is not None:
            return refusal
        return self.form_valid(form) if form.is_valid() else self.form_invalid(form)

    def form_valid(self, form):
        cooperation = form.save(commit=False)
        services.propose_cooperation(
            cooperation=cooperation, sectors=form.cleaned_data["sectors"], base_url=base_url(self.request)
        )
        messages.success(
            self.request,
            _("Thank you: your entry has been sent for review. We will email you once it is on the board."),
        )
        return redirect("companies:cooperation_list")


class CompanyContactView(InquiryFormMixin, DetailView):
    """The form to contact a published company; the zone reads it first."""

    template_name = "companies/company_contact.html"
    context_object_name = "company"

    def get_queryset(self):
        return Company.objects.published().only("pk", "slug", "name", "name_en", "name_de", "name_zh_hans")

    def inquiry_target(self):
        return {"company": self.object}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        company = self.object
        context["breadcrumbs"] = [
            (_("Companies"), reverse("companies:list")),
            (company.name, company.get_absolute_url()),
            (_("Contact"), None),
        ]
        return context


class ZoneContactView(InquiryFormMixin, TemplateView):
    """Questions to the zone itself."""

    template_name = "companies/zone_contact.html"
    extra_context = {"breadcrumbs": [(_("Contact the zone"), None)]}


class InquirySentView(TemplateView):
    template_name = "companies/inquiry_sent.html"
    extra_context = {"breadcrumbs": [(_("Inquiry sent"), None)]}
