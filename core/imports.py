"""Spreadsheet import and export in the admin, on django-import-export.

``SpreadsheetResource`` is the base of each model's columns (``companies/resources.py``): every
row is checked before anything is written, each problem is reported with the spreadsheet's own
row number and a message in the admin's language, and the preview says which fields a row
changes. ``SpreadsheetAdmin`` adds "Import" and "Export" to a changelist: XLSX by default, CSV
for Excel on request, the export following the list's filters, the import applied all or nothing.
"""

import re

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import override as language_override
from import_export import forms as import_export_forms
from import_export import resources, widgets
from import_export.admin import ImportExportMixin
from import_export.results import RowResult

from .spreadsheets import ExcelCSV, ExcelXLSX

# Suffixes of django-modeltranslation's columns and the language each one holds.
LANGUAGE_SUFFIXES = {"en": "en", "de": "de", "zh_hans": "zh-hans"}
LANGUAGE_NAMES = {"en": gettext_lazy("English"), "de": gettext_lazy("German"), "zh_hans": gettext_lazy("Chinese")}


def normalise_newlines(value):
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


# --- Widgets: one cell to one value and back ----------------------------------------------


class TextWidget(widgets.CharWidget):
    """Text as typed, without the spaces around it (as the admin's forms store it); a number typed
    into a text column (a phone number, a year in a name) is read as its digits."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        value = super().clean(value, row, **kwargs)
        return value.strip() if isinstance(value, str) else value


class YearWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        if not text.isdigit():
            raise ValueError(_("“%(value)s” is not a year.") % {"value": value})
        return int(text)

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value if kwargs.get("force_native_type") else str(value)


class WebsiteWidget(TextWidget):
    """An address typed without a scheme is taken as https, as in the admin's form."""

    def clean(self, value, row=None, **kwargs):
        value = super().clean(value, row, **kwargs)
        if value and "://" not in value:
            value = "https://" + value
        return value


class ChoiceWidget(widgets.Widget):
    """A choice by its code (``DE``) or its label in any of the languages (``Deutschland``)."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices
        self._lookup = None

    def lookup(self):
        if self._lookup is None:
            self._lookup = {}
            for value, label in self.choices.choices:
                self._lookup[str(value).casefold()] = value
                for language in LANGUAGE_SUFFIXES.values():
                    with language_override(language):
                        self._lookup.setdefault(str(label).casefold(), value)
        return self._lookup

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            return ""
        try:
            return self.lookup()[text.casefold()]
        except KeyError:
            codes = ", ".join(str(choice) for choice in self.choices.values)
            raise ValueError(
                _("“%(value)s” is not one of the choices (%(codes)s).") % {"value": text, "codes": codes}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class ChoiceListWidget(ChoiceWidget):
    """Several choices in one cell, by code or by label in any of the languages (``de; en``,
    ``Deutsch, Englisch``, ``德语、英语``), and by the other names in ``aliases`` (code -> names).

    Written as codes separated by semicolons, as the export writes several sectors.
    """

    SEPARATORS = re.compile(r"[;,/；，、]")

    def __init__(self, choices, aliases=None, **kwargs):
        super().__init__(choices, **kwargs)
        self.aliases = aliases or {}

    def lookup(self):
        if self._lookup is None:
            super().lookup()
            for value, names in self.aliases.items():
                for name in names:
                    self._lookup.setdefault(str(name).casefold(), value)
        return self._lookup

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value)
        found = set()
        for piece in self.SEPARATORS.split(text):
            if piece.strip():
                found.add(super().clean(piece))
        # In the choices' order, as the field stores them, so that a re-import compares equal.
        return [choice for choice in self.choices.values if choice in found]

    def render(self, value, obj=None, **kwargs):
        return "; ".join(str(code) for code in value or ())


class NamedObjectsMixin:
    """Find rows of ``model`` by their slug or by their name in any language, ignoring case."""

    model = None

    def names(self, obj):
        return [obj.slug, *(getattr(obj, f"name_{suffix}", "") for suffix in LANGUAGE_SUFFIXES)]

    def lookup(self):
        if getattr(self, "_lookup", None) is None:
            self._lookup = {}
            for obj in self.model.objects.all():
                for name in self.names(obj):
                    key = (name or "").strip().casefold()
                    if key:
                        # A name two rows share in some language finds neither: the slug or another
                        # language's name must say which is meant.
                        known = self._lookup.setdefault(key, obj)
                        if known is not None and known.pk != obj.pk:
                            self._lookup[key] = None
        return self._lookup

    def find(self, name):
        key = name.strip().casefold()
        lookup = self.lookup()
        if key not in lookup:
            raise ValueError(self.unknown_message % {"name": name.strip()})
        if lookup[key] is None:
            raise ValueError(
                _("“%(name)s” is the name of more than one; use the English name or the slug.")
                % {"name": name.strip()}
            )
        return lookup[key]


class NamedForeignKeyWidget(NamedObjectsMixin, widgets.Widget):
    def __init__(self, model, unknown_message, **kwargs):
        super().__init__(**kwargs)
        self.model = model
        self.unknown_message = unknown_message

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value)
        return self.find(text) if text.strip() else None

    def render(self, value, obj=None, **kwargs):
        return value.name_en if value is not None else ""


class NamedManyToManyWidget(NamedObjectsMixin, widgets.ManyToManyWidget):
    """Several names in one cell, separated by semicolons (``;`` or Chinese ``；``)."""

    def __init__(self, model, unknown_message, **kwargs):
        super().__init__(model, separator=";", **kwargs)
        self.unknown_message = unknown_message

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).replace("；", ";")
        found = [self.find(name) for name in text.split(";") if name.strip()]
        return list({obj.pk: obj for obj in found}.values())

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        objects = value.all() if hasattr(value, "all") else value
        return "; ".join(sorted(obj.name_en for obj in objects))


# --- Resources ----------------------------------------------------------------------------


class SpreadsheetResource(resources.ModelResource):
    """Columns of one model, checked row by row; nothing is written unless every row is right.

    Subclasses set ``Meta`` as django-import-export asks, and may set ``unique_columns`` (columns,
    or tuples of columns, whose values may appear only once in a file) and ``extra_columns``
    (columns a file may have that no field reads, each checked in ``check_row``).
    """

    WIDGETS_MAP = {**resources.ModelResource.WIDGETS_MAP, "CharField": TextWidget, "TextField": TextWidget}

    unique_columns = ()
    extra_columns = ()

    class Meta:
        # No row is written on its own: ``write`` saves them all at the end, so the savepoint
        # django-import-export opens around each row otherwise (two queries a row) protects
        # nothing. Its own bulk saving is not used either (``save_instance`` collects the rows).
        use_bulk = True
        # The preview lists the changed fields itself (``skip_row``).
        skip_diff = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.duplicates = {}
        self.stored = None
        self.changes = []
        self.pending = []

    # Labels shown to staff: "German name", "Name (Deutsch)", "德语名称".
    def column_label(self, column):
        field_name, _separator, suffix = column.rpartition("_")
        if column.endswith("_zh_hans"):
            field_name, suffix = column.removesuffix("_zh_hans"), "zh_hans"
        model = self._meta.model
        if field_name and suffix in LANGUAGE_SUFFIXES:
            verbose = model._meta.get_field(field_name).verbose_name
            return capfirst(_("%(language)s %(field)s") % {"language": LANGUAGE_NAMES[suffix], "field": verbose})
        try:
            return capfirst(model._meta.get_field(column).verbose_name)
        except Exception:  # noqa: BLE001 (a column that is no model field is shown by its name)
            return column

    def before_import(self, dataset, **kwargs):
        headers = ["" if header is None else str(header).strip() for header in dataset.headers]
        dataset.headers = headers
        known = {field.column_name for field in self.get_import_fields()} | set(self.extra_columns)
        unknown = [header for header in headers if header and header not in known]
        if unknown:
            raise ValidationError(
                _("Unknown columns: %(columns)s. The columns this import reads are listed above the form.")
                % {"columns": ", ".join(unknown)}
            )
        repeated = sorted({header for header in headers if header and headers.count(header) > 1})
        if repeated:
            raise ValidationError(_("Columns that appear twice: %(columns)s.") % {"columns": ", ".join(repeated)})
        missing = [column for column in self._meta.import_id_fields if column not in headers]
        if missing:
            raise ValidationError(
                _("The file has no column %(columns)s (it may be empty for new rows).")
                % {"columns": ", ".join(missing)}
            )
        self.find_duplicates(dataset)

    def find_duplicates(self, dataset):
        """Note each row that repeats an earlier row's value in a column that must be unique."""
        self.duplicates = {}
        for columns in self.unique_columns:
            columns = (columns,) if isinstance(columns, str) else columns
            if not all(column in dataset.headers for column in columns):
                continue
            first_seen = {}
            for number, row in enumerate(dataset.dict, 1):
                key = tuple(str(row[column] or "").strip().casefold() for column in columns)
                if not all(key):
                    continue
                if key in first_seen:
                    self.duplicates.setdefault(number, []).append((columns[-1], first_seen[key]))
                else:
                    first_seen[key] = number

    def check_row(self, instance, row, errors):
        """Add this model's own checks of a row to ``errors`` (field name -> ValidationError)."""

    def import_instance(self, instance, row, **kwargs):
        text_fields = [field for field in self.get_import_fields() if isinstance(field.widget, TextWidget)]
        before = {field.attribute: getattr(instance, field.attribute, None) for field in text_fields}
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        # Text written in a browser ends its lines with CR LF; a spreadsheet keeps LF only.
        for attribute, old in before.items():
            new = getattr(instance, attribute, None)
            if old != new and normalise_newlines(old) == normalise_newlines(new):
                setattr(instance, attribute, old)
        for column, first_row in self.duplicates.get(kwargs.get("row_number"), []):
            errors.setdefault(column, []).append(
                ValidationError(_("Duplicate: the same as in row %(row)d.") % {"row": first_row + 1}, code="duplicate")
            )
        self.check_row(instance, row, errors)
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Check the row's instance in full, as the admin's form would, without a query per row.

        Two of ``full_clean``'s checks ask the database once per row, and here the answer is
        known: a foreign key found by name (``NamedForeignKeyWidget``) points to a row read at the
        start of the import, and the import id columns (``slug``) were looked up among the stored
        rows, so a row whose slug is stored *is* that row and a new slug is new (the same slug
        twice in a file is a duplicate, ``find_duplicates``). Both are left out of those checks.
        """
        errors = dict(import_validation_errors or {})
        exclude = {*errors, *self.unchecked_fields()}
        try:
            instance.full_clean(exclude=exclude | self.found_foreign_keys(instance), validate_unique=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if validate_unique:
            try:
                instance.validate_unique(exclude={*exclude, *errors, *self._meta.import_id_fields})
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def found_foreign_keys(self, instance):
        """Return the foreign keys set to a row that ``NamedForeignKeyWidget`` found (or kept as stored)."""
        model = self._meta.model
        return {
            field.attribute
            for field in self.get_import_fields()
            if isinstance(field.widget, NamedForeignKeyWidget)
            and getattr(instance, model._meta.get_field(field.attribute).attname) is not None
        }

    def unchecked_fields(self):
        """Return the model fields the import neither sets nor checks (files, translated originals)."""
        imported = {field.attribute for field in self.get_import_fields()}
        return [field.name for field in self._meta.model._meta.fields if field.name not in imported]

    def imported_value(self, field, instance, row):
        """Return the value a row gives ``field``, rendered as the export writes it."""
        if isinstance(field.widget, widgets.ManyToManyWidget):
            return field.widget.render(field.clean(row))
        return field.export(instance)

    def save_instance(self, instance, is_create, row, **kwargs):
        # Nothing is written row by row. The preview (a dry run) writes nothing at all: each row
        # is checked in full without writing (full_clean, the lookups, the duplicates), so the
        # preview is quick and no side effect happens for a file nobody confirmed. The confirmed
        # import writes every row at the end (``write``), inside the import's one transaction.
        if not self._is_dry_run(kwargs):
            self.pending.append((instance, is_create))

    def write(self, pending, *, user):
        """Save the checked rows, ``(instance, is_create)`` pairs, through the owning app's services."""
        for instance, _is_create in pending:
            instance.save()

    def save_m2m(self, instance, row, **kwargs):
        """Save nothing here: ``write_instance`` saves the relations with the row."""

    def after_init_instance(self, instance, new, row, **kwargs):
        # A stored row's values, as the export writes them, for the columns the file has:
        # ``skip_row`` compares the file with them. In place of django-import-export's diff
        # (Meta.skip_diff), which copies every row and renders every column twice, new rows too.
        self.stored = None
        if not new:
            self.stored = {
                field.column_name: field.export(instance)
                for field in self.get_import_fields()
                if field.column_name in row
            }

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Skip (and report as unchanged) a row that changes nothing; note what the others change."""
        self.changes = []
        if import_validation_errors or self.stored is None:
            return False
        for field in self.get_import_fields():
            if field.column_name not in self.stored:
                continue
            old, new = self.stored[field.column_name], self.imported_value(field, instance, row)
            if normalise_newlines(old) != normalise_newlines(new):
                self.changes.append({"label": self.column_label(field.column_name), "old": old, "new": new})
        return not self.changes

    def after_import_row(self, row, row_result, **kwargs):
        # The spreadsheet counts its heading as row 1, so data row n is row n + 1 there.
        row_result.number = kwargs["row_number"] + 1
        row_result.changes = self.changes if row_result.import_type == RowResult.IMPORT_TYPE_UPDATE else []

    def after_import(self, dataset, result, **kwargs):
        if self.pending and not result.has_errors() and not result.has_validation_errors():
            self.write(self.pending, user=kwargs.get("user"))
        self.pending = []
        super().after_import(dataset, result, **kwargs)
        for row in result.invalid_rows:
            row.spreadsheet_number = row.number + 1
            row.reasons = [
                f"{self.column_label(field)}: {message}" if field != NON_FIELD_ERRORS else message
                for field, field_messages in row.error_dict.items()
                for message in field_messages
            ]
        result.failed_rows_numbers = sorted(
            [row.number + 1 for row in result.invalid_rows] + [number + 1 for number, _errors in result.row_errors()]
        )


# --- Admin --------------------------------------------------------------------------------


class FormatChoicesMixin:
    """Name the formats for people ("Excel workbook (XLSX)") and choose the first by default."""

    def _init_formats(self, formats):
        self.fields["format"].choices = [
            (str(index), format_class().get_label()) for index, format_class in enumerate(formats)
        ]
        self.fields["format"].initial = "0"


class SpreadsheetImportForm(FormatChoicesMixin, import_export_forms.ImportForm):
    pass


class SpreadsheetExportForm(FormatChoicesMixin, import_export_forms.ExportForm):
    pass


class SpreadsheetAdmin(ImportExportMixin):
    """Import and export buttons on a changelist, for people with the model's permissions.

    Who may import: whoever may add and change the model's rows. Who may export: whoever may see
    them. The import writes its own history through the services, so the package's log is off.
    """

    formats = [ExcelXLSX, ExcelCSV]
    import_formats = formats
    export_formats = formats
    import_form_class = SpreadsheetImportForm
    export_form_class = SpreadsheetExportForm
    import_template_name = "admin/spreadsheet_import.html"
    skip_admin_log = True

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_import_data_kwargs(self, **kwargs):
        # Confirming imports the file again: a row that became invalid meanwhile undoes the lot.
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            rows = ", ".join(str(number) for number in getattr(result, "failed_rows_numbers", [])) or "–"
            messages.error(
                request,
                _("Nothing was imported: the file has changed or the data no longer fits (rows: %(rows)s).")
                % {"rows": rows},
            )
            return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import"))
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        totals = result.totals
        messages.success(
            request,
            _("Imported: %(new)d new, %(changed)d changed, %(unchanged)d unchanged.")
            % {
                "new": totals[RowResult.IMPORT_TYPE_NEW],
                "changed": totals[RowResult.IMPORT_TYPE_UPDATE],
                "unchanged": totals[RowResult.IMPORT_TYPE_SKIP],
            },
        )

    def get_export_filename(self, request, queryset, file_format):
        return super().get_export_filename(request, queryset, file_format).lower()
