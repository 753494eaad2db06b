"""Checks of what the portal publishes for machines and of its HTML, shared by the tests.

Each check runs a validator that ships as a package, or a schema kept in tests/data and read
with lxml, and then the rules of the specification that no schema states, written out here.
"""

import functools
import json
import re
from pathlib import Path

import feedparser
import icalendar
import rnc2rng
from ical.calendar_stream import IcsCalendarStream
from lxml import etree
from lxml import html as lxml_html

DATA = Path(__file__).parent / "data"
ATOM = "http://www.w3.org/2005/Atom"
NS = {"atom": ATOM}

# RFC 3339 as Atom requires it (section 3.3): a "T", whole seconds here, and an offset.
RFC3339_SECONDS = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})")
# ISO 8601 date and time with an offset, without fractions of a second (schema.org dates, datetime=).
ISO_DATETIME_SECONDS = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})")
# RFC 4151: tag:authorityName,date:specific, the authority a DNS name or an email address.
TAG_URI = re.compile(
    r"tag:(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
    r"|[^@\s]+@[A-Za-z0-9.-]+),\d{4}(?:-\d{2}(?:-\d{2})?)?:[\w\-.~!$&'()*+,;=:@/?%]+"
)


# --- Atom (RFC 4287) -----------------------------------------------------------------------


@functools.cache
def atom_schema():
    """Return RFC 4287's RELAX NG schema (tests/data/atom.rnc) for lxml."""
    rng = rnc2rng.dumps(rnc2rng.loads((DATA / "atom.rnc").read_text()))
    # The RFC's `namespace local = ""` comes out as xmlns:local="", which XML 1.0 forbids; the
    # prefix is not used in the output (the no-namespace name is written as nsName ns="").
    rng = rng.replace('xmlns:local=""', "")
    return etree.RelaxNG(etree.fromstring(rng.encode()))


def assert_valid_atom(content):
    """Assert that ``content`` is an Atom feed document valid under RFC 4287; return its root element."""
    parsed = feedparser.parse(content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"

    root = etree.fromstring(content)
    schema = atom_schema()
    assert schema.validate(root), schema.error_log

    # The RFC's Schematron rules (its schema's annotations) and its prose requirements.
    entries = root.findall("atom:entry", NS)
    assert root.find("atom:author", NS) is not None or all(e.find("atom:author", NS) is not None for e in entries)
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang"), "the feed names its language"
    [self_link] = root.findall("atom:link[@rel='self']", NS)
    for element in (root, *entries):
        assert_absolute_iri(element.findtext("atom:id", namespaces=NS))
        alternates = [(a.get("type"), a.get("hreflang")) for a in element.findall("atom:link[@rel='alternate']", NS)]
        assert len(alternates) == len(set(alternates)), "one alternate link per type and language"
        for link in element.findall("atom:link", NS):
            assert_absolute_iri(link.get("href"))
        for date in element.findall("atom:updated", NS) + element.findall("atom:published", NS):
            assert RFC3339_SECONDS.fullmatch(date.text), date.text
    assert_absolute_iri(self_link.get("href"))
    ids = [entry.findtext("atom:id", namespaces=NS) for entry in entries]
    assert len(ids) == len(set(ids)), "entries with one id would be read as one entry"
    for entry in entries:
        assert (
            entry.find("atom:link[@rel='alternate']", NS) is not None
            or entry.find("atom:link[not(@rel)]", NS) is not None
            or entry.find("atom:content", NS) is not None
        )
        assert entry.find("atom:author", NS) is not None or root.find("atom:author", NS) is not None
    return root


def assert_absolute_iri(value):
    assert value and re.match(r"[A-Za-z][A-Za-z0-9+.-]*:\S+$", value), f"not an absolute IRI: {value!r}"


# --- iCalendar (RFC 5545) ------------------------------------------------------------------

# Property values of type TEXT, whose commas, semicolons and backslashes must be escaped.
TEXT_PROPERTIES = {"SUMMARY", "DESCRIPTION", "LOCATION", "COMMENT", "NAME", "X-WR-CALNAME"}


def assert_valid_icalendar(content):
    """Assert that ``content`` is an iCalendar object valid under RFC 5545; return it parsed by icalendar."""
    # 3.1: content lines end in CRLF and are folded to at most 75 octets, never inside a character.
    assert content.endswith(b"\r\n")
    physical = content[:-2].split(b"\r\n")
    for line in physical:
        assert b"\n" not in line and b"\r" not in line, line
        assert len(line) <= 75, f"{len(line)} octets: {line!r}"
        line.decode("utf-8")
    logical = []
    for line in physical:
        if line[:1] in (b" ", b"\t"):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    logical = [line.decode("utf-8") for line in logical]
    for line in logical:
        name = line.split(":", 1)[0].split(";", 1)[0]
        if name in TEXT_PROPERTIES:
            # 3.3.11: a comma or semicolon in text is escaped, and a backslash starts an escape
            # (\\, \; \, or \n); escaped backslashes are set aside first.
            value = line.split(":", 1)[1].replace("\\\\", "")
            assert not re.search(r"(?<!\\)[,;]", value), line
            assert not re.search(r"\\(?![;,nN])", value), line

    # A strict, independent implementation: pydantic models of every component, which refuse
    # a missing PRODID, VERSION, UID, DTSTAMP or DTSTART and any malformed value.
    strict = IcsCalendarStream.calendar_from_ics(content.decode("utf-8"))
    assert strict.prodid and strict.version == "2.0"

    calendar = icalendar.Calendar.from_ical(content)
    assert calendar.name == "VCALENDAR"
    assert "PRODID" in calendar and calendar["VERSION"] == "2.0"
    for component in calendar.walk():
        assert not component.errors, (component.name, component.errors)
    zones = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
    for event in calendar.walk("VEVENT"):
        for name in ("UID", "DTSTAMP", "DTSTART"):
            assert name in event, f"VEVENT without {name}"
        # 3.8.7.2: DTSTAMP is in UTC.
        assert event["DTSTAMP"].to_ical().endswith(b"Z")
        for name in ("DTSTART", "DTEND", "RECURRENCE-ID"):
            if name in event and "TZID" in event[name].params:
                # 3.2.19: every TZID names a VTIMEZONE of the same object.
                assert event[name].params["TZID"] in zones, f"{name} in {event[name].params['TZID']} without VTIMEZONE"
        assert event.get("STATUS") in (None, "TENTATIVE", "CONFIRMED", "CANCELLED")
    return calendar


# --- schema.org JSON-LD ---------------------------------------------------------------------

SCHEMA = "https://schema.org/"
# The schema.org properties the portal uses (or may use) per type, checked against the vocabulary at
# https://schema.org/<Type> (each type's own properties and those it inherits from Thing and its parents).
# A property not listed here is a typo or an invention until it is looked up and added.
THING = {"@context", "@type", "@id", "name", "description", "url", "image", "sameAs", "alternateName", "identifier"}
SCHEMA_PROPERTIES = {
    "Event": THING
    | {
        "startDate",
        "endDate",
        "eventStatus",
        "eventAttendanceMode",
        "location",
        "organizer",
        "offers",
        "inLanguage",
        "performer",
        "about",
        "isAccessibleForFree",
        "maximumAttendeeCapacity",
        "remainingAttendeeCapacity",
        "previousStartDate",
    },
    "Organization": THING
    | {"logo", "address", "email", "telephone", "foundingDate", "location", "areaServed", "knowsLanguage"},
    "Place": THING | {"address", "geo", "hasMap", "telephone"},
    "VirtualLocation": THING,
    "PostalAddress": THING
    | {"streetAddress", "addressLocality", "addressRegion", "postalCode", "addressCountry", "email", "telephone"},
    "GeoCoordinates": THING | {"latitude", "longitude", "address"},
    "Offer": THING | {"price", "priceCurrency", "availability", "validFrom", "validThrough", "category"},
}
ENUMERATIONS = {
    "eventStatus": {
        f"{SCHEMA}{name}"
        for name in ("EventScheduled", "EventCancelled", "EventPostponed", "EventRescheduled", "EventMovedOnline")
    },
    "eventAttendanceMode": {
        f"{SCHEMA}{name}"
        for name in ("OfflineEventAttendanceMode", "OnlineEventAttendanceMode", "MixedEventAttendanceMode")
    },
    "availability": {f"{SCHEMA}{name}" for name in ("InStock", "SoldOut", "LimitedAvailability", "PreOrder")},
}
# Of those, the ones schema.org also allows as plain text.
TEXT_OR_NODE = {"location", "address"}
DATE_PROPERTIES = {"startDate", "endDate", "validFrom", "validThrough", "previousStartDate"}
URL_PROPERTIES = {"url", "image", "logo", "sameAs", "hasMap"}
# Where the value must be a node of one of these types, not a plain string.
NODE_TYPES = {
    "location": {"Place", "VirtualLocation", "PostalAddress"},
    "organizer": {"Organization", "Person"},
    "address": {"PostalAddress"},
    "geo": {"GeoCoordinates"},
    "offers": {"Offer"},
}


def json_ld_blocks(page_html):
    """Return the JSON-LD data blocks of a page, parsed (a block that is not JSON fails the test)."""
    document = lxml_html.fromstring(page_html)
    return [json.loads(script.text) for script in document.xpath("//script[@type='application/ld+json']")]


def assert_valid_json_ld(data):
    """Assert that ``data`` is a schema.org node whose types, properties and values the vocabulary knows."""
    assert data["@context"] in ("https://schema.org", "https://schema.org/")
    _check_node(data, "")


def _check_node(node, path):
    node_type = node.get("@type")
    assert node_type in SCHEMA_PROPERTIES, f"{path or 'root'}: unknown type {node_type!r}"
    unknown = set(node) - SCHEMA_PROPERTIES[node_type]
    assert not unknown, f"{path or node_type}: {sorted(unknown)} are not properties of {node_type}"
    for name, value in node.items():
        for item in value if isinstance(value, list) else [value]:
            where = f"{path}.{name}" if path else name
            assert item not in (None, "", [], {}), f"{where} is empty"
            if isinstance(item, dict):
                if name in NODE_TYPES:
                    assert item.get("@type") in NODE_TYPES[name], f"{where}: {item.get('@type')}"
                _check_node(item, where)
                continue
            assert name not in NODE_TYPES or name in TEXT_OR_NODE, f"{where} must be a node"
            if name in ENUMERATIONS:
                assert item in ENUMERATIONS[name], f"{where}: {item}"
            if name in DATE_PROPERTIES:
                assert ISO_DATETIME_SECONDS.fullmatch(item), f"{where}: {item}"
            if name in URL_PROPERTIES:
                assert_absolute_iri(item)


# --- HTML ----------------------------------------------------------------------------------


def heading_levels(page_html):
    """Return the levels of a page's headings in document order (h1 → 1)."""
    document = lxml_html.fromstring(page_html)
    return [int(element.tag[1]) for element in document.iter("h1", "h2", "h3", "h4", "h5", "h6")]


def heading_problems(page_html):
    """Return what is wrong with a page's headings: not one h1 first, or a level skipped going down (h2 → h4)."""
    levels = heading_levels(page_html)
    problems = []
    if levels.count(1) != 1 or levels[0] != 1:
        problems.append(f"one h1, first: {levels}")
    for before, after in zip(levels, levels[1:], strict=False):
        if after > before + 1:
            problems.append(f"h{before} followed by h{after} in {levels}")
    return problems


def assert_headings_in_order(page_html, page=""):
    """Assert that a page has one h1, first, and never skips a level going down."""
    assert not heading_problems(page_html), f"{page}: {heading_problems(page_html)}"
