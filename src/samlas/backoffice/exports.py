"""Exports of an event's registrations to CSV and Excel, with the columns staff choose.

Rows are read in chunks and written as they are read (CSV streams; Excel uses openpyxl's
write-only mode into a temporary file), so memory stays flat for 50,000 registrations.
Health columns exist only for users allowed to see health data, and only when chosen.
"""

import csv
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from samlas.core.counties import County
from samlas.registration.models import Registration, Sector, SeminarChoice

CHUNK = 2000


@dataclass(frozen=True)
class Column:
    key: str
    label: Any
    health: bool = False


COLUMNS = [
    Column("name", _("Name")),
    Column("email", _("E-mail")),
    Column("organisation", _("Organisation")),
    Column("title", _("Job title")),
    Column("sector", _("Sector")),
    Column("municipality", _("Municipality")),
    Column("county", _("County")),
    Column("phone", _("Phone")),
    Column("status", _("Status")),
    Column("created_at", _("Registered")),
    Column("seminars", _("Seminars")),
    Column("invoice", _("Invoice details")),
    Column("dietary_needs", _("Dietary needs"), health=True),
    Column("allergies", _("Allergies"), health=True),
    Column("accessibility_needs", _("Accessibility needs"), health=True),
]
BY_KEY = {column.key: column for column in COLUMNS}
DEFAULT_COLUMNS = ["name", "email", "organisation", "sector", "status", "seminars"]
SECTORS = dict(Sector.choices)
COUNTIES = dict(County.choices)
STATUSES = dict(Registration.Status.choices)
CHOICE_STATUS = {
    SeminarChoice.Status.WAITING: _("waiting list"),
    SeminarChoice.Status.REQUESTED: _("requested"),
}


def available_columns(health_allowed: bool) -> list[Column]:
    return [c for c in COLUMNS if health_allowed or not c.health]


def export_queryset(registrations: QuerySet[Registration], columns: list[str]) -> QuerySet:
    queryset = registrations.order_by("created_at", "pk")
    if any(BY_KEY[c].health for c in columns):
        queryset = queryset.select_related("health")
    if "seminars" in columns:
        queryset = queryset.prefetch_related(
            Prefetch(
                "choices",
                queryset=SeminarChoice.objects.select_related("seminar").order_by(
                    "block__start", "block_id"
                ),
            )
        )
    return queryset


def _seminars(registration: Registration, choice_status: dict[str, str]) -> str:
    parts = []
    for choice in registration.choices.all():
        status = choice_status.get(choice.status)
        parts.append(f"{choice.seminar.title} ({status})" if status else choice.seminar.title)
    return "; ".join(parts)


def _labels() -> dict[str, dict[str, str]]:
    """The choices' labels translated once per export, not once per cell."""
    return {
        name: {key: str(label) for key, label in labels.items()}
        for name, labels in (
            ("sector", SECTORS),
            ("county", COUNTIES),
            ("status", STATUSES),
            ("choice", CHOICE_STATUS),
        )
    }


def _value(registration: Registration, key: str, labels: dict[str, dict[str, str]]) -> str:
    match key:
        case "sector" | "county" | "status":
            return labels[key].get(getattr(registration, key), "")
        case "created_at":
            return timezone.localtime(registration.created_at).strftime("%Y-%m-%d %H:%M")
        case "seminars":
            return _seminars(registration, labels["choice"])
        case "invoice":
            parts = (
                registration.organisation_number,
                registration.peppol_id,
                registration.invoice_reference,
            )
            return " / ".join(p for p in parts if p)
        case "dietary_needs" | "allergies" | "accessibility_needs":
            health = getattr(registration, "health", None)
            return getattr(health, key) if health else ""
    return getattr(registration, key)


def _safe(value: str) -> str:
    """Keep a spreadsheet from running a cell as a formula (CSV injection)."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def rows(queryset: QuerySet, columns: list[str]) -> Iterator[list[str]]:
    yield [str(BY_KEY[c].label) for c in columns]
    labels = _labels()
    for registration in queryset.iterator(chunk_size=CHUNK):
        yield [_safe(_value(registration, c, labels)) for c in columns]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(table: Iterable[list[str]]) -> Iterator[str]:
    """CSV for Excel in Sweden: UTF-8 with a byte-order mark, semicolons."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff"
    for row in table:
        yield writer.writerow(row)


def xlsx_file(table: Iterable[list[str]], title: str) -> tempfile.SpooledTemporaryFile:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31] or "Export")
    for row in table:
        sheet.append(row)
    # Returned open: the response streams it and closes it when done.
    handle = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    workbook.save(handle)
    handle.seek(0)
    return handle
