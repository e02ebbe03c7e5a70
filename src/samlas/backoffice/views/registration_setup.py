"""Custom questions and optional consents on an event's registration form.

Reached from the registration settings page; every page needs `EDIT_EVENT`. Each change is
one `registration.setup_services` call. Moving up and down are small POST forms (no drag and
drop), which send the person back to the row they moved.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from samlas.backoffice.forms import ConsentForm, MoveForm, QuestionForm
from samlas.backoffice.views.common import event_for, render_event, staff_view
from samlas.backoffice.views.events import form_errors
from samlas.events.models import Event
from samlas.organisations.permissions import Action
from samlas.registration import setup_services
from samlas.registration.models import ConsentOption, Question, RegistrationSettings


def _settings_row(request: HttpRequest, event: Event) -> RegistrationSettings | None:
    row = RegistrationSettings.objects.filter(event=event).first()
    if row is None:
        messages.error(request, _("Save the registration settings first."))
    return row


def _back_to(name: str, event: Event, anchor: str = "") -> HttpResponse:
    return redirect(reverse(f"backoffice:{name}", args=[event.pk]) + anchor)


# --- Questions -------------------------------------------------------------------------------


@staff_view
def questions(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request, pk, Action.EDIT_EVENT)
    row = _settings_row(request, event)
    if row is None:
        return _back_to("registration_settings", event)
    rows = row.questions.prefetch_related("options").annotate(answer_count=Count("answers"))
    return render_event(
        request,
        event,
        "backoffice/registration_questions.html",
        {"questions": list(rows), "move_form": MoveForm()},
    )


def _question(event: Event, question_pk: int) -> Question:
    return get_object_or_404(
        Question.objects.select_related("settings"), pk=question_pk, settings__event=event
    )


@staff_view
def question_edit(request: HttpRequest, pk: int, question_pk: int | None = None) -> HttpResponse:
    event = event_for(request, pk, Action.EDIT_EVENT)
    question = _question(event, question_pk) if question_pk else None
    if question is None and _settings_row(request, event) is None:
        return _back_to("registration_settings", event)
    answered = setup_services.answer_count(question) if question else 0
    form = QuestionForm(
        request.POST if request.method == "POST" else None,
        answered=answered,
        initial=QuestionForm.initial_for(question) if question else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            if question is None:
                question = setup_services.add_question(event, form.values(), actor=request.user)
                done = _("The question has been added.")
            else:
                question = setup_services.change_question(
                    question, form.values(kind=question.kind), actor=request.user
                )
                done = _("The question has been saved.")
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, done)
            return _back_to("registration_questions", event, f"#fraga-{question.pk}")
    return render_event(
        request,
        event,
        "backoffice/question_form.html",
        {"form": form, "question": question, "answered": answered},
    )


@staff_view
def question_delete(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    event = event_for(request, pk, Action.EDIT_EVENT)
    question = _question(event, question_pk)
    if request.method == "POST":
        setup_services.delete_question(question, actor=request.user)
        messages.success(request, _("The question has been removed."))
        return _back_to("registration_questions", event)
    return render_event(
        request,
        event,
        "backoffice/question_delete.html",
        {"question": question, "answered": setup_services.answer_count(question)},
    )


def _move(request: HttpRequest, event: Event, obj, service, list_name: str, anchor: str):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = MoveForm(request.POST)
    if form.is_valid():
        direction = form.cleaned_data["direction"]
        if service(obj, direction, actor=request.user):
            done = _("“%(text)s” moved up.") if direction == "up" else _("“%(text)s” moved down.")
            messages.success(request, done % {"text": str(obj)})
    return _back_to(list_name, event, anchor)


@staff_view
def question_move(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    event = event_for(request, pk, Action.EDIT_EVENT)
    question = _question(event, question_pk)
    return _move(
        request,
        event,
        question,
        setup_services.move_question,
        "registration_questions",
        f"#fraga-{question.pk}",
    )


# --- Consents --------------------------------------------------------------------------------


@staff_view
def consents(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request, pk, Action.EDIT_EVENT)
    row = _settings_row(request, event)
    if row is None:
        return _back_to("registration_settings", event)
    rows = row.consents.annotate(
        given_count=Count("records", filter=Q(records__withdrawn_at__isnull=True))
    )
    return render_event(
        request,
        event,
        "backoffice/registration_consents.html",
        {"consents": list(rows), "move_form": MoveForm()},
    )


def _consent(event: Event, consent_pk: int) -> ConsentOption:
    return get_object_or_404(
        ConsentOption.objects.select_related("settings"), pk=consent_pk, settings__event=event
    )


@staff_view
def consent_edit(request: HttpRequest, pk: int, consent_pk: int | None = None) -> HttpResponse:
    event = event_for(request, pk, Action.EDIT_EVENT)
    consent = _consent(event, consent_pk) if consent_pk else None
    if consent is None and _settings_row(request, event) is None:
        return _back_to("registration_settings", event)
    form = ConsentForm(
        request.POST if request.method == "POST" else None,
        initial={"text": consent.text} if consent else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            if consent is None:
                consent = setup_services.add_consent(event, form.cleaned_data, actor=request.user)
                done = _("The consent has been added.")
            else:
                version = consent.version
                consent = setup_services.change_consent(
                    consent, form.cleaned_data, actor=request.user
                )
                done = (
                    _("The consent has been saved as version %(version)d.")
                    % {"version": consent.version}
                    if consent.version != version
                    else _("The text was not changed.")
                )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, done)
            return _back_to("registration_consents", event, f"#samtycke-{consent.pk}")
    given = setup_services.given_count(consent) if consent else 0
    return render_event(
        request,
        event,
        "backoffice/consent_form.html",
        {"form": form, "consent": consent, "given": given},
    )


@staff_view
def consent_delete(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    event = event_for(request, pk, Action.EDIT_EVENT)
    consent = _consent(event, consent_pk)
    if request.method == "POST":
        setup_services.delete_consent(consent, actor=request.user)
        messages.success(request, _("The consent is no longer asked for."))
        return _back_to("registration_consents", event)
    return render_event(
        request,
        event,
        "backoffice/consent_delete.html",
        {"consent": consent, "given": setup_services.given_count(consent)},
    )


@staff_view
def consent_move(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    event = event_for(request, pk, Action.EDIT_EVENT)
    consent = _consent(event, consent_pk)
    return _move(
        request,
        event,
        consent,
        setup_services.move_consent,
        "registration_consents",
        f"#samtycke-{consent.pk}",
    )
