"""Logo validation (companies.validators) and the resized variant made on save (companies.images)."""

import functools
import random
import struct
import zlib
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from companies.models import Company
from core.uploads import ValidatedImageField, validate_image_upload
from tests.factories import CompanyFactory

# --- Image files made in the test ---------------------------------------------------------


def image_bytes(size=(400, 200), image_format="PNG", mode="RGBA", color=(200, 30, 40, 128), **save_args):
    """Return the bytes of a real image drawn with Pillow."""
    output = BytesIO()
    Image.new(mode, size, color).save(output, format=image_format, **save_args)
    return output.getvalue()


def upload(content, name="logo.png", content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@functools.cache
def bomb_png():
    """Return a real, tiny PNG that decodes to 12000 × 12000 pixels (144 megapixels)."""
    output = BytesIO()
    Image.new("1", (12000, 12000)).save(output, format="PNG", optimize=True)
    return output.getvalue()


def png_declaring(width, height):
    """Return a PNG whose header declares ``width`` × ``height`` pixels, with one row of data."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * (width + 1)))
        + chunk(b"IEND", b"")
    )


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'


def validation_error(content, name="logo.png"):
    with pytest.raises(ValidationError) as caught:
        validate_image_upload(upload(content, name))
    return caught.value


# --- Validation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("image_format", "mode", "color"),
    [("PNG", "RGBA", (1, 2, 3, 4)), ("JPEG", "RGB", (1, 2, 3)), ("WEBP", "RGBA", (1, 2, 3, 4))],
)
def test_validator_accepts_real_png_jpeg_and_webp(image_format, mode, color):
    assert validate_image_upload(upload(image_bytes(image_format=image_format, mode=mode, color=color))) is None


def test_validator_leaves_the_file_position_at_the_start():
    file = upload(image_bytes())
    validate_image_upload(file)
    assert file.tell() == 0


def test_validator_refuses_svg():
    error = validation_error(SVG, name="logo.svg")
    assert error.code == "invalid_image"
    assert error.messages == [
        "This file is not an image we can read. Upload a PNG, JPEG or WebP file (SVG is not accepted)."
    ]


def test_validator_refuses_text_file_renamed_png():
    assert validation_error(b"Just some text, not a picture.\n" * 10).code == "invalid_image"


def test_validator_refuses_gif_although_pillow_reads_it():
    error = validation_error(image_bytes(image_format="GIF", mode="P", color=3), name="logo.gif")
    assert error.code == "invalid_image_format"
    assert error.messages == ["Only PNG, JPEG and WebP images are accepted."]


def test_validator_refuses_a_real_png_over_five_megabytes():
    noise = Image.frombytes("RGB", (1400, 1400), random.Random(5).randbytes(1400 * 1400 * 3))
    output = BytesIO()
    noise.save(output, format="PNG", compress_level=0)
    assert output.tell() > 5 * 1024 * 1024
    error = validation_error(output.getvalue())
    assert error.code == "file_too_large"
    assert error.messages == ["The image is 5.6\xa0MB; the largest allowed is 5.0\xa0MB."]


def test_validator_refuses_a_small_png_declaring_144_megapixels():
    content = bomb_png()
    assert len(content) < 64 * 1024
    error = validation_error(content)
    assert error.code == "too_many_pixels"
    assert error.messages == ["The image is too large in pixels; the largest allowed is 25 megapixels."]


def test_validator_refuses_a_png_past_pillows_own_hard_limit():
    assert validation_error(png_declaring(15000, 15000)).code == "too_many_pixels"


def test_validator_accepts_an_image_at_the_pixel_limit_and_refuses_one_pixel_more():
    assert validate_image_upload(upload(png_declaring(5000, 5000))) is None
    assert validation_error(png_declaring(5000, 5001)).code == "too_many_pixels"


def test_validator_refuses_a_truncated_png():
    content = image_bytes(size=(300, 300), mode="RGB", color=(9, 9, 9))
    error = validation_error(content[: len(content) - 20])
    assert error.code == "invalid_image"
    assert error.messages == ["This image file is damaged. Save it again as PNG, JPEG or WebP and upload it."]


def test_form_field_gives_our_message_for_a_bomb_before_pillow_opens_it():
    with pytest.raises(ValidationError) as caught:
        ValidatedImageField().clean(upload(bomb_png()))
    assert caught.value.code == "too_many_pixels"


def test_form_field_accepts_a_real_png_and_offers_only_allowed_types():
    field = ValidatedImageField()
    assert field.clean(upload(image_bytes())).name == "logo.png"
    assert field.widget.attrs["accept"] == "image/png,image/jpeg,image/webp"


# --- Resized variant ----------------------------------------------------------------------


def small_image(company):
    company.logo_small.open("rb")
    try:
        with Image.open(company.logo_small) as image:
            image.load()
            return image.format, image.size, image.mode
    finally:
        company.logo_small.close()


@pytest.mark.django_db
def test_saving_a_logo_makes_a_webp_within_240_pixels_keeping_transparency():
    company = CompanyFactory(logo=ContentFile(image_bytes(size=(1200, 600)), name="wide.png"))
    assert company.logo_small.name.startswith("companies/logos/small/wide")
    assert company.logo_small.name.endswith(".webp")
    assert small_image(company) == ("WEBP", (240, 120), "RGBA")
    assert Company.objects.get(pk=company.pk).logo_small.name == company.logo_small.name


@pytest.mark.django_db
def test_small_logo_of_an_opaque_jpeg_is_rgb_and_small_images_are_not_enlarged():
    content = image_bytes(size=(100, 50), image_format="JPEG", mode="RGB", color=(0, 90, 200))
    company = CompanyFactory(logo=ContentFile(content, name="tiny.jpg"))
    assert small_image(company) == ("WEBP", (100, 50), "RGB")


@pytest.mark.django_db
def test_small_logo_applies_the_exif_orientation():
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display.
    content = image_bytes(size=(300, 100), image_format="JPEG", mode="RGB", color=(0, 0, 0), exif=exif)
    company = CompanyFactory(logo=ContentFile(content, name="photo.jpg"))
    assert small_image(company) == ("WEBP", (80, 240), "RGB")


@pytest.mark.django_db
def test_new_upload_regenerates_the_small_logo_and_deletes_the_old_files(django_capture_on_commit_callbacks):
    company = CompanyFactory(logo=ContentFile(image_bytes(size=(480, 480)), name="first.png"))
    old_names = (company.logo.name, company.logo_small.name)
    company = Company.objects.get(pk=company.pk)
    company.logo = ContentFile(image_bytes(size=(600, 300)), name="second.png")
    with django_capture_on_commit_callbacks(execute=True):
        company.save()
    assert small_image(company) == ("WEBP", (240, 120), "RGBA")
    assert company.logo_small.name.startswith("companies/logos/small/second")
    assert [default_storage.exists(name) for name in old_names] == [False, False]
    assert default_storage.exists(company.logo.name)


@pytest.mark.django_db
def test_clearing_the_logo_clears_the_small_logo_and_deletes_both_files(django_capture_on_commit_callbacks):
    company = CompanyFactory(logo=ContentFile(image_bytes(), name="gone.png"))
    old_names = (company.logo.name, company.logo_small.name)
    company = Company.objects.get(pk=company.pk)
    company.logo = ""
    with django_capture_on_commit_callbacks(execute=True):
        company.save()
    company.refresh_from_db()
    assert (company.logo.name, company.logo_small.name) == ("", "")
    assert [default_storage.exists(name) for name in old_names] == [False, False]


@pytest.mark.django_db
def test_saving_other_fields_keeps_the_same_small_logo(django_capture_on_commit_callbacks):
    company = CompanyFactory(logo=ContentFile(image_bytes(), name="same.png"))
    small_name = company.logo_small.name
    company = Company.objects.get(pk=company.pk)
    company.name_en = "Renamed"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        company.save()
    assert company.logo_small.name == small_name
    assert callbacks == []
    assert default_storage.exists(small_name)


@pytest.mark.django_db
def test_company_without_logo_has_no_small_logo():
    company = CompanyFactory()
    assert (company.logo.name, company.logo_small.name) == ("", "")


@pytest.mark.django_db
def test_deleting_companies_through_a_queryset_deletes_their_logo_files(django_capture_on_commit_callbacks):
    company = CompanyFactory(logo=ContentFile(image_bytes(), name="gone.png"))
    names = (company.logo.name, company.logo_small.name)
    with django_capture_on_commit_callbacks(execute=True):
        Company.objects.filter(pk=company.pk).delete()
    assert [default_storage.exists(name) for name in names] == [False, False]
