"""Change history with restore, kept by django-reversion.

Each service call is one revision: who (the acting user), when, a comment, and a copy of
every row it wrote (a company with its contact people). Rows saved inside a revision are
added by reversion itself; ``QuerySet.update()`` sends no signal, so a service that uses it
adds the changed rows with ``record``. The admin's history page compares consecutive
copies and shows only the fields that changed, old and new value, in the admin's language;
restoring and recovering write the copy back through the owning app's service (see
``HistoryAdmin``).
"""

from contextlib import contextmanager, nullcontext
from functools import wraps

import reversion
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import PermissionDenied
from django.db import models, router, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import truncatechars
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_noop, pgettext
from modeltranslation.translator import NotRegistered, translator
from reversion.admin import VersionAdmin
from reversion.errors import RevertError
from reversion.models import Revision, Version
from reversion.utils import mute_signals

from .models import ChoiceListField

# Stored untranslated in the revision, translated when the history page shows them.
ADDED = gettext_noop("Added.")
DELETED = gettext_noop("Deleted.")
RESTORED = gettext_noop("Restored an earlier version.")
RECOVERED = gettext_noop("Recovered after deletion.")

# Long texts (profiles, event bodies) are cut to this many characters in the history.
SHOWN_CHARACTERS = 300

_follows = {}
_fields = {}


def register(model, *, follow=(), exclude=()):
    """Keep the history of ``model``; ``follow`` names relations saved and restored with it.

    Call after modeltranslation has registered the model (from the app's translation.py):
    reversion lists the fields at registration, and only then do the per-language columns
    (name_en, name_de, name_zh_hans) exist. The untranslated field itself (``name``) is
    left out: it reads and writes whichever language is active.
    """
    try:
        translated = tuple(translator.get_options_for_model(model).fields)
    except NotRegistered:
        translated = ()
    exclude = (*translated, *exclude)
    opts = model._meta
    _fields[model] = [field.name for field in opts.local_fields + opts.local_many_to_many if field.name not in exclude]
    _follows[model] = tuple(follow)
    reversion.register(model, follow=follow, exclude=exclude)


def _user(user):
    return user if user is not None and getattr(user, "pk", None) else None


@contextmanager
def revision(*, user, comment=""):
    """Record what the block writes as one revision by ``user`` (joins a revision already open)."""
    with reversion.create_revision():
        if _user(user):
            reversion.set_user(user)
        if comment:
            reversion.set_comment(comment)
        yield


def recorded(function):
    """Make the service ``function`` (called with ``user=``) one revision by that user."""

    @wraps(function)
    def service(*args, **kwargs):
        with revision(user=kwargs.get("user")):
            return function(*args, **kwargs)

    return service


@contextmanager
def manually():
    """Inside an open revision, copy only what ``record`` adds, not each row as it is saved.

    For a service that saves a row several times over (its columns, then its links) or in
    bulk: it records each object once, when it is complete.
    """
    with reversion.create_revision(manage_manually=True, atomic=False):
        yield


def record(objects):
    """Add ``objects`` (and what they follow) to the open revision as they are now."""
    for obj in objects:
        reversion.add_to_revision(obj)


def _with_followed(objects):
    for obj in objects:
        yield obj
        for name in _follows.get(type(obj), ()):
            yield from getattr(obj, name).all()


def record_deletion(objects, *, user):
    """Save the rows about to be deleted as a revision of their own, now, so they can be recovered.

    Written directly: an open revision keeps only rows that still exist when it ends.
    Without ``user``, the user of the open revision (the admin's request) is named.
    """
    objects = list(objects)
    if not objects:
        return
    user = _user(user) or (reversion.get_user() if reversion.is_active() else None)
    using = router.db_for_write(Revision)
    revision = Revision.objects.using(using).create(date_created=timezone.now(), user=user, comment=DELETED)
    Version.objects.using(using).bulk_create(
        [
            Version(
                revision=revision,
                content_type=ContentType.objects.db_manager(using).get_for_model(obj),
                object_id=str(obj.pk),
                db=obj._state.db or router.db_for_write(type(obj)),
                format="json",
                serialized_data=serializers.serialize("json", [obj], fields=_fields[type(obj)]),
                object_repr=str(obj),
            )
            for obj in _with_followed(objects)
        ]
    )


# --- Writing a version back ---------------------------------------------------------------


def _points_to(version, model, object_id):
    """Return whether ``version``'s row refers to ``model`` ``object_id`` (a contact to its company)."""
    row = version._object_version.object
    return any(
        field.many_to_one and field.related_model is model and str(getattr(row, field.attname)) == object_id
        for field in row._meta.concrete_fields
    )


def _write(version):
    """Write ``version`` back as stored, minus what no longer exists (a deleted sector, a removed file)."""
    stored = version._object_version
    row = stored.object
    for field in row._meta.concrete_fields:
        value = getattr(row, field.attname)
        if field.many_to_one and value is not None:
            if not field.related_model._base_manager.filter(pk=value).exists():
                if not field.null:
                    raise RevertError(
                        gettext("Could not save %(object_repr)s version - missing dependency.")
                        % {"object_repr": version.object_repr}
                    )
                setattr(row, field.attname, None)
        elif isinstance(field, models.FileField) and value and not field.storage.exists(value.name):
            setattr(row, field.attname, "")
    for name, pks in (stored.m2m_data or {}).items():
        related = row._meta.get_field(name).related_model
        stored.m2m_data[name] = list(related._base_manager.filter(pk__in=pks).values_list("pk", flat=True))
    stored.save(using=version.db)


def write_back(version, *, include_object=True):
    """Put the rows of ``version`` back: the object (unless excluded) and what it follows.

    Rows the object follows now but did not then (a contact added later) are deleted. Other
    objects saved in the same revision (the rest of a bulk action) are left alone.
    """
    model, object_id = version._model, version.object_id
    related = [
        other
        for other in version.revision.version_set.exclude(pk=version.pk)
        if _follows.get(model) and _points_to(other, model, object_id)
    ]
    live = model._base_manager.filter(pk=object_id).first()
    if live is not None:
        kept = {(other.content_type_id, other.object_id) for other in related}
        for row in _with_followed([live]):
            if row is not live and (ContentType.objects.get_for_model(row).pk, str(row.pk)) not in kept:
                row.delete()
    if include_object:
        _write(version)
    for other in related:
        _write(other)


# --- What changed -------------------------------------------------------------------------


def _shown_fields(model):
    return [
        field
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if field.editable and field.name in _fields.get(model, ())
    ]


def _related_names(versions, fields):
    """Return ``{model: {pk: str}}`` for every row the versions refer to, one query per model."""
    wanted = {}
    for version in versions:
        data = version.field_dict
        for field in fields:
            if field.many_to_one or field.many_to_many:
                value = data.get(field.attname)
                pks = value if field.many_to_many else [value]
                wanted.setdefault(field.related_model, set()).update(pk for pk in pks or () if pk is not None)
    return {
        model: {pk: str(row) for pk, row in model._base_manager.in_bulk(pks).items()} for model, pks in wanted.items()
    }


def _display(field, value, names):
    if field.many_to_many:
        return ", ".join(sorted(names.get(field.related_model, {}).get(pk, f"#{pk}") for pk in value or ())) or "—"
    if value is None or value == "":
        return "—"
    if field.many_to_one:
        return names.get(field.related_model, {}).get(value, f"#{value}")
    if isinstance(field, ChoiceListField):
        return pgettext("list separator", ", ").join(field.labels(value)) or "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return gettext("Yes") if value else gettext("No")
    if isinstance(field, models.DateTimeField):
        return formats.localize(timezone.localtime(value))
    if isinstance(field, models.FileField):
        return getattr(value, "name", value).rsplit("/", 1)[-1] or "—"
    if isinstance(field, (models.DateField, models.DecimalField, models.FloatField)):
        return formats.localize(value)
    return truncatechars(str(value), SHOWN_CHARACTERS)


def _comparable(field, value):
    # A form saves an empty text as "" where the row had NULL (modeltranslation's columns).
    if value is None or value == "":
        return ""
    if field.many_to_many:
        return sorted(value or ())
    if isinstance(field, models.FileField):
        return getattr(value, "name", value) or ""
    return value


def changes(model, versions):
    """Return, for ``versions`` oldest first, the list of ``(label, old, new)`` each one changed."""
    fields = _shown_fields(model)
    names = _related_names(versions, fields)
    result, previous = [], None
    for version in versions:
        data = version.field_dict
        changed = []
        if previous is not None:
            for field in fields:
                old, new = previous.get(field.attname), data.get(field.attname)
                if _comparable(field, old) == _comparable(field, new):
                    continue
                shown = _display(field, old, names), _display(field, new, names)
                # A form re-saving a time drops its microseconds: nothing a reader would see.
                if shown[0] != shown[1]:
                    changed.append((capfirst(field.verbose_name), *shown))
        result.append(changed)
        previous = data
    return result


# --- The admin ----------------------------------------------------------------------------


class _RollBack(Exception):
    def __init__(self, response):
        self.response = response


class HistoryAdmin(VersionAdmin):
    """History with old and new values, restore and recover, writing through the services.

    The history page lists each revision of the object, newest first, with the fields it
    changed. Restoring opens the change form filled with the chosen version (nothing is
    written until it is saved); saving it goes through the admin's own save path, so the
    owning service runs (search data, cache version, waiting list, cancellation emails).
    Only the rows the object follows (a company's contact people) are written back before
    the form is saved, so that the contacts inline shows and saves them. Recovering a deleted
    object first puts its row back as stored, then saves the form the same way. Restoring
    and recovering need the change permission (recovering also the add permission).
    """

    object_history_template = "admin/history/object_history.html"
    # The stock change list; the "Recover deleted" link is in admin/change_list_object_tools.html,
    # so another mixin's change list template (import and export) keeps working.
    change_list_template = None

    def can_restore(self, request):
        return self.has_change_permission(request)

    # The admin's own entry goes into the revision unrendered, so the history page shows it in
    # the reader's language; a change needs none (the page lists the changed fields).
    def log_addition(self, request, obj, message):
        entry = super(VersionAdmin, self).log_addition(request, obj, message)
        if reversion.is_active():
            reversion.set_comment(entry.change_message or ADDED)
        return entry

    def log_change(self, request, obj, message):
        entry = super(VersionAdmin, self).log_change(request, obj, message)
        if reversion.is_active():
            reversion.set_comment("")
        return entry

    # Only a post writes: pages that only show (the change list above all, whose queries
    # tests count) open no revision and no transaction.
    def _posted_in_revision(self, request, view, *args):
        if request.method != "POST":
            return view(*args)
        with self.create_revision(request):
            return view(*args)

    def add_view(self, request, form_url="", extra_context=None):
        view = super(VersionAdmin, self).add_view
        return self._posted_in_revision(request, view, request, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        view = super(VersionAdmin, self).change_view
        return self._posted_in_revision(request, view, request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        if self.can_restore(request) and self.has_add_permission(request):
            opts = self.model._meta
            extra_context["recoverlist_url"] = reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_recoverlist"
            )
        view = super(VersionAdmin, self).changelist_view
        return self._posted_in_revision(request, view, request, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        # The deletion is recorded with the user of this revision (services.delete_* do it).
        view = super(VersionAdmin, self).delete_view
        return self._posted_in_revision(request, view, request, object_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        opts = self.model._meta
        versions = list(
            Version.objects.get_for_object_reference(self.model, unquote(object_id))
            .select_related("revision__user")
            .order_by("revision__date_created", "pk")
        )
        restorable = self.can_restore(request)
        entries = [
            {
                "version_pk": version.pk,
                "date": version.revision.date_created,
                "user": version.revision.user,
                "comment": gettext(version.revision.get_comment()) if version.revision.comment else "",
                "changes": changed,
                "restore_url": reverse(
                    f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_revision",
                    args=[quote(version.object_id), version.pk],
                )
                if restorable and index < len(versions) - 1
                else None,
            }
            for index, (version, changed) in enumerate(zip(versions, changes(self.model, versions), strict=True))
        ]
        entries.reverse()
        return super(VersionAdmin, self).history_view(
            request, object_id, {"history_entries": entries, **(extra_context or {})}
        )

    def recover_view(self, request, version_id, extra_context=None):
        version = get_object_or_404(Version.objects.get_for_model(self.model), pk=version_id)
        if self.model._base_manager.filter(pk=version.object_id).exists():
            # Already back: open its history instead of writing the old copy over it.
            opts = self.model._meta
            return redirect(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_history", version.object_id)
        return super().recover_view(request, version_id, extra_context)

    def _reversion_revisionform_view(self, request, version, template_name, extra_context=None):
        if not self.can_restore(request):
            raise PermissionDenied
        recovering = not self.model._base_manager.filter(pk=version.object_id).exists()
        posted = request.method == "POST"
        try:
            with transaction.atomic(using=version.db):
                # Showing the form writes the version into this transaction (rolled back
                # below) with signals muted; saving it writes only what the form cannot.
                quiet = (
                    nullcontext()
                    if posted
                    else mute_signals(pre_save, post_save, pre_delete, post_delete, m2m_changed)
                )
                with quiet:
                    write_back(version, include_object=recovering or not posted)
                with self.create_revision(request):
                    response = self.changeform_view(request, quote(version.object_id), request.path, extra_context)
                    if posted and response.status_code == 302:
                        reversion.set_comment(RECOVERED if recovering else RESTORED)
                    elif response.status_code == 200:
                        response.template_name = template_name
                        response.render()
                        raise _RollBack(response)
                    else:
                        raise RevertError(
                            gettext("Could not load %(object_repr)s version - not found")
                            % {"object_repr": version.object_repr}
                        )
        except (RevertError, models.ProtectedError) as error:
            messages.error(request, str(error))
            opts = self.model._meta
            return redirect(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_changelist")
        except _RollBack as rollback:
            return rollback.response
        return response
