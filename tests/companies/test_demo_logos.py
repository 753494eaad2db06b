"""The logos drawn for the demo companies: initials on a tile in a colour of their own."""

from io import BytesIO

import pytest
from PIL import Image

from companies.demo_logos import initials, logo_png, slug_colour


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Hanse Logistics Partner", "HL"), ("Osram", "O"), ("Rhine-Main Industrial", "RM"), ("3D Print", "P")],
)
def test_initials_take_the_first_letters_of_two_words(name, expected):
    assert initials(name) == expected


def test_logo_is_a_square_png_in_the_company_colour():
    with Image.open(BytesIO(logo_png("Osram", "osram"))) as image:
        assert (image.format, image.size, image.mode) == ("PNG", (480, 480), "RGBA")
        assert image.getpixel((20, 240)) == (*slug_colour("osram"), 255)
        assert image.getpixel((0, 0))[3] == 0
