"""Keep the search data and the cached facet counts current when companies, sectors or cities change."""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from .models import City, Company, Sector
from .search import refresh_search_data

# The directory caches its facet counts under keys carrying this version; bumping it
# makes every cached count stale at once, whatever the filters were.
FACET_VERSION_KEY = "companies:facet-version"


def facet_version():
    return cache.get_or_set(FACET_VERSION_KEY, 1, timeout=None)


def bump_facet_version():
    try:
        cache.incr(FACET_VERSION_KEY)
    except ValueError:
        cache.set(FACET_VERSION_KEY, 2, timeout=None)


def _with_search_relations(queryset):
    return queryset.select_related("city").prefetch_related("sectors")


@receiver(post_save, sender=Company)
def company_saved(sender, instance, raw=False, **kwargs):
    bump_facet_version()
    if not raw:
        refresh_search_data(_with_search_relations(Company.objects.filter(pk=instance.pk)))


@receiver(m2m_changed, sender=Company.sectors.through)
def company_sectors_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    bump_facet_version()
    if reverse:
        # sector.companies.add(...): the instance is the sector; pk_set (None on clear) the companies.
        companies = Company.objects.filter(pk__in=pk_set) if pk_set else Company.objects.none()
    else:
        companies = Company.objects.filter(pk=instance.pk)
    refresh_search_data(_with_search_relations(companies))


@receiver(post_save, sender=Sector)
def sector_saved(sender, instance, raw=False, **kwargs):
    bump_facet_version()
    if not raw:
        refresh_search_data(_with_search_relations(Company.objects.filter(sectors=instance)))


@receiver(post_save, sender=City)
def city_saved(sender, instance, raw=False, **kwargs):
    bump_facet_version()
    if not raw:
        refresh_search_data(_with_search_relations(Company.objects.filter(city=instance)))


@receiver(post_delete, sender=Company)
def company_deleted(sender, instance, using, **kwargs):
    """Delete the logo files once the deletion is committed, however it happened."""
    stored = [(file.storage, file.name) for file in (instance.logo, instance.logo_small) if file]
    if stored:
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in stored], using=using)


@receiver(post_delete, sender=Company)
@receiver(post_delete, sender=Sector)
@receiver(post_delete, sender=City)
def directory_row_deleted(sender, **kwargs):
    bump_facet_version()


@receiver(pre_delete, sender=Sector)
@receiver(pre_delete, sender=City)
def remember_companies_of_deleted_row(sender, instance, **kwargs):
    # The cascade (sector links) and SET_NULL (city) run as plain SQL without signals, so
    # note the companies now and refresh their search text once the row is gone.
    related = "sectors" if sender is Sector else "city"
    instance._affected_company_pks = list(Company.objects.filter(**{related: instance}).values_list("pk", flat=True))


@receiver(post_delete, sender=Sector)
@receiver(post_delete, sender=City)
def refresh_companies_of_deleted_row(sender, instance, **kwargs):
    pks = getattr(instance, "_affected_company_pks", [])
    if pks:
        refresh_search_data(_with_search_relations(Company.objects.filter(pk__in=pks)))
