"""Whole public pages for visitors, kept until what they show changes.

Rendering a profile, the directory or the events list costs 10 to 40 ms of Python; answering
it from here costs one small query. A page is kept, and served again, only when all of this
holds, so that a kept page is the page the view would render now:

- the view is marked with ``@cache_for_visitors`` (opt-in: pages with a form, or with a
  person's own data such as a registration reached by its secret link, are not marked);
- the request is a GET from a visitor: no cookie but the CSRF cookie. Staff carry a session
  cookie, a visitor just sent back with a message carries the messages cookie: both are
  rendered for themselves, and what is rendered for them is never kept;
- the response is a 200 that sets no cookie, used no CSRF token (a form's token belongs to
  one visitor), says nothing against caching (``private``, ``no-store``, ``no-cache``) and
  varies on nothing but the cookie (which the rule above stands for).

The key holds the language, the scheme, host and full path with its query string, and the
versions of everything public (``core.versions.PUBLIC``), read from the database on every
request. Every write through a service bumps one of them in its own transaction, so from its
commit on every process asks for another key and renders the page afresh.

Some pages change with time alone: a scheduled event or announcement appears, an event
starts or ends, registration opens or closes, a day passes (cooperation entries expire by
date). A page is kept until the next such moment, which the apps name with
``register_next_change``, until the next midnight, and never longer than MAX_AGE.

The cache is the "pages" alias: local memory in each process, even when the default cache is
Redis. A page from memory is faster than one fetched over the network, a new release never
serves pages rendered by the old templates, and the versions keep the processes in agreement.
"""

import datetime
import hashlib
import threading

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import cc_delim_re, patch_vary_headers
from django.utils.translation import get_language

from . import versions

CACHE_ALIAS = "pages"
# However quiet the data, a page is rendered afresh after ten minutes.
MAX_AGE = 10 * 60
# Cache-Control directives of a response that must not be kept.
NOT_KEPT = {"private", "no-store", "no-cache"}
# How long a request waits for another thread of its process that renders the same page.
WAIT_SECONDS = 5

_next_change_functions = []


def cache_for_visitors(view):
    """Mark ``view`` (a function or a class-based view) as a page the page cache may keep."""
    view.cache_for_visitors = True
    return view


def register_next_change(function):
    """Register ``function(now)``, which returns the next moment after ``now`` at which some
    page changes with time alone (or None); an app calls this from its ``ready()``."""
    if function not in _next_change_functions:
        _next_change_functions.append(function)
    return function


def next_change(now):
    """Return the moment after ``now`` until which a page rendered at ``now`` stays right."""
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    moments = [
        now + datetime.timedelta(seconds=MAX_AGE),
        timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min)),
    ]
    moments += [moment for function in _next_change_functions if (moment := function(now)) is not None]
    return min(moments)


def is_marked(request):
    """Return whether the page at ``request``'s path is one the page cache may keep."""
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return False
    view = getattr(match.func, "view_class", match.func)
    return getattr(view, "cache_for_visitors", False)


def from_visitor(request):
    """Return whether ``request`` is a visitor's GET, which every visitor would get the same answer to."""
    return (
        request.method == "GET"
        and all(name == settings.CSRF_COOKIE_NAME for name in request.COOKIES)
        and "HTTP_AUTHORIZATION" not in request.META
    )


def page_key(request):
    """Return the cache key of ``request``'s page under the current versions of the public data."""
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    current = ".".join(str(version) for version in versions.current_many(versions.PUBLIC))
    return f"page:{get_language()}:{current}:{hashlib.sha256(address.encode()).hexdigest()}"


def keepable(request, response):
    """Return whether ``response`` is the same for every visitor, so that it may be kept."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    directives = cc_delim_re.split(response.get("Cache-Control", ""))
    cache_control = {directive.split("=")[0].strip().lower() for directive in directives}
    vary = {header.strip().lower() for header in cc_delim_re.split(response.get("Vary", "")) if header.strip()}
    return not cache_control & NOT_KEPT and vary <= {"cookie"}


class Renders:
    """The pages this process is rendering for the page cache right now, one thread per page.

    After a write (every page's key changes) or a start, many visitors ask for the same
    page at once. Without this, each thread of a gunicorn worker would render it for itself,
    all sharing the process's one interpreter lock, so that each waits for all of them;
    with it, one renders and the others take what it kept.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.pending = {}

    def begin(self, key):
        """Return ``(done, first)``: an event set when the render of ``key`` ends, and whether
        the caller is the one to render it."""
        with self.lock:
            done = self.pending.get(key)
            if done is not None:
                return done, False
            done = self.pending[key] = threading.Event()
            return done, True

    def end(self, key, done):
        with self.lock:
            self.pending.pop(key, None)
        done.set()


class VisitorPageCacheMiddleware:
    """Answer visitors from the page cache, and keep what may be kept (see the module's text).

    Placed after LocaleMiddleware (the language is active and the path's prefix resolves)
    and before the middleware that only matter for forms and staff (CSRF, authentication,
    messages), which a kept page does not need.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.cache = caches[CACHE_ALIAS]
        self.renders = Renders()

    def __call__(self, request):
        if not (from_visitor(request) and is_marked(request)):
            return self.get_response(request)
        # Taken before the view reads anything: a moment that passes while it renders still counts.
        started = timezone.now()
        key = page_key(request)
        if (kept := self.kept(key, started)) is not None:
            return kept
        done, first = self.renders.begin(key)
        if not first:
            # Another thread renders this page: wait for it, then take its page (or, if the
            # page could not be kept, render it too).
            done.wait(WAIT_SECONDS)
            if (kept := self.kept(key, started)) is not None:
                return kept
            return self.render(request, key, started)
        try:
            return self.render(request, key, started)
        finally:
            self.renders.end(key, done)

    def render(self, request, key, started):
        response = self.get_response(request)
        # Staff get other pages at the same address (previews): shared caches must tell them apart.
        patch_vary_headers(response, ["Cookie"])
        if keepable(request, response):
            until = next_change(started)
            seconds = (until - timezone.now()).total_seconds()
            if seconds >= 1:
                headers = list(response.items())
                self.cache.set(key, (until.timestamp(), response.status_code, headers, response.content), seconds)
        return response

    def kept(self, key, started):
        """Return the kept page of ``key`` as a new response, or None if there is none still right."""
        kept = self.cache.get(key)
        if kept is None or kept[0] <= started.timestamp():
            return None
        _until, status, headers, content = kept
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        return response
