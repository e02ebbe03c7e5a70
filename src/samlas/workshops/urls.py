"""Participants under the short /w/ (typed from a screen); organisers under /workshoppar/."""

from django.urls import path, register_converter

from samlas.workshops import views
from samlas.workshops.models import CODE_LENGTH


class JoinCodeConverter:
    """Six letters or digits in any case; stored codes are upper case."""

    regex = f"[A-Za-z0-9]{{{CODE_LENGTH}}}"

    def to_python(self, value: str) -> str:
        return value.upper()

    def to_url(self, value: str) -> str:
        return value


register_converter(JoinCodeConverter, "joincode")

app_name = "workshops"
urlpatterns = [
    path("w/", views.join, name="join"),
    path("w/<joincode:code>/", views.workshop_page, name="workshop"),
    path("w/<joincode:code>/grupp/", views.choose_group, name="choose_group"),
    path("w/<joincode:code>/fragor/<int:question_id>/", views.question_page, name="question"),
    path(
        "w/<joincode:code>/fragor/<int:question_id>/forslag/",
        views.submit_proposal,
        name="submit_proposal",
    ),
    path("workshoppar/", views.organiser_list, name="organiser_list"),
    path("workshoppar/ny/", views.organiser_create, name="organiser_create"),
    path("workshoppar/<int:pk>/", views.organiser_detail, name="organiser_detail"),
    path("workshoppar/<int:pk>/fragor/ny/", views.add_question, name="add_question"),
    path(
        "workshoppar/<int:pk>/fragor/<int:question_id>/forslag/",
        views.add_proposal,
        name="add_proposal",
    ),
    *[
        path(
            f"workshoppar/<int:pk>/fragor/<int:question_id>/{slug}/",
            views.question_action,
            {"action": action},
            name=f"question_{action}",
        )
        for slug, action in [
            ("oppna", "open"),
            ("stang", "close"),
            ("visa-resultat", "reveal"),
            ("dolj-resultat", "hide"),
        ]
    ],
    *[
        path(
            f"workshoppar/<int:pk>/forslag/<int:proposal_id>/{slug}/",
            views.proposal_action,
            {"action": action},
            name=f"proposal_{action}",
        )
        for slug, action in [("godkann", "approve"), ("avvisa", "reject")]
    ],
    *[
        path(
            f"workshoppar/<int:pk>/{slug}/",
            views.workshop_action,
            {"action": action},
            name=f"workshop_{action}",
        )
        for slug, action in [("avsluta", "close"), ("oppna-igen", "reopen")]
    ],
    path("workshoppar/<int:pk>/presentation/", views.presenter, name="presenter"),
    path(
        "workshoppar/<int:pk>/presentation/<int:question_id>/live/",
        views.presenter_live,
        name="presenter_live",
    ),
    path("workshoppar/<int:pk>/resultat/", views.results_page, name="results"),
    path("workshoppar/<int:pk>/resultat.csv", views.results_csv, name="results_csv"),
    path("workshoppar/<int:pk>/qr.svg", views.qr_code, name="qr"),
]
