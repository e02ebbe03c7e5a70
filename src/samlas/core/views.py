"""Site-wide pages required of a Swedish public body's website."""

from django.views.generic import TemplateView


class AccessibilityStatementView(TemplateView):
    """Tillgänglighetsredogörelse, required by the DOS law (2018:1937)."""

    template_name = "samlas/accessibility_statement.html"


class PrivacyView(TemplateView):
    template_name = "samlas/privacy.html"
