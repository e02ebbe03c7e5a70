from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class RegistrationConfig(AppConfig):
    name = "samlas.registration"
    verbose_name = _("Registration")

    def ready(self) -> None:
        # The services cache what an event asks for a few seconds (services._setup), and the
        # public pages the event itself for a second (queries.public_event); a change saved
        # in this process is seen at once.
        from samlas.events.models import Event, Venue
        from samlas.programme.models import Block, Seminar
        from samlas.registration import models, queries, services

        for model in (
            models.RegistrationSettings,
            models.Question,
            models.QuestionOption,
            models.ConsentOption,
            Block,
            Seminar,
        ):
            for signal in (post_save, post_delete):
                signal.connect(
                    services.forget_setups, sender=model, dispatch_uid=f"forget-{model.__name__}"
                )
        for model in (Event, Venue):
            for signal in (post_save, post_delete):
                signal.connect(
                    queries.forget_public_events,
                    sender=model,
                    dispatch_uid=f"forget-public-{model.__name__}",
                )
