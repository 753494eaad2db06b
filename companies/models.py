"""Companies, their sectors and contacts, the cities of the industrial city alliance, the
cooperation board and the inquiries visitors send."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from core.images import LOGO_SMALL_BOX, ResizedImage, ResizedImageMixin
from core.models import ChoiceListField, TimestampedModel, coordinate_field, unique_slug
from core.text_search import language_columns, words_in_any_language
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

    def search(self, query, *, ranked=True, query_plan=None, candidates=None):
        """Return the companies matching ``query`` (see companies.search for how)."""
        from .search import search

        return search(self, query, ranked=ranked, query_plan=query_plan, candidates=candidates)

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
    verified_on = models.DateField(
        _("last verified"),
        null=True,
        blank=True,
        help_text=_("When staff last confirmed with the company that the profile is current."),
    )
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
            self.slug = self.new_slug()
        super().save(*args, **kwargs)

    def new_slug(self, *, taken=None):
        """Return a slug made from the English name that no other company uses (see ``unique_slug``)."""
        return unique_slug(self, self.name_en or self.name, "company", taken=taken)

    def get_absolute_url(self):
        return reverse("companies:detail", kwargs={"slug": self.slug})

    @property
    def is_member(self):
        return self.member_since is not None

    @property
    def services_list(self):
        return [line.strip() for line in (self.services or "").splitlines() if line.strip()]


class Language(models.TextChoices):
    """Languages a contact person speaks, by ISO 639 code: the zone's three, then others its
    companies work in (Cantonese is Foshan's everyday language)."""

    GERMAN = "de", _("German")
    ENGLISH = "en", _("English")
    CHINESE = "zh", _("Chinese")
    CANTONESE = "yue", _("Cantonese")
    FRENCH = "fr", _("French")
    ITALIAN = "it", _("Italian")
    SPANISH = "es", _("Spanish")
    JAPANESE = "ja", _("Japanese")
    KOREAN = "ko", _("Korean")
    RUSSIAN = "ru", _("Russian")


# What people write for a language besides its label in English, German and Chinese, which
# are recognised anyway (a spreadsheet's "languages" column, companies/resources.py).
LANGUAGE_ALIASES = {
    Language.GERMAN: ["Deutsch", "Hochdeutsch", "德文", "德語"],
    Language.ENGLISH: ["Englisch", "英文", "英語"],
    Language.CHINESE: [
        "Chinesisch",
        "Hochchinesisch",
        "Mandarin",
        "Mandarin Chinese",
        "Standard Chinese",
        "Chinese (Mandarin)",
        "Putonghua",
        "中文",
        "汉语",
        "漢語",
        "普通话",
        "普通話",
        "国语",
        "國語",
        "华语",
        "華語",
    ],
    Language.CANTONESE: ["Kantonesisch", "粤语", "粵語", "广东话", "廣東話", "白话"],
    Language.FRENCH: ["Französisch", "Français", "法语", "法文"],
    Language.ITALIAN: ["Italienisch", "Italiano", "意大利语", "意大利文"],
    Language.SPANISH: ["Spanisch", "Español", "西班牙语", "西班牙文"],
    Language.JAPANESE: ["Japanisch", "日语", "日文", "日本語"],
    Language.KOREAN: ["Koreanisch", "韩语", "韩文", "朝鲜语", "한국어"],
    Language.RUSSIAN: ["Russisch", "俄语", "俄文", "Русский"],
}


class ContactPerson(models.Model):
    company = models.ForeignKey(Company, verbose_name=_("company"), related_name="contacts", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=120, blank=True)
    # Codes, so that every page names them in its own language ("德语" on the Chinese profile).
    languages = ChoiceListField(
        _("languages spoken"),
        max_length=120,
        blank=True,
        item_choices=Language,
        help_text=_("The languages in which this person can be contacted."),
    )
    other_languages = models.CharField(
        _("other languages"),
        max_length=120,
        blank=True,
        help_text=_("Languages missing from the list, shown as written here on the pages of every language."),
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

    def get_languages_display(self):
        """Return the languages spoken in the active language ("Deutsch, Englisch", "德语、英语"),
        the other languages last, as written."""
        names = [*self._meta.get_field("languages").labels(self.languages), self.other_languages.strip()]
        return pgettext("list separator", ", ").join(name for name in names if name)


class SearchWord(models.Model):
    """A word of a company or sector name, for correcting typos in searches (PostgreSQL)."""

    word = models.CharField(_("word"), max_length=100, unique=True)

    class Meta:
        ordering = ["word"]
        verbose_name = _("search word")
        verbose_name_plural = _("search words")

    def __str__(self):
        return self.word


class DirectoryFacets(models.Model):
    """What the directory counts of one company (PostgreSQL; a narrow copy, kept by triggers).

    The facet counts read this table, about 60 bytes a row, instead of the company rows
    (about 3 KB with their search data). PostgreSQL triggers on the company and sector-link
    tables keep it current, whatever writes them: services, bulk updates, a shell, a restore
    (migration 0008). ``sample`` marks one company in ``SAMPLE_EVERY``: huge match sets are
    counted from the sample and shown as approximate (companies.filters).
    """

    company = models.OneToOneField(
        Company, primary_key=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    published = models.BooleanField()
    country = models.CharField(max_length=2)
    city_id = models.BigIntegerField(null=True)
    size = models.CharField(max_length=10)
    member = models.BooleanField()
    member_since = models.DateField(null=True)
    sectors = ArrayField(models.BigIntegerField())
    sample = models.BooleanField()
    # The listing's order without the company rows (their names for search: companies_directorynames).
    name = models.CharField(max_length=200, null=True)

    class Meta:
        managed = False
        db_table = "companies_directoryfacets"

    def __str__(self):
        return f"{self._meta.db_table} {self.company_id}"


class DirectoryWords(models.Model):
    """Every word a company is found by, stemmed and as written, without positions (PostgreSQL).

    A stripped tsvector of the company's search vector and the 'simple' words of its search
    text, with a GIN index (and one over the sample): a query's matches come from this table
    alone, with no recheck of the company rows. Kept by the same triggers as DirectoryFacets.
    """

    company = models.OneToOneField(
        Company, primary_key=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    sample = models.BooleanField()
    words = SearchVectorField()

    class Meta:
        managed = False
        db_table = "companies_directorywords"

    def __str__(self):
        return f"{self._meta.db_table} {self.company_id}"


class SearchTerm(models.Model):
    """A term the zone maintains, with the other words people use for it, in any language.

    A search for any of its forms also finds profiles that use another: "Entsorgung" finds
    a profile that says "Abfallwirtschaft", "废物处理" or "waste management". Staff writing
    a profile in the term's sectors see the term's words beside the form.
    """

    name = models.CharField(_("term"), max_length=120, help_text=_("The word the zone uses for it in this language."))
    synonyms = models.TextField(
        _("synonyms"),
        blank=True,
        help_text=_("Other words people type for the same thing, in any language, one per line."),
    )
    sectors = models.ManyToManyField(
        Sector,
        verbose_name=_("sectors"),
        blank=True,
        related_name="search_terms",
        help_text=_("Staff writing a profile in these sectors are offered the term's words."),
    )
    # Every form of the term, normalised as queries are (companies.search), one per line.
    search_forms = models.TextField(_("forms for search"), blank=True, default="", editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")

    def __str__(self):
        return self.name

    def synonym_list(self):
        return [line.strip() for line in self.synonyms.splitlines() if line.strip()]

    def forms(self):
        """Return the term in every language and its synonyms, each once, as written."""
        names = [self.name_en, self.name_de, self.name_zh_hans]
        return list(dict.fromkeys(form.strip() for form in [*names, *self.synonym_list()] if form and form.strip()))


# --- Cooperation board ----------------------------------------------------------------------


class Direction(models.TextChoices):
    OFFER = "offer", _("Offer")
    REQUEST = "request", _("Request")


class CooperationKind(models.TextChoices):
    INVESTMENT = "investment", _("Investment")
    COOPERATION = "cooperation", _("Cooperation or joint venture")
    PURCHASING = "purchasing", _("Purchasing and sourcing")
    SUPPLY = "supply", _("Supply and distribution")
    TECHNOLOGY = "technology", _("Technology and licensing")


class CooperationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")


# Paths under /cooperation/ that are pages of their own.
RESERVED_COOPERATION_SLUGS = {"propose"}


class CooperationQuerySet(models.QuerySet):
    def visible(self, today=None):
        """Return the entries visitors see: published, still valid, of a published company (or none).

        Expiry is a date comparison, so an entry drops off on the day after ``valid_until``
        with no job to run.
        """
        today = today or timezone.localdate()
        return self.filter(
            Q(company__isnull=True) | Q(company__status=CompanyStatus.PUBLISHED),
            status=CooperationStatus.PUBLISHED,
            valid_until__gte=today,
        )

    def for_board(self):
        """Return what a board card shows, in a fixed number of queries."""
        return self.select_related("company").prefetch_related("sectors").order_by("-published_at", "-pk")

    def named(self):
        """Return the entries that show their company (for the company's own profile)."""
        return self.filter(anonymous=False)

    def search(self, query):
        """Return the entries whose title or description, in any language, holds every word of ``query``.

        A word may also match the name the entry shows (its company's, or the organisation's
        when no company is linked), but never for an entry whose name is withheld.
        """

        def shown_name(word):
            names = Q(company__isnull=True, organisation__icontains=word)
            for column in language_columns("name"):
                names |= Q(**{f"company__{column}__icontains": word})
            return Q(anonymous=False) & names

        return self.filter(words_in_any_language(query, ["title", "description"], also=shown_name))


class Cooperation(TimestampedModel):
    """An offer or request for investment, cooperation or purchasing, reviewed before it shows."""

    direction = models.CharField(_("offer or request"), max_length=10, choices=Direction)
    kind = models.CharField(_("kind"), max_length=20, choices=CooperationKind)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, blank=True)
    description = models.TextField(_("description"), max_length=5000)
    company = models.ForeignKey(
        Company,
        verbose_name=_("company"),
        related_name="cooperations",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        help_text=_("The company behind the entry. Empty for a proposal from a company not in the directory."),
    )
    organisation = models.CharField(
        _("organisation as proposed"),
        max_length=200,
        blank=True,
        help_text=_("The name given in a public proposal; link the company once it is in the directory."),
    )
    anonymous = models.BooleanField(
        _("name withheld"),
        default=False,
        help_text=_("Visitors do not see who is behind the entry; the zone passes on every contact."),
    )
    sectors = models.ManyToManyField(Sector, verbose_name=_("sectors"), related_name="cooperations", blank=True)
    country = models.CharField(
        _("country of the company"),
        max_length=2,
        choices=Country,
        help_text=_("Where the offering or seeking company is."),
    )
    target_country = models.CharField(
        _("target country"),
        max_length=2,
        choices=Country,
        blank=True,
        help_text=_("Where the partner is sought. Empty for any country."),
    )
    valid_until = models.DateField(_("valid until"), help_text=_("The entry leaves the board after this day."))
    status = models.CharField(_("status"), max_length=10, choices=CooperationStatus, default=CooperationStatus.DRAFT)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    contact_name = models.CharField(
        _("proposed by"), max_length=120, blank=True, help_text=_("Who proposed the entry. Never shown to visitors.")
    )
    contact_email = models.EmailField(_("proposer's email"), blank=True)

    objects = CooperationQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("cooperation entry")
        verbose_name_plural = _("cooperation entries")
        indexes = [models.Index(fields=["status", "valid_until"], name="cooperation_visible_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(company__isnull=False) | ~Q(organisation=""),
                name="cooperation_published_names_someone",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title_en or self.title, "cooperation")
            if self.slug in RESERVED_COOPERATION_SLUGS:
                self.slug = unique_slug(self, f"{self.slug} entry", "cooperation")
        super().save(*args, **kwargs)

    def clean(self):
        if self.status == CooperationStatus.PUBLISHED and not self.company_id and not self.organisation:
            raise ValidationError(
                {"company": _("Link the entry to a company, or give the organisation's name, before publishing it.")}
            )

    def get_absolute_url(self):
        return reverse("companies:cooperation_detail", kwargs={"slug": self.slug})

    @property
    def shown_name(self):
        """The name visitors see, or "" when it is withheld."""
        if self.anonymous:
            return ""
        return self.company.name if self.company_id else self.organisation

    @property
    def is_expired(self):
        return self.valid_until < timezone.localdate()

    @property
    def is_visible(self):
        """Whether visitors see the entry (as ``CooperationQuerySet.visible``, for a loaded row)."""
        company_shown = self.company is None or self.company.status == CompanyStatus.PUBLISHED
        return self.status == CooperationStatus.PUBLISHED and not self.is_expired and company_shown


# --- Inquiries ------------------------------------------------------------------------------


class InquiryTopic(models.TextChoices):
    INVESTMENT = "investment", _("Investment")
    COOPERATION = "cooperation", _("Cooperation or joint venture")
    PURCHASING = "purchasing", _("Purchasing and sourcing")
    SUPPLY = "supply", _("Supply and distribution")
    TECHNOLOGY = "technology", _("Technology and licensing")
    OTHER = "other", _("Something else")


class InquiryStatus(models.TextChoices):
    NEW = "new", _("New")
    FORWARDED = "forwarded", _("Forwarded")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")
    SPAM = "spam", _("Spam")


class Outcome(models.TextChoices):
    MEETING = "meeting", _("Meeting arranged")
    AGREEMENT = "agreement", _("Agreement signed")
    INVESTMENT = "investment", _("Investment made")
    NO_MATCH = "no_match", _("No match")


MAX_MESSAGE_LENGTH = 5000


class Inquiry(TimestampedModel):
    """A visitor's message to a company, about a cooperation entry, or to the zone.

    Staff read every inquiry before anything is passed on (companies.services.forward_inquiries).
    """

    company = models.ForeignKey(
        Company,
        verbose_name=_("company"),
        related_name="inquiries",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("The company the visitor wants to reach; empty for a question to the zone."),
    )
    cooperation = models.ForeignKey(
        Cooperation,
        verbose_name=_("cooperation entry"),
        related_name="inquiries",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("email"))
    organisation = models.CharField(_("organisation"), max_length=200)
    country = models.CharField(_("country"), max_length=2, choices=Country)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    wechat_id = models.CharField(_("WeChat ID"), max_length=40, blank=True)
    topic = models.CharField(_("topic"), max_length=20, choices=InquiryTopic)
    message = models.TextField(_("message"), max_length=MAX_MESSAGE_LENGTH)
    language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    consent_at = models.DateTimeField(_("consent given"), help_text=_("When the sender agreed to the privacy notice."))
    status = models.CharField(_("status"), max_length=10, choices=InquiryStatus, default=InquiryStatus.NEW)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        related_name="assigned_inquiries",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    notes = models.TextField(_("internal notes"), blank=True, help_text=_("Only staff see these."))
    forwarded_at = models.DateTimeField(_("forwarded"), null=True, blank=True)
    forwarded_to = models.EmailField(_("forwarded to"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome, blank=True)
    outcome_on = models.DateField(_("outcome date"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        # Viewers see the report's figures, not the senders' personal data.
        permissions = [("view_inquiry_report", _("Can see the report of contacts and outcomes"))]
        indexes = [models.Index(fields=["status", "created_at"], name="inquiry_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome_on__isnull=False), name="inquiry_outcome_has_date"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.organisation}) → {self.recipient_label}"

    def clean(self):
        if self.outcome and not self.outcome_on:
            raise ValidationError({"outcome_on": _("Give the date of the outcome.")})

    def get_absolute_url(self):
        return reverse("admin:companies_inquiry_change", args=[self.pk])

    @property
    def recipient_label(self):
        if self.cooperation_id:
            return str(self.cooperation)
        if self.company_id:
            return str(self.company)
        return str(_("the zone"))
