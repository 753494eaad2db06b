from django.urls import path

from . import views
from .feeds import LatestEventsFeed

app_name = "events"

urlpatterns = [
    path("", views.EventListView.as_view(), name="list"),
    path("past/", views.EventListView.as_view(when="past"), name="past"),
    path("calendar.ics", views.calendar_ics, name="calendar"),
    path("feed/", LatestEventsFeed(), name="feed"),
    path("announcements/", views.AnnouncementListView.as_view(), name="announcement_list"),
    path("announcements/<slug:slug>/", views.AnnouncementDetailView.as_view(), name="announcement_detail"),
    path("registration/<str:token>/", views.RegistrationView.as_view(), name="registration"),
    path("registration/<str:token>/cancel/", views.CancelRegistrationView.as_view(), name="cancel_registration"),
    path("<slug:slug>/", views.EventDetailView.as_view(), name="detail"),
    path("<slug:slug>/calendar.ics", views.event_ics, name="ics"),
    path("<slug:slug>/qr.svg", views.event_qr_svg, name="qr"),
]
