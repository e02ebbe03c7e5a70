from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "samlas.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from samlas.core import prepared

        connection_created.connect(prepared.install, dispatch_uid="samlas-forget-stale-plans")
