from django.urls import path

from samlas.events import views

app_name = "events"
urlpatterns = [
    path("", views.home, name="home"),
    path("evenemang/", views.event_list, name="list"),
    path("evenemang/<slug:slug>/", views.event_detail, name="detail"),
    path("evenemang/<slug:slug>/kalender.ics", views.event_ical, name="ical"),
]
