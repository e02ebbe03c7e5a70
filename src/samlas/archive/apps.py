from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "samlas.archive"
    verbose_name = _("Archive and knowledge")

    def ready(self) -> None:
        # Keeps the search index in step with events, programmes and people, which other
        # apps save (often through the admin) without knowing about search.
        from samlas.archive import signals

        signals.connect()
