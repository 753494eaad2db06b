"""What the apps share: abstract models, field helpers and the cache versions."""

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


def unique_slug(instance, text, fallback):
    """Return a slug for ``text`` that no other row of the instance's model uses yet.

    Chinese-only text slugifies to nothing, so ``fallback`` stands in for it.
    """
    base = slugify(text)[:70] or fallback
    slug, number = base, 2
    others = type(instance)._default_manager.exclude(pk=instance.pk)
    while others.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
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
