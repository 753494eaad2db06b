"""Fields visitors read, one column per language (name_en, name_de, name_zh_hans)."""

from modeltranslation.translator import TranslationOptions, register

from core import history

from .models import City, Company, ContactPerson, Cooperation, SearchTerm, Sector


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


@register(SearchTerm)
class SearchTermTranslationOptions(TranslationOptions):
    fields = ("name",)


# Change history (core/history.py), registered here because reversion lists a model's fields
# when it is registered and the per-language columns exist only from this module on. A company
# is saved and restored with its contact people.
history.register(Sector)
history.register(City)
history.register(Company, follow=["contacts"], exclude=["search_names", "search_text", "search_vector"])
history.register(ContactPerson)
history.register(Cooperation)
history.register(SearchTerm)
