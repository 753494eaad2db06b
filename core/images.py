"""Resized copies of uploaded images: pages show these, never the original upload.

A model that keeps uploaded images takes ``ResizedImageMixin`` and names each upload and
the field of its copy in ``resized_images``. On save the mixin makes the copy of a new
upload (or clears it with the upload) and, once the save is committed, deletes the files
the row no longer uses. The app's ``post_delete`` receiver calls ``delete_image_files``,
because a queryset delete calls neither ``save()`` nor ``delete()`` of the model.
"""

import logging
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageOps

from .uploads import MAX_IMAGE_PIXELS, read_image_header

logger = logging.getLogger(__name__)

# Logos show at most about 120 CSS pixels wide; twice that stays sharp on high-density screens.
LOGO_SMALL_BOX = (240, 240)


def resize_image(source, box=LOGO_SMALL_BOX):
    """Return the image in ``source`` fitted within ``box`` as WebP bytes.

    The camera's EXIF orientation is applied (the copy carries no EXIF, so browsers
    would otherwise show a portrait photo lying on its side); transparency is kept.
    Smaller images are not enlarged. An image past the upload limit in pixels raises
    ValueError before its pixels are decoded (images stored before the limit existed
    may be decompression bombs), one Pillow cannot read raises ValidationError.
    """
    _format, width, height = read_image_header(source)
    if width * height > MAX_IMAGE_PIXELS:
        raise ValueError(f"{source.name} has more than {MAX_IMAGE_PIXELS} pixels")
    source.seek(0)
    with Image.open(source) as original:
        image = ImageOps.exif_transpose(original)
        has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha else "RGB")
        image.thumbnail(box, Image.Resampling.LANCZOS)
        output = BytesIO()
        image.save(output, format="WEBP", quality=85, method=4)
    source.seek(0)
    return output.getvalue()


def resized_image_file(source, box):
    """Return a ContentFile of ``source`` fitted within ``box``, named after it with a .webp suffix."""
    name = f"{PurePath(source.name).stem}.webp"
    return ContentFile(resize_image(source, box), name=name)


@dataclass(frozen=True)
class ResizedImage:
    """An uploaded image (``original``, a field name), the field of its copy and the copy's box."""

    original: str
    copy: str
    box: tuple[int, int]


def delete_unused_files_on_commit(model, files, *, using):
    """Once the transaction commits, delete each ``(field name, file name)`` no row of ``model`` uses.

    Only after the commit: a rolled-back save or delete still needs its files. A file
    another row still names stays, as a duplicated event shares its original upload with
    the event it was copied from (events.services.duplicate_event).
    """
    files = [(field_name, name) for field_name, name in files if name]
    if not files:
        return

    def delete():
        rows = model._base_manager.using(using)
        for field_name, name in files:
            if not rows.filter(**{field_name: name}).exists():
                model._meta.get_field(field_name).storage.delete(name)

    transaction.on_commit(delete, using=using)


def delete_image_files(instance, *, using):
    """Delete the uploads and copies of a deleted row once the deletion is committed."""
    files = [
        (field_name, getattr(instance, field_name).name)
        for spec in instance.resized_images
        for field_name in (spec.original, spec.copy)
    ]
    delete_unused_files_on_commit(type(instance), files, using=using)


class ResizedImageMixin:
    """Keep a resized copy beside each uploaded image, and no file the row stopped using.

    ``resized_images`` lists ``ResizedImage(original, copy, box)``; the copy's field is
    an ``ImageField(editable=False, blank=True)``. Saving only other fields (through
    ``update_fields``, or with an unchanged upload) reads no file and makes no copy.
    """

    resized_images = ()

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # Remember the stored names, so save() sees whether an upload changed. A deferred
        # column is missing from __dict__ and is looked up in the database when needed.
        instance._stored_image_names = {
            field_name: instance.__dict__.get(field_name)
            for spec in cls.resized_images
            for field_name in (spec.original, spec.copy)
        }
        return instance

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        refreshed, unused_files = [], []
        for spec in self.resized_images:
            if update_fields is None or spec.original in update_fields:
                refreshed.append(spec)
                unused_files += self._refresh_resized_image(spec)
                if update_fields is not None:
                    kwargs["update_fields"] = {*kwargs["update_fields"], spec.copy}
        super().save(*args, **kwargs)
        for spec in refreshed:
            for field_name in (spec.original, spec.copy):
                self._stored_image_names[field_name] = getattr(self, field_name).name or ""
        if unused_files:
            delete_unused_files_on_commit(type(self), unused_files, using=self._state.db)

    def _stored_names(self, spec):
        """Return the names of ``spec``'s upload and copy as the database has them."""
        if self._state.adding:
            # Also for a copy of a loaded row (duplicate_event): nothing is stored for it yet.
            self._stored_image_names = {}
            return "", ""
        stored = self.__dict__.setdefault("_stored_image_names", {})
        if stored.get(spec.original) is None:
            # Loaded without its image columns (only()/defer()), or never loaded: ask.
            row = type(self)._base_manager.filter(pk=self.pk).values_list(spec.original, spec.copy).first()
            stored.update(zip((spec.original, spec.copy), row or ("", ""), strict=True))
        return stored.get(spec.original) or "", stored.get(spec.copy) or ""

    def _refresh_resized_image(self, spec):
        """Make the copy of a new upload (or clear it); return the ``(field, name)`` of files now unused."""
        old_original, old_copy = self._stored_names(spec)
        original = getattr(self, spec.original)
        if (original.name or "") == old_original and (getattr(self, spec.copy) or not original):
            return []
        setattr(self, spec.copy, self._resized_copy(original, spec.box) if original else "")
        in_use = (original.name, getattr(self, spec.copy).name)
        return [
            (field_name, name)
            for field_name, name in ((spec.original, old_original), (spec.copy, old_copy))
            if name and name not in in_use
        ]

    @staticmethod
    def _resized_copy(original, box):
        """Return the resized copy of ``original``, or "" for an unusable file stored earlier.

        A new upload passed validation, so a failure there is a bug and is raised. A file
        stored before copies existed (or one since lost or damaged) must not stop the row
        from being saved: it gets no copy, so pages show no image, and a warning is logged.
        """
        try:
            return resized_image_file(original, box)
        except (OSError, ValueError, ValidationError) as error:
            if not original._committed:
                raise
            logger.warning("No resized copy of %s: %s", original.name, error)
            return ""
        finally:
            if original._committed:
                # Opened from storage just for this; a new upload stays open to be saved.
                original.close()
