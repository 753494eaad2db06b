"""Every write to companies, sectors and alliance cities that has side effects.

A company's search data, the directory's cached counts (through the database-held cache
version) and the audit log must follow every change, whoever makes it: the admin form,
an admin action, an import, the demo loader or a shell. So each change is one function
here, taking the acting user (None for the system), and nothing else writes these rows.

``log=False`` is for the admin's change form only: the admin writes its own entry there,
with the changed fields, so that each change still leaves exactly one.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from core import versions
from core.audit import ADDITION, CHANGE, DELETION, changed_fields_message, log_change

from .models import City, Company, CompanyStatus, Sector
from .search import refresh_search_data


def _with_search_relations(queryset):
    return queryset.select_related("city").prefetch_related("sectors")


def _refresh(company_pks):
    refresh_search_data(_with_search_relations(Company.objects.filter(pk__in=company_pks)))


def directory_changed():
    """Make every process drop the directory's cached counts and labels once this commits."""
    versions.bump(versions.DIRECTORY)


# --- Companies ----------------------------------------------------------------------------


@transaction.atomic
def save_company(*, company, user, sectors=None, log=True):
    """Create or update ``company`` (and set its ``sectors`` when given); return it."""
    adding = company._state.adding
    company.save()
    if sectors is not None:
        company.sectors.set(sectors)
    _refresh([company.pk])
    directory_changed()
    if log:
        log_change(user=user, objects=[company], action_flag=ADDITION if adding else CHANGE)
    return company


def _bulk_update(companies, user, field_label, **values):
    """Change ``values`` on the companies not already so; log each; return how many changed."""
    with transaction.atomic():
        to_change = companies.exclude(**values)
        changed = list(to_change.order_by())
        count = Company.objects.filter(pk__in=[company.pk for company in changed]).update(
            **values, updated_at=timezone.now()
        )
        if count:
            directory_changed()
            log_change(user=user, objects=changed, message=changed_fields_message(field_label))
    return count


# The admin translates the field names of a change message when it shows the history;
# gettext_noop marks them for extraction without translating them into the stored entry.
STATUS_LABEL = gettext_noop("Status")
FEATURED_LABEL = gettext_noop("Featured")


def publish_companies(*, companies, user):
    """Publish the given companies (a queryset); return how many were not published before."""
    return _bulk_update(companies, user, STATUS_LABEL, status=CompanyStatus.PUBLISHED)


def archive_companies(*, companies, user):
    """Archive the given companies; return how many were not archived before."""
    return _bulk_update(companies, user, STATUS_LABEL, status=CompanyStatus.ARCHIVED)


def set_featured(*, companies, featured, user):
    """Feature (or stop featuring) the given companies on the home page; return how many changed."""
    return _bulk_update(companies, user, FEATURED_LABEL, featured=featured)


@transaction.atomic
def delete_companies(*, companies, user):
    """Delete the given companies (their logo files go once the deletion commits); return how many."""
    doomed = list(companies)
    if not doomed:
        return 0
    log_change(user=user, objects=doomed, action_flag=DELETION)
    Company.objects.filter(pk__in=[company.pk for company in doomed]).delete()
    directory_changed()
    return len(doomed)


# --- Sectors and cities -------------------------------------------------------------------


@transaction.atomic
def save_sector(*, sector, user, log=True):
    """Create or update ``sector``; the search data of its companies follows a rename."""
    adding = sector._state.adding
    sector.save()
    if not adding:
        _refresh(Company.objects.filter(sectors=sector).values_list("pk", flat=True))
    directory_changed()
    if log:
        log_change(user=user, objects=[sector], action_flag=ADDITION if adding else CHANGE)
    return sector


@transaction.atomic
def save_city(*, city, user, partner_cities=None, log=True):
    """Create or update ``city`` (and set its ``partner_cities`` when given)."""
    adding = city._state.adding
    city.save()
    if partner_cities is not None:
        city.partner_cities.set(partner_cities)
    if not adding:
        _refresh(Company.objects.filter(city=city).values_list("pk", flat=True))
    directory_changed()
    if log:
        log_change(user=user, objects=[city], action_flag=ADDITION if adding else CHANGE)
    return city


def _delete_rows(model, rows, user, related):
    rows = list(rows)
    if not rows:
        return 0
    # The sector links cascade and a city is set to NULL in plain SQL: note the companies
    # first, refresh their search text once the rows are gone.
    affected = list(Company.objects.filter(**{f"{related}__in": rows}).values_list("pk", flat=True).distinct())
    log_change(user=user, objects=rows, action_flag=DELETION)
    model.objects.filter(pk__in=[row.pk for row in rows]).delete()
    _refresh(affected)
    directory_changed()
    return len(rows)


@transaction.atomic
def delete_sectors(*, sectors, user):
    """Delete sectors; their companies lose them from their search text. Return how many."""
    return _delete_rows(Sector, sectors, user, "sectors")


@transaction.atomic
def delete_cities(*, cities, user):
    """Delete alliance cities; their companies keep no city. Return how many."""
    return _delete_rows(City, cities, user, "city")
