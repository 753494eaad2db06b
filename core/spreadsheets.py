"""Spreadsheets staff open in Excel: CSV downloads, and the XLSX and CSV formats of the admin's
import and export (django-import-export).

Excel runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, so text from the
database must never reach it as one ("formula injection"). XLSX marks every text cell as text,
which Excel never evaluates, and keeps the text exactly as it is. CSV has no types: a cell that
looks like a formula gets a leading apostrophe, and an import takes that apostrophe off again, so
an export imported unchanged changes nothing. Phone numbers (``+86 757 8123 4567``) are not
formulas and are left alone.
"""

import csv
import io
import re

import tablib
from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from import_export.formats.base_formats import CSV, XLSX

# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# A leading apostrophe is how a CSV cell says "text, not a formula"; an apostrophe that was
# there already is escaped too, so that an import can always take one off.
ESCAPED_PREFIXES = (*FORMULA_PREFIXES, "'")
# "+86 757 8123 4567", "+49 (0)30 1234-56": digits and separators only, nothing to run.
PHONE_NUMBER = re.compile(r"\+[0-9][0-9 ()/.-]*")
# The byte-order mark makes Excel read a CSV file as UTF-8, so Chinese and umlauts survive.
BOM = "\ufeff"


def spreadsheet_safe(value):
    """Return ``value`` as text that a spreadsheet shows as it is and never evaluates."""
    text = "" if value is None else str(value)
    if text.startswith(ESCAPED_PREFIXES) and not PHONE_NUMBER.fullmatch(text):
        return "'" + text
    return text


def spreadsheet_unescape(value):
    """Undo ``spreadsheet_safe`` on a cell read from a CSV file."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1:].startswith(ESCAPED_PREFIXES):
        return value[1:]
    return value


def excel_delimiter():
    """Return the list separator Excel expects in the active language: German Excel wants ``;``."""
    return ";" if (translation.get_language() or "").startswith("de") else ","


def csv_response(filename, header, rows):
    """Return a CSV attachment of ``header`` and ``rows``, every cell made spreadsheet-safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(title) for title in header])
    writer.writerows([spreadsheet_safe(value) for value in row] for row in rows)
    response = HttpResponse(BOM + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Formats of the admin's import and export ---------------------------------------------


class ExcelXLSX(XLSX):
    """XLSX whose text cells are always text: Excel shows ``=1+1`` as written and never runs it."""

    def get_label(self):
        return _("Excel workbook (XLSX)")

    def create_dataset(self, in_stream):
        dataset = super().create_dataset(in_stream)
        # Excel often keeps formatted but empty rows at the end of a sheet; they are no data.
        while len(dataset) and all(value in (None, "") for value in dataset[-1]):
            del dataset[-1]
        return dataset

    def export_data(self, dataset, **kwargs):
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=(dataset.title or "Sheet1")[:31])
        sheet.freeze_panes = "A2"
        sheet.append([str(header) for header in dataset.headers])
        for row in dataset:
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, str) and cell.data_type == "f":
                    # openpyxl takes a string starting with "=" for a formula; store it as text.
                    cell.data_type = "s"
                cells.append(cell)
            sheet.append(cells)
        stream = io.BytesIO()
        workbook.save(stream)
        return stream.getvalue()


class ExcelCSV(CSV):
    """CSV that Excel opens in any language: UTF-8 with a byte-order mark, the list separator of the
    admin's language (``;`` in German), formula-looking cells escaped.

    An import reads either separator and removes the escaping apostrophes again.
    """

    CONTENT_TYPE = "text/csv; charset=utf-8"

    def get_label(self):
        return _("CSV for Excel (UTF-8; separated by “%(delimiter)s”)") % {"delimiter": excel_delimiter()}

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            in_stream = in_stream.decode(self.encoding or "utf-8-sig")
        in_stream = in_stream.removeprefix(BOM)
        first_line = in_stream.split("\n", 1)[0]
        delimiter = max(";,\t", key=first_line.count)
        dataset = super().create_dataset(in_stream, delimiter=delimiter, **kwargs)
        rows = [[spreadsheet_unescape(value) for value in row] for row in dataset]
        return tablib.Dataset(*rows, headers=dataset.headers)

    def export_data(self, dataset, **kwargs):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=excel_delimiter())
        writer.writerow([str(header) for header in dataset.headers])
        writer.writerows([spreadsheet_safe(value) for value in row] for row in dataset)
        return BOM + buffer.getvalue()
