"""A contact person's languages become codes ("de,en,zh"), so every page names them in its own
language; what the old free text said that is no language of the list moves, as written, to
the new "other languages" field, so nothing typed is lost.

The old text is read the way staff wrote it: names in English, German or Chinese ("German",
"Deutsch", "德语", "Mandarin", "中文", "粤语"), separated by commas, semicolons, slashes, "、",
"and", "und" or "和", in any case. "German, English, Klingon" becomes de,en and "Klingon".

The copies of contact people kept by the change history (reversion's versions) are converted
the same way, so that restoring a version recorded before this migration puts back codes.

The names are listed here rather than imported from companies.models: this migration must do
today what it did when it was written, whatever the list of languages becomes.
"""

import json
import re

from django.db import migrations, models

import core.models

# Codes in the order of the field's choices.
CODES = ["de", "en", "zh", "yue", "fr", "it", "es", "ja", "ko", "ru"]

NAMES = {
    "de": ["de", "German", "Deutsch", "Hochdeutsch", "德语", "德文", "德語"],
    "en": ["en", "English", "Englisch", "英语", "英文", "英語"],
    "zh": [
        "zh",
        "Chinese",
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
    "yue": ["yue", "Cantonese", "Kantonesisch", "粤语", "粵語", "广东话", "廣東話", "白话"],
    "fr": ["fr", "French", "Französisch", "Français", "法语", "法文"],
    "it": ["it", "Italian", "Italienisch", "Italiano", "意大利语", "意大利文"],
    "es": ["es", "Spanish", "Spanisch", "Español", "西班牙语", "西班牙文"],
    "ja": ["ja", "Japanese", "Japanisch", "日语", "日文", "日本語"],
    "ko": ["ko", "Korean", "Koreanisch", "韩语", "韩文", "朝鲜语", "한국어"],
    "ru": ["ru", "Russian", "Russisch", "俄语", "俄文", "Русский"],
}
CODE_OF = {name.casefold(): code for code, names in NAMES.items() for name in names}
ENGLISH_NAME = {code: names[1] for code, names in NAMES.items()}

SEPARATORS = re.compile(r"[,;/，；、]|\s+(?:and|und|&)\s+|和", re.IGNORECASE)


def parse(text):
    """Return the codes ``text`` names, in the choices' order, and the rest as written."""
    codes, others = set(), []
    for piece in SEPARATORS.split(text or ""):
        piece = piece.strip().strip(".")
        if not piece:
            continue
        code = CODE_OF.get(piece.casefold())
        if code:
            codes.add(code)
        elif piece not in others:
            others.append(piece)
    return [code for code in CODES if code in codes], ", ".join(others)


def unparse(codes, other):
    """Return the free text an earlier version of the field held: English names, then the rest."""
    names = [ENGLISH_NAME.get(code, code) for code in codes]
    return ", ".join([*names, *([other] if other else [])])


def _contact_versions(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Version = apps.get_model("reversion", "Version")
    content_type = ContentType.objects.filter(app_label="companies", model="contactperson").first()
    if content_type is None:
        return Version.objects.none()
    return Version.objects.filter(content_type=content_type, format="json")


def _rewrite_versions(apps, change):
    """Apply ``change`` to the fields of every stored copy of a contact person."""
    for version in _contact_versions(apps).iterator(chunk_size=500):
        rows = json.loads(version.serialized_data)
        for row in rows:
            if row.get("model") == "companies.contactperson":
                change(row["fields"])
        version.serialized_data = json.dumps(rows, ensure_ascii=False)
        version.save(update_fields=["serialized_data"])


def text_to_codes(apps, schema_editor):
    ContactPerson = apps.get_model("companies", "ContactPerson")
    # The field already reads codes: the old text arrives split at its commas; joined again, it
    # is what staff typed.
    for contact in ContactPerson.objects.exclude(languages="").iterator(chunk_size=500):
        codes, other = parse(", ".join(contact.languages))
        contact.languages = codes
        contact.other_languages = ", ".join(part for part in [contact.other_languages, other] if part)
        contact.save(update_fields=["languages", "other_languages"])

    def change(fields):
        if isinstance(fields.get("languages"), str) and "other_languages" not in fields:
            codes, other = parse(fields["languages"])
            fields["languages"] = ",".join(codes)
            fields["other_languages"] = other

    _rewrite_versions(apps, change)


def codes_to_text(apps, schema_editor):
    ContactPerson = apps.get_model("companies", "ContactPerson")
    for contact in ContactPerson.objects.all().iterator(chunk_size=500):
        text = unparse(contact.languages, contact.other_languages)[:120]
        # Written as text: the column is about to become free text again.
        ContactPerson.objects.filter(pk=contact.pk).update(languages=text)

    def change(fields):
        if "other_languages" in fields:
            codes = [code for code in (fields["languages"] or "").split(",") if code]
            fields["languages"] = unparse(codes, fields.pop("other_languages"))[:120]

    _rewrite_versions(apps, change)


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0006_search_terms"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]

    operations = [
        migrations.AddField(
            model_name="contactperson",
            name="other_languages",
            field=models.CharField(
                blank=True,
                help_text="Languages missing from the list, shown as written here on the pages of every language.",
                max_length=120,
                verbose_name="other languages",
            ),
        ),
        # The column stays a varchar(120): only how Django reads and writes it changes.
        migrations.AlterField(
            model_name="contactperson",
            name="languages",
            field=core.models.ChoiceListField(
                blank=True,
                default=list,
                help_text="The languages in which this person can be contacted.",
                item_choices=[
                    ("de", "German"),
                    ("en", "English"),
                    ("zh", "Chinese"),
                    ("yue", "Cantonese"),
                    ("fr", "French"),
                    ("it", "Italian"),
                    ("es", "Spanish"),
                    ("ja", "Japanese"),
                    ("ko", "Korean"),
                    ("ru", "Russian"),
                ],
                max_length=120,
                verbose_name="languages spoken",
            ),
        ),
        migrations.RunPython(text_to_codes, codes_to_text),
    ]
