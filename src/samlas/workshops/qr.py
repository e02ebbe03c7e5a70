"""QR codes of join addresses, drawn here with segno: no external service sees the code."""

import io

import segno
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

from samlas.workshops.models import Workshop


def join_url(workshop: Workshop) -> str:
    """The absolute join address, as printed beside the QR code."""
    return f"{settings.SITE_URL}{workshop.join_path}"


def qr_svg(url: str) -> str:
    """Inline SVG markup, sized by CSS (it has a viewBox and no fixed size).

    It is hidden from assistive technology: the address and the code are written out beside
    it, which is what a screen-reader user needs.
    """
    svg = segno.make(url, error="m").svg_inline(
        scale=10, omitsize=True, border=4, svgclass="samlas-ws-qr"
    )
    return svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)


def qr_svg_document(url: str, title: str) -> bytes:
    """A standalone SVG file (for table cards and slides), titled for when it is opened alone."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=10, border=4, title=title)
    return buffer.getvalue()


def inline_qr(workshop: Workshop) -> SafeString:
    # segno draws the markup from the code's modules only; no user text reaches it.
    return mark_safe(qr_svg(join_url(workshop)))
