"""Workshop pages: participants' phones (no account), organisers' controls and the projector.

Views parse the request, call a service or a query, and render. Participant pages are
identified by the join code and the per-workshop signed cookie (see cookies.py); organiser
pages need a staff login until the back office has its own roles.
"""

import uuid
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from samlas.workshops import cookies, exports, queries, services
from samlas.workshops.forms import (
    BALLOT_FORMS,
    GroupForm,
    JoinForm,
    OrganiserProposalForm,
    ProposalForm,
    QuestionForm,
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
        response = view(request, workshop, token, **kwargs)
        if fresh:
            cookies.remember_token(response, workshop, token)
        return response

    return never_cache(wrapper)


def _needs_group(workshop: Workshop, participant: Participant | None) -> bool:
    """Groups to choose from, and this phone has not chosen one yet."""
    if workshop.assign_groups or (participant is not None and participant.group_id is not None):
        return False
    return workshop.groups.exists()


@participant_view
@require_GET
def workshop_page(request: HttpRequest, workshop: Workshop, token: uuid.UUID) -> HttpResponse:
    participant = queries.participant(workshop, token)
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
    participant = queries.participant(workshop, token)
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
    participant = queries.participant(workshop, token)
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
            services.cast_ballot(question, token, form.values())
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
    participant = queries.participant(workshop, token)
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
# Organisers (Django staff users until the back office has organiser roles)


def _organiser_workshop(pk: int) -> Workshop:
    workshop = queries.organiser_workshop(pk)
    if workshop is None:
        raise Http404
    return workshop


def _back(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    """Return to the page the control was on (presenter or organiser page)."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(workshop.get_absolute_url())


@staff_member_required
@require_GET
def organiser_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "workshops/organiser/list.html",
        {"workshops": queries.organiser_workshops()},
    )


@staff_member_required
def organiser_create(request: HttpRequest) -> HttpResponse:
    form = WorkshopForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            workshop = services.create_workshop(
                event=data["event"],
                title=data["title"],
                introduction=data["introduction"],
                programme_item=data["programme_item"],
                group_names=data["groups"],
                assign_groups=data["assign_groups"],
            )
        except services.WorkshopError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("The workshop is created. Its join code is %(code)s.") % {"code": workshop.code},
            )
            return redirect(workshop.get_absolute_url())
    return render(request, "workshops/organiser/create.html", {"form": form})


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
    return render(
        request,
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


@staff_member_required
@require_GET
def organiser_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _organiser_workshop(pk))


@staff_member_required
@require_POST
def add_question(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = _organiser_workshop(pk)
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


@staff_member_required
@require_POST
def add_proposal(request: HttpRequest, pk: int, question_id: int) -> HttpResponse:
    workshop = _organiser_workshop(pk)
    question = _organiser_question(workshop, question_id)
    form = OrganiserProposalForm(request.POST, auto_id=f"id_q{question.pk}_%s")
    if form.is_valid():
        services.add_proposal(question, form.cleaned_data["text"])
        messages.success(request, _("The proposal is added."))
        return redirect(workshop.get_absolute_url())
    return _render_detail(request, workshop, proposal_forms={question.pk: form})


QUESTION_ACTIONS: dict[str, tuple[Callable[[Question], Question], str]] = {
    "open": (services.open_question, gettext_lazy("The question is open for votes.")),
    "close": (services.close_question, gettext_lazy("The question is closed.")),
    "reveal": (services.reveal_results, gettext_lazy("The results are shown to participants.")),
    "hide": (
        lambda question: services.reveal_results(question, revealed=False),
        gettext_lazy("The results are hidden from participants."),
    ),
}


@staff_member_required
@require_POST
def question_action(request: HttpRequest, pk: int, question_id: int, action: str) -> HttpResponse:
    workshop = _organiser_workshop(pk)
    question = _organiser_question(workshop, question_id)
    service, done = QUESTION_ACTIONS[action]
    try:
        service(question)
    except services.WorkshopError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return _back(request, workshop)


@staff_member_required
@require_POST
def proposal_action(request: HttpRequest, pk: int, proposal_id: int, action: str) -> HttpResponse:
    workshop = _organiser_workshop(pk)
    proposal = Proposal.objects.filter(question__workshop=workshop, pk=proposal_id).first()
    if proposal is None:
        raise Http404
    if action == "approve":
        services.approve_proposal(proposal)
        messages.success(request, _("The proposal is approved and on the ballot."))
    else:
        services.reject_proposal(proposal)
        messages.success(request, _("The proposal is rejected."))
    return _back(request, workshop)


@staff_member_required
@require_POST
def workshop_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    workshop = _organiser_workshop(pk)
    if action == "close":
        services.close_workshop(workshop)
        messages.success(request, _("The workshop is closed. Participants can no longer vote."))
    else:
        services.reopen_workshop(workshop)
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


@staff_member_required
@require_GET
def presenter(request: HttpRequest, pk: int) -> HttpResponse:
    """For the projector: the question, live bars, the top three, the code and the QR."""
    workshop = _organiser_workshop(pk)
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
        },
    )


@staff_member_required
@require_GET
@never_cache
def presenter_live(request: HttpRequest, pk: int, question_id: int) -> HttpResponse:
    """The live part of the presenter view, fetched every second or two by live.js."""
    question = Question.objects.filter(workshop_id=pk, pk=question_id).first()
    if question is None:
        raise Http404
    return render(
        request,
        "workshops/organiser/_presenter_live.html",
        {"question": question, "results": queries.question_results(question)},
    )


@staff_member_required
@require_GET
def results_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Printable results: each group's three priorities to take home (print or save as PDF)."""
    workshop = _organiser_workshop(pk)
    results = queries.workshop_results(workshop)
    return render(
        request,
        "workshops/organiser/results.html",
        {"workshop": workshop, "results": results, "groups": queries.group_reports(results)},
    )


@staff_member_required
@require_GET
def results_csv(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = _organiser_workshop(pk)
    response = HttpResponse(
        exports.results_csv(queries.workshop_results(workshop)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="workshop-{workshop.pk}-results.csv"'
    return response


@staff_member_required
@require_GET
def qr_code(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = _organiser_workshop(pk)
    if not workshop.is_open:
        raise Http404
    title = _("Join %(title)s at %(url)s") % {"title": workshop.title, "url": join_url(workshop)}
    response = HttpResponse(qr_svg_document(join_url(workshop), title), "image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="workshop-{workshop.code}.svg"'
    return response
