"""Read models for the organiser's reports: catering counts and statistics with charts.

Counts are aggregated in the database (a handful of queries whatever the size). Charts are
drawn here as SVG geometry for `backoffice/_chart_*.svg` templates: no script, no
third-party service; each chart also has its numbers as a table.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from samlas.events.models import Event
from samlas.programme.models import Seminar
from samlas.registration.models import HealthInformation, Registration, Sector

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
    }
