"""Fields visitors read, one column per language (name_en, name_de, name_zh_hans)."""

from modeltranslation.translator import TranslationOptions, register

from .models import City, Company, ContactPerson, Cooperation, Sector


@register(Sector)
class SectorTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(City)
class CityTranslationOptions(TranslationOptions):
    fields = ("name", "region", "description")


@register(Company)
class CompanyTranslationOptions(TranslationOptions):
    fields = ("name", "summary", "profile", "headquarters", "services", "address")


@register(ContactPerson)
class ContactPersonTranslationOptions(TranslationOptions):
    fields = ("role",)


@register(Cooperation)
class CooperationTranslationOptions(TranslationOptions):
    fields = ("title", "description")
