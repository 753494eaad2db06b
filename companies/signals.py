"""Derived data that no caller can see change: the logo files of deleted companies.

Everything else that follows a write (search data, cache versions, the audit log) is done
by companies.services, which every write path calls.
"""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from core.images import delete_image_files

from .models import Company


@receiver(post_delete, sender=Company)
def company_deleted(sender, instance, using, **kwargs):
    """Delete the logo files once the deletion is committed, however it happened (a queryset
    delete in a shell sends this signal for each row, but calls no service)."""
    delete_image_files(instance, using=using)
