"""The committed catalogues are complete and their compiled .mo files match the .po sources."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

LOCALES = ["de", "zh_Hans"]


def po_entries(path):
    """Yield (flags, msgctxt, msgid, msgid_plural, [msgstr...]) for every entry of a .po file but the header."""
    text = Path(path).read_text(encoding="utf-8")
    for block in re.split(r"\n\s*\n", text):
        flags = " ".join(line for line in block.splitlines() if line.startswith("#,"))
        fields, current = {}, None
        for line in block.splitlines():
            match = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
            if match:
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if fields.get("msgid"):
            strings = [value for key, value in fields.items() if key.startswith("msgstr")]
            yield flags, fields.get("msgctxt"), fields["msgid"], fields.get("msgid_plural"), strings


ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def unescape(value):
    return re.sub(r"\\(.)", lambda match: ESCAPES.get(match.group(1), match.group(0)), value)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_interface_string_is_translated_and_none_is_fuzzy(locale):
    path = settings.BASE_DIR / "locale" / locale / "LC_MESSAGES" / "django.po"
    entries = list(po_entries(path))
    assert len(entries) > 300
    untranslated = [msgid for _flags, _context, msgid, _plural, strings in entries if not all(strings)]
    fuzzy = [msgid for flags, _context, msgid, _plural, _strings in entries if "fuzzy" in flags]
    assert untranslated == []
    assert fuzzy == []


def translate(catalogue, context, msgid):
    if context:
        return catalogue.pgettext(unescape(context), unescape(msgid))
    return catalogue.gettext(unescape(msgid))


@pytest.mark.parametrize("locale", LOCALES)
def test_compiled_catalogue_matches_the_po_file(locale):
    directory = settings.BASE_DIR / "locale" / locale / "LC_MESSAGES"
    with open(directory / "django.mo", "rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)
    stale = [
        msgid
        for _flags, context, msgid, plural, strings in po_entries(directory / "django.po")
        if not plural and translate(compiled, context, msgid) != unescape(strings[0])
    ]
    assert stale == []
