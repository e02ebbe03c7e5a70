"""Site-wide pages required of a Swedish public body's website."""

from datetime import date
from typing import Any

from django.conf import settings
from django.views.generic import TemplateView

# When the accessibility statement was last reviewed against the site; update on review.
ACCESSIBILITY_STATEMENT_DATE = date(2026, 11, 21)


class AccessibilityStatementView(TemplateView):
    """Tillgänglighetsredogörelse, required by the DOS law (2018:1937), in DIGG's structure."""

    template_name = "samlas/accessibility_statement.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            contact_email=getattr(
                settings, "SAMLAS_ACCESSIBILITY_CONTACT", "tillganglighet@example.org"
            ),
            statement_date=ACCESSIBILITY_STATEMENT_DATE,
            **kwargs,
        )


class PrivacyView(TemplateView):
    """How personal data is processed, as the GDPR's duty to inform (articles 13 and 14) asks."""

    template_name = "samlas/privacy.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            contact_email=getattr(settings, "SAMLAS_PRIVACY_CONTACT", "dataskydd@example.org"),
            **kwargs,
        )
