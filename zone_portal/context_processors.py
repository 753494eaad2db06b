"""Values every page template needs: language links and the zone's contact details."""

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_info

# The names visitors look for in the switcher, each written in its own language.
LANGUAGE_SELF_NAMES = {"en": "English", "de": "Deutsch", "zh-hans": "中文"}


def site(request):
    """Return the language switcher links and the footer's contact details.

    Each link points at the current page in another language, so switching keeps the
    visitor where they are; the same links are the page's hreflang alternates.
    """
    path = request.get_full_path()
    language_links = [
        {
            "code": code,
            "name": LANGUAGE_SELF_NAMES.get(code, get_language_info(code)["name_local"]),
            "url": translate_url(path, code),
            "absolute_url": request.build_absolute_uri(translate_url(path, code)),
        }
        for code, _name in settings.LANGUAGES
    ]
    return {
        "language_links": language_links,
        "zone_icp_licence": settings.ZONE_ICP_LICENCE,
        "zone_contact_email": settings.ZONE_CONTACT_EMAIL,
        "zone_contact_phone": settings.ZONE_CONTACT_PHONE,
    }
