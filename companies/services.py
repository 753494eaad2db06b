"""Every write to companies, sectors and alliance cities that has side effects.

A company's search data, the directory's cached counts (through the database-held cache
version) and the audit log must follow every change, whoever makes it: the admin form,
an admin action, an import, the demo loader or a shell. So each change is one function
here, taking the acting user (None for the system), and nothing else writes these rows.

``log=False`` is for the admin's change form only: the admin writes its own entry there,
with the changed fields, so that each change still leaves exactly one.
"""

from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from core import history, versions
from core.audit import ADDITION, CHANGE, DELETION, changed_fields_message, log_change

from .models import (
    City,
    Company,
    CompanyStatus,
    Cooperation,
    CooperationStatus,
    Country,
    Inquiry,
    InquiryStatus,
    SearchTerm,
    Sector,
)
from .search import (
    fill_search_data,
    is_postgresql,
    name_words,
    refresh_search_data,
    remember_words,
    search_vector_expression,
    term_forms,
)


def _with_search_relations(queryset):
    return queryset.select_related("city").prefetch_related("sectors")


def _refresh(company_pks):
    refresh_search_data(_with_search_relations(Company.objects.filter(pk__in=company_pks)))


def directory_changed():
    """Make every process drop the directory's cached counts and labels once this commits."""
    versions.bump(versions.DIRECTORY)


# --- Companies ----------------------------------------------------------------------------


@history.recorded
@transaction.atomic
def save_company(*, company, user, sectors=None, log=True):
    """Create or update ``company`` (and set its ``sectors`` when given); return it."""
    adding = company._state.adding
    company.save()
    if sectors is not None:
        company.sectors.set(sectors)
    _refresh([company.pk])
    directory_changed()
    if log:
        log_change(user=user, objects=[company], action_flag=ADDITION if adding else CHANGE)
    return company


@history.recorded
@transaction.atomic
def save_companies(*, companies, user):
    """Create or update many companies at once, as ``save_company`` does each; return them.

    ``companies`` holds ``(company, sectors)`` pairs (``sectors`` None leaves them as they are).
    A spreadsheet import saves thousands of rows. New companies are inserted in batches, their
    slugs and search texts made beforehand; a changed company costs one UPDATE (``bulk_update``
    sends every column through a CASE over the whole batch: ten times slower for 5,000 rows).
    The sector links, search vectors, cache version and log are written once for all of them,
    and each company goes into the one revision once, as it ends up.
    """
    companies = [(company, None if sectors is None else list(sectors)) for company, sectors in companies]
    saved = [company for company, _sectors in companies]
    if not saved:
        return saved
    added = [company for company in saved if company._state.adding]
    changed = [company for company in saved if not company._state.adding]
    prefetch_related_objects(saved, "city")
    prefetch_related_objects(changed, "sectors")
    words = set()
    for company, sectors in companies:
        if sectors is None:
            sectors = [] if company._state.adding else company.sectors.all()
        words |= fill_search_data(company, sectors)

    if any(not company.slug for company in added):
        taken = set(Company.objects.values_list("slug", flat=True))
        for company in added:
            company.slug = company.slug or company.new_slug(taken=taken)
    with history.manually():
        Company.objects.bulk_create([company for company in added if not company.logo], batch_size=BATCH_SIZE)
        # save() where a row needs more than its columns written: a new logo's resized copy.
        for company in [*(company for company in added if company.logo), *changed]:
            company.save()
    _set_sectors([(company, sectors) for company, sectors in companies if sectors is not None], existing=changed)

    if is_postgresql():
        Company.objects.filter(pk__in=[company.pk for company in saved]).update(
            search_vector=search_vector_expression()
        )
    remember_words(words)
    directory_changed()
    log_change(user=user, objects=added, action_flag=ADDITION)
    log_change(user=user, objects=changed, action_flag=CHANGE)
    # The history's copies, with sectors and contacts as they are now (read for all at once).
    for company in saved:
        company._prefetched_objects_cache = {}
    prefetch_related_objects(saved, "sectors", "contacts")
    history.record(saved)
    return saved


# Rows per INSERT: with every column of a company, well within SQLite's limit of parameters.
BATCH_SIZE = 500


def _set_sectors(companies, *, existing):
    """Give each of ``(company, sectors)`` exactly those sectors; ``existing`` companies may have links."""
    links = Company.sectors.through
    existing_pks = {company.pk for company in existing}
    linked = links.objects.filter(company__in=[company.pk for company, _ in companies if company.pk in existing_pks])
    current = {}
    for company_pk, sector_pk in linked.values_list("company_id", "sector_id"):
        current.setdefault(company_pk, set()).add(sector_pk)
    redo = [
        (company, sectors)
        for company, sectors in companies
        if current.get(company.pk, set()) != {sector.pk for sector in sectors}
    ]
    links.objects.filter(company__in=[company.pk for company, _sectors in redo if company.pk in current]).delete()
    links.objects.bulk_create(
        [links(company_id=company.pk, sector_id=sector.pk) for company, sectors in redo for sector in sectors],
        batch_size=BATCH_SIZE,
    )


def _bulk_update(companies, user, field_label, **values):
    """Change ``values`` on the companies not already so; log each; return how many changed."""
    with transaction.atomic(), history.revision(user=user):
        to_change = companies.exclude(**values)
        changed = list(to_change.order_by())
        count = Company.objects.filter(pk__in=[company.pk for company in changed]).update(
            **values, updated_at=timezone.now()
        )
        if count:
            directory_changed()
            log_change(user=user, objects=changed, message=changed_fields_message(field_label))
            # update() sends no post_save: the history takes the rows as they are now.
            rows = Company.objects.filter(pk__in=[company.pk for company in changed])
            history.record(rows.prefetch_related("contacts"))
    return count


# The admin translates the field names of a change message when it shows the history;
# gettext_noop marks them for extraction without translating them into the stored entry.
STATUS_LABEL = gettext_noop("Status")
FEATURED_LABEL = gettext_noop("Featured")


def publish_companies(*, companies, user):
    """Publish the given companies (a queryset); return how many were not published before."""
    return _bulk_update(companies, user, STATUS_LABEL, status=CompanyStatus.PUBLISHED)


def archive_companies(*, companies, user):
    """Archive the given companies; return how many were not archived before."""
    return _bulk_update(companies, user, STATUS_LABEL, status=CompanyStatus.ARCHIVED)


VERIFIED_LABEL = gettext_noop("Last verified")


def mark_verified(*, companies, user):
    """Record that staff confirmed with each company today that its profile is current."""
    return _bulk_update(companies, user, VERIFIED_LABEL, verified_on=timezone.localdate())


def set_featured(*, companies, featured, user):
    """Feature (or stop featuring) the given companies on the home page; return how many changed."""
    return _bulk_update(companies, user, FEATURED_LABEL, featured=featured)


def _delete_logged(model, rows, user):
    """Delete ``rows`` of ``model`` with a log entry and a history record each; return how many."""
    rows = list(rows)
    if not rows:
        return 0
    log_change(user=user, objects=rows, action_flag=DELETION)
    history.record_deletion(rows, user=user)
    model.objects.filter(pk__in=[row.pk for row in rows]).delete()
    directory_changed()
    return len(rows)


@transaction.atomic
def delete_companies(*, companies, user):
    """Delete the given companies (their logo files go once the deletion commits); return how many."""
    return _delete_logged(Company, companies, user)


# --- Sectors and cities -------------------------------------------------------------------


@history.recorded
@transaction.atomic
def save_sector(*, sector, user, log=True):
    """Create or update ``sector``; the search data of its companies follows a rename."""
    adding = sector._state.adding
    sector.save()
    if not adding:
        _refresh(Company.objects.filter(sectors=sector).values_list("pk", flat=True))
    directory_changed()
    if log:
        log_change(user=user, objects=[sector], action_flag=ADDITION if adding else CHANGE)
    return sector


@history.recorded
@transaction.atomic
def save_city(*, city, user, partner_cities=None, log=True):
    """Create or update ``city`` (and set its ``partner_cities`` when given)."""
    adding = city._state.adding
    city.save()
    if partner_cities is not None:
        city.partner_cities.set(partner_cities)
    if not adding:
        _refresh(Company.objects.filter(city=city).values_list("pk", flat=True))
    directory_changed()
    if log:
        log_change(user=user, objects=[city], action_flag=ADDITION if adding else CHANGE)
    return city


def _delete_rows(model, rows, user, related):
    rows = list(rows)
    if not rows:
        return 0
    # The sector links cascade and a city is set to NULL in plain SQL: note the companies
    # first, refresh their search text once the rows are gone.
    affected = list(Company.objects.filter(**{f"{related}__in": rows}).values_list("pk", flat=True).distinct())
    log_change(user=user, objects=rows, action_flag=DELETION)
    history.record_deletion(rows, user=user)
    model.objects.filter(pk__in=[row.pk for row in rows]).delete()
    _refresh(affected)
    directory_changed()
    return len(rows)


@transaction.atomic
def delete_sectors(*, sectors, user):
    """Delete sectors; their companies lose them from their search text. Return how many."""
    return _delete_rows(Sector, sectors, user, "sectors")


@transaction.atomic
def delete_cities(*, cities, user):
    """Delete alliance cities; their companies keep no city. Return how many."""
    return _delete_rows(City, cities, user, "city")


# --- Search terms -------------------------------------------------------------------------


@history.recorded
@transaction.atomic
def save_search_term(*, term, user, sectors=None, log=True):
    """Create or update a search term; searches use its forms from the next request on."""
    adding = term._state.adding
    term.search_forms = "\n".join(term_forms(term))
    term.save()
    if sectors is not None:
        term.sectors.set(sectors)
    # Its words join those typos are corrected against ("Entsorgng" → entsorgung).
    remember_words(name_words(*term.forms()))
    directory_changed()
    if log:
        log_change(user=user, objects=[term], action_flag=ADDITION if adding else CHANGE)
    return term


@transaction.atomic
def delete_search_terms(*, terms, user):
    """Delete search terms; searches no longer widen by them. Return how many."""
    return _delete_logged(SearchTerm, terms, user)


# --- Cooperation board --------------------------------------------------------------------

PUBLISHED_MESSAGE = "Published."
CLOSED_MESSAGE = "Closed."


def cooperation_changed():
    """Make every process drop its cached pages once this commits (core.versions, core.page_cache)."""
    versions.bump(versions.COOPERATION)


@history.recorded
@transaction.atomic
def save_cooperation(*, cooperation, user, sectors=None, log=True):
    """Create or update a cooperation entry; the first publication dates it."""
    adding = cooperation._state.adding
    if cooperation.status == CooperationStatus.PUBLISHED and cooperation.published_at is None:
        cooperation.published_at = timezone.now()
    cooperation.save()
    if sectors is not None:
        cooperation.sectors.set(sectors)
    cooperation_changed()
    if log:
        log_change(user=user, objects=[cooperation], action_flag=ADDITION if adding else CHANGE)
    return cooperation


@history.recorded
@transaction.atomic
def publish_cooperations(*, cooperations, user):
    """Publish the reviewed entries that name someone; return ``(published, refused)`` counts.

    An entry with neither a linked company nor an organisation's name cannot be published
    (the zone would not know whom to pass contacts to).
    """
    candidates = list(cooperations.exclude(status=CooperationStatus.PUBLISHED))
    ready = [entry for entry in candidates if entry.company_id or entry.organisation]
    now = timezone.now()
    for entry in ready:
        entry.status = CooperationStatus.PUBLISHED
        entry.published_at = entry.published_at or now
        entry.save(update_fields=["status", "published_at", "updated_at"])
    if ready:
        cooperation_changed()
    log_change(user=user, objects=ready, message=PUBLISHED_MESSAGE)
    return len(ready), len(candidates) - len(ready)


@history.recorded
@transaction.atomic
def close_cooperations(*, cooperations, user):
    """Take entries off the board (found a partner, withdrawn); return how many changed."""
    entries = list(cooperations.exclude(status=CooperationStatus.CLOSED))
    for entry in entries:
        entry.status = CooperationStatus.CLOSED
        entry.save(update_fields=["status", "updated_at"])
    if entries:
        cooperation_changed()
    log_change(user=user, objects=entries, message=CLOSED_MESSAGE)
    return len(entries)


@transaction.atomic
def delete_cooperations(*, cooperations, user):
    """Delete cooperation entries; return how many."""
    entries = list(cooperations)
    if not entries:
        return 0
    log_change(user=user, objects=entries, action_flag=DELETION)
    history.record_deletion(entries, user=user)
    Cooperation.objects.filter(pk__in=[entry.pk for entry in entries]).delete()
    cooperation_changed()
    return len(entries)


@transaction.atomic
def propose_cooperation(*, cooperation, sectors=(), base_url=""):
    """Store a visitor's proposal for review and tell the zone; nothing shows until staff publish it."""
    cooperation.status = CooperationStatus.REVIEW
    cooperation.published_at = None
    cooperation.save()
    cooperation.sectors.set(sectors)
    transaction.on_commit(partial(_notify_zone_of_proposal, cooperation.pk, _base_url(base_url)))
    return cooperation


def _base_url(base_url):
    return (base_url or settings.ZONE_SITE_URL).rstrip("/")


def _send(subject, template, context, recipient, language, **params):
    """Render and queue one email in ``language``; the mail queue keeps it until delivered.

    ``subject`` is a lazy translation, filled in with ``params`` in that language.
    """
    with translation.override(language):
        body = render_to_string(template, context)
        subject = str(subject) % params if params else str(subject)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])


def _notify_zone_of_proposal(cooperation_pk, base_url):
    cooperation = Cooperation.objects.filter(pk=cooperation_pk).first()
    if cooperation is None:
        return
    admin_url = base_url + reverse("admin:companies_cooperation_change", args=[cooperation.pk])
    _send(
        _("New cooperation proposal to review: %(title)s"),
        "companies/email/proposal_notice.txt",
        {"cooperation": cooperation, "admin_url": admin_url},
        settings.ZONE_CONTACT_EMAIL,
        settings.LANGUAGE_CODE,
        title=cooperation.title,
    )


# --- Inquiries ----------------------------------------------------------------------------

FORWARDED_MESSAGE = "Forwarded to %s."


@transaction.atomic
def submit_inquiry(*, inquiry, base_url=""):
    """Store a visitor's inquiry, then tell the zone and send the visitor a copy.

    The inquiry is saved before any email is queued; staff read it before anything goes to
    a company (``forward_inquiries``).
    """
    if inquiry.cooperation_id and not inquiry.company_id:
        inquiry.company = inquiry.cooperation.company
    inquiry.status = InquiryStatus.NEW
    inquiry.consent_at = inquiry.consent_at or timezone.now()
    inquiry.save()
    transaction.on_commit(partial(_send_inquiry_emails, inquiry.pk, _base_url(base_url)))
    return inquiry


def _send_inquiry_emails(inquiry_pk, base_url):
    inquiry = Inquiry.objects.select_related("company", "cooperation").filter(pk=inquiry_pk).first()
    if inquiry is None:
        return
    context = {
        "inquiry": inquiry,
        "admin_url": base_url + reverse("admin:companies_inquiry_change", args=[inquiry.pk]),
        "recipient": _public_recipient(inquiry),
    }
    _send(
        _("New inquiry from %(name)s (%(organisation)s)")
        % {"name": inquiry.name, "organisation": inquiry.organisation},
        "companies/email/inquiry_notice.txt",
        context,
        settings.ZONE_CONTACT_EMAIL,
        settings.LANGUAGE_CODE,
    )
    with translation.override(inquiry.language):
        context["recipient"] = _public_recipient(inquiry)
        _send(
            _("We have received your inquiry"),
            "companies/email/inquiry_copy.txt",
            context,
            inquiry.email,
            inquiry.language,
        )


def _public_recipient(inquiry):
    """Whom the visitor wrote to, as the visitor may know it (a withheld name stays withheld)."""
    if inquiry.cooperation_id:
        return inquiry.cooperation.title
    if inquiry.company_id:
        return inquiry.company.name
    return str(_("Sino-German Industrial Services Zone"))


# A German-speaking company reads German, a Chinese one Chinese; the rest English.
COMPANY_LANGUAGES = {Country.CHINA: "zh-hans", Country.GERMANY: "de", Country.AUSTRIA: "de", Country.SWITZERLAND: "de"}


def company_language(company):
    return COMPANY_LANGUAGES.get(company.country, "en")


def company_address(company):
    """Return the email address a forwarded inquiry goes to: the public one, else the first contact's."""
    if company.email:
        return company.email
    contact = company.contacts.exclude(email="").order_by("position", "pk").first()
    return contact.email if contact else ""


@transaction.atomic
def forward_inquiries(*, inquiries, user):
    """Pass inquiries on to their company, in the company's language; return ``(forwarded, skipped)``.

    Skipped: spam, inquiries to the zone itself, and companies without an email address.
    The sender consented to this when sending (the form says so at the consent box).
    """
    forwarded, skipped = [], 0
    candidates = inquiries.select_related("company", "cooperation").exclude(status=InquiryStatus.SPAM)
    for inquiry in candidates:
        address = company_address(inquiry.company) if inquiry.company_id else ""
        if not address:
            skipped += 1
            continue
        inquiry.status = InquiryStatus.FORWARDED
        inquiry.forwarded_at = timezone.now()
        inquiry.forwarded_to = address
        inquiry.assignee = inquiry.assignee or (user if getattr(user, "pk", None) else None)
        inquiry.save(update_fields=["status", "forwarded_at", "forwarded_to", "assignee", "updated_at"])
        transaction.on_commit(partial(_send_forward, inquiry.pk))
        log_change(user=user, objects=[inquiry], message=FORWARDED_MESSAGE % address)
        forwarded.append(inquiry)
    skipped += inquiries.filter(status=InquiryStatus.SPAM).count()
    return len(forwarded), skipped


def _send_forward(inquiry_pk):
    inquiry = Inquiry.objects.select_related("company", "cooperation").get(pk=inquiry_pk)
    language = company_language(inquiry.company)
    _send(
        _("Inquiry from %(organisation)s, passed on by the Sino-German Industrial Services Zone"),
        "companies/email/inquiry_forward.txt",
        {"inquiry": inquiry},
        inquiry.forwarded_to,
        language,
        organisation=inquiry.organisation,
    )


@transaction.atomic
def set_inquiry_status(*, inquiries, status, user):
    """Mark inquiries answered, closed or spam; return how many changed."""
    changed = list(inquiries.exclude(status=status))
    for inquiry in changed:
        inquiry.status = status
        inquiry.save(update_fields=["status", "updated_at"])
    log_change(user=user, objects=changed, message=changed_fields_message(STATUS_LABEL))
    return len(changed)


@transaction.atomic
def save_inquiry(*, inquiry, user, log=True):
    """Save staff's changes to an inquiry (status, assignee, notes, outcome)."""
    adding = inquiry._state.adding
    if adding and inquiry.consent_at is None:
        inquiry.consent_at = timezone.now()
    inquiry.save()
    if log:
        log_change(user=user, objects=[inquiry], action_flag=ADDITION if adding else CHANGE)
    return inquiry


# --- Personal data ------------------------------------------------------------------------

ERASED = gettext_noop("(personal data erased)")
INQUIRY_ERASED_MESSAGE = "Personal data erased."


@transaction.atomic
def erase_inquiries(*, inquiries, user):
    """Anonymise inquiries: the sender's details and message go, what the report counts stays.

    Country, topic, status, outcome and dates stay, so the zone's figures (contacts per
    month and country, deals made) do not change. Return how many were erased.
    """
    erased = list(inquiries.exclude(email__endswith="@invalid"))
    for inquiry in erased:
        inquiry.name = ERASED
        inquiry.email = f"erased-{inquiry.pk}@invalid"
        inquiry.organisation = ""
        inquiry.phone = ""
        inquiry.wechat_id = ""
        inquiry.message = ""
        inquiry.notes = ""
        inquiry.forwarded_to = ""
        inquiry.save()
    log_change(user=user, objects=erased, message=INQUIRY_ERASED_MESSAGE)
    return len(erased)


@history.recorded
@transaction.atomic
def erase_proposers(*, cooperations, user):
    """Remove who proposed cooperation entries (the entries themselves stay); return how many."""
    erased = list(cooperations.exclude(contact_name="", contact_email=""))
    for entry in erased:
        entry.contact_name = ""
        entry.contact_email = ""
        entry.save(update_fields=["contact_name", "contact_email", "updated_at"])
    if erased:
        cooperation_changed()
    log_change(user=user, objects=erased, message=INQUIRY_ERASED_MESSAGE)
    return len(erased)
