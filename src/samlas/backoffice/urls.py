"""The organiser back office under /organisera/ (Swedish paths, English view names)."""

from django.urls import include, path

from samlas.backoffice.views import (
    auth,
    checkin,
    dashboard,
    events,
    mailings,
    organisations,
    participants,
    programme,
    registration_setup,
    reports,
    venues,
)

app_name = "backoffice"

EVENT = "evenemang/<int:pk>/"
urlpatterns = [
    path("logga-in/", auth.LoginView.as_view(), name="login"),
    path("logga-ut/", auth.LogoutView.as_view(), name="logout"),
    path("logga-in/kod/", auth.login_code, name="login_code"),
    path("konto/tvastegsverifiering/", auth.two_factor, name="two_factor"),
    path("konto/tvastegsverifiering/aktivera/", auth.two_factor_enrol, name="two_factor_enrol"),
    path("konto/losenord/", auth.password_change, name="password_change"),
    path("logga-in/glomt-losenord/", auth.PasswordResetView.as_view(), name="password_reset"),
    path(
        "logga-in/glomt-losenord/skickat/",
        auth.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "logga-in/nytt-losenord/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "logga-in/nytt-losenord/klart/",
        auth.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("", dashboard.dashboard, name="dashboard"),
    # Organisations and members
    path("organisationer/", organisations.organisation_list, name="organisations"),
    path("organisationer/<int:pk>/", organisations.members, name="members"),
    path(
        "organisationer/<int:pk>/ny-medarbetare/",
        organisations.member_invite,
        name="member_invite",
    ),
    path(
        "organisationer/<int:pk>/medlem/<int:membership_pk>/",
        organisations.member_edit,
        name="member_edit",
    ),
    path(
        "organisationer/<int:pk>/medlem/<int:membership_pk>/ta-bort/",
        organisations.member_remove,
        name="member_remove",
    ),
    # Venues and rooms
    path("lokaler/", venues.venue_list, name="venues"),
    path("lokaler/ny/", venues.venue_edit, name="venue_create"),
    path("lokaler/<int:pk>/", venues.venue_edit, name="venue_edit"),
    path("lokaler/<int:venue_pk>/rum/ny/", venues.room_edit, name="room_create"),
    path("lokaler/<int:venue_pk>/rum/<int:pk>/", venues.room_edit, name="room_edit"),
    # Events
    path("evenemang/nytt/", events.event_create, name="event_create"),
    path(EVENT, events.event_overview, name="event"),
    path(EVENT + "uppgifter/", events.event_edit, name="event_edit"),
    path(EVENT + "publicera/", events.event_publish, name="event_publish"),
    path(EVENT + "avpublicera/", events.event_unpublish, name="event_unpublish"),
    path(EVENT + "stall-in/", events.event_cancel, name="event_cancel"),
    path(EVENT + "kopiera/", events.event_copy, name="event_copy"),
    path(EVENT + "historik/", events.audit_log, name="audit_log"),
    path(EVENT + "arrangorer/", events.organisers, name="organisers"),
    path(
        EVENT + "arrangorer/<int:organiser_pk>/behorighet/",
        events.organiser_access,
        name="organiser_access",
    ),
    path(
        EVENT + "arrangorer/<int:organiser_pk>/kontaktpersoner/",
        events.organiser_contacts,
        name="organiser_contacts",
    ),
    path(
        EVENT + "arrangorer/<int:organiser_pk>/ta-bort/",
        events.organiser_remove,
        name="organiser_remove",
    ),
    # Programme
    path(EVENT + "program/", programme.programme, name="programme"),
    path(EVENT + "program/punkt/ny/", programme.item_edit, name="item_create"),
    path(EVENT + "program/punkt/<int:obj_pk>/", programme.item_edit, name="item_edit"),
    path(EVENT + "program/block/nytt/", programme.block_edit, name="block_create"),
    path(EVENT + "program/block/<int:obj_pk>/", programme.block_edit, name="block_edit"),
    path(
        EVENT + "program/block/<int:block_pk>/seminarium/nytt/",
        programme.seminar_create,
        name="seminar_create",
    ),
    path(EVENT + "program/seminarium/<int:obj_pk>/", programme.seminar_edit, name="seminar_edit"),
    # Registration and participants
    path(
        EVENT + "anmalan/installningar/",
        participants.registration_settings,
        name="registration_settings",
    ),
    path(EVENT + "anmalan/fragor/", registration_setup.questions, name="registration_questions"),
    path(EVENT + "anmalan/fragor/ny/", registration_setup.question_edit, name="question_create"),
    path(
        EVENT + "anmalan/fragor/<int:question_pk>/",
        registration_setup.question_edit,
        name="question_edit",
    ),
    path(
        EVENT + "anmalan/fragor/<int:question_pk>/ta-bort/",
        registration_setup.question_delete,
        name="question_delete",
    ),
    path(
        EVENT + "anmalan/fragor/<int:question_pk>/flytta/",
        registration_setup.question_move,
        name="question_move",
    ),
    path(EVENT + "anmalan/samtycken/", registration_setup.consents, name="registration_consents"),
    path(EVENT + "anmalan/samtycken/nytt/", registration_setup.consent_edit, name="consent_create"),
    path(
        EVENT + "anmalan/samtycken/<int:consent_pk>/",
        registration_setup.consent_edit,
        name="consent_edit",
    ),
    path(
        EVENT + "anmalan/samtycken/<int:consent_pk>/ta-bort/",
        registration_setup.consent_delete,
        name="consent_delete",
    ),
    path(
        EVENT + "anmalan/samtycken/<int:consent_pk>/flytta/",
        registration_setup.consent_move,
        name="consent_move",
    ),
    path(EVENT + "deltagare/", participants.registration_list, name="registrations"),
    path(EVENT + "deltagare/ny/", participants.registration_add, name="registration_add"),
    path(EVENT + "deltagare/koer/", participants.waiting_lists, name="waiting_lists"),
    path(
        EVENT + "deltagare/<int:registration_pk>/",
        participants.registration_detail,
        name="registration",
    ),
    path(
        EVENT + "deltagare/<int:registration_pk>/andra/",
        participants.registration_edit,
        name="registration_edit",
    ),
    path(
        EVENT + "deltagare/<int:registration_pk>/seminarier/",
        participants.registration_choices,
        name="registration_choices",
    ),
    path(
        EVENT + "deltagare/<int:registration_pk>/avboka/",
        participants.registration_cancel,
        name="registration_cancel",
    ),
    # Check-in at the door
    path(EVENT + "incheckning/", checkin.check_in_page, name="check_in"),
    path(EVENT + "incheckning/antal/", checkin.check_in_count, name="check_in_count"),
    path(
        EVENT + "incheckning/<int:registration_pk>/",
        checkin.check_in_registration,
        name="check_in_registration",
    ),
    path(
        EVENT + "incheckning/<int:registration_pk>/angra/",
        checkin.check_in_undo,
        name="check_in_undo",
    ),
    # Messages to participants and the reminder
    path(EVENT + "meddelanden/", mailings.message_list, name="messages"),
    path(EVENT + "meddelanden/nytt/", mailings.message_new, name="message_create"),
    path(EVENT + "meddelanden/paminnelse/", mailings.reminder, name="reminder"),
    path(EVENT + "meddelanden/<int:campaign_pk>/", mailings.message_detail, name="message"),
    path(
        EVENT + "meddelanden/<int:campaign_pk>/status/",
        mailings.message_progress,
        name="message_progress",
    ),
    # Reports
    path(EVENT + "export/", reports.export, name="export"),
    path(EVENT + "kost/", reports.catering, name="catering"),
    path(EVENT + "namnbrickor/", reports.printables, name="printables"),
    path(EVENT + "statistik/", reports.statistics, name="statistics"),
    # Seat allocation (the allocation app's views; names join this namespace)
    path(EVENT + "platsfordelning/", include("samlas.allocation.urls")),
]
