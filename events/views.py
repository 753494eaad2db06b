"""Public pages of the events app; the rules live in models, querysets and services."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, ListView, TemplateView

from core.antispam import throttle
from core.page_cache import cache_for_visitors
from core.pagination import ForgivingPaginationMixin
from core.qr import qr_code_response

from .calendars import build_calendar, event_json_ld
from .filters import EventFilter
from .forms import RegistrationForm
from .models import Announcement, Event, Registration, RegistrationStatus
from .services import RegistrationRefused, cancel_registration, register_for_event


def base_url(request):
    return request.build_absolute_uri("/").rstrip("/")


@cache_for_visitors
class EventListView(ForgivingPaginationMixin, ListView):
    """Upcoming events soonest first, or past events newest first, with filters."""

    template_name = "events/event_list.html"
    context_object_name = "events"
    paginate_by = 12
    when = "upcoming"

    def get(self, request, *args, **kwargs):
        # ?when=past is the spelling visitors guess; the past events have their own address.
        if self.when == "upcoming" and request.GET.get("when") == "past":
            query = request.GET.copy()
            del query["when"]
            url = reverse("events:past")
            return redirect(f"{url}?{query.urlencode()}" if query else url)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        events = Event.objects.published()
        events = events.past() if self.when == "past" else events.upcoming()
        # The filters read their month choices from the plain list; the cards' data comes after
        # (for_list, which repeats the published() condition: a list never shows a draft).
        self.filterset = EventFilter(self.request.GET or None, queryset=events, newest_first=self.when == "past")
        return self.filterset.qs.for_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        context["when"] = self.when
        context["filters_active"] = any(self.request.GET.get(name) for name in ("kind", "city", "month"))
        if self.when == "past":
            context["breadcrumbs"] = [(_("Events"), reverse("events:list")), (_("Past events"), None)]
        else:
            context["breadcrumbs"] = [(_("Events"), None)]
        return context


class EventDetailView(DetailView):
    template_name = "events/event_detail.html"
    context_object_name = "event"

    def get_queryset(self):
        # Staff who may see events in the admin preview drafts and scheduled ones (with a banner).
        return Event.objects.for_detail(include_unpublished=self.request.user.has_perm("events.view_event"))

    def get_form(self):
        return RegistrationForm(
            data=self.request.POST if self.request.method == "POST" else None, request=self.request
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.get_form())
        context["json_ld"] = event_json_ld(self.object, self.request)
        context["preview"] = not self.object.is_visible
        context["absolute_url"] = self.request.build_absolute_uri(self.object.get_absolute_url())
        context["breadcrumbs"] = [(_("Events"), reverse("events:list")), (self.object.title, None)]
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.get_form()
        # Too many posts from this address: a 429 page, and nothing is saved.
        if (refusal := throttle(form)) is not None:
            return refusal
        if form.is_valid():
            try:
                registration = register_for_event(event=self.object, base_url=base_url(request), **form.cleaned_data)
            except RegistrationRefused as refusal:
                form.add_error("email" if refusal.code == "duplicate" else None, refusal.message)
            else:
                # The registration page says what was done, in a confirmation panel.
                return redirect(registration.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form))


class RegistrationMixin:
    def get_registration(self):
        registration = (
            Registration.objects.select_related("event__venue__city").filter(token=self.kwargs["token"]).first()
        )
        if registration is None:
            raise Http404("No registration with this token.")
        return registration


class RegistrationView(RegistrationMixin, TemplateView):
    """The registrant's own page, reached through the secret link in their email."""

    template_name = "events/registration_detail.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "registration": self.get_registration()}


class CancelRegistrationView(RegistrationMixin, TemplateView):
    """GET asks for confirmation; only POST cancels."""

    template_name = "events/registration_cancel.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "registration": self.get_registration()}

    def post(self, request, *args, **kwargs):
        registration = self.get_registration()
        if registration.status != RegistrationStatus.CANCELLED:
            cancel_registration(registration=registration, base_url=base_url(request))
            messages.success(request, _("Your registration is cancelled."))
        return redirect(registration.get_absolute_url())


@cache_for_visitors
class AnnouncementListView(ForgivingPaginationMixin, ListView):
    template_name = "events/announcement_list.html"
    context_object_name = "announcements"
    paginate_by = 12
    extra_context = {
        "breadcrumbs": [(gettext_lazy("Events"), reverse_lazy("events:list")), (gettext_lazy("Announcements"), None)]
    }

    def get_queryset(self):
        return Announcement.objects.for_list()


@cache_for_visitors
class AnnouncementDetailView(DetailView):
    template_name = "events/announcement_detail.html"
    context_object_name = "announcement"

    def get_queryset(self):
        return Announcement.objects.published().select_related("event").prefetch_related("companies")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        trail = [(_("Announcements"), reverse("events:announcement_list")), (self.object.title, None)]
        return {**context, "breadcrumbs": trail}


def event_qr_svg(request, slug):
    """Return a QR code (SVG) of the event page's absolute address, for sharing on WeChat."""
    preview = request.user.has_perm("events.view_event")
    queryset = Event.objects.all() if preview else Event.objects.published()
    event = get_object_or_404(queryset.only("slug"), slug=slug)
    return qr_code_response(request.build_absolute_uri(event.get_absolute_url()), title=_("QR code of this event"))


def event_ics(request, slug):
    event = get_object_or_404(Event.objects.published().select_related("venue"), slug=slug)
    return ics_response(build_calendar([event], request), f"{event.slug}.ics")


def calendar_ics(request):
    events = Event.objects.published().select_related("venue").order_by("starts_at", "pk")
    return ics_response(build_calendar(events, request, name=_("Alliance events")), "events.ics")


def ics_response(cal, filename):
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
