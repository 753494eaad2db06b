from django.urls import path

from . import views

app_name = "companies"

urlpatterns = [
    path("companies/", views.CompanyListView.as_view(), name="list"),
    path("companies/<slug:slug>/", views.CompanyDetailView.as_view(), name="detail"),
    path("companies/<slug:slug>/qr.svg", views.company_qr_svg, name="qr"),
    path("companies/<slug:slug>/contact/", views.CompanyContactView.as_view(), name="contact"),
    path("cooperation/", views.CooperationListView.as_view(), name="cooperation_list"),
    path("cooperation/propose/", views.ProposalView.as_view(), name="cooperation_propose"),
    path("cooperation/<slug:slug>/", views.CooperationDetailView.as_view(), name="cooperation_detail"),
    path("contact/", views.ZoneContactView.as_view(), name="contact_zone"),
    path("contact/sent/", views.InquirySentView.as_view(), name="inquiry_sent"),
    path("cities/", views.CityListView.as_view(), name="city_list"),
    path("cities/<slug:slug>/", views.CityDetailView.as_view(), name="city_detail"),
]
