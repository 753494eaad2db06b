"""Derived data that no caller can see change: the image files of deleted events.

Everything else that follows a write (registrations, emails) is done by events.services.
"""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from core.images import delete_image_files

from .models import Event


@receiver(post_delete, sender=Event)
def event_deleted(sender, instance, using, **kwargs):
    """Delete the image files once the deletion is committed, however it happened (the
    admin's bulk delete and a queryset delete in a shell call no service)."""
    delete_image_files(instance, using=using)
