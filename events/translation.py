"""Fields visitors read, one column per language (title_en, title_de, title_zh_hans)."""

from modeltranslation.translator import TranslationOptions, register

from core import history

from .models import Announcement, Event, Venue


@register(Venue)
class VenueTranslationOptions(TranslationOptions):
    fields = ("name", "address", "directions")


@register(Event)
class EventTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "body", "organiser")


@register(Announcement)
class AnnouncementTranslationOptions(TranslationOptions):
    fields = ("title", "body")


# Change history (core/history.py), registered here for the reason given in companies/translation.py.
history.register(Event)
history.register(Announcement)
