"""Logos for the demo companies, drawn locally with Pillow (nothing is downloaded).

Each logo is a coloured tile with the company's initials; the colour comes from the
company's slug, so every company keeps its own colour from one load to the next.
"""

import colorsys
import hashlib
from io import BytesIO

from PIL import Image, ImageDraw, ImageFont

LOGO_SIZE = 480


def initials(name):
    """Return up to two capital initials of ``name`` ("Hanse Logistik Partner" -> "HL")."""
    words = [word for word in name.replace("-", " ").split() if word[:1].isalpha()]
    letters = "".join(word[0].upper() for word in words[:2])
    return letters or name[:1].upper()


def slug_colour(slug):
    """Return a saturated, fairly dark RGB colour derived from ``slug`` (white text stays readable)."""
    hue = int.from_bytes(hashlib.sha256(slug.encode()).digest()[:2], "big") / 65535
    red, green, blue = colorsys.hls_to_rgb(hue, 0.38, 0.62)
    return round(red * 255), round(green * 255), round(blue * 255)


def logo_png(name, slug):
    """Return the PNG bytes of a square logo: a rounded tile in the slug's colour with the initials."""
    image = Image.new("RGBA", (LOGO_SIZE, LOGO_SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, LOGO_SIZE - 1, LOGO_SIZE - 1), radius=LOGO_SIZE // 8, fill=slug_colour(slug))
    font = ImageFont.load_default(size=LOGO_SIZE * 2 // 5)
    draw.text((LOGO_SIZE / 2, LOGO_SIZE / 2), initials(name), fill="white", font=font, anchor="mm")
    output = BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()
