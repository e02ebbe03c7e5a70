from django.urls import path

from samlas.programme import views

app_name = "programme"
urlpatterns = [
    path("evenemang/<slug:slug>/program/", views.programme_page, name="page"),
    path("evenemang/<slug:slug>/program.ics", views.programme_ical, name="ical"),
    path("evenemang/<slug:slug>/program/<int:item_id>.ics", views.item_ical, name="item_ical"),
]
