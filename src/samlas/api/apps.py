from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "samlas.api"
    verbose_name = _("REST API")

    def ready(self) -> None:
        # Every registration change writes its log entry and its e-mail in one transaction;
        # either tells the webhook dispatcher to look at the log once that has committed.
        from django.db.models.signals import post_save

        from samlas.api import webhooks
        from samlas.api.models import ApiToken, WebhookEndpoint
        from samlas.registration.models import OutboxMessage, RegistrationLogEntry

        for model in (RegistrationLogEntry, OutboxMessage):
            post_save.connect(
                webhooks.wake, sender=model, dispatch_uid=f"webhooks-wake-{model.__name__}"
            )
        for model in (WebhookEndpoint, ApiToken):
            post_save.connect(
                webhooks.forget_endpoints, sender=model, dispatch_uid=f"webhooks-{model.__name__}"
            )
