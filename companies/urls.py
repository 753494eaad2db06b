from django.urls import path

from . import views

app_name = "companies"

urlpatterns = [
    path("companies/", views.CompanyListView.as_view(), name="list"),
    path("companies/<slug:slug>/", views.CompanyDetailView.as_view(), name="detail"),
    path("companies/<slug:slug>/qr.svg", views.company_qr_svg, name="qr"),
    path("cities/", views.CityListView.as_view(), name="city_list"),
    path("cities/<slug:slug>/", views.CityDetailView.as_view(), name="city_detail"),
]
