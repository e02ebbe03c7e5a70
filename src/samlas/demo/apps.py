from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Fictional demo data (`python -m samlas demo`); no models of its own."""

    name = "samlas.demo"
    verbose_name = "Demo"
