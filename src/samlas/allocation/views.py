"""The organiser's allocation pages, in the back office under the event.

Viewing needs `VIEW_REGISTRATIONS`; running, changing capacities or the deadline and
publishing need `EDIT_REGISTRATIONS` (capacities also `EDIT_PROGRAMME`). Like every back-office
view, the event is looked up first (`event_for`), so another organisation's event answers 404
whatever the method or parameters.
"""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samlas.allocation import queries, services
from samlas.allocation.exceptions import AllocationError
from samlas.allocation.forms import CapacityForm, DeadlineForm, RunChoiceForm
from samlas.allocation.models import AllocationRun
from samlas.backoffice.reports import Bar, BarChart
from samlas.backoffice.views.common import event_for, render_event, staff_view
from samlas.events.models import Event
from samlas.organisations.permissions import Action, can

RUN_PARAMETER = "korning"
FILES = {"indata": "instance", "resultat": "result"}


def _page_url(event: Event, run: AllocationRun | None = None) -> str:
    url = reverse("backoffice:allocation", args=[event.pk])
    return f"{url}?{RUN_PARAMETER}={run.pk}" if run else url


def _requested_run(request: HttpRequest, event: Event) -> AllocationRun:
    """The run named in the query string; 404 when missing, malformed or another event's."""
    run = queries.run_for(event, request.GET.get(RUN_PARAMETER, ""))
    if run is None:
        raise Http404
    return run


def rank_label(rank: int) -> str:
    return _("Choice %(rank)s") % {"rank": rank}


def _charts(report: queries.RunReport) -> dict:
    ranks = [Bar(rank_label(rank), people) for rank, people in report.histogram]
    if report.unplaced:
        ranks.append(Bar(_("No seat"), report.unplaced))
    fill = [
        Bar(f"{block.title}: {seminar.title}", seminar.percent)
        for block, seminar in report.seminars
    ]
    return {
        "rank_chart": BarChart(ranks),
        "fill_chart": BarChart(fill, unit=" %", maximum=100),
    }


@staff_view
def overview(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request, pk, Action.VIEW_REGISTRATIONS)
    run = (
        _requested_run(request, event)
        if RUN_PARAMETER in request.GET
        else queries.latest_run(event)
    )
    settings_row = queries.allocation_settings(event)
    published = queries.published_run(event)
    context = {
        "blocks": queries.ranked_blocks(event),
        "deadline": queries.preference_deadline(event, settings_row),
        "deadline_passed": queries.deadline_passed(event),
        "deadline_is_own": bool(settings_row and settings_row.preference_deadline),
        "published": published,
        "run": run,
        "runs": list(queries.runs(event)[:20]),
        "may_edit": can(request.user, Action.EDIT_REGISTRATIONS, event),
        "may_change_capacities": can(request.user, Action.EDIT_REGISTRATIONS, event)
        and can(request.user, Action.EDIT_PROGRAMME, event),
    }
    if run is not None and run.has_result:
        report = queries.run_report(run)
        context.update({"report": report, **_charts(report)})
        if run.status == AllocationRun.Status.DONE and published is None:
            context["input_current"] = queries.input_is_current(run, event)
    if run is not None and run.is_active:
        context["progress_url"] = (
            f"{reverse('backoffice:allocation_progress', args=[event.pk])}?{RUN_PARAMETER}={run.pk}"
        )
    return render_event(request, event, "allocation/overview.html", context)


@staff_view
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The run's phase for the page's script, which polls it while the run is active."""
    event = event_for(request, pk, Action.VIEW_REGISTRATIONS)
    run = _requested_run(request, event)
    return JsonResponse(
        {
            "status": run.status,
            "active": run.is_active,
            "progress": run.progress,
            "phase": str(run.get_phase_display()),
        }
    )


@staff_view
def start(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request, pk, Action.EDIT_REGISTRATIONS)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        run = services.start_run(event, actor=request.user)
    except AllocationError as error:
        messages.error(request, error.message)
        return redirect(_page_url(event))
    return redirect(_page_url(event, run))


@staff_view
def capacities(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request, pk, Action.EDIT_REGISTRATIONS)
    if not can(request.user, Action.EDIT_PROGRAMME, event):
        raise PermissionDenied
    blocks = queries.ranked_blocks(event)
    if not blocks:
        messages.error(request, _("There are no ranked blocks whose capacities could be changed."))
        return redirect(_page_url(event))
    form = CapacityForm(request.POST or None, blocks=blocks)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.change_capacities(event, form.capacities(), actor=request.user)
        except (AllocationError, ValidationError) as error:
            messages.error(request, getattr(error, "message", None) or error.messages[0])
            return redirect(_page_url(event))
        messages.success(
            request,
            ngettext(
                "The capacity of %(count)s seminar has been changed.",
                "The capacities of %(count)s seminars have been changed.",
                len(changed),
            )
            % {"count": len(changed)},
        )
        if "and_run" not in request.POST:
            return redirect(_page_url(event))
        try:
            run = services.start_run(event, actor=request.user)
        except AllocationError as error:
            messages.error(request, error.message)
            return redirect(_page_url(event))
        return redirect(_page_url(event, run))
    return render_event(request, event, "allocation/capacities.html", {"form": form})


@staff_view
def deadline(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request, pk, Action.EDIT_REGISTRATIONS)
    settings_row = queries.allocation_settings(event)
    initial = {"preference_deadline": settings_row.preference_deadline if settings_row else None}
    form = DeadlineForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.save_settings(
            event,
            preference_deadline=form.cleaned_data["preference_deadline"],
            actor=request.user,
        )
        messages.success(request, _("The last day for ranking seminars has been saved."))
        return redirect(_page_url(event))
    return render_event(
        request,
        event,
        "allocation/deadline.html",
        {"form": form, "default_deadline": event.registration_closes or event.start},
    )


@staff_view
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what publishing will do, and the button; POST: publish."""
    event = event_for(request, pk, Action.EDIT_REGISTRATIONS)
    if request.method == "POST":
        form = RunChoiceForm(request.POST)
        run = queries.run_for(event, form.data.get("run", "")) if form.is_valid() else None
        if run is None:
            raise Http404
        try:
            outcome = services.publish_allocation(run, request.user)
        except AllocationError as error:
            messages.error(request, error.message)
            return redirect(_page_url(event, run))
        messages.success(
            request,
            _(
                "The allocation is published: %(placed)s seats given, %(waiting)s on waiting "
                "lists, %(emails)s e-mails on their way."
            )
            % {"placed": outcome.placed, "waiting": outcome.waiting, "emails": outcome.emails},
        )
        return redirect(_page_url(event, run))
    run = _requested_run(request, event)
    if run.status != AllocationRun.Status.DONE:
        messages.error(request, _("Only a finished preview can be published."))
        return redirect(_page_url(event, run))
    return render_event(
        request,
        event,
        "allocation/publish.html",
        {
            "run": run,
            "report": queries.run_report(run),
            "form": RunChoiceForm(initial={"run": run.pk}),
            "deadline": queries.preference_deadline(event),
            "deadline_passed": queries.deadline_passed(event),
        },
    )


@staff_view
def download(request: HttpRequest, pk: int) -> HttpResponse:
    """A run's input or output as the solver reads and writes it, to check or repeat it with
    `python -m samlas allocate --input … --seed …` (ids only; the download is logged)."""
    event = event_for(request, pk, Action.EXPORT_REGISTRATIONS)
    run = _requested_run(request, event)
    kind = request.GET.get("fil", "")
    if kind not in FILES or not run.has_result:
        raise Http404
    services.record_download(run, request.user, kind)
    data = getattr(run, FILES[kind])
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1),
        content_type="application/json; charset=utf-8",
    )
    name = f"{event.slug}-platsfordelning-{run.pk}-{kind}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
