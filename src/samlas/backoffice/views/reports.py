"""Exports, name badges and the participant list, the catering summary and statistics."""

from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone

from samlas.backoffice import badges, exports, reports
from samlas.backoffice.forms import ExportForm
from samlas.backoffice.views.common import event_for, render_event, staff_view
from samlas.organisations.permissions import Action, can
from samlas.registration import staff as registration_staff
from samlas.registration.models import Registration


@staff_view
def export(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request, pk, Action.EXPORT_REGISTRATIONS)
    health_allowed = can(request.user, Action.VIEW_HEALTH_DATA, event)
    columns = exports.available_columns(health_allowed)
    form = ExportForm(
        request.POST or None, columns=columns, initial={"columns": exports.DEFAULT_COLUMNS}
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["columns"]
        statuses = form.cleaned_data["status"]
        file_format = form.cleaned_data["file_format"]
        registrations = Registration.objects.filter(event=event, status__in=statuses)
        registration_staff.record_export(
            event,
            actor=request.user,
            file_format=file_format,
            columns=chosen,
            count=registrations.count(),
            filters={"status": ",".join(statuses)},
        )
        table = exports.rows(exports.export_queryset(registrations, chosen), chosen)
        name = f"{event.slug}-deltagare-{timezone.localdate():%Y-%m-%d}"
        if file_format == "csv":
            response = StreamingHttpResponse(
                exports.csv_lines(table), content_type="text/csv; charset=utf-8"
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
            return response
        return FileResponse(
            exports.xlsx_file(table, event.title),
            as_attachment=True,
            filename=f"{name}.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    return render_event(
        request, event, "backoffice/export.html", {"form": form, "health_allowed": health_allowed}
    )


@staff_view
def catering(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request, pk, Action.VIEW_REGISTRATIONS)
    return render_event(request, event, "backoffice/catering.html", reports.catering(event))


@staff_view
def statistics(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request, pk)
    return render_event(request, event, "backoffice/statistics.html", reports.statistics(event))


PRINTABLES = {
    # document: (file name, audit format, columns it shows)
    "badges": ("namnbrickor", "pdf-badges", ["name", "title", "organisation", "checkin_code"]),
    "list": ("deltagarlista", "pdf-list", ["name", "organisation", "seminars"]),
}


@staff_view
def printables(request: HttpRequest, pk: int) -> HttpResponse:
    """Name badges and the participant list as PDF; every download is logged (they hold
    personal data)."""
    event = event_for(request, pk, Action.VIEW_REGISTRATIONS)
    document = request.POST.get("document")
    if request.method == "POST" and document in PRINTABLES:
        name, file_format, columns = PRINTABLES[document]
        participants = badges.confirmed_participants(event)
        registration_staff.record_export(
            event,
            actor=request.user,
            file_format=file_format,
            columns=columns,
            count=len(participants),
            filters={"status": Registration.Status.CONFIRMED},
        )
        build = badges.badges_pdf if document == "badges" else badges.participant_list_pdf
        return HttpResponse(
            build(event, participants),
            content_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{event.slug}-{name}.pdf"'},
        )
    confirmed = Registration.objects.filter(
        event=event, status=Registration.Status.CONFIRMED
    ).count()
    return render_event(request, event, "backoffice/printables.html", {"confirmed": confirmed})
