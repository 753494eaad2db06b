"""Cleaning of the simple HTML that organisers write in event bodies and announcements."""

import nh3

# Paragraphs, links, lists, headings and emphasis; nothing that can run or embed anything.
ALLOWED_TAGS = {"p", "br", "a", "ul", "ol", "li", "h2", "h3", "h4", "strong", "b", "em", "i", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_html(html):
    """Return ``html`` with every tag, attribute and URL scheme outside the allow-list removed."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
