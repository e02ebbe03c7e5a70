"""Participants: the list, one registration, and staff changes through registration services.

Health data (diet, allergies, accessibility needs) is neither shown nor editable without
the `view_health_data` permission; a change by such a user keeps the stored values.
"""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from samlas.backoffice.filters import RegistrationFilterForm
from samlas.backoffice.forms import CancelRegistrationForm, MoveOptionsForm, SettingsForm
from samlas.backoffice.views.common import event_for, paginate, render_event, staff_view
from samlas.backoffice.views.events import form_errors
from samlas.organisations.permissions import Action, can
from samlas.registration import checkin, queries, services
from samlas.registration import staff as registration_staff
from samlas.registration.exceptions import InvalidData, RegistrationError
from samlas.registration.forms import ChoicesForm, DetailsForm, registration_data
from samlas.registration.models import Registration, RegistrationSettings, SeminarChoice
from samlas.registration.validation import HEALTH_FIELDS


@staff_view
def registration_list(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request, pk, Action.VIEW_REGISTRATIONS)
    form = RegistrationFilterForm(event, request.GET or None)
    context = paginate(request, form.queryset())
    return render_event(
        request,
        event,
        "backoffice/registrations.html",
        {"filter_form": form, "filtered": bool(form.filters()), **context},
    )


def _registration(event, registration_pk: int) -> Registration:
    get_object_or_404(Registration, pk=registration_pk, event=event)
    return queries.registration_detail(registration_pk)


@staff_view
def registration_detail(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    event = event_for(request, pk, Action.VIEW_REGISTRATIONS)
    registration = _registration(event, registration_pk)
    choices = list(registration.choices.all())
    for choice in choices:
        choice.position = (
            queries.choice_waiting_position(choice)
            if choice.status == SeminarChoice.Status.WAITING
            else None
        )
    return render_event(
        request,
        event,
        "backoffice/registration_detail.html",
        {
            "registration": registration,
            "choices": choices,
            "waiting_position": queries.waiting_position(registration),
            "show_health": can(request.user, Action.VIEW_HEALTH_DATA, event),
            "log": registration.log_entries.select_related("actor")[:50],
            "checkin_code": checkin.checkin_code(registration),
        },
    )


def _spec(request: HttpRequest, event):
    spec = queries.registration_form(event)
    if spec is None:
        messages.error(request, _("Set up registration for the event first."))
    return spec


def _details_form(request: HttpRequest, event, spec, **kwargs) -> DetailsForm:
    form = DetailsForm(spec, **kwargs)
    if not can(request.user, Action.VIEW_HEALTH_DATA, event):
        for name in HEALTH_FIELDS:
            form.fields.pop(name, None)
    return form


def _service_error(form, error: RegistrationError) -> None:
    if isinstance(error, InvalidData):
        for key, errors in error.errors.items():
            name = f"q_{key.split('.', 1)[1]}" if key.startswith("answers.") else key
            for message in errors:
                form.add_error(name if name in form.fields else None, message)
    else:
        form.add_error(None, str(error))


@staff_view
def registration_add(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request, pk, Action.EDIT_REGISTRATIONS)
    spec = _spec(request, event)
    if spec is None:
        return redirect("backoffice:registration_settings", pk=event.pk)
    posted = request.POST if request.method == "POST" else None
    details = _details_form(request, event, spec, data=posted)
    choices = ChoicesForm(spec, posted, prefix="choices")
    key = (posted or {}).get("idempotency_key", "")[:64] or uuid.uuid4().hex
    if posted is not None and details.is_valid() and choices.is_valid():
        try:
            registration = services.register(
                event,
                details.to_data(),
                choices.choices(),
                choices.preferences(),
                idempotency_key=key,
                actor=request.user,
            )
        except RegistrationError as error:
            _service_error(details, error)
        else:
            messages.success(
                request,
                _("%(name)s is registered (%(status)s).")
                % {"name": registration.name, "status": registration.get_status_display()},
            )
            return redirect("backoffice:registration", pk=event.pk, registration_pk=registration.pk)
    return render_event(
        request,
        event,
        "backoffice/registration_form.html",
        {"details": details, "choices": choices, "idempotency_key": key, "adding": True},
    )


@staff_view
def registration_edit(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    event = event_for(request, pk, Action.EDIT_REGISTRATIONS)
    registration = _registration(event, registration_pk)
    spec = _spec(request, event)
    if spec is None:
        return redirect("backoffice:registration", pk=event.pk, registration_pk=registration.pk)
    stored = registration_data(registration)
    details = _details_form(
        request,
        event,
        spec,
        data=request.POST if request.method == "POST" else None,
        initial=DetailsForm.initial_from_data(stored),
    )
    if request.method == "POST" and details.is_valid():
        data = details.to_data()
        # What this user may not see or staff do not change is kept as stored.
        for name in HEALTH_FIELDS:
            data.setdefault(name, stored.get(name, ""))
        data["consents"] = stored["consents"]
        try:
            services.change_answers(registration, data, actor=request.user)
        except RegistrationError as error:
            _service_error(details, error)
        else:
            messages.success(request, _("The details have been saved."))
            return redirect("backoffice:registration", pk=event.pk, registration_pk=registration.pk)
    return render_event(
        request,
        event,
        "backoffice/registration_form.html",
        {"details": details, "registration": registration},
    )


@staff_view
def registration_choices(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    """Move a participant between seminars; a full seminar is refused unless staff put
    them on its waiting list."""
    event = event_for(request, pk, Action.EDIT_REGISTRATIONS)
    registration = _registration(event, registration_pk)
    spec = _spec(request, event)
    if spec is None:
        return redirect("backoffice:registration", pk=event.pk, registration_pk=registration.pk)
    current = {c.block_id: c.seminar_id for c in registration.choices.all()}
    ranking: dict[int, list[int]] = {}
    for preference in registration.preferences.all():
        ranking.setdefault(preference.block_id, []).append(preference.seminar_id)
    posted = request.POST if request.method == "POST" else None
    form = ChoicesForm(
        spec,
        posted,
        current=current,
        initial=ChoicesForm.initial_from(current, ranking),
        prefix="choices",
    )
    options = MoveOptionsForm(posted)
    if posted is not None and form.is_valid() and options.is_valid():
        try:
            services.change_choices(
                registration,
                form.choices(),
                form.preferences(),
                accept_waiting_list=options.cleaned_data["waiting_list"],
                actor=request.user,
            )
        except RegistrationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The seminar choices have been saved."))
            return redirect("backoffice:registration", pk=event.pk, registration_pk=registration.pk)
    return render_event(
        request,
        event,
        "backoffice/registration_choices.html",
        {"form": form, "options": options, "registration": registration},
    )


@staff_view
def registration_cancel(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    event = event_for(request, pk, Action.EDIT_REGISTRATIONS)
    registration = _registration(event, registration_pk)
    form = CancelRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel(registration, actor=request.user, reason=form.cleaned_data["reason"])
        except RegistrationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The registration has been cancelled."))
            return redirect("backoffice:registration", pk=event.pk, registration_pk=registration.pk)
    return render_event(
        request,
        event,
        "backoffice/registration_cancel.html",
        {"form": form, "registration": registration},
    )


@staff_view
def waiting_lists(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request, pk, Action.VIEW_REGISTRATIONS)
    if request.method == "POST":
        event_for(request, pk, Action.EDIT_REGISTRATIONS)
        promoted = services.promote_waiting_list(event, actor=request.user)
        messages.success(
            request, _("%(count)s places were given from the waiting lists.") % {"count": promoted}
        )
        return redirect("backoffice:waiting_lists", pk=event.pk)
    waiting = Registration.objects.filter(event=event, status=Registration.Status.WAITING)
    seminar_waiting = (
        SeminarChoice.objects.filter(
            block__event=event,
            status=SeminarChoice.Status.WAITING,
            registration__status=Registration.Status.CONFIRMED,
        )
        .select_related("seminar__block", "registration")
        .order_by("seminar__block__start", "seminar__position", "seminar_id", "queued_at", "pk")
    )
    return render_event(
        request,
        event,
        "backoffice/waiting_lists.html",
        {
            "waiting": waiting.order_by("queued_at", "pk"),
            "seminar_waiting": seminar_waiting,
            "seats_left": queries.event_seats_left(event),
        },
    )


@staff_view
def registration_settings(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request, pk, Action.EDIT_EVENT)
    row = RegistrationSettings.objects.filter(event=event).first()
    form = SettingsForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        try:
            registration_staff.save_settings(event, form.cleaned_data, actor=request.user)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("The registration settings have been saved."))
            return redirect("backoffice:registration_settings", pk=event.pk)
    return render_event(
        request,
        event,
        "backoffice/registration_settings.html",
        {
            "form": form,
            "creating": row is None,
            # What the form asks beyond these settings, edited on pages of their own.
            "question_count": row.questions.count() if row else 0,
            "consent_count": row.consents.count() if row else 0,
        },
    )
