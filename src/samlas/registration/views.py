"""The participant's pages: the registration form in steps, its receipt, and "Min anmälan".

Views parse the request, call a query or a service, and render; every change goes through
`services`. Bad input gets a page that says what is wrong, in the visitor's language, with
a 4xx status (422 for a form shown again with its errors), and the database stays as it
was, because the services check before they write.

The form's steps post to one address and carry what was typed in a signed hidden field
(`forms.FormState`), so a step shown again after an error has everything that was typed.
"""

import dataclasses
from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any

from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samlas.events.models import Event
from samlas.events.queries import registration_status
from samlas.programme.models import Block
from samlas.registration import botcheck, queries, services
from samlas.registration.exceptions import (
    AlreadyRegistered,
    EventCancelled,
    EventFull,
    InvalidChoice,
    InvalidData,
    InvalidLink,
    LinkExpired,
    RegistrationCancelled,
    RegistrationClosed,
    RegistrationError,
    RegistrationNotOpen,
    SeminarFull,
)
from samlas.registration.forms import (
    ChoicesForm,
    DetailsForm,
    FormState,
    ResendLinkForm,
    ReviewForm,
    registration_data,
)
from samlas.registration.links import PENDING_CONFIRMATION_DAYS
from samlas.registration.models import Registration

OPEN_STATES = {queries.OPEN, queries.WAITING_LIST}
DETAILS, CHOICES, REVIEW = "details", "choices", "review"
RECEIPT_SALT = "samlas.registration.receipt"
RECEIPT_MAX_AGE = 60 * 60  # the receipt page is for right after sending, not a bookmark

STEP_HEADINGS = {
    DETAILS: _("Your details"),
    CHOICES: _("Choose seminars"),
    REVIEW: _("Check and send"),
}

# What "Min anmälan" says after a change (?klart=…): a fixed text per key, no cookie needed.
DONE_MESSAGES = {
    "uppgifter": _("Your details have been changed. We have sent you an e-mail about it."),
    "seminarier": _("Your choice of seminars has been changed. We have sent you an e-mail."),
    "avbokad": _("Your registration has been cancelled. We have sent you an e-mail about it."),
    "bekraftad": _("Thank you! Your e-mail address is confirmed."),
}

# The status for a service error shown on a page of its own.
ERROR_STATUS = [
    ((RegistrationNotOpen, RegistrationClosed, EventCancelled), 403),
    ((AlreadyRegistered, EventFull, SeminarFull, RegistrationCancelled), 409),
    ((InvalidData, InvalidChoice), 422),
    ((InvalidLink,), 404),
    ((LinkExpired,), 410),
]


def _status_for(exc: RegistrationError) -> int:
    return next((status for kinds, status in ERROR_STATUS if isinstance(exc, kinds)), 400)


def _message_page(
    request: HttpRequest,
    *,
    title: Any,
    message: Any,
    status: int,
    event: Event | None = None,
    resend: bool = False,
) -> HttpResponse:
    """A page with one message: registration closed, a link that does not work …"""
    context = {"title": title, "message": message, "event": event, "resend": resend}
    return render(request, "registration/message.html", context, status=status)


def _public_event(slug: str) -> Event:
    event = queries.public_event(slug)
    if event is None:
        raise Http404
    return event


# --- The registration form -----------------------------------------------------------------


class Flow:
    """One request to an event's registration form: what it asks and how to show each step."""

    def __init__(self, request: HttpRequest, event: Event, spec, state_name: str) -> None:
        self.request, self.event, self.spec, self.state_name = request, event, spec, state_name
        has_blocks = bool(spec.fcfs_blocks or spec.ranked_blocks)
        self.steps = [DETAILS, *([CHOICES] if has_blocks else []), REVIEW]

    def previous(self, step: str) -> str:
        return self.steps[max(self.steps.index(step) - 1, 0)]

    def next(self, step: str) -> str:
        return self.steps[min(self.steps.index(step) + 1, len(self.steps) - 1)]

    def details_form(self, state: FormState, data=None) -> DetailsForm:
        return DetailsForm(self.spec, data, initial=DetailsForm.initial_from_data(state.details))

    def choices_form(self, state: FormState, data=None) -> ChoicesForm:
        initial = ChoicesForm.initial_from(state.choices, state.preferences)
        return ChoicesForm(self.spec, data, initial=initial)

    def review_form(self, state: FormState, data=None) -> ReviewForm:
        initial = {"consents": [str(pk) for pk in state.details.get("consents", [])]}
        return ReviewForm(self.spec, data, initial=initial)

    def show(
        self,
        step: str,
        state: FormState,
        form=None,
        *,
        status: int = 200,
        problem: Any = None,
    ) -> HttpResponse:
        if form is None:
            form = {
                DETAILS: self.details_form,
                CHOICES: self.choices_form,
                REVIEW: self.review_form,
            }[step](state)
        context = {
            "event": self.event,
            "spec": self.spec,
            "form": form,
            "state": state.dump(),
            "step": step,
            "heading": STEP_HEADINGS[step],
            "step_number": self.steps.index(step) + 1,
            "step_count": len(self.steps),
            "has_choices": CHOICES in self.steps,
            "waiting_list": self.state_name == queries.WAITING_LIST,
            "closed_ranked_blocks": self.spec.closed_ranked_blocks,
            "problem": problem,
            "honeypot": botcheck.HONEYPOT_FIELD,
        }
        if step == REVIEW:
            context["summary"] = review_summary(self.spec, state)
        response = render(self.request, f"registration/form_{step}.html", context, status=status)
        return response


def review_summary(spec, state: FormState) -> dict[str, Any]:
    """What the review step lists: each asked field with its label and the chosen seminars."""
    form = DetailsForm(spec, initial=DetailsForm.initial_from_data(state.details))
    rows = []
    for bound in [*form.personal_fields(), *form.invoice_fields()]:
        rows.append((bound, _display(bound, state.details.get(bound.name, ""))))
    health = [(b, _display(b, state.details.get(b.name, ""))) for b in form.health_fields()]
    answers = state.details.get("answers", {})
    questions = []
    for question, bound in zip(spec.questions, form.question_fields(), strict=True):
        questions.append((bound, _display(bound, answers.get(str(question.pk)))))
    seminars = {s.pk: s for b in [*spec.fcfs_blocks, *spec.ranked_blocks] for s in b.seminars.all()}
    blocks = []
    for block in sorted([*spec.fcfs_blocks, *spec.ranked_blocks], key=lambda b: (b.start, b.pk)):
        if block.choice_mode != Block.ChoiceMode.RANKED:
            chosen = seminars.get(state.choices.get(str(block.pk)))
            blocks.append((block, [chosen] if chosen else [], False))
        else:
            ranking = [seminars.get(pk) for pk in state.preferences.get(str(block.pk), [])]
            blocks.append((block, [s for s in ranking if s], True))
    return {"details": rows, "health": health, "questions": questions, "blocks": blocks}


def _display(bound, value) -> str:
    """A stored value as the person chose it: option labels rather than codes."""
    if value in (None, "", []):
        return ""
    choices = dict(getattr(bound.field, "choices", []) or [])
    if isinstance(value, bool):
        return str(choices.get("yes" if value else "no", value))
    if isinstance(value, list):
        return ", ".join(str(choices.get(str(v), v)) for v in value)
    return str(choices.get(str(value), value)) if choices else str(value)


def _registration_closed_page(request: HttpRequest, event: Event, state_name: str):
    exc = {
        queries.NOT_OPEN: RegistrationNotOpen(),
        queries.CLOSED: RegistrationClosed(),
        queries.CANCELLED: EventCancelled(),
        queries.FULL: EventFull(),
    }.get(state_name)
    if exc is None:
        raise Http404
    message = exc.message
    if state_name == queries.NOT_OPEN:
        message = registration_status(event).message
    return _message_page(
        request,
        title=_("Registration: %(event)s") % {"event": event.title},
        message=message,
        status=_status_for(exc),
        event=event,
        resend=state_name in {queries.CLOSED, queries.FULL},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, slug: str) -> HttpResponse:
    event = _public_event(slug)
    spec = queries.registration_form(event)
    if spec is None:
        raise Http404
    state_name = queries.registration_state(event)
    if state_name not in OPEN_STATES:
        return _registration_closed_page(request, event, state_name)
    rankings_closed_at = _rankings_closed_at(event, spec)
    if rankings_closed_at is not None:
        # Late registrants rank nothing: the seats are being allocated among those who did.
        spec = dataclasses.replace(spec, ranked_blocks=[], closed_ranked_blocks=spec.ranked_blocks)
    flow = Flow(request, event, spec, state_name)
    if request.method == "GET":
        return flow.show(DETAILS, FormState.new(event))
    state = FormState.load(request.POST.get("state"), event)
    step = request.POST.get("step")
    if state is None or step not in flow.steps:
        return _message_page(
            request,
            title=_("The form could not be read"),
            message=_(
                "The form had been changed or was incomplete. Please start again from the "
                "event's page."
            ),
            status=400,
            event=event,
        )
    if botcheck.honeypot_filled(request.POST):
        return _quiet_rejection(request, event)
    if step == DETAILS:
        return _details_step(flow, state)
    if step == CHOICES:
        return _choices_step(flow, state)
    return _review_step(flow, state)


def _details_step(flow: Flow, state: FormState) -> HttpResponse:
    form = flow.details_form(state, flow.request.POST)
    if not form.is_valid():
        return flow.show(DETAILS, state, form, status=422)
    state.details = {**form.to_data(), "consents": state.details.get("consents", [])}
    return flow.show(flow.next(DETAILS), state)


def _choices_step(flow: Flow, state: FormState) -> HttpResponse:
    form = flow.choices_form(state, flow.request.POST)
    valid = form.is_valid()
    if "back" in flow.request.POST:
        # Keep whatever was validly chosen so far; going back must not lose it.
        state.choices = {**state.choices, **form.choices()}
        state.preferences = {**state.preferences, **form.preferences()}
        return flow.show(DETAILS, state)
    if not valid:
        return flow.show(CHOICES, state, form, status=422)
    state.choices, state.preferences = form.choices(), form.preferences()
    return flow.show(REVIEW, state)


def _review_step(flow: Flow, state: FormState) -> HttpResponse:
    request, event = flow.request, flow.event
    target = request.POST.get("goto")
    if target is not None:
        return flow.show(target if target in flow.steps else REVIEW, state)
    form = flow.review_form(state, request.POST)
    if "back" in request.POST:
        if form.is_valid():
            state.details["consents"] = form.consent_ids()
        return flow.show(flow.previous(REVIEW), state)
    existing = _registration_for_key(event, state.key)
    if existing is not None:
        return _to_receipt(existing)
    try:
        botcheck.check_rate(request, "register")
    except botcheck.RateLimited as exc:
        return flow.show(REVIEW, state, form, status=429, problem=exc.message)
    if not form.is_valid():
        return flow.show(REVIEW, state, form, status=422)
    state.details["consents"] = form.consent_ids()
    try:
        verified = botcheck.verify_proof(request.POST.get("altcha", ""), owner=state.key)
    except botcheck.BotCheckFailed as exc:
        return flow.show(REVIEW, state, form, status=exc.status, problem=exc.message)
    if botcheck.filled_too_fast(state.started):
        verified = False
    try:
        registration = services.register(
            event,
            state.details,
            state.choices,
            state.preferences,
            idempotency_key=state.key,
            require_email_confirmation=not verified,
            language=get_language(),
        )
    except AlreadyRegistered as exc:
        services.resend_link(event, state.details.get("email", ""), language=get_language())
        return _message_page(
            request,
            title=_("You are already registered"),
            message=exc.message,
            status=409,
            event=event,
        )
    except InvalidData as exc:
        return _show_service_errors(flow, state, form, exc)
    except (InvalidChoice, SeminarFull) as exc:
        choices_form = flow.choices_form(state, _choices_post(state))
        choices_form.is_valid()
        choices_form.add_error(None, exc.message)
        return flow.show(CHOICES, state, choices_form, status=_status_for(exc))
    except RegistrationError as exc:
        return _message_page(
            request,
            title=_("The registration could not be sent"),
            message=exc.message,
            status=_status_for(exc),
            event=event,
        )
    return _to_receipt(registration)


def _choices_post(state: FormState) -> dict[str, str]:
    """The stored choices as the POST data of the choices step, to show it with errors."""
    return ChoicesForm.initial_from(state.choices, state.preferences)


def _show_service_errors(flow: Flow, state: FormState, review_form, exc: InvalidData):
    """The service found what the page did not (settings changed meanwhile): show the step."""
    if any(key.startswith("blocks.") for key in exc.errors):
        form = flow.choices_form(state, _choices_post(state))
        form.is_valid()
        for messages in exc.errors.values():
            for message in messages:
                form.add_error(None, message)
        return flow.show(CHOICES, state, form, status=422)
    details_keys = [key for key in exc.errors if key not in {"consents", "idempotency_key"}]
    if details_keys:
        post = DetailsForm.initial_from_data(state.details)
        form = flow.details_form(state, post)
        form.is_valid()
        for key in details_keys:
            name = f"q_{key.split('.', 1)[1]}" if key.startswith("answers.") else key
            for message in exc.errors[key]:
                if name in form.fields and message not in form.errors.get(name, []):
                    form.add_error(name, message)
                elif name not in form.fields:
                    form.add_error(None, message)
        return flow.show(DETAILS, state, form, status=422)
    review_form.is_valid()
    for messages in exc.errors.values():
        for message in messages:
            review_form.add_error(None, message)
    return flow.show(REVIEW, state, review_form, status=422)


def _registration_for_key(event: Event, key: str) -> Registration | None:
    """The registration this very form made already (a double click, a retry)."""
    return Registration.objects.filter(event=event, idempotency_key=key).first()


def _to_receipt(registration: Registration) -> HttpResponse:
    receipt = signing.dumps({"r": registration.pk}, salt=RECEIPT_SALT)
    url = reverse("registration:done", kwargs={"slug": registration.event.slug})
    return redirect(f"{url}?kvitto={receipt}")


def _quiet_rejection(request: HttpRequest, event: Event) -> HttpResponse:
    """A filled-in honeypot: a bot. It is told nothing it could learn from."""
    return render(request, "registration/received.html", {"event": event})


@never_cache
@require_GET
def done(request: HttpRequest, slug: str) -> HttpResponse:
    event = _public_event(slug)
    try:
        receipt = signing.loads(
            request.GET.get("kvitto", ""), salt=RECEIPT_SALT, max_age=RECEIPT_MAX_AGE
        )
        registration = queries.registration_detail(int(receipt["r"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError, Registration.DoesNotExist):
        return redirect(event.get_absolute_url())
    if registration.event_id != event.pk:
        raise Http404
    context = {
        "event": event,
        "registration": registration,
        "choices": [(c, queries.choice_waiting_position(c)) for c in registration.choices.all()],
        "preferences": _ranked(registration),
        "waiting_position": queries.waiting_position(registration),
        "confirm_days": PENDING_CONFIRMATION_DAYS,
    }
    return render(request, "registration/done.html", context)


@never_cache
@require_GET
def altcha_challenge(request: HttpRequest) -> JsonResponse:
    """The proof-of-work challenge the ALTCHA widget fetches."""
    return JsonResponse(botcheck.new_challenge())


# --- A lost link ---------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def resend_link(request: HttpRequest, slug: str) -> HttpResponse:
    event = _public_event(slug)
    if queries.registration_settings(event) is None:
        raise Http404
    form = ResendLinkForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        try:
            botcheck.check_rate(request, "link")
        except botcheck.RateLimited as exc:
            context = {"event": event, "form": form, "problem": exc.message}
            return render(request, "registration/resend_link.html", context, status=429)
        if form.is_valid():
            services.resend_link(event, form.cleaned_data["email"], language=get_language())
            return render(
                request,
                "registration/resend_link_sent.html",
                {"event": event, "email": form.cleaned_data["email"]},
            )
    status = 422 if form.is_bound else 200
    return render(
        request, "registration/resend_link.html", {"event": event, "form": form}, status=status
    )


# --- "Min anmälan": everything through the secret link --------------------------------------

TokenView = Callable[..., HttpResponse]


def with_registration(view: TokenView) -> TokenView:
    """Resolve the secret link to its registration, or explain why the link does not work."""

    @wraps(view)
    def wrapper(request: HttpRequest, token: str, **kwargs: Any) -> HttpResponse:
        try:
            registration = queries.registration_for_token(token)
        except (InvalidLink, LinkExpired) as exc:
            return _message_page(
                request,
                title=_("The link does not work"),
                message=exc.message,
                status=_status_for(exc),
            )
        return view(request, registration, token, **kwargs)

    return never_cache(wrapper)


def _manage_url(token: str, done_key: str | None = None) -> str:
    url = reverse("registration:manage", kwargs={"token": token})
    return f"{url}?klart={done_key}" if done_key else url


def _error_page(request: HttpRequest, registration: Registration, exc: RegistrationError):
    return _message_page(
        request,
        title=_("The change could not be made"),
        message=exc.message,
        status=_status_for(exc),
        event=registration.event,
    )


def _rankings_closed_at(event: Event, spec) -> datetime | None:
    """The ranking deadline of an event with ranked blocks, once it has passed."""
    if not (spec and spec.ranked_blocks):
        return None
    deadline = services.ranking_deadline(event)
    return deadline if timezone.now() >= deadline else None


def _permissions(
    registration: Registration, spec, rankings_closed_at: datetime | None = None
) -> dict[str, bool]:
    """What the registrant may still do, so that the page offers only that."""
    event = registration.event
    active = registration.status != Registration.Status.CANCELLED
    before_start = timezone.now() < event.start and not event.is_cancelled
    # Ranked blocks whose rankings are closed leave nothing to change there.
    has_blocks = bool(
        spec and (spec.fcfs_blocks or (spec.ranked_blocks and not rankings_closed_at))
    )
    open_now = queries.registration_state(event) in OPEN_STATES
    return {
        "can_change_details": active and before_start,
        "can_change_choices": active and has_blocks and open_now,
        "can_cancel": active and before_start,
        "can_confirm": registration.status == Registration.Status.PENDING and before_start,
    }


def _ranked(registration: Registration) -> list[tuple[Any, list]]:
    """(block, preferences best first) per ranked block, from a registration_detail()."""
    by_block: dict[int, list] = {}
    for preference in registration.preferences.all():
        if preference.block.choice_mode != Block.ChoiceMode.RANKED:
            continue  # allocated and published: the seat is among the choices
        by_block.setdefault(preference.block_id, []).append(preference)
    return [(ranking[0].block, ranking) for ranking in by_block.values()]


def _consents(registration: Registration, spec) -> list[tuple[str, bool]]:
    """(text, given now) for each consent the event asks."""
    given = {c.consent_id for c in registration.consents.all() if c.withdrawn_at is None}
    return [(consent.text, consent.pk in given) for consent in (spec.consents if spec else [])]


@with_registration
@require_GET
def manage(request: HttpRequest, registration: Registration, token: str) -> HttpResponse:
    detail = queries.registration_detail(registration)
    spec = queries.registration_form(detail.event)
    choices = [(choice, queries.choice_waiting_position(choice)) for choice in detail.choices.all()]
    rankings_closed_at = _rankings_closed_at(detail.event, spec)
    summary = None
    if spec is not None:
        data = registration_data(detail)
        state = FormState(event=detail.event_id, started=0, key="", details=data)
        summary = review_summary(spec, state)
    context = {
        "event": detail.event,
        "registration": detail,
        "token": token,
        "summary": summary,
        "choices": choices,
        "preferences": _ranked(detail),
        "rankings_closed_at": rankings_closed_at,
        "consents": _consents(detail, spec),
        "waiting_position": queries.waiting_position(detail),
        "done_message": DONE_MESSAGES.get(request.GET.get("klart", "")),
        **_permissions(detail, spec, rankings_closed_at),
    }
    return render(request, "registration/manage.html", context)


@with_registration
@require_http_methods(["GET", "POST"])
def manage_details(request: HttpRequest, registration: Registration, token: str) -> HttpResponse:
    detail = queries.registration_detail(registration)
    spec = queries.registration_form(detail.event)
    if spec is None or not _permissions(detail, spec)["can_change_details"]:
        exc = RegistrationCancelled() if not detail.is_active else RegistrationClosed()
        return _error_page(request, detail, exc)
    initial = DetailsForm.initial_from_data(registration_data(detail))
    data = request.POST if request.method == "POST" else None
    form = DetailsForm(spec, data, initial=initial, with_consents=True)
    status = 200
    if form.is_bound:
        status = 422
        if form.is_valid():
            try:
                services.change_answers(detail, form.to_data())
            except InvalidData as exc:
                _add_errors(form, exc)
            except AlreadyRegistered:
                form.add_error(
                    "email",
                    _("Another registration for the event already uses this e-mail address."),
                )
                status = 409
            except RegistrationError as exc:
                return _error_page(request, detail, exc)
            else:
                return redirect(_manage_url(token, "uppgifter"))
    context = {
        "event": detail.event,
        "registration": detail,
        "token": token,
        "form": form,
        "heading": _("Change your details"),
    }
    return render(request, "registration/manage_details.html", context, status=status)


def _add_errors(form, exc: InvalidData) -> None:
    for key, messages in exc.errors.items():
        name = f"q_{key.split('.', 1)[1]}" if key.startswith("answers.") else key
        for message in messages:
            form.add_error(name if name in form.fields else None, message)


@with_registration
@require_http_methods(["GET", "POST"])
def manage_choices(request: HttpRequest, registration: Registration, token: str) -> HttpResponse:
    detail = queries.registration_detail(registration)
    spec = queries.registration_form(detail.event)
    rankings_closed_at = _rankings_closed_at(detail.event, spec)
    if spec is None or not _permissions(detail, spec, rankings_closed_at)["can_change_choices"]:
        if not detail.is_active:
            return _error_page(request, detail, RegistrationCancelled())
        return _message_page(
            request,
            title=_("The change could not be made"),
            message=_(
                "The last day for ranking the seminars has passed: your ranking can no longer "
                "be changed. Contact the organisers if you need to change something."
            )
            if rankings_closed_at and not spec.fcfs_blocks
            else _(
                "Seminar choices can be changed only while registration is open. Contact the "
                "organisers if you need to change something."
            ),
            status=403,
            event=detail.event,
        )
    current = {choice.block_id: choice.seminar_id for choice in detail.choices.all()}
    preferences: dict[str, list[int]] = {}
    for preference in detail.preferences.all():
        preferences.setdefault(str(preference.block_id), []).append(preference.seminar_id)
    initial = ChoicesForm.initial_from({str(k): v for k, v in current.items()}, preferences)
    data = request.POST if request.method == "POST" else None
    form = ChoicesForm(
        spec, data, initial=initial, current=current, rankings_closed_at=rankings_closed_at
    )
    status = 200
    if form.is_bound:
        status = 422
        if form.is_valid():
            try:
                services.change_choices(detail, form.choices(), form.preferences())
            except (InvalidChoice, SeminarFull, InvalidData) as exc:
                form.add_error(None, exc.message)
                status = _status_for(exc)
            except RegistrationError as exc:
                return _error_page(request, detail, exc)
            else:
                return redirect(_manage_url(token, "seminarier"))
    context = {
        "event": detail.event,
        "registration": detail,
        "token": token,
        "form": form,
        "heading": _("Change your choice of seminars"),
    }
    return render(request, "registration/manage_choices.html", context, status=status)


@with_registration
@require_http_methods(["GET", "POST"])
def manage_cancel(request: HttpRequest, registration: Registration, token: str) -> HttpResponse:
    if registration.status == Registration.Status.CANCELLED:
        return redirect(_manage_url(token))
    if request.method == "POST":
        try:
            services.cancel(registration)
        except RegistrationError as exc:
            return _error_page(request, registration, exc)
        return redirect(_manage_url(token, "avbokad"))
    context = {
        "event": registration.event,
        "registration": registration,
        "token": token,
        "heading": _("Cancel your registration"),
    }
    return render(request, "registration/manage_cancel.html", context)


@with_registration
@require_POST
def manage_export(request: HttpRequest, registration: Registration, token: str) -> HttpResponse:
    """The registrant's own data as a JSON file (GDPR art. 15 and 20)."""
    data = services.export_own_data(registration)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    filename = f"min-anmalan-{registration.event.slug}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@with_registration
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, registration: Registration, token: str) -> HttpResponse:
    """The link in the "confirm your registration" e-mail.

    Confirming takes a button press (a POST), not just opening the link: mail scanners open
    links by themselves, and must not confirm a registration that a bot made with someone
    else's address.
    """
    if registration.status != Registration.Status.PENDING:
        return redirect(_manage_url(token))
    if request.method == "POST":
        try:
            services.confirm_email(token)
        except RegistrationError as exc:
            return _error_page(request, registration, exc)
        return redirect(_manage_url(token, "bekraftad"))
    context = {
        "event": registration.event,
        "registration": registration,
        "token": token,
        "heading": _("Confirm your registration"),
    }
    return render(request, "registration/confirm.html", context)
