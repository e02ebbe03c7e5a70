from django.urls import path

from samlas.events import feeds, views

app_name = "events"
urlpatterns = [
    path("", views.home, name="home"),
    path("evenemang/", views.event_list, name="list"),
    path("evenemang/<slug:slug>/", views.event_detail, name="detail"),
    path("evenemang/<slug:slug>/kalender.ics", views.event_ical, name="ical"),
    # Feeds for other software (events/feeds.py)
    path(
        "kalender/arrangor/<int:pk>.ics", feeds.organisation_calendar, name="calendar_organisation"
    ),
    path("kalender/tema/<slug:slug>.ics", feeds.theme_calendar, name="calendar_theme"),
    path("kalender/lan/<str:county>.ics", feeds.county_calendar, name="calendar_county"),
    path("flode/evenemang.atom", feeds.NewEventsFeed(), name="feed_events"),
    path("flode/pressinbjudningar.atom", feeds.PressInvitationsFeed(), name="feed_press"),
    path("inbaddning/arrangor/<int:pk>/", feeds.organisation_embed, name="embed_organisation"),
]
