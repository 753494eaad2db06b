from django.urls import path
from django.views.generic import TemplateView

app_name = "companies"

coming_soon = TemplateView.as_view(template_name="coming_soon.html")

urlpatterns = [
    path("companies/", coming_soon, name="list"),
    path("companies/<slug:slug>/", coming_soon, name="detail"),
    path("cities/", coming_soon, name="city_list"),
    path("cities/<slug:slug>/", coming_soon, name="city_detail"),
]
