"""Read models for the organiser's reports: catering counts and statistics with charts.

Counts are aggregated in the database (a handful of queries whatever the size). Charts are
drawn here as SVG geometry for `backoffice/_chart_*.svg` templates: no script, no
third-party service; each chart also has its numbers as a table.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from samlas.core.dates import format_time
from samlas.events.models import Event
from samlas.programme.models import Seminar
from samlas.registration.checkin import arrivals
from samlas.registration.models import HealthInformation, Registration, Sector, SeminarChoice

ACTIVE = [Registration.Status.CONFIRMED, Registration.Status.WAITING]


def _normalise(text: str) -> str:
    """ "Vegetarisk.", " vegetarisk" and "VEGETARISK" are one line in the summary."""
    text = " ".join(text.split()).strip(" .,;")
    return text[:1].upper() + text[1:].lower() if text else text


def catering(event: Event) -> dict:
    """Confirmed participants' diets and allergies, counted, without names."""
    health = HealthInformation.objects.filter(
        registration__event=event, registration__status=Registration.Status.CONFIRMED
    )
    result = {}
    for name in ("dietary_needs", "allergies"):
        counts: Counter[str] = Counter()
        for text, n in health.exclude(**{name: ""}).values_list(name).annotate(n=Count("pk")):
            counts[_normalise(text)] += n
        result[name] = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    result["confirmed"] = Registration.objects.filter(
        event=event, status=Registration.Status.CONFIRMED
    ).count()
    result["special"] = health.filter(~Q(dietary_needs="") | ~Q(allergies="")).count()
    return result


# --- Charts ----------------------------------------------------------------------------------


@dataclass
class Bar:
    label: str
    value: int
    y: float = 0
    width: float = 0
    text: str = ""
    inside: bool = False


@dataclass
class BarChart:
    """Horizontal bars, one per row, scaled to the largest value (or `maximum`)."""

    bars: list[Bar]
    unit: str = ""
    maximum: int | None = None
    label_width: int = 260
    plot_width: int = 380
    row: int = 30
    height: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        top = max([self.maximum or 0, *(b.value for b in self.bars), 1])
        for index, bar in enumerate(self.bars):
            bar.y = index * self.row + 4
            bar.width = round(self.plot_width * bar.value / top, 1)
            bar.text = f"{bar.value}{self.unit}"
            bar.inside = bar.width > 60
        self.height = len(self.bars) * self.row + 8

    @property
    def width(self) -> int:
        return self.label_width + self.plot_width + 70

    @property
    def label_x(self) -> int:
        return self.label_width - 8


@dataclass
class LineChart:
    """Registrations per day, accumulated: a line over an area, with a few date labels."""

    points: list[tuple[date, int]]
    width: int = 700
    height: int = 260
    left: int = 48
    bottom: int = 36
    path: str = ""
    area: str = ""
    ticks: list[tuple[float, str]] = field(default_factory=list)
    levels: list[tuple[float, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.points:
            return
        top = max(self.points[-1][1], 1)
        span = max(len(self.points) - 1, 1)
        plot_w, plot_h = self.width - self.left - 10, self.height - self.bottom - 10
        coords = [
            (self.left + plot_w * i / span, 10 + plot_h * (1 - value / top))
            for i, (_day, value) in enumerate(self.points)
        ]
        self.path = "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        base = 10 + plot_h
        self.area = f"{self.path} L{coords[-1][0]:.1f},{base} L{coords[0][0]:.1f},{base} Z"
        step = max(len(self.points) // 5, 1)
        self.ticks = [
            (coords[i][0], self.points[i][0].strftime("%-d/%-m"))
            for i in range(0, len(self.points), step)
        ]
        self.levels = [(10 + plot_h * (1 - f), round(top * f)) for f in (0, 0.5, 1)]

    @property
    def baseline(self) -> int:
        return self.height - self.bottom


def statistics(event: Event) -> dict:
    registrations = Registration.objects.filter(event=event, status__in=ACTIVE)
    sectors = dict(Sector.choices)
    by_sector = [
        Bar(capfirst(str(sectors.get(sector, ""))) or _("Not given"), n)
        for sector, n in registrations.values_list("sector")
        .annotate(n=Count("pk"))
        .order_by("-n", "sector")
    ]
    by_organisation = [
        Bar(organisation or _("Not given"), n)
        for organisation, n in registrations.values_list("organisation")
        .annotate(n=Count("pk"))
        .order_by("-n", "organisation")[:10]
    ]
    seminars = (
        Seminar.objects.filter(block__event=event)
        .select_related("block", "registration_seats")
        .order_by("block__start", "position", "pk")
    )
    fill = []
    for seminar in seminars:
        seats = getattr(seminar, "registration_seats", None)
        confirmed = seats.confirmed if seats else 0
        percent = round(100 * confirmed / seminar.capacity) if seminar.capacity else 0
        bar = Bar(f"{seminar.block.title}: {seminar.title}", percent)
        bar.confirmed, bar.capacity = confirmed, seminar.capacity
        fill.append(bar)
    per_day = dict(
        Registration.objects.filter(event=event)
        .annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .values_list("day")
        .annotate(n=Count("pk"))
        .order_by("day")
    )
    points: list[tuple[date, int]] = []
    if per_day:
        # Start the day before the first registration, so that even one day draws a rise.
        day, last, total = min(per_day) - timedelta(days=1), max(per_day), 0
        while day <= last:
            total += per_day.get(day, 0)
            points.append((day, total))
            day += timedelta(days=1)
    return {
        "total": registrations.count(),
        "sector_chart": BarChart(by_sector),
        "organisation_chart": BarChart(by_organisation),
        "fill_chart": BarChart(fill, unit=" %", maximum=100),
        "time_chart": LineChart(points),
        "per_day": [(day, per_day.get(day, 0), total) for day, total in points],
        **attendance(event),
    }


# --- Attendance after check-in ---------------------------------------------------------------

QUARTER = timedelta(minutes=15)
# Longer than this from the first arrival to the last, and arrivals are counted per hour.
QUARTERS_AT_MOST = 24


def _slot_start(moment: datetime, size: timedelta) -> datetime:
    local = timezone.localtime(moment)
    minutes = int(size.total_seconds() // 60)
    return local.replace(minute=local.minute - local.minute % minutes, second=0, microsecond=0)


def arrivals_over_time(moments: list[datetime]) -> list[Bar]:
    """Arrivals per quarter of an hour (per hour over a longer span), empty slots included
    so that the bars read as a time line; the day is named when the event has several."""
    if not moments:
        return []
    first, last = min(moments), max(moments)
    size = QUARTER if last - first <= QUARTER * QUARTERS_AT_MOST else QUARTER * 4
    counts = Counter(_slot_start(moment, size) for moment in moments)
    slot, end = _slot_start(first, size), _slot_start(last, size)
    several_days = slot.date() != end.date()
    bars = []
    while slot <= end:
        label = f"{format_time(slot)}–{format_time(slot + size)}"
        if several_days:
            label = f"{slot:%-d/%-m} {label}"
        bars.append(Bar(label, counts.get(slot, 0)))
        slot = timezone.localtime(slot + size)
    return bars


def attendance(event: Event) -> dict:
    """Who came, among the confirmed participants: in all, over time and per seminar."""
    counts = arrivals(event)
    moments = list(
        Registration.objects.filter(
            event=event, status=Registration.Status.CONFIRMED, checked_in_at__isnull=False
        ).values_list("checked_in_at", flat=True)
    )
    per_seminar = (
        SeminarChoice.objects.filter(
            block__event=event,
            status=SeminarChoice.Status.CONFIRMED,
            registration__status=Registration.Status.CONFIRMED,
        )
        .values_list("seminar_id", "seminar__block__title", "seminar__title")
        .annotate(
            seated=Count("pk"),
            arrived=Count("pk", filter=Q(registration__checked_in_at__isnull=False)),
        )
        .order_by("seminar__block__start", "seminar__position", "seminar_id")
    )
    seminar_bars = []
    for _seminar, block_title, title, seated, arrived in per_seminar:
        bar = Bar(f"{block_title}: {title}", round(100 * arrived / seated) if seated else 0)
        bar.confirmed, bar.capacity = arrived, seated
        seminar_bars.append(bar)
    return {
        "attendance": counts,
        "arrival_chart": BarChart(arrivals_over_time(moments)),
        "seminar_attendance_chart": BarChart(seminar_bars, unit=" %", maximum=100),
    }
