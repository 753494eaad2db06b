"""Cleaning of the simple HTML that organisers write in event bodies and announcements."""

import re

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


# Headings as nh3 writes them: lower case, without attributes (none is allowed on them).
HEADING_TAG = re.compile(r"<(/?)h([2-4])>")


def headings_below_title(html):
    """Return clean ``html`` with its headings renumbered to sit under the page's h1: the first
    becomes an h2, and none is more than one level below the heading before it.

    Organisers start their text with whichever level looks right to them (an h3, say); on the
    page a skipped level breaks the outline that screen reader users move through.
    """
    shown = []  # (written level, level on the page) of the headings still open

    def renumber(match):
        closing, written = match.group(1), int(match.group(2))
        if closing:
            return f"</h{shown[-1][1]}>"
        while shown and shown[-1][0] >= written:
            shown.pop()
        level = shown[-1][1] + 1 if shown else 2
        shown.append((written, level))
        return f"<h{level}>"

    return HEADING_TAG.sub(renumber, html)
