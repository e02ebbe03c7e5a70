"""Workshop pages: participants' phones (no account), organisers' controls and the projector.

Views parse the request, call a service or a query, and render. Participant pages are
anonymous: identified by the join code and the per-workshop signed cookie (see cookies.py).
Organiser pages sit in the back office under the event and ask the organisations'
permissions, like every back-office page: an event the user may not see answers 404, an
action their role does not allow 403 (docs/workshops.md, "Who may do what").
"""

import uuid
from collections.abc import Callable
from functools import partial, wraps

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from samlas.backoffice.views.common import event_for, render_event, staff_view
from samlas.events.models import Event
from samlas.organisations.permissions import Action, can
from samlas.workshops import cookies, exports, queries, services
from samlas.workshops.forms import (
    BALLOT_FORMS,
    GroupForm,
    JoinForm,
    OrganiserProposalForm,
    ProposalForm,
    QuestionChangeForm,
    QuestionForm,
    WorkshopChangeForm,
    WorkshopForm,
)
from samlas.workshops.models import Participant, Proposal, Question, Workshop
from samlas.workshops.qr import inline_qr, join_url, qr_svg_document

ParticipantView = Callable[..., HttpResponse]

# ---------------------------------------------------------------------------------------
# Participants


def _join_page(request: HttpRequest, form: JoinForm, status: int = 200) -> HttpResponse:
    return render(request, "workshops/join.html", {"form": form}, status=status)


@require_GET
def join(request: HttpRequest) -> HttpResponse:
    """The code field; a valid code of an open workshop leads to its page."""
    if "code" not in request.GET:
        return _join_page(request, JoinForm())
    form = JoinForm(request.GET)
    if form.is_valid():
        workshop = queries.open_workshop_by_code(form.cleaned_data["code"])
        if workshop is not None:
            return redirect(workshop.join_path)
        form.add_error("code", _("No open workshop has this code. Check it against the screen."))
    return _join_page(request, form)


def participant_view(view: ParticipantView) -> ParticipantView:
    """Resolve the code to an open workshop and the phone to its token, setting the cookie."""

    @wraps(view)
    def wrapper(request: HttpRequest, code: str, **kwargs: object) -> HttpResponse:
        workshop = queries.open_workshop_by_code(code)
        if workshop is None:
            form = JoinForm({"code": code})
            if form.is_valid():
                form.add_error(
                    "code", _("No open workshop has this code. Check it against the screen.")
                )
            return _join_page(request, form, status=404)
        token = cookies.read_token(request, workshop)
        fresh = token is None
        if fresh:
            token = uuid.uuid4()
        request.new_phone = fresh
        response = view(request, workshop, token, **kwargs)
        if fresh:
            cookies.remember_token(response, workshop, token)
        return response

    return never_cache(wrapper)


def _participant(request: HttpRequest, workshop: Workshop, token: uuid.UUID) -> Participant | None:
    """The phone's row, if it has acted; a token drawn for this request has none to look up."""
    if getattr(request, "new_phone", False):
        return None
    return queries.participant(workshop, token)


def _needs_group(workshop: Workshop, participant: Participant | None) -> bool:
    """Groups to choose from, and this phone has not chosen one yet."""
    if workshop.assign_groups or (participant is not None and participant.group_id is not None):
        return False
    return workshop.groups.exists()


@participant_view
@require_GET
def workshop_page(request: HttpRequest, workshop: Workshop, token: uuid.UUID) -> HttpResponse:
    participant = _participant(request, workshop, token)
    needs_group = _needs_group(workshop, participant)
    groups = list(workshop.groups.all())
    return render(
        request,
        "workshops/workshop.html",
        {
            "workshop": workshop,
            "participant": participant,
            "questions": queries.participant_questions(workshop),
            "voted": queries.voted_question_ids(participant),
            "group_form": GroupForm(groups=groups) if needs_group else None,
            "can_change_group": bool(groups) and not workshop.assign_groups and not needs_group,
        },
    )


@participant_view
def choose_group(request: HttpRequest, workshop: Workshop, token: uuid.UUID) -> HttpResponse:
    groups = list(workshop.groups.all())
    if not groups or workshop.assign_groups:
        raise Http404
    participant = _participant(request, workshop, token)
    current = getattr(participant, "group", None)
    form = GroupForm(
        request.POST if request.method == "POST" else None,
        groups=groups,
        initial={"group": current.pk if current else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.join_group(workshop, token, form.cleaned_data["group"])
        except services.WorkshopError as error:
            form.add_error("group", error.message)
        else:
            return redirect(workshop.join_path)
    return render(request, "workshops/choose_group.html", {"workshop": workshop, "form": form})


def _question_or_404(workshop: Workshop, question_id: int) -> Question:
    question = queries.participant_question(workshop, question_id)
    if question is None:
        raise Http404
    return question


def _render_question(
    request: HttpRequest,
    workshop: Workshop,
    question: Question,
    participant: Participant | None,
    *,
    ballot_form: object = None,
    proposal_form: ProposalForm | None = None,
    closed_error: str | None = None,
    status: int = 200,
) -> HttpResponse:
    proposals = queries.approved_proposals(question)
    current = queries.ballot_values(question, participant)
    if ballot_form is None:
        ballot_form = BALLOT_FORMS[question.method](
            question=question, proposals=proposals, current=current
        )
    results = queries.question_results(question) if question.results_revealed else None
    own_group = None
    if results is not None and participant is not None and participant.group_id:
        own_group = next((g for g in results.groups if g.group.pk == participant.group_id), None)
    takes_proposals = question.allow_proposals and question.status != Question.Status.CLOSED
    return render(
        request,
        "workshops/question.html",
        {
            "workshop": workshop,
            "question": question,
            "participant": participant,
            "form": ballot_form,
            "has_voted": bool(current),
            "closed_error": closed_error,
            "proposal_form": (proposal_form or ProposalForm()) if takes_proposals else None,
            "results": results,
            "own_group": own_group,
        },
        status=status,
    )


@participant_view
def question_page(
    request: HttpRequest, workshop: Workshop, token: uuid.UUID, question_id: int
) -> HttpResponse:
    """The ballot: GET shows it with the current vote filled in, POST records or replaces it."""
    question = _question_or_404(workshop, question_id)
    participant = _participant(request, workshop, token)
    if _needs_group(workshop, participant):
        messages.info(request, _("Choose your group first."))
        return redirect(workshop.join_path)
    if request.method != "POST":
        return _render_question(request, workshop, question, participant)
    closed = _("This question is closed. Your vote was not changed.")
    if not question.is_open:
        return _render_question(
            request, workshop, question, participant, closed_error=closed, status=409
        )
    form = BALLOT_FORMS[question.method](
        request.POST, question=question, proposals=queries.approved_proposals(question)
    )
    if form.is_valid():
        try:
            services.cast_ballot(
                question, token, form.values(), approved={p.pk for p in form.proposals}
            )
        except services.QuestionNotOpen:
            question.status = Question.Status.CLOSED  # closed while this request ran
            return _render_question(
                request, workshop, question, participant, closed_error=closed, status=409
            )
        except services.InvalidBallot as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Your vote is saved. You can change it until the question is closed."),
            )
            return redirect("workshops:question", code=workshop.code, question_id=question.pk)
    return _render_question(request, workshop, question, participant, ballot_form=form)


@participant_view
@require_POST
def submit_proposal(
    request: HttpRequest, workshop: Workshop, token: uuid.UUID, question_id: int
) -> HttpResponse:
    question = _question_or_404(workshop, question_id)
    participant = _participant(request, workshop, token)
    form = ProposalForm(request.POST)
    if form.is_valid():
        try:
            proposal = services.submit_proposal(question, form.cleaned_data["text"])
        except services.WorkshopError as error:
            form.add_error("text", error.message)
        else:
            if proposal.status == Proposal.Status.PENDING:
                messages.success(
                    request,
                    _("Thank you. Your proposal is shown once an organiser has approved it."),
                )
            else:
                messages.success(request, _("Thank you. Your proposal is on the list."))
            return redirect("workshops:question", code=workshop.code, question_id=question.pk)
    return _render_question(request, workshop, question, participant, proposal_form=form)


# ---------------------------------------------------------------------------------------
# Organisers: back-office pages under the event. Seeing a workshop and its results takes
# VIEW_EVENT; every change, moderation and control takes EDIT_PROGRAMME (a workshop is a
# session of the programme: the host's editors and co-hosts granted programme editing).

VIEW = Action.VIEW_EVENT
EDIT = Action.EDIT_PROGRAMME
OrganiserView = Callable[..., HttpResponse]


def organiser_view(
    action: str, methods: tuple[str, ...] = ("GET",)
) -> Callable[[OrganiserView], OrganiserView]:
    """Sign-in and membership, then the event's permission, then the method.

    The permission comes before the method, so another organisation's event answers 404 to
    any request, as in the rest of the back office. The view gets the event, not its pk.
    """

    def decorate(view: OrganiserView) -> OrganiserView:
        @wraps(view)
        def wrapper(request: HttpRequest, pk: int, **kwargs: object) -> HttpResponse:
            event = event_for(request, pk, action)
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            return view(request, event, **kwargs)

        return staff_view(wrapper)

    return decorate


def _workshop(event: Event, workshop_pk: int) -> Workshop:
    workshop = queries.organiser_workshop(event, workshop_pk)
    if workshop is None:
        raise Http404
    return workshop


def _back(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    """Return to the page the control was on (presenter or organiser page)."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(workshop.get_absolute_url())


@organiser_view(VIEW)
def organiser_list(request: HttpRequest, event: Event) -> HttpResponse:
    return render_event(
        request,
        event,
        "workshops/organiser/list.html",
        {"workshops": queries.organiser_workshops(event)},
    )


def _render_form(
    request: HttpRequest,
    workshop_or_event: Workshop | Event,
    form: object,
    *,
    heading: str,
    submit: str,
    cancel_url: str,
    note: str = "",
) -> HttpResponse:
    workshop = workshop_or_event if isinstance(workshop_or_event, Workshop) else None
    return render_event(
        request,
        workshop.event if workshop else workshop_or_event,
        "workshops/organiser/form.html",
        {
            "workshop": workshop,
            "form": form,
            "heading": heading,
            "submit": submit,
            "cancel_url": cancel_url,
            "note": note,
        },
    )


@organiser_view(EDIT, ("GET", "POST"))
def organiser_create(request: HttpRequest, event: Event) -> HttpResponse:
    form = WorkshopForm(request.POST if request.method == "POST" else None, event=event)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            workshop = services.create_workshop(
                event=event,
                title=data["title"],
                introduction=data["introduction"],
                programme_item=data["programme_item"],
                group_names=data["groups"],
                assign_groups=data["assign_groups"],
                actor=request.user,
            )
        except services.WorkshopError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("The workshop is created. Its join code is %(code)s.") % {"code": workshop.code},
            )
            return redirect(workshop.get_absolute_url())
    return _render_form(
        request,
        event,
        form,
        heading=_("New workshop"),
        submit=_("Create the workshop"),
        cancel_url=reverse("workshops:organiser_list", args=[event.pk]),
        note=_("Questions and proposals are added on the workshop's page."),
    )


@organiser_view(EDIT, ("GET", "POST"))
def organiser_edit(request: HttpRequest, event: Event, workshop_pk: int) -> HttpResponse:
    workshop = _workshop(event, workshop_pk)
    form = WorkshopChangeForm(request.POST if request.method == "POST" else None, workshop=workshop)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_workshop(
                workshop,
                new_groups=data["groups"],
                actor=request.user,
                **{name: data[name] for name in services.WORKSHOP_FIELDS},
            )
        except services.WorkshopError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The workshop is saved."))
            return redirect(workshop.get_absolute_url())
    return _render_form(
        request,
        workshop,
        form,
        heading=_("Change the workshop"),
        submit=_("Save"),
        cancel_url=workshop.get_absolute_url(),
    )


def _render_detail(
    request: HttpRequest,
    workshop: Workshop,
    question_form: QuestionForm | None = None,
    proposal_forms: dict[int, OrganiserProposalForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    proposal_forms = proposal_forms or {}
    questions = list(workshop.questions.all())
    for question in questions:
        question.add_form = proposal_forms.get(question.pk) or OrganiserProposalForm(
            auto_id=f"id_q{question.pk}_%s"
        )
        question.pending = [
            p for p in question.proposals.all() if p.status == Proposal.Status.PENDING
        ]
        question.approved = [
            p for p in question.proposals.all() if p.status == Proposal.Status.APPROVED
        ]
    return render_event(
        request,
        workshop.event,
        "workshops/organiser/detail.html",
        {
            "workshop": workshop,
            "questions": questions,
            "question_form": question_form or QuestionForm(),
            "join_url": join_url(workshop),
            "qr": inline_qr(workshop) if workshop.is_open else None,
        },
        status=status,
    )


@organiser_view(VIEW)
def organiser_detail(request: HttpRequest, event: Event, workshop_pk: int) -> HttpResponse:
    return _render_detail(request, _workshop(event, workshop_pk))


def _confirm_delete(
    request: HttpRequest,
    workshop: Workshop,
    *,
    heading: str,
    subject: str,
    ballots: int,
    submit: str,
) -> HttpResponse:
    return render_event(
        request,
        workshop.event,
        "workshops/organiser/confirm_delete.html",
        {
            "workshop": workshop,
            "heading": heading,
            "subject": subject,
            "ballots": ballots,
            "submit": submit,
            "cancel_url": workshop.get_absolute_url(),
        },
    )


@organiser_view(EDIT, ("GET", "POST"))
def organiser_delete(request: HttpRequest, event: Event, workshop_pk: int) -> HttpResponse:
    workshop = _workshop(event, workshop_pk)
    if request.method == "POST":
        services.delete_workshop(workshop, actor=request.user)
        messages.success(request, _("The workshop is deleted."))
        return redirect("workshops:organiser_list", pk=event.pk)
    return _confirm_delete(
        request,
        workshop,
        heading=_("Delete the workshop?"),
        subject=workshop.title,
        ballots=queries.ballot_count(workshop),
        submit=_("Delete the workshop"),
    )


@organiser_view(EDIT, ("GET", "POST"))
def question_delete(
    request: HttpRequest, event: Event, workshop_pk: int, question_id: int
) -> HttpResponse:
    workshop = _workshop(event, workshop_pk)
    question = _organiser_question(workshop, question_id)
    if request.method == "POST":
        services.delete_question(question, actor=request.user)
        messages.success(request, _("The question is deleted."))
        return redirect(workshop.get_absolute_url())
    return _confirm_delete(
        request,
        workshop,
        heading=_("Delete the question?"),
        subject=question.text,
        ballots=queries.ballot_count(workshop, question),
        submit=_("Delete the question"),
    )


@organiser_view(EDIT, ("POST",))
def add_question(request: HttpRequest, event: Event, workshop_pk: int) -> HttpResponse:
    workshop = _workshop(event, workshop_pk)
    form = QuestionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_question(
                workshop,
                text=data["text"],
                description=data["description"],
                method=data["method"],
                points=data["points"],
                allow_proposals=data["allow_proposals"],
                moderate_proposals=data["moderate_proposals"],
                proposals=data["proposals"],
                actor=request.user,
            )
        except services.WorkshopError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The question is added."))
            return redirect(workshop.get_absolute_url())
    return _render_detail(request, workshop, question_form=form)


def _organiser_question(workshop: Workshop, question_id: int) -> Question:
    question = next((q for q in workshop.questions.all() if q.pk == question_id), None)
    if question is None:
        raise Http404
    return question


@organiser_view(EDIT, ("GET", "POST"))
def question_edit(
    request: HttpRequest, event: Event, workshop_pk: int, question_id: int
) -> HttpResponse:
    workshop = _workshop(event, workshop_pk)
    question = _organiser_question(workshop, question_id)
    form = QuestionChangeForm(request.POST if request.method == "POST" else None, question=question)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_question(question, actor=request.user, **form.cleaned_data)
        except services.WorkshopError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The question is saved."))
            return redirect(workshop.get_absolute_url())
    return _render_form(
        request,
        workshop,
        form,
        heading=_("Change the question"),
        submit=_("Save"),
        cancel_url=workshop.get_absolute_url(),
        note=_(
            "How participants answer cannot be changed: the votes already given would lose "
            "their meaning. Add a new question instead."
        ),
    )


@organiser_view(EDIT, ("POST",))
def add_proposal(
    request: HttpRequest, event: Event, workshop_pk: int, question_id: int
) -> HttpResponse:
    workshop = _workshop(event, workshop_pk)
    question = _organiser_question(workshop, question_id)
    form = OrganiserProposalForm(request.POST, auto_id=f"id_q{question.pk}_%s")
    if form.is_valid():
        services.add_proposal(question, form.cleaned_data["text"], actor=request.user)
        messages.success(request, _("The proposal is added."))
        return redirect(workshop.get_absolute_url())
    return _render_detail(request, workshop, proposal_forms={question.pk: form})


QUESTION_ACTIONS: dict[str, tuple[Callable[..., Question], str]] = {
    "open": (services.open_question, gettext_lazy("The question is open for votes.")),
    "close": (services.close_question, gettext_lazy("The question is closed.")),
    "reveal": (services.reveal_results, gettext_lazy("The results are shown to participants.")),
    "hide": (
        partial(services.reveal_results, revealed=False),
        gettext_lazy("The results are hidden from participants."),
    ),
}


@organiser_view(EDIT, ("POST",))
def question_action(
    request: HttpRequest, event: Event, workshop_pk: int, question_id: int, action: str
) -> HttpResponse:
    workshop = _workshop(event, workshop_pk)
    question = _organiser_question(workshop, question_id)
    service, done = QUESTION_ACTIONS[action]
    try:
        service(question, actor=request.user)
    except services.WorkshopError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return _back(request, workshop)


@organiser_view(EDIT, ("POST",))
def proposal_action(
    request: HttpRequest, event: Event, workshop_pk: int, proposal_id: int, action: str
) -> HttpResponse:
    workshop = _workshop(event, workshop_pk)
    proposal = (
        Proposal.objects.select_related("question__workshop")
        .filter(question__workshop=workshop, pk=proposal_id)
        .first()
    )
    if proposal is None:
        raise Http404
    if action == "approve":
        services.approve_proposal(proposal, actor=request.user)
        messages.success(request, _("The proposal is approved and on the ballot."))
    else:
        services.reject_proposal(proposal, actor=request.user)
        messages.success(request, _("The proposal is taken off the ballot."))
    return _back(request, workshop)


@organiser_view(EDIT, ("POST",))
def workshop_action(
    request: HttpRequest, event: Event, workshop_pk: int, action: str
) -> HttpResponse:
    workshop = _workshop(event, workshop_pk)
    if action == "close":
        services.close_workshop(workshop, actor=request.user)
        messages.success(request, _("The workshop is closed. Participants can no longer vote."))
    else:
        services.reopen_workshop(workshop, actor=request.user)
        messages.success(
            request, _("The workshop is open again with code %(code)s.") % {"code": workshop.code}
        )
    return _back(request, workshop)


def _question_id_param(request: HttpRequest) -> int | None:
    raw = request.GET.get("question")
    if raw is None:
        return None
    try:
        return int(raw)
    except ValueError as exc:
        raise Http404 from exc


@organiser_view(VIEW)
def presenter(request: HttpRequest, event: Event, workshop_pk: int) -> HttpResponse:
    """For the projector: the question, live bars, the top three, the code and the QR.

    Anyone who may see the event may show it; the controls only to those who may use them.
    """
    workshop = _workshop(event, workshop_pk)
    question = queries.presenter_question(workshop, _question_id_param(request))
    if question is None and request.GET.get("question") is not None:
        raise Http404
    questions = list(workshop.questions.all())
    index = questions.index(question) if question else 0
    return render(
        request,
        "workshops/organiser/presenter.html",
        {
            "workshop": workshop,
            "question": question,
            "results": queries.question_results(question) if question else None,
            "previous": questions[index - 1] if question and index > 0 else None,
            "next": questions[index + 1] if question and index + 1 < len(questions) else None,
            "join_url": join_url(workshop),
            "qr": inline_qr(workshop) if workshop.is_open else None,
            "may_control": can(request.user, EDIT, workshop.event),
        },
    )


@organiser_view(VIEW)
def presenter_live(
    request: HttpRequest, event: Event, workshop_pk: int, question_id: int
) -> HttpResponse:
    """The live part of the presenter view, fetched every second or two by workshops.js."""
    question = queries.event_question(event, workshop_pk, question_id)
    if question is None:
        raise Http404
    return render(
        request,
        "workshops/organiser/_presenter_live.html",
        {"question": question, "results": queries.question_results(question)},
    )


@organiser_view(VIEW)
def results_page(request: HttpRequest, event: Event, workshop_pk: int) -> HttpResponse:
    """Printable results: each group's three priorities to take home (print or save as PDF)."""
    workshop = _workshop(event, workshop_pk)
    results = queries.workshop_results(workshop)
    return render(
        request,
        "workshops/organiser/results.html",
        {"workshop": workshop, "results": results, "groups": queries.group_reports(results)},
    )


@organiser_view(VIEW)
def results_csv(request: HttpRequest, event: Event, workshop_pk: int) -> HttpResponse:
    workshop = _workshop(event, workshop_pk)
    response = HttpResponse(
        exports.results_csv(queries.workshop_results(workshop)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="workshop-{workshop.pk}-results.csv"'
    return response


@organiser_view(VIEW)
def qr_code(request: HttpRequest, event: Event, workshop_pk: int) -> HttpResponse:
    workshop = _workshop(event, workshop_pk)
    if not workshop.is_open:
        raise Http404
    title = _("Join %(title)s at %(url)s") % {"title": workshop.title, "url": join_url(workshop)}
    response = HttpResponse(qr_svg_document(join_url(workshop), title), "image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="workshop-{workshop.code}.svg"'
    return response
