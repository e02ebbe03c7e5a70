"""Name badges and the participant list as PDF, for printing before the event.

Badges: A4 sheets of 2 by 5 badges of 90 by 55 mm (the size of common badge holders), with
faint cut lines; each shows the event, the name (shrunk to fit), job title and
organisation, and a QR code carrying the check-in code (registration/checkin.py), with the
code printed beneath it for typing when the camera fails. The participant list is a table
sorted by name, with organisation, seminars and a column to tick, and "page 1 of 4".

reportlab's built-in Helvetica needs no font files and covers Swedish (WinAnsi encoding);
a character outside it (say, "Ł" or Sami "Ŋ") is printed as its base letter where there is
one. Both files are drawn straight from a queryset, page by page.
"""

import io
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from xml.sax.saxutils import escape

import segno
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from samlas.core.dates import format_event_span, format_time
from samlas.events.models import Event
from samlas.registration.checkin import checkin_code
from samlas.registration.models import Registration, SeminarChoice

FONT, BOLD = "Helvetica", "Helvetica-Bold"
NAVY = colors.HexColor("#0b3a5c")
GREY = colors.HexColor("#505a5f")
BADGE_WIDTH, BADGE_HEIGHT = 90 * mm, 55 * mm
COLUMNS, ROWS = 2, 5
PAD = 5 * mm
BAND = 9 * mm
QR_SIZE = 20 * mm


# --- Text --------------------------------------------------------------------------------


# Letters that Unicode does not decompose into a base letter and an accent.
_BASE_LETTERS = str.maketrans("ŁłĐđŊŋĦħŦŧıŉ", "LlDdNnHhTtin")


def printable(text: str) -> str:
    """The text in Helvetica's WinAnsi characters: any other letter becomes its base letter
    ("Ŋ" → "N", "ą" → "a"), anything else a question mark."""
    out = []
    for char in text:
        try:
            char.encode("cp1252")
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", char.translate(_BASE_LETTERS))[:1]
            char = base if base and base.isascii() else "?"
        out.append(char)
    return "".join(out)


_SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}", "ü": "y"})


def swedish_key(text: str) -> str:
    """Sort as a Swedish reader expects: …, x, y, z, å, ä, ö; é as e."""
    folded = text.casefold().translate(_SWEDISH_ORDER).translate(_BASE_LETTERS)
    return "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))


def confirmed_participants(event: Event) -> list[Registration]:
    """Confirmed registrations with their seminar choices, in Swedish name order."""
    registrations: QuerySet[Registration] = Registration.objects.filter(
        event=event, status=Registration.Status.CONFIRMED
    ).prefetch_related(
        Prefetch(
            "choices",
            queryset=SeminarChoice.objects.select_related("block", "seminar").order_by(
                "block__start", "block_id"
            ),
        )
    )
    return sorted(registrations, key=lambda r: (swedish_key(r.name), r.pk))


# --- Badges ------------------------------------------------------------------------------


def _fit(text: str, font: str, largest: float, smallest: float, width: float) -> float:
    size = largest
    while size > smallest and stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def _lines(text: str, font: str, size: float, width: float, most: int) -> list[str]:
    lines = simpleSplit(text, font, size, width)
    if len(lines) > most:
        lines = lines[:most]
        while lines[-1] and stringWidth(lines[-1] + "…", font, size) > width:
            lines[-1] = lines[-1][:-1]
        lines[-1] += "…"
    return lines


def draw_qr(pdf: canvas.Canvas, content: str, x: float, y: float, size: float) -> None:
    """A QR code as vector rectangles (one per run of dark modules), sharp at any print
    resolution. Always a full QR code: scanners and phones read Micro QR poorly."""
    qr = segno.make_qr(content, error="m")
    matrix = [list(row) for row in qr.matrix]
    modules = len(matrix)
    unit = size / modules
    pdf.setFillColor(colors.black)
    for row_index, row in enumerate(matrix):
        top = y + size - (row_index + 1) * unit
        column = 0
        while column < modules:
            if row[column]:
                start = column
                while column < modules and row[column]:
                    column += 1
                pdf.rect(x + start * unit, top, (column - start) * unit, unit, stroke=0, fill=1)
            else:
                column += 1


def _badge(pdf: canvas.Canvas, registration: Registration, title: str, x: float, y: float):
    width, height = BADGE_WIDTH, BADGE_HEIGHT
    pdf.setStrokeColor(colors.HexColor("#b1b4b6"))
    pdf.setDash(2, 2)
    pdf.setLineWidth(0.3)
    pdf.rect(x, y, width, height, stroke=1, fill=0)
    pdf.setDash()
    # The event, in a band across the top.
    pdf.setFillColor(NAVY)
    pdf.rect(x, y + height - BAND, width, BAND, stroke=0, fill=1)
    pdf.setFillColor(colors.white)
    band_text = _lines(title, BOLD, 8, width - 2 * PAD, 1)[0]
    pdf.setFont(BOLD, 8)
    pdf.drawString(x + PAD, y + height - BAND + 3.2 * mm, band_text)
    # The name: as large as fits on one line, else on two.
    name = printable(registration.name)
    text_width = width - 2 * PAD
    size = _fit(name, BOLD, 18, 11, text_width)
    names = [name] if stringWidth(name, BOLD, size) <= text_width else None
    if names is None:
        size = 12
        names = _lines(name, BOLD, size, text_width, 2)
    pdf.setFillColor(colors.black)
    pdf.setFont(BOLD, size)
    baseline = y + height - BAND - 5 * mm - size * 0.35
    for line in names:
        pdf.drawString(x + PAD, baseline, line)
        baseline -= size * 1.15
    # Title and organisation beside the QR code.
    beside = width - 2 * PAD - QR_SIZE - 3 * mm
    baseline -= 1.5 * mm
    for text, font, font_size, most in (
        (registration.title, FONT, 9, 2),
        (registration.organisation, BOLD, 9.5, 2),
    ):
        if not text:
            continue
        pdf.setFont(font, font_size)
        pdf.setFillColor(GREY if font == FONT else colors.black)
        for line in _lines(printable(text), font, font_size, beside, most):
            if baseline < y + 3 * mm:
                break
            pdf.drawString(x + PAD, baseline, line)
            baseline -= font_size * 1.2
    # The QR code with its code beneath.
    code = checkin_code(registration)
    qr_x = x + width - PAD - QR_SIZE
    draw_qr(pdf, code, qr_x, y + 5 * mm, QR_SIZE)
    pdf.setFont(FONT, 6.5)
    pdf.setFillColor(colors.black)
    pdf.drawCentredString(qr_x + QR_SIZE / 2, y + 2.5 * mm, code)


def badges_pdf(event: Event, registrations: Iterable[Registration]) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    pdf.setTitle(printable(_("Name badges: %(event)s") % {"event": event.title}))
    pdf.setAuthor("Samlas")
    page_width, page_height = A4
    left = (page_width - COLUMNS * BADGE_WIDTH) / 2
    bottom = (page_height - ROWS * BADGE_HEIGHT) / 2
    title = printable(event.title)
    per_page = COLUMNS * ROWS
    index = 0
    for index, registration in enumerate(registrations):
        if index and index % per_page == 0:
            pdf.showPage()
        slot = index % per_page
        row, column = divmod(slot, COLUMNS)
        x = left + column * BADGE_WIDTH
        y = bottom + (ROWS - 1 - row) * BADGE_HEIGHT
        _badge(pdf, registration, title, x, y)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


# --- The participant list ----------------------------------------------------------------


@dataclass(frozen=True)
class _Footer:
    left: str
    page_text: str  # "Page %(page)s of %(pages)s"


class _NumberedCanvas(canvas.Canvas):
    """Holds the pages back until the end, so each can say "page 2 of 7"."""

    def __init__(self, *args, footer: _Footer, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.footer = footer
        self._pages: list[dict] = []

    def showPage(self) -> None:  # reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._draw_footer(total)
            super().showPage()
        super().save()

    def _draw_footer(self, total: int) -> None:
        width, _height = self._pagesize
        self.setFont(FONT, 8)
        self.setFillColor(GREY)
        self.drawString(15 * mm, 9 * mm, self.footer.left)
        page = self.footer.page_text % {"page": self._pageNumber, "pages": total}
        self.drawRightString(width - 15 * mm, 9 * mm, page)


def _seminars(registration: Registration) -> str:
    parts = []
    for choice in registration.choices.all():
        text = f"{format_time(choice.block.start)} {choice.seminar.title}"
        if choice.status == SeminarChoice.Status.WAITING:
            text += f" ({_('waiting list')})"
        parts.append(escape(printable(text)))
    return "<br/>".join(parts)


def participant_list_pdf(event: Event, registrations: list[Registration]) -> bytes:
    buffer = io.BytesIO()
    footer = _Footer(
        left=printable(
            _("%(event)s – printed %(date)s – contains personal data: destroy after the event")
            % {"event": event.title, "date": timezone.localdate().isoformat()}
        ),
        page_text=printable(_("Page %(page)s of %(pages)s")),
    )
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=18 * mm,
        title=printable(_("Participant list: %(event)s") % {"event": event.title}),
        author="Samlas",
    )
    heading = ParagraphStyle("heading", fontName=BOLD, fontSize=15, leading=19)
    body = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=11.5)
    cell = ParagraphStyle("cell", parent=body)
    head = ParagraphStyle("head", parent=body, fontName=BOLD, textColor=colors.white)

    def para(text: str, style: ParagraphStyle = cell) -> Paragraph:
        return Paragraph(escape(printable(text)), style)

    where = f", {event.venue.name}" if event.venue_id else ""
    story = [
        Paragraph(
            escape(printable(_("Participant list: %(event)s") % {"event": event.title})), heading
        ),
        Spacer(1, 2 * mm),
        para(format_event_span(event.start, event.end) + where, body),
        para(
            _("%(count)s confirmed participants, sorted by name.") % {"count": len(registrations)},
            body,
        ),
        Spacer(1, 5 * mm),
    ]
    rows = [
        [
            para(_("Name"), head),
            para(_("Organisation"), head),
            para(_("Seminars"), head),
            para(_("Arrived"), head),
        ]
    ]
    for registration in registrations:
        rows.append(
            [
                para(registration.name),
                para(registration.organisation),
                Paragraph(_seminars(registration), cell),
                "",
            ]
        )
    widths = [52 * mm, 48 * mm, 66 * mm, 14 * mm]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), NAVY),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f4f1ea")]),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#b1b4b6")),
                ("GRID", (-1, 1), (-1, -1), 0.5, GREY),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    story.append(table)
    document.build(story, canvasmaker=partial(_NumberedCanvas, footer=footer))
    return buffer.getvalue()
