"""The registrant's erasure request sits under their secret link, beside "Min anmälan"."""

from django.urls import path

from samlas.privacy import views

app_name = "privacy"
urlpatterns = [
    path("anmalan/<str:token>/radera/", views.erase_registration, name="erase_registration"),
    path("personuppgifter/raderade/", views.erased, name="erased"),
    path("personuppgifter/radera-person/", views.erase_person, name="erase_person"),
]
