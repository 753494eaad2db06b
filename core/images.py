"""Resized copies of uploaded images: pages show these, never the original upload."""

from io import BytesIO
from pathlib import PurePath

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

# Logos show at most about 120 CSS pixels wide; twice that stays sharp on high-density screens.
LOGO_SMALL_BOX = (240, 240)


def resize_image(source, box=LOGO_SMALL_BOX):
    """Return the image in ``source`` fitted within ``box`` as WebP bytes.

    The camera's EXIF orientation is applied (the copy carries no EXIF, so browsers
    would otherwise show a portrait photo lying on its side); transparency is kept.
    Smaller images are not enlarged.
    """
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


def small_logo_file(logo):
    """Return a ContentFile of the resized ``logo``, named after it with a .webp suffix."""
    name = f"{PurePath(logo.name).stem}.webp"
    return ContentFile(resize_image(logo), name=name)
