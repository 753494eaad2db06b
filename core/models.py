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
