from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class RegistrationConfig(AppConfig):
    name = "samlas.registration"
    verbose_name = _("Registration")

    def ready(self) -> None:
        # The services cache what an event asks for a few seconds (services._setup); a
        # change saved in this process is seen at once.
        from samlas.programme.models import Block, Seminar
        from samlas.registration import models, services

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
