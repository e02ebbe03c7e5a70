"""Participants under the short /w/ (typed from a screen); organisers in the back office.

The organiser pages live under /organisera/evenemang/<pk>/workshoppar/, beside the back
office's own event pages: the same sign-in, two-step check and permissions apply there.
"""

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
EVENT = "organisera/evenemang/<int:pk>/workshoppar/"
WORKSHOP = EVENT + "<int:workshop_pk>/"
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
    # Organisers: in the back office, under the event (`pk` is the event's, as there).
    path(EVENT, views.organiser_list, name="organiser_list"),
    path(EVENT + "ny/", views.organiser_create, name="organiser_create"),
    path(WORKSHOP, views.organiser_detail, name="organiser_detail"),
    path(WORKSHOP + "andra/", views.organiser_edit, name="organiser_edit"),
    path(WORKSHOP + "ta-bort/", views.organiser_delete, name="organiser_delete"),
    path(WORKSHOP + "fragor/ny/", views.add_question, name="add_question"),
    path(WORKSHOP + "fragor/<int:question_id>/andra/", views.question_edit, name="question_edit"),
    path(
        WORKSHOP + "fragor/<int:question_id>/ta-bort/",
        views.question_delete,
        name="question_delete",
    ),
    path(
        WORKSHOP + "fragor/<int:question_id>/forslag/",
        views.add_proposal,
        name="add_proposal",
    ),
    *[
        path(
            WORKSHOP + f"fragor/<int:question_id>/{slug}/",
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
            WORKSHOP + f"forslag/<int:proposal_id>/{slug}/",
            views.proposal_action,
            {"action": action},
            name=f"proposal_{action}",
        )
        for slug, action in [("godkann", "approve"), ("avvisa", "reject")]
    ],
    *[
        path(
            WORKSHOP + f"{slug}/",
            views.workshop_action,
            {"action": action},
            name=f"workshop_{action}",
        )
        for slug, action in [("avsluta", "close"), ("oppna-igen", "reopen")]
    ],
    path(WORKSHOP + "presentation/", views.presenter, name="presenter"),
    path(
        WORKSHOP + "presentation/<int:question_id>/live/",
        views.presenter_live,
        name="presenter_live",
    ),
    path(WORKSHOP + "resultat/", views.results_page, name="results"),
    path(WORKSHOP + "resultat.csv", views.results_csv, name="results_csv"),
    path(WORKSHOP + "qr.svg", views.qr_code, name="qr"),
]
