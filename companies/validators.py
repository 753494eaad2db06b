"""Validation of uploaded images (company logos and other pictures staff upload)."""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

MAX_IMAGE_BYTES = 5 * 1024 * 1024
# A logo never needs more; Pillow's own limit (about 89 megapixels) lets a 17 KiB PNG
# that decodes to hundreds of megabytes through.
MAX_IMAGE_PIXELS = 25_000_000
ALLOWED_IMAGE_FORMATS = {"PNG", "JPEG", "WEBP"}


def validate_image_upload(upload):
    """Accept only a real PNG, JPEG or WebP image of sensible file size and dimensions.

    The header is read without decoding the pixels, so a decompression bomb is refused
    before it can take the memory it asks for.
    """
    if upload.size is not None and upload.size > MAX_IMAGE_BYTES:
        raise ValidationError(
            _("The image is %(size)s; the largest allowed is %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_IMAGE_BYTES)},
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            width, height = image.size
            if image_format in ALLOWED_IMAGE_FORMATS and width * height <= MAX_IMAGE_PIXELS:
                image.verify()
    except Image.DecompressionBombError:
        width, height, image_format = MAX_IMAGE_PIXELS, MAX_IMAGE_PIXELS, "BOMB"
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("This file is not an image we can read. Upload a PNG, JPEG or WebP file."),
            code="invalid_image",
        ) from None
    finally:
        upload.seek(position)
    if image_format == "BOMB" or width * height > MAX_IMAGE_PIXELS:
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
