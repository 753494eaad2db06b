"""What the apps share: abstract models, field helpers and the cache versions."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _


class TimestampedModel(models.Model):
    """A model that records when each row was created and last changed."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


def unique_slug(instance, text, fallback, *, taken=None):
    """Return a slug for ``text`` that no other row of the instance's model uses yet.

    Chinese-only text slugifies to nothing, so ``fallback`` stands in for it. ``taken``, the set
    of slugs in use, answers instead of the database when many new rows get a slug at once (an
    import); the slug returned is added to it.
    """
    base = slugify(text)[:70] or fallback

    def in_use(slug):
        if taken is not None:
            return slug in taken
        return type(instance)._default_manager.exclude(pk=instance.pk).filter(slug=slug).exists()

    slug, number = base, 2
    while in_use(slug):
        slug, number = f"{base}-{number}", number + 1
    if taken is not None:
        taken.add(slug)
    return slug


def coordinate_field(verbose_name, *, limit):
    """Return an optional latitude or longitude in degrees, within ±``limit``, for maps drawn here."""
    return models.DecimalField(
        verbose_name,
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-limit), MaxValueValidator(limit)],
    )


class ChoiceListField(models.Field):
    """Several of ``item_choices`` in one text column: their codes joined by commas in the
    database (``"de,en,zh"``), a list of codes in Python, in the order of the choices.

    A plain ``varchar`` column, so the same model runs on SQLite and PostgreSQL (an ArrayField
    would tie it to PostgreSQL); readable in a dump and searchable with ``__contains``. Forms
    offer one checkbox per choice. Not a CharField subclass, or the admin would give it a text
    input; and ``choices`` stays unset, or Django would check the whole list as one choice.
    """

    description = _("Several choices")

    def __init__(self, *args, item_choices=(), **kwargs):
        self.item_choices = [(value, label) for value, label in getattr(item_choices, "choices", item_choices)]
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def get_internal_type(self):
        return "CharField"

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["item_choices"] = self.item_choices
        return name, path, args, kwargs

    def to_python(self, value):
        """Return the codes of ``value`` (a list or the stored text) once each, in the choices' order."""
        if value is None:
            return []
        if isinstance(value, str):
            value = value.split(",")
        codes = [code for code in dict.fromkeys(str(code).strip() for code in value) if code]
        order = {code: index for index, (code, _label) in enumerate(self.item_choices)}
        # Unknown codes keep their place after the known ones, for validate() to name them.
        return sorted(codes, key=lambda code: order.get(code, len(order)))

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def get_prep_value(self, value):
        # Text is already the stored form: a lookup's value (languages__contains="de").
        if value is None or isinstance(value, str):
            return value or ""
        return ",".join(self.to_python(value))

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        known = {str(code) for code, _label in self.item_choices}
        for code in value or ():
            if code not in known:
                raise ValidationError(
                    forms.MultipleChoiceField.default_error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": code},
                )

    def formfield(self, **kwargs):
        return super().formfield(
            **{
                "form_class": forms.TypedMultipleChoiceField,
                "choices": self.item_choices,
                "widget": forms.CheckboxSelectMultiple,
                **kwargs,
            },
        )

    def labels(self, value):
        """Return the labels of the codes in ``value``, in the active language (unknown codes as they are)."""
        names = dict(self.item_choices)
        return [str(names.get(code, code)) for code in self.to_python(value)]


class CacheVersion(models.Model):
    """A counter that names the current generation of some cached data (see core.versions).

    It lives in the database, not in the cache, so that every process (each gunicorn
    worker with its own local-memory cache, the task worker, a management command) reads
    the same number and a write committed anywhere invalidates the caches everywhere.
    """

    name = models.CharField(_("name"), max_length=50, primary_key=True)
    version = models.BigIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["name"]
        verbose_name = _("cache version")
        verbose_name_plural = _("cache versions")

    def __str__(self):
        return f"{self.name} v{self.version}"


class RateLimitCounter(models.Model):
    """How many posts one client address made to one public form in one time window.

    A fixed-window counter in the database (see core.antispam), so that every gunicorn
    worker and every app server counts the same posts. Rows of ended windows are deleted
    now and then by the code that counts.
    """

    scope = models.CharField(_("scope"), max_length=100, help_text=_("The form and the kind of post counted."))
    key = models.CharField(
        _("key"), max_length=100, help_text=_("The client address (an IPv6 address's /64 network).")
    )
    window_start = models.DateTimeField(_("window start"))
    expires_at = models.DateTimeField(_("expires at"), db_index=True)
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        ordering = ["-window_start", "scope", "key"]
        verbose_name = _("rate limit counter")
        verbose_name_plural = _("rate limit counters")
        constraints = [
            models.UniqueConstraint(fields=["scope", "key", "window_start"], name="rate_limit_counter_one_per_window"),
        ]

    def __str__(self):
        return f"{self.scope} {self.key} {self.window_start:%Y-%m-%d %H:%M}: {self.count}"
