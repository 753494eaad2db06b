"""Venues, events, registrations and announcements of the industrial city alliance."""

import secrets
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Count, F, Min, Prefetch, Q, Value, When
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from companies.models import City, Company, CompanyStatus, Country
from core.images import ResizedImage, ResizedImageMixin
from core.models import TimestampedModel, coordinate_field, unique_slug
from core.text_search import words_in_any_language
from core.uploads import uploaded_image_field

from .sanitize import sanitize_html

# The copy of an event image that pages and JSON-LD show: 1200 × 630 is what Facebook's and
# LinkedIn's link previews ask of og:image (1.91 : 1), and more than the detail page's text
# column needs on a high-density screen. The image is fitted inside, not cropped, so
# nothing of a poster is cut off.
EVENT_IMAGE_BOX = (1200, 630)

# Paths under /events/ that are pages of their own, so no event may take them as its slug.
RESERVED_SLUGS = {"past", "announcements", "feed", "calendar", "registration"}


class TimeZoneChoice(models.TextChoices):
    SHANGHAI = "Asia/Shanghai", _("China (Asia/Shanghai)")
    BERLIN = "Europe/Berlin", _("Germany (Europe/Berlin)")


# Each zone's counterpart: an event in Foshan shows the time in Germany beside it, and back.
OTHER_TIME_ZONE = {
    TimeZoneChoice.SHANGHAI: TimeZoneChoice.BERLIN,
    TimeZoneChoice.BERLIN: TimeZoneChoice.SHANGHAI,
}
TIME_ZONE_COUNTRY = {
    TimeZoneChoice.SHANGHAI: _("China"),
    TimeZoneChoice.BERLIN: _("Germany"),
}


class Venue(models.Model):
    name = models.CharField(_("name"), max_length=200)
    address = models.TextField(_("address"), blank=True)
    city = models.ForeignKey(
        City,
        verbose_name=_("alliance city"),
        related_name="venues",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    latitude = coordinate_field(_("latitude"), limit=90)
    longitude = coordinate_field(_("longitude"), limit=180)
    website = models.URLField(_("website"), blank=True)
    directions = models.TextField(
        _("directions"),
        blank=True,
        help_text=_("How to get there: public transport, parking, which entrance. Shown on the event's page."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.website or reverse("events:list")

    @property
    def full_location(self):
        """Return the venue's name and address on one line, for calendars."""
        address = " ".join((self.address or "").split())
        return f"{self.name}, {address}" if address else self.name


class EventKind(models.TextChoices):
    FORUM = "forum", _("Forum")
    CONFERENCE = "conference", _("Conference")
    EXHIBITION = "exhibition", _("Exhibition")
    COMPANY_VISIT = "company_visit", _("Company visit")
    DELEGATION_VISIT = "delegation_visit", _("Delegation visit")
    WORKSHOP = "workshop", _("Workshop")
    ONLINE = "online", _("Online session")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled publication")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("Waiting list")
    # German says "storniert" for a registration but "abgesagt" for an event.
    CANCELLED = "cancelled", pgettext_lazy("registration status", "Cancelled")


class EventQuerySet(models.QuerySet):
    def published(self):
        """Return the events visitors may see: published, cancelled, or scheduled and due.

        A scheduled event appears by itself once its publication time has passed; no job
        has to flip its status.
        """
        return self.filter(
            Q(status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED])
            | Q(status=EventStatus.SCHEDULED, publish_at__lte=timezone.now())
        )

    def upcoming(self):
        """Return the events that have not ended yet, soonest first."""
        return self.filter(ends_at__gte=timezone.now()).order_by("starts_at", "pk")

    def past(self):
        """Return the events that have ended, newest first."""
        return self.filter(ends_at__lt=timezone.now()).order_by("-starts_at", "-pk")

    def search(self, query):
        """Return the events whose title or summary, in any language, holds every word of ``query``."""
        return self.filter(words_in_any_language(query, ["title", "summary"]))

    def upcoming_then_past(self):
        """Order the events coming ones first, soonest first, then past ones, newest first."""
        now = timezone.now()
        is_past = Case(When(ends_at__lt=now, then=Value(1)), default=Value(0))
        upcoming_start = Case(When(ends_at__gte=now, then=F("starts_at")))
        return self.order_by(is_past, upcoming_start.asc(nulls_last=True), F("starts_at").desc(), "pk")

    def with_places_taken(self):
        """Annotate each event with ``places_taken``: its confirmed registrations."""
        return self.annotate(
            places_taken=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED))
        )

    def with_card_data(self):
        """Return the events with what an event card shows, in a fixed number of queries."""
        return self.select_related("venue__city").prefetch_related("cities")

    def for_list(self):
        """Return the published events with the data of the events list page."""
        return self.published().with_card_data().with_places_taken()

    # The times at which an event changes on the pages without anyone writing: it appears
    # (scheduled publication), registration opens, closes or ends with the start, it ends.
    TIMED_FIELDS = ("publish_at", "registration_opens_at", "registration_closes_at", "starts_at", "ends_at")

    def next_change(self, now):
        """Return the first moment after ``now`` at which one of the events changes with time alone, or None."""
        firsts = self.aggregate(
            **{field: Min(field, filter=Q(**{f"{field}__gt": now})) for field in self.TIMED_FIELDS}
        )
        return min((moment for moment in firsts.values() if moment is not None), default=None)

    def for_detail(self, *, include_unpublished=False):
        """Return the published events (all, for a preview) with everything the detail page shows."""
        return (
            (self.all() if include_unpublished else self.published())
            .select_related("venue__city")
            .prefetch_related(
                "cities",
                Prefetch("participants", queryset=Company.objects.filter(status=CompanyStatus.PUBLISHED)),
            )
            .with_places_taken()
        )


class Event(ResizedImageMixin, TimestampedModel):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        blank=True,
        help_text=_("The event's address on the site. Made from the English title when left empty."),
    )
    summary = models.CharField(
        _("summary"), max_length=300, blank=True, help_text=_("One or two sentences shown on the event card.")
    )
    body = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Paragraphs, links, lists, headings and bold text; anything else is removed."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind, default=EventKind.FORUM)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=40,
        choices=TimeZoneChoice,
        default=TimeZoneChoice.SHANGHAI,
        help_text=_(
            "Where the event takes place. Pages show the times in this zone; "
            "the start and end you enter here are read in it too."
        ),
    )
    venue = models.ForeignKey(
        Venue, verbose_name=_("venue"), related_name="events", on_delete=models.PROTECT, null=True, blank=True
    )
    online_url = models.URLField(_("online link"), blank=True, help_text=_("For online sessions."))
    cities = models.ManyToManyField(City, verbose_name=_("alliance cities"), related_name="events", blank=True)
    participants = models.ManyToManyField(
        Company, verbose_name=_("participating companies"), related_name="events", blank=True
    )
    organiser = models.CharField(
        _("organiser"), max_length=200, blank=True, help_text=_("Who organises the event, as shown to visitors.")
    )
    image = uploaded_image_field(_("image"), upload_to="events/")
    image_small = models.ImageField(_("image (resized)"), upload_to="events/small/", blank=True, editable=False)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Number of places; empty means unlimited.")
    )
    registration_opens_at = models.DateTimeField(
        _("registration opens"), null=True, blank=True, help_text=_("Empty: open as soon as the event is published.")
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes"), null=True, blank=True, help_text=_("Empty: open until the event starts.")
    )
    registration_enabled = models.BooleanField(
        _("registration on the portal"), default=True, help_text=_("Untick for events without registration.")
    )
    status = models.CharField(_("status"), max_length=10, choices=EventStatus, default=EventStatus.DRAFT)
    publish_at = models.DateTimeField(
        _("publish at"), null=True, blank=True, help_text=_("For scheduled publication: when the event appears.")
    )
    published_at = models.DateTimeField(
        _("published"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When visitors could first see the event; set on saving, for the feed."),
    )
    objects = EventQuerySet.as_manager()

    # Pages show image_small, made on save; the files go once unused (see core.images).
    resized_images = (ResizedImage("image", "image_small", EVENT_IMAGE_BOX),)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=F("starts_at")), name="event_ends_after_start"),
            models.CheckConstraint(
                condition=~Q(status="scheduled") | Q(publish_at__isnull=False),
                name="event_scheduled_has_publish_at",
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_at"], name="event_status_starts_idx")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title_en or self.title, "event")
            if self.slug in RESERVED_SLUGS:
                self.slug = unique_slug(self, f"{self.slug} event", "event")
        for code, _name in settings.LANGUAGES:
            field = f"body_{code.replace('-', '_')}"
            setattr(self, field, sanitize_html(getattr(self, field, "")))
        if self.stamp_publication() and kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "published_at"}
        super().save(*args, **kwargs)

    def stamp_publication(self):
        """Set ``published_at`` to when the event became, or will become, public; return whether it changed.

        Once that time has passed it stays: an event withdrawn and published again keeps the
        date it was first published. Stamped here, on every save, so that every write path
        (services, admin, history restore) agrees; the feed's ``published`` comes from it.
        """
        now = timezone.now()
        if self.published_at is not None and self.published_at <= now:
            return False
        if self.status == EventStatus.SCHEDULED:
            stamp = self.publish_at
        elif self.status in (EventStatus.PUBLISHED, EventStatus.CANCELLED):
            stamp = now
        else:
            stamp = None
        changed = stamp != self.published_at
        self.published_at = stamp
        return changed

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors["ends_at"] = _("The event cannot end before it starts.")
        if self.status == EventStatus.SCHEDULED and not self.publish_at:
            errors["publish_at"] = _("A scheduled event needs a publication time.")
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = _("This address is reserved for a page of the site; choose another.")
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at < self.registration_opens_at
        ):
            errors["registration_closes_at"] = _("Registration cannot close before it opens.")
        if errors:
            raise ValidationError(errors)

    # --- Time -----------------------------------------------------------------------------

    @property
    def zone(self):
        return ZoneInfo(self.time_zone)

    @property
    def other_time_zone(self):
        return OTHER_TIME_ZONE.get(self.time_zone, TimeZoneChoice.BERLIN)

    @property
    def country_label(self):
        return TIME_ZONE_COUNTRY.get(self.time_zone, "")

    @property
    def other_country_label(self):
        return TIME_ZONE_COUNTRY[self.other_time_zone]

    @property
    def is_past(self):
        return self.ends_at < timezone.now()

    @property
    def is_cancelled(self):
        return self.status == EventStatus.CANCELLED

    @property
    def is_visible(self):
        return self.status in (EventStatus.PUBLISHED, EventStatus.CANCELLED) or (
            self.status == EventStatus.SCHEDULED and self.publish_at and self.publish_at <= timezone.now()
        )

    # --- Registration ---------------------------------------------------------------------

    @property
    def places_left(self):
        """Return the free places, or None when the capacity is unlimited.

        Uses the ``places_taken`` annotation when the queryset made one.
        """
        if self.capacity is None:
            return None
        taken = getattr(self, "places_taken", None)
        if taken is None:
            taken = self.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
        return max(self.capacity - taken, 0)

    def registration_refusal(self, now=None):
        """Return why registration is refused now, or None when it is open."""
        now = now or timezone.now()
        if not self.registration_enabled:
            return _("This event has no registration on the portal.")
        if not self.is_visible or self.status == EventStatus.DRAFT:
            return _("This event is not open for registration.")
        if self.status == EventStatus.CANCELLED:
            return _("This event has been cancelled.")
        if self.starts_at <= now:
            return _("This event has already taken place.") if self.ends_at < now else _("This event has started.")
        if self.registration_opens_at and now < self.registration_opens_at:
            return _("Registration has not opened yet.")
        if self.registration_closes_at and now >= self.registration_closes_at:
            return _("Registration has closed.")
        return None

    @property
    def registration_is_open(self):
        return self.registration_refusal() is None


def new_token():
    return secrets.token_urlsafe(32)


class Registration(models.Model):
    event = models.ForeignKey(Event, verbose_name=_("event"), related_name="registrations", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=2, choices=Country, blank=True)
    language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RegistrationStatus, default=RegistrationStatus.CONFIRMED
    )
    token = models.CharField(_("secret token"), max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    erased_at = models.DateTimeField(
        _("personal data erased"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The row stays, without the person's data, so the event's figures stay right."),
    )

    class Meta:
        ordering = ["event", "created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        permissions = [("erase_registration", _("Can erase a registrant's personal data"))]
        constraints = [
            models.UniqueConstraint(
                "event",
                Lower("email"),
                condition=~Q(status="cancelled"),
                name="registration_one_active_per_email",
                violation_error_message=_("This email address is already registered for this event."),
            ),
        ]

    def __str__(self):
        return f"{self.name} <{self.email}> ({self.event})"

    def get_absolute_url(self):
        return reverse("events:registration", kwargs={"token": self.token})

    @property
    def reference(self):
        """Return the short reference a registrant quotes to the zone; never the secret token."""
        return f"R{self.pk:06d}" if self.pk else ""


class AnnouncementQuerySet(models.QuerySet):
    def published(self):
        """Return the announcements whose publication time has come, newest first."""
        return self.filter(published_at__lte=timezone.now()).order_by("-published_at", "-pk")

    def for_list(self):
        return self.published().select_related("event")

    def next_change(self, now):
        """Return the first publication time after ``now`` (the announcement then appears), or None."""
        return self.filter(published_at__gt=now).aggregate(first=Min("published_at"))["first"]

    def search(self, query):
        """Return the announcements whose title or text, in any language, holds every word of ``query``."""
        return self.filter(words_in_any_language(query, ["title", "body"]))


class Announcement(TimestampedModel):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, blank=True)
    body = models.TextField(
        _("text"),
        blank=True,
        help_text=_("Paragraphs, links, lists, headings and bold text; anything else is removed."),
    )
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_("Visitors see the announcement from this time on; empty keeps it a draft."),
    )
    event = models.ForeignKey(
        Event,
        verbose_name=_("event"),
        related_name="announcements",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    companies = models.ManyToManyField(
        Company, verbose_name=_("companies concerned"), related_name="announcements", blank=True
    )
    objects = AnnouncementQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title_en or self.title, "announcement")
        for code, _name in settings.LANGUAGES:
            field = f"body_{code.replace('-', '_')}"
            setattr(self, field, sanitize_html(getattr(self, field, "")))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("events:announcement_detail", kwargs={"slug": self.slug})

    @property
    def is_visible(self):
        return self.published_at is not None and self.published_at <= timezone.now()
