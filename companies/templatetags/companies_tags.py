"""Sections of the companies app on other pages: key figures, featured companies, cooperation entries."""

from django import template
from django.db.models import Count, Q

from ..models import City, Company, Cooperation, Country

register = template.Library()

FEATURED_LIMIT = 6


@register.inclusion_tag("companies/includes/home_figures.html")
def home_key_figures():
    """Count member companies, German companies and alliance cities (two queries)."""
    figures = Company.objects.published().aggregate(
        members=Count("pk", filter=Q(member_since__isnull=False)),
        german=Count("pk", filter=Q(country=Country.GERMANY)),
    )
    figures["cities"] = City.objects.count()
    return {"figures": figures}


@register.inclusion_tag("companies/includes/home_featured.html", takes_context=True)
def featured_companies(context):
    """Show up to six featured published companies (two queries, whatever the number)."""
    companies = Company.objects.for_directory().filter(featured=True).by_name()[:FEATURED_LIMIT]
    return {"companies": list(companies), "request": context.get("request")}


@register.inclusion_tag("companies/includes/home_cooperation.html", takes_context=True)
def latest_cooperations(context, limit=3):
    """Show the newest entries on the board (two queries)."""
    entries = Cooperation.objects.visible().for_board()[:limit]
    return {"entries": list(entries), "request": context.get("request")}


@register.inclusion_tag("companies/includes/company_cooperations.html", takes_context=True)
def company_cooperations(context, company):
    """Show a company's own visible entries on its profile; entries with a withheld name never (two queries)."""
    entries = company.cooperations.visible().named().for_board()
    return {"entries": list(entries), "company": company, "request": context.get("request")}
