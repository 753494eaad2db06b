"""The one policy for images staff upload (company logos, event images): what is accepted.

A model declares its upload with ``uploaded_image_field`` (the rules run in model
validation) and its admin uses ``IMAGE_FIELD_OVERRIDES`` (the same rules run before
Pillow opens the file, with our messages); core.images makes the copy pages show.
"""

import warnings

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

MAX_IMAGE_BYTES = 5 * 1024 * 1024
# A logo never needs more; Pillow's own limit (about 89 megapixels, and then only a
# warning) lets a 17 KiB PNG that decodes to hundreds of megabytes through.
MAX_IMAGE_PIXELS = 25_000_000
ALLOWED_IMAGE_FORMATS = {"PNG", "JPEG", "WEBP"}
ALLOWED_IMAGE_TYPES = "image/png,image/jpeg,image/webp"


def read_image_header(upload):
    """Return ``(format, width, height)`` of an image file without decoding its pixels.

    Raise ``ValidationError`` when Pillow cannot identify the file as an image.
    """
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            # Pillow warns (or, past twice its limit, raises) about huge images while
            # opening; we measure the pixels ourselves right after, with a lower limit.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                return image.format, *image.size
    except Image.DecompressionBombError:
        return "BOMB", MAX_IMAGE_PIXELS + 1, 1
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("This file is not an image we can read. Upload a PNG, JPEG or WebP file (SVG is not accepted)."),
            code="invalid_image",
        ) from None
    finally:
        upload.seek(position)


def validate_image_upload(upload):
    """Accept only a real PNG, JPEG or WebP image of sensible file size and dimensions.

    The header is read without decoding the pixels, so a decompression bomb is refused
    before it can take the memory it asks for; only then does Pillow verify the file.
    A file already stored (a model's FieldFile that was not replaced) passed when it was
    uploaded and is not read again: model validation runs on every save of the model.
    """
    if getattr(upload, "_committed", False):
        return
    if upload.size is not None and upload.size > MAX_IMAGE_BYTES:
        raise ValidationError(
            _("The image is %(size)s; the largest allowed is %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_IMAGE_BYTES)},
        )
    image_format, width, height = read_image_header(upload)
    if width * height > MAX_IMAGE_PIXELS:
        raise ValidationError(
            _("The image is too large in pixels; the largest allowed is %(limit)s megapixels."),
            code="too_many_pixels",
            params={"limit": MAX_IMAGE_PIXELS // 1_000_000},
        )
    if image_format not in ALLOWED_IMAGE_FORMATS:
        raise ValidationError(
            _("Only PNG, JPEG and WebP images are accepted."),
            code="invalid_image_format",
        )
    position = upload.tell()
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            # verify() checks the file's structure (PNG checksums, truncated data).
            image.verify()
    except Exception:
        raise ValidationError(
            _("This image file is damaged. Save it again as PNG, JPEG or WebP and upload it."),
            code="invalid_image",
        ) from None
    finally:
        upload.seek(position)


class ValidatedImageField(forms.ImageField):
    """A form image field that runs ``validate_image_upload`` before Pillow opens the file.

    Django's own ``ImageField.to_python`` opens every upload with Pillow's defaults, so a
    decompression bomb or a renamed text file would get its generic message (or Pillow's
    warning) first; this field gives ours.
    """

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        validate_image_upload(upload)
        return super().to_python(data)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput):
            attrs["accept"] = ALLOWED_IMAGE_TYPES
        return attrs


# For a ModelAdmin's formfield_overrides: every image field of the admin checks uploads first.
IMAGE_FIELD_OVERRIDES = {models.ImageField: {"form_class": ValidatedImageField}}


def uploaded_image_field(verbose_name, *, upload_to):
    """Return an optional image field accepting only what ``validate_image_upload`` accepts.

    Pages never show the upload itself but its resized copy (core.images.ResizedImageMixin).
    """
    return models.ImageField(
        verbose_name,
        upload_to=upload_to,
        blank=True,
        validators=[validate_image_upload],
        help_text=_("PNG, JPEG or WebP, at most 5 MB. Pages show a resized copy."),
    )
