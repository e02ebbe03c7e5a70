"""The participant's registration pages (Swedish addresses, as the rest of the site).

`links.manage_url` and `links.confirm_url` build "/anmalan/<token>/" and
"/anmalan/<token>/bekrafta/" for the e-mails: the patterns below must stay in step with them.
"""

from django.urls import path

from samlas.registration import views

app_name = "registration"
urlpatterns = [
    path("evenemang/<slug:slug>/anmalan/", views.register, name="register"),
    path("evenemang/<slug:slug>/anmalan/klar/", views.done, name="done"),
    path("evenemang/<slug:slug>/anmalan/skicka-lank/", views.resend_link, name="resend_link"),
    # Before the token patterns: "kontroll" is not a link token.
    path("anmalan/kontroll/", views.altcha_challenge, name="altcha_challenge"),
    path("anmalan/<str:token>/", views.manage, name="manage"),
    path("anmalan/<str:token>/uppgifter/", views.manage_details, name="manage_details"),
    path("anmalan/<str:token>/seminarier/", views.manage_choices, name="manage_choices"),
    path("anmalan/<str:token>/avboka/", views.manage_cancel, name="manage_cancel"),
    path("anmalan/<str:token>/mina-uppgifter.json", views.manage_export, name="manage_export"),
    path("anmalan/<str:token>/bekrafta/", views.confirm, name="confirm"),
]
