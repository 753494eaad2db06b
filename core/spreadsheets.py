"""CSV downloads that Excel opens correctly: UTF-8 with a byte-order mark, no formula injection."""

import csv
import io

from django.http import HttpResponse

# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """Return ``value`` as text that a spreadsheet shows as it is and never evaluates."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def csv_response(filename, header, rows):
    """Return a CSV attachment of ``header`` and ``rows``, every cell made spreadsheet-safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(title) for title in header])
    writer.writerows([spreadsheet_safe(value) for value in row] for row in rows)
    # The byte-order mark makes Excel read the file as UTF-8, so Chinese names and umlauts survive.
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
