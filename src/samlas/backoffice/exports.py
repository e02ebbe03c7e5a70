"""Exports of an event's registrations to CSV and Excel, with the columns staff choose.

Rows are read CHUNK at a time as plain values (no model instances: building them took
most of the time), each chunk's seminar choices in one more query, and written as they are
read: CSV streams a few hundred rows per write; Excel uses openpyxl's write-only mode into a
temporary file. Memory stays flat from 5,000 to 50,000 registrations (bench/backoffice.py).
Health columns exist only for users allowed to see health data, and only when chosen.
"""

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from samlas.core.counties import County
from samlas.programme.models import Seminar
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


# The registration fields each column reads (values rows: no model instances are built).
FIELDS = {
    "invoice": ("organisation_number", "peppol_id", "invoice_reference"),
    "dietary_needs": ("health__dietary_needs",),
    "allergies": ("health__allergies",),
    "accessibility_needs": ("health__accessibility_needs",),
    "seminars": (),
}


def export_queryset(registrations: QuerySet[Registration], columns: list[str]) -> QuerySet:
    """The registrations to export, in the order of the file: first registered first."""
    return registrations.order_by("created_at", "pk")


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


def _safe(value: str) -> str:
    """Keep a spreadsheet from running a cell as a formula (CSV injection)."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class _Seminars:
    """Each registration's seminars as one cell, read a chunk of registrations at a time.

    Choices are read as plain values (registration, block, seminar, status); the title and
    the time of each seminar are read once for the whole export, not once per choice.
    """

    def __init__(self, choice_labels: dict[str, str]) -> None:
        self.choice_labels = choice_labels
        self.seminars: dict[int, tuple[str, Any, int]] = {}  # id: (title, block start, block)

    def cells(self, registration_ids: list[int]) -> dict[int, str]:
        choices = list(
            SeminarChoice.objects.filter(registration_id__in=registration_ids).values_list(
                "registration_id", "seminar_id", "status"
            )
        )
        missing = {seminar for _r, seminar, _s in choices} - self.seminars.keys()
        if missing:
            rows = Seminar.objects.filter(pk__in=missing).values_list(
                "pk", "title", "block__start", "block_id"
            )
            self.seminars.update((pk, (title, start, block)) for pk, title, start, block in rows)
        per_registration: dict[int, list[tuple]] = {}
        for registration, seminar, status in choices:
            title, start, block = self.seminars[seminar]
            per_registration.setdefault(registration, []).append((start, block, title, status))
        cells = {}
        for registration, parts in per_registration.items():
            parts.sort(key=lambda part: part[:2])
            cells[registration] = "; ".join(
                f"{title} ({label})" if (label := self.choice_labels.get(status)) else title
                for _start, _block, title, status in parts
            )
        return cells


def _cell(column: str, row: tuple, at: dict[str, int], labels: dict, seminars: dict) -> str:
    match column:
        case "sector" | "county" | "status":
            return labels[column].get(row[at[column]], "")
        case "created_at":
            return timezone.localtime(row[at[column]]).strftime("%Y-%m-%d %H:%M")
        case "invoice":
            return " / ".join(p for p in (row[at[f]] for f in FIELDS["invoice"]) if p)
        case "seminars":
            return seminars.get(row[0], "")
    return row[at[FIELDS.get(column, (column,))[0]]] or ""  # health data may be absent


def rows(queryset: QuerySet, columns: list[str]) -> Iterator[list[str]]:
    """The header, then one row of strings per registration, read CHUNK at a time as plain
    values (building 50,000 model instances took most of an export's time)."""
    yield [str(BY_KEY[c].label) for c in columns]
    labels = _labels()
    fields = ["pk"]
    for column in columns:
        fields += [f for f in FIELDS.get(column, (column,)) if f not in fields]
    at = {field: index for index, field in enumerate(fields)}
    seminars = _Seminars(labels["choice"]) if "seminars" in columns else None
    values = queryset.values_list(*fields).iterator(chunk_size=CHUNK)
    for chunk in _batches(values, CHUNK):
        cells = seminars.cells([row[0] for row in chunk]) if seminars else {}
        for row in chunk:
            yield [_safe(_cell(column, row, at, labels, cells)) for column in columns]


def csv_lines(table: Iterable[list[str]], rows_per_chunk: int = 500) -> Iterator[str]:
    """CSV for Excel in Sweden: UTF-8 with a byte-order mark, semicolons. Streamed a few
    hundred rows at a time (one write per row would cost more than the rows)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    yield "\ufeff"
    for batch in _batches(table, rows_per_chunk):
        writer.writerows(batch)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


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
