from django.urls import path

from samlas.archive import views

app_name = "archive"
urlpatterns = [
    path("sok/", views.search_page, name="search"),
    path("arkiv/", views.archive_page, name="archive"),
    path("tema/<slug:slug>/", views.theme_page, name="theme"),
    path("inspelningar/<int:pk>/", views.recording_page, name="recording"),
    path("larande-exempel/", views.example_list, name="examples"),
    path("larande-exempel/<slug:slug>/", views.example_page, name="example"),
    path("rad-och-natverk/<slug:slug>/", views.body_page, name="body"),
    path("rad-och-natverk/<slug:slug>/tack/", views.contact_sent, name="contact_sent"),
    path("personer/<int:pk>/", views.person_page, name="person"),
    path("evenemang/<slug:slug>/press/", views.press_page, name="press"),
    path("evenemang/<slug:slug>/press/tack/", views.press_registered, name="press_registered"),
]
