"""QR codes of public pages, drawn as SVG on the server (segno), to open a page on a phone or
share it on WeChat: no third-party service, no script."""

import io

import segno
from django.http import HttpResponse


def qr_code_response(url, *, title):
    """Return an SVG response drawing ``url`` as a QR code with the accessible ``title``.

    Medium error correction survives a smudged print-out; a day's caching, as the address
    of a page does not change.
    """
    qr = segno.make(url, error="m")
    buffer = io.BytesIO()
    qr.save(buffer, kind="svg", scale=4, border=2, xmldecl=False, title=str(title))
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    return response
