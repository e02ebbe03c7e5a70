"""Events: create, overview, edit, publish, unpublish, cancel, copy; organisers and access."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from samlas.backoffice.forms import (
    AccessForm,
    CancelEventForm,
    CohostForm,
    ContactPersonForm,
    ContactPersonsForm,
    CopyEventForm,
    EventForm,
)
from samlas.backoffice.views.common import event_for, paginate, render_event, staff_view
from samlas.core.audit import entries_for_event
from samlas.events import services as event_services
from samlas.events.models import EventOrganiser
from samlas.organisations import queries as organisation_queries
from samlas.organisations import services as organisation_services
from samlas.organisations.models import AccessLevel, Organisation
from samlas.organisations.permissions import Action, OrganisationAction, can_for_organisation
from samlas.registration import setup_services
from samlas.registration import staff as registration_staff
from samlas.registration.models import Registration


def form_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: per field where the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@staff_view
def event_create(request: HttpRequest) -> HttpResponse:
    hosts = Organisation.objects.filter(
        pk__in=[
            o.pk
            for o in organisation_queries.organisations_of(request.user)
            if can_for_organisation(request.user, OrganisationAction.CREATE_EVENT, o)
        ]
    )
    if not hosts.exists():
        raise PermissionDenied
    form = EventForm(request.POST or None, hosts=hosts)
    if request.method == "POST" and form.is_valid():
        try:
            event = event_services.create_event(
                form.cleaned_data["host"],
                form.values(),
                themes=form.cleaned_data["themes"],
                audiences=form.cleaned_data["audiences"],
                actor=request.user,
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("The event has been created as a draft."))
            return redirect("backoffice:event", pk=event.pk)
    return render(request, "backoffice/event_create.html", {"form": form})


@staff_view
def event_overview(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request, pk)
    counts = Registration.objects.filter(event=event).aggregate(
        confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=Registration.Status.WAITING)),
        pending=Count("pk", filter=Q(status=Registration.Status.PENDING)),
        cancelled=Count("pk", filter=Q(status=Registration.Status.CANCELLED)),
    )
    settings_row = getattr(event, "registration_settings", None)
    return render_event(
        request,
        event,
        "backoffice/event_overview.html",
        {"counts": counts, "registration_settings": settings_row},
    )


@staff_view
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request, pk, Action.EDIT_EVENT)
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        try:
            event_services.update_event(
                event,
                form.values(),
                themes=form.cleaned_data["themes"],
                audiences=form.cleaned_data["audiences"],
                actor=request.user,
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("The event has been saved."))
            return redirect("backoffice:event", pk=event.pk)
    return render_event(request, event, "backoffice/event_form.html", {"form": form})


def _status_action(request: HttpRequest, pk: int, service, done: str) -> HttpResponse:
    event = event_for(request, pk, Action.EDIT_EVENT)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        service(event, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, done)
    return redirect("backoffice:event", pk=event.pk)


@staff_view
def event_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _status_action(
        request, pk, event_services.publish, _("The event is published on the public pages.")
    )


@staff_view
def event_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    return _status_action(
        request, pk, event_services.unpublish, _("The event is a draft again: it is not shown.")
    )


@staff_view
def event_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request, pk, Action.EDIT_EVENT)
    form = CancelEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sent = registration_staff.cancel_event(
                event, reason=form.cleaned_data["reason"], actor=request.user
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(
                request,
                _("The event is cancelled. %(count)s registered people are told by e-mail.")
                % {"count": sent},
            )
            return redirect("backoffice:event", pk=event.pk)
    registered = Registration.objects.filter(event=event).exclude(
        status=Registration.Status.CANCELLED
    )
    return render_event(
        request,
        event,
        "backoffice/event_cancel.html",
        {"form": form, "registered": registered.count()},
    )


@staff_view
def event_copy(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request, pk, Action.EDIT_EVENT)
    form = CopyEventForm(request.POST or None, initial={"title": event.title})
    if request.method == "POST" and form.is_valid():
        try:
            copy = setup_services.copy_event(
                event,
                title=form.cleaned_data["title"],
                start=form.cleaned_data["start"],
                actor=request.user,
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("The copy has been created as a draft."))
            return redirect("backoffice:event", pk=copy.pk)
    return render_event(request, event, "backoffice/event_copy.html", {"form": form})


# --- Organisers, contact persons and co-host access -----------------------------------------


@staff_view
def organisers(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request, pk)
    rows = list(event.organisers.select_related("organisation").prefetch_related("contact_persons"))
    grants = organisation_queries.access_grants(event)
    for row in rows:
        level = grants.get(row.organisation_id, AccessLevel.NONE)
        row.access = AccessLevel(level)
        row.access_form = AccessForm(initial={"level": level}, prefix=f"access-{row.pk}")
    form = CohostForm(request.POST or None)
    form.fields["organisation"].queryset = Organisation.objects.exclude(
        pk__in=[row.organisation_id for row in rows]
    )
    if request.method == "POST":
        event_for(request, pk, Action.EDIT_EVENT)
        if form.is_valid():
            try:
                event_services.add_cohost(
                    event, form.cleaned_data["organisation"], actor=request.user
                )
            except ValidationError as error:
                form_errors(form, error)
            else:
                messages.success(request, _("The co-host has been added without access."))
                return redirect("backoffice:organisers", pk=event.pk)
    return render_event(
        request, event, "backoffice/organisers.html", {"organisers": rows, "form": form}
    )


def _organiser(event, organiser_pk: int) -> EventOrganiser:
    return get_object_or_404(
        EventOrganiser.objects.select_related("organisation", "event"),
        pk=organiser_pk,
        event=event,
    )


@staff_view
def organiser_access(request: HttpRequest, pk: int, organiser_pk: int) -> HttpResponse:
    event = event_for(request, pk, Action.MANAGE_ACCESS)
    organiser = _organiser(event, organiser_pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = AccessForm(request.POST, prefix=f"access-{organiser.pk}")
    if form.is_valid():
        try:
            organisation_services.set_event_access(
                event, organiser.organisation, form.cleaned_data["level"], actor=request.user
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request,
                _("%(name)s now has: %(level)s.")
                % {
                    "name": organiser.organisation.name,
                    "level": AccessLevel(form.cleaned_data["level"]).label,
                },
            )
    else:
        messages.error(request, _("Choose a valid level of access."))
    return redirect("backoffice:organisers", pk=event.pk)


@staff_view
def organiser_remove(request: HttpRequest, pk: int, organiser_pk: int) -> HttpResponse:
    event = event_for(request, pk, Action.EDIT_EVENT)
    organiser = _organiser(event, organiser_pk)
    if request.method == "POST":
        try:
            event_services.remove_cohost(organiser, actor=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("The co-host has been removed."))
        return redirect("backoffice:organisers", pk=event.pk)
    return render_event(
        request, event, "backoffice/organiser_remove.html", {"organiser": organiser}
    )


@staff_view
def organiser_contacts(request: HttpRequest, pk: int, organiser_pk: int) -> HttpResponse:
    event = event_for(request, pk, Action.EDIT_EVENT)
    organiser = _organiser(event, organiser_pk)
    organisation = organiser.organisation
    choose = ContactPersonsForm(
        request.POST if "choose" in request.POST else None,
        organisation=organisation,
        initial={"contact_persons": organiser.contact_persons.all()},
    )
    add = ContactPersonForm(request.POST if "add" in request.POST else None, prefix="new")
    if request.method == "POST":
        try:
            if "choose" in request.POST and choose.is_valid():
                event_services.set_contact_persons(
                    organiser, choose.cleaned_data["contact_persons"], actor=request.user
                )
                messages.success(request, _("The contact persons have been saved."))
                return redirect("backoffice:organisers", pk=event.pk)
            if "add" in request.POST and add.is_valid():
                person = event_services.add_contact_person(
                    organisation, add.cleaned_data, actor=request.user
                )
                current = list(organiser.contact_persons.all())
                event_services.set_contact_persons(
                    organiser, [*current, person], actor=request.user
                )
                messages.success(request, _("The contact person has been added."))
                return redirect(
                    "backoffice:organiser_contacts", pk=event.pk, organiser_pk=organiser.pk
                )
        except ValidationError as error:
            form_errors(add if "add" in request.POST else choose, error)
    return render_event(
        request,
        event,
        "backoffice/organiser_contacts.html",
        {"organiser": organiser, "choose": choose, "add": add},
    )


@staff_view
def audit_log(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request, pk)
    return render_event(
        request,
        event,
        "backoffice/audit_log.html",
        paginate(request, entries_for_event(event.pk)),
    )
