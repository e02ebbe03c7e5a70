from django.urls import path

from samlas.registration import views_api

app_name = "registration_api"
urlpatterns = [
    path("anmalan/api/<slug:slug>/", views_api.register, name="register"),
]
