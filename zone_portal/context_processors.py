"""Values every page template needs: language links and the zone's contact details."""

from django.conf import settings
from django.urls import Resolver404, resolve, translate_url
from django.utils.translation import get_language_info

# The names visitors look for in the switcher, each written in its own language.
LANGUAGE_SELF_NAMES = {"en": "English", "de": "Deutsch", "zh-hans": "中文"}
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def without_language(path):
    """Return ``path`` without its language prefix (/de/events/ → /events/), or None when it has none."""
    for code in LANGUAGE_CODES:
        if path.startswith(f"/{code}/"):
            return path[len(code) + 1 :]
    return None


def language_url(path, code):
    """Return the address of the page at ``path`` in language ``code``.

    An address that matches no page (a 404) keeps its path under the other language's prefix,
    so that the switcher on a "page not found" leads to the same page in that language.
    """
    try:
        resolve(path.split("?", 1)[0])
    except Resolver404:
        return f"/{code}{without_language(path) or path}"
    return translate_url(path, code)


def site(request):
    """Return the language switcher links and the footer's contact details.

    Each link points at the current page in another language, so switching keeps the
    visitor where they are; the same links are the page's hreflang alternates, with the
    address without a language (which redirects by the browser's languages) as x-default,
    as in the site map.
    """
    path = request.get_full_path()
    language_links = []
    for code in LANGUAGE_CODES:
        url = language_url(path, code)
        language_links.append(
            {
                "code": code,
                "name": LANGUAGE_SELF_NAMES.get(code, get_language_info(code)["name_local"]),
                "url": url,
                "absolute_url": request.build_absolute_uri(url),
            }
        )
    unprefixed = without_language(path)
    return {
        "language_links": language_links,
        "x_default_url": request.build_absolute_uri(unprefixed) if unprefixed else "",
        "zone_icp_licence": settings.ZONE_ICP_LICENCE,
        "zone_contact_email": settings.ZONE_CONTACT_EMAIL,
        "zone_contact_phone": settings.ZONE_CONTACT_PHONE,
    }
