"""Companies, their sectors and contacts, and the cities of the industrial city alliance."""

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.images import LOGO_SMALL_BOX, ResizedImage, ResizedImageMixin
from core.models import TimestampedModel, coordinate_field, unique_slug
from core.uploads import uploaded_image_field


class Country(models.TextChoices):
    CHINA = "CN", _("China")
    GERMANY = "DE", _("Germany")
    AUSTRIA = "AT", _("Austria")
    SWITZERLAND = "CH", _("Switzerland")
    OTHER = "XX", _("Other")


# Alliance cities are Chinese or German by definition.
ALLIANCE_COUNTRIES = [Country.CHINA, Country.GERMANY]


class Sector(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    nace_code = models.CharField(
        _("NACE code"),
        max_length=10,
        blank=True,
        help_text=_("The EU's statistical classification of economic activities, e.g. C28 for machinery."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name_en or self.name, "sector")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{reverse('companies:list')}?sector={self.slug}"


class City(models.Model):
    """A city of the Sino-German Industrial City Alliance."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    country = models.CharField(_("country"), max_length=2, choices=Country)
    region = models.CharField(_("province or state"), max_length=120, blank=True)
    latitude = coordinate_field(_("latitude"), limit=90)
    longitude = coordinate_field(_("longitude"), limit=180)
    joined_alliance_on = models.DateField(_("joined the alliance on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    partner_cities = models.ManyToManyField(
        "self",
        verbose_name=_("partner cities"),
        blank=True,
        symmetrical=True,
        help_text=_("Alliance cities this city has a partnership with; the link shows on both cities."),
    )

    class Meta:
        ordering = ["country", "name"]
        verbose_name = _("alliance city")
        verbose_name_plural = _("alliance cities")
        constraints = [
            models.CheckConstraint(condition=Q(country__in=ALLIANCE_COUNTRIES), name="city_country_cn_or_de"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name_en or self.name, "city")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("companies:city_detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.country and self.country not in ALLIANCE_COUNTRIES:
            raise ValidationError({"country": _("Alliance cities are in China or Germany.")})


class SizeClass(models.TextChoices):
    """The EU's SME size classes."""

    MICRO = "micro", _("Micro (fewer than 10 employees)")
    SMALL = "small", _("Small (10 to 49 employees)")
    MEDIUM = "medium", _("Medium (50 to 249 employees)")
    LARGE = "large", _("Large (250 employees or more)")


class CompanyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


# Large columns only search reads; pages never load them.
SEARCH_FIELDS = ("search_names", "search_text", "search_vector")


class CompanyQuerySet(models.QuerySet):
    def published(self):
        """Return the companies visitors may see."""
        return self.filter(status=CompanyStatus.PUBLISHED)

    def members(self):
        """Return the companies that are members of the zone."""
        return self.filter(member_since__isnull=False)

    def for_directory(self):
        """Return the published companies with what a directory card shows, in a fixed number of queries."""
        return (
            self.published()
            .select_related("city")
            .prefetch_related("sectors")
            .defer(*SEARCH_FIELDS, *(f"profile_{suffix}" for suffix in ("en", "de", "zh_hans")))
        )

    def for_profile(self, *, include_unpublished=False):
        """Return the companies with everything a profile page shows; only published ones unless asked."""
        queryset = (self if include_unpublished else self.published()).defer(*SEARCH_FIELDS)
        public_contacts = ContactPerson.objects.filter(is_public=True)
        return queryset.select_related("city").prefetch_related(
            "sectors", Prefetch("contacts", queryset=public_contacts, to_attr="public_contacts")
        )

    def search(self, query, *, ranked=True):
        """Return the companies matching ``query`` (see companies.search for how)."""
        from .search import search

        return search(self, query, ranked=ranked)

    def by_name(self):
        return self.order_by("name_en", "pk")

    def by_newest_member(self):
        return self.order_by(F("member_since").desc(nulls_last=True), "name_en", "pk")


def current_year():
    return timezone.localdate().year


def validate_founded_year(value):
    if value > current_year():
        raise ValidationError(_("The year founded cannot be in the future."), code="future_year")


class Company(ResizedImageMixin, TimestampedModel):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        blank=True,
        help_text=_("The company's address on the site. Made from the English name once and never changed."),
    )
    summary = models.CharField(
        _("summary"), max_length=300, blank=True, help_text=_("One or two sentences shown on the directory card.")
    )
    profile = models.TextField(_("profile"), blank=True, help_text=_("The longer description on the profile page."))
    country = models.CharField(_("country of origin"), max_length=2, choices=Country)
    sectors = models.ManyToManyField(Sector, verbose_name=_("sectors"), related_name="companies", blank=True)
    city = models.ForeignKey(
        City,
        verbose_name=_("alliance city"),
        related_name="companies",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("The alliance city where the company operates."),
    )
    headquarters = models.CharField(_("headquarters"), max_length=200, blank=True)
    founded_year = models.PositiveSmallIntegerField(
        _("year founded"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1600), validate_founded_year],
    )
    size = models.CharField(_("size"), max_length=10, choices=SizeClass, blank=True)
    services = models.TextField(_("services offered"), blank=True, help_text=_("One service per line."))
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("public email"), blank=True)
    phone = models.CharField(_("public phone"), max_length=40, blank=True)
    address = models.TextField(_("address"), blank=True)
    logo = uploaded_image_field(_("logo"), upload_to="companies/logos/")
    logo_small = models.ImageField(_("logo (resized)"), upload_to="companies/logos/small/", blank=True, editable=False)
    member_since = models.DateField(
        _("zone member since"), null=True, blank=True, help_text=_("Empty when the company is not a zone member.")
    )
    status = models.CharField(_("status"), max_length=10, choices=CompanyStatus, default=CompanyStatus.DRAFT)
    featured = models.BooleanField(
        _("featured"), default=False, help_text=_("Featured companies show on the home page.")
    )
    # Search data, kept current by companies.signals (see companies.search). The GIN indexes
    # on them exist on PostgreSQL only and are created in migrations, not declared here.
    search_names = models.TextField(_("names for search"), blank=True, default="", editable=False)
    search_text = models.TextField(_("text for search"), blank=True, default="", editable=False)
    search_vector = SearchVectorField(_("search vector"), null=True, blank=True, editable=False)

    objects = CompanyQuerySet.as_manager()

    # Pages show logo_small, made on save; the files go once unused (see core.images).
    resized_images = (ResizedImage("logo", "logo_small", LOGO_SMALL_BOX),)

    class Meta:
        ordering = ["name"]
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        indexes = [
            models.Index(fields=["status", "-member_since"], name="company_status_member_idx"),
            models.Index(fields=["status", "name_en"], name="company_status_name_idx"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name_en or self.name, "company")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("companies:detail", kwargs={"slug": self.slug})

    @property
    def is_member(self):
        return self.member_since is not None

    @property
    def services_list(self):
        return [line.strip() for line in (self.services or "").splitlines() if line.strip()]


class ContactPerson(models.Model):
    company = models.ForeignKey(Company, verbose_name=_("company"), related_name="contacts", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=120, blank=True)
    languages = models.CharField(
        _("languages spoken"), max_length=120, blank=True, help_text=_("For example: German, English, Chinese.")
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_public = models.BooleanField(
        _("shown publicly"),
        default=False,
        help_text=_("Contacts are private unless the person agreed to be shown on the profile."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["company", "position", "name"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact people")

    def __str__(self):
        return f"{self.name} ({self.company})"

    def get_absolute_url(self):
        return self.company.get_absolute_url()


class SearchWord(models.Model):
    """A word of a company or sector name, for correcting typos in searches (PostgreSQL)."""

    word = models.CharField(_("word"), max_length=100, unique=True)

    class Meta:
        ordering = ["word"]
        verbose_name = _("search word")
        verbose_name_plural = _("search words")

    def __str__(self):
        return self.word
