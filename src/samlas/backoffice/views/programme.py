"""Programme editing: items, blocks, seminars and the people in them.

Every change goes through `programme.services`, whose validation (`programme/validation.py`)
raises Swedish messages keyed by field; they are shown inline beside the field concerned
and in the error summary.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samlas.backoffice.forms import BlockForm, ItemForm, ParticipationForm, SeminarForm
from samlas.backoffice.views.common import event_for, render_event, staff_view
from samlas.backoffice.views.events import form_errors
from samlas.organisations.permissions import Action
from samlas.programme import services, validation
from samlas.programme.models import Block, Participation, Person, ProgrammeItem, Seminar
from samlas.registration import services as registration_services

PEOPLE = Prefetch("participations", queryset=Participation.objects.select_related("person"))


@staff_view
def programme(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request, pk)
    items = event.items.select_related("room", "venue").prefetch_related(PEOPLE)
    blocks = event.blocks.prefetch_related(
        PEOPLE,
        Prefetch(
            "seminars",
            queryset=Seminar.objects.select_related("room").prefetch_related(PEOPLE),
        ),
    )
    return render_event(
        request,
        event,
        "backoffice/programme.html",
        {"items": items, "blocks": blocks},
    )


KINDS = {
    "item": (ProgrammeItem, ItemForm, services.update_item, services.delete_item),
    "block": (Block, BlockForm, services.update_block, services.delete_block),
    "seminar": (Seminar, SeminarForm, services.update_seminar, services.delete_seminar),
}
TITLES = {
    "item": (gettext_lazy("New programme item"), gettext_lazy("Programme item")),
    "block": (
        gettext_lazy("New block of parallel seminars"),
        gettext_lazy("Block of parallel seminars"),
    ),
    "seminar": (gettext_lazy("New seminar"), gettext_lazy("Seminar")),
}


def _get(event, kind: str, obj_pk: int):
    model = KINDS[kind][0]
    if kind == "seminar":
        return get_object_or_404(
            Seminar.objects.select_related("block"), pk=obj_pk, block__event=event
        )
    return get_object_or_404(model, pk=obj_pk, event=event)


def _people_of(obj):
    return obj.participations.select_related("person").order_by("position", "pk")


def _programme_people(event):
    """People already in this event's programme, to pick instead of typing them again."""
    return Person.objects.filter(
        Q(participations__event=event)
        | Q(participations__item__event=event)
        | Q(participations__block__event=event)
        | Q(participations__seminar__block__event=event)
    ).distinct()


def _add_person(request: HttpRequest, event, kind: str, obj, form: ParticipationForm) -> bool:
    data = form.cleaned_data
    try:
        person = data["person"] or services.add_person(
            data["name"], title=data["title"], organisation=data["organisation"]
        )
        services.add_participation_by_staff(
            person,
            actor=request.user,
            role=data["role"],
            position=obj.participations.count(),
            **{kind: obj},
        )
    except ValidationError as error:
        form_errors(form, error)
        return False
    return True


def edit_object(
    request: HttpRequest, pk: int, kind: str, obj_pk: int | None = None, block_pk: int | None = None
) -> HttpResponse:
    event = event_for(request, pk, Action.EDIT_PROGRAMME)
    _model, form_class, update, delete = KINDS[kind]
    obj = _get(event, kind, obj_pk) if obj_pk else None
    parent = event
    if kind == "seminar":
        parent = obj.block if obj else get_object_or_404(Block, pk=block_pk, event=event)
    form = form_class(request.POST if "save" in request.POST else None, instance=obj)
    person_form = ParticipationForm(
        request.POST if "add_person" in request.POST else None,
        people=_programme_people(event),
        prefix="person",
    )
    back = redirect("backoffice:programme", pk=event.pk)
    if request.method == "POST":
        if "delete" in request.POST and obj is not None:
            try:
                delete(obj, actor=request.user)
            except ValidationError as error:
                messages.error(request, error.messages[0])
            else:
                messages.success(request, _("Removed from the programme."))
            return back
        if "remove_person" in request.POST and obj is not None:
            participation = obj.participations.filter(pk=request.POST["remove_person"]).first()
            if participation is None:
                raise Http404
            services.remove_participation(participation, actor=request.user)
            messages.success(request, _("The person has been removed."))
            return redirect(request.path)
        adding = "add_person" in request.POST and obj is not None and person_form.is_valid()
        if adding and _add_person(request, event, kind, obj, person_form):
            messages.success(request, _("The person has been added."))
            return redirect(request.path)
        if "save" in request.POST and form.is_valid():
            obj = _save(request, kind, form, obj, parent, update)
            if obj is not None:
                return (
                    back
                    if kind != "block" or obj_pk
                    else redirect("backoffice:block_edit", pk=event.pk, obj_pk=obj.pk)
                )
    title = TITLES[kind][1 if obj else 0]
    return render_event(
        request,
        event,
        "backoffice/programme_form.html",
        {
            "form": form,
            "person_form": person_form,
            "object": obj,
            "kind": kind,
            "heading": title,
            "parent": parent,
            "people": _people_of(obj) if obj else [],
            "seminars": obj.seminars.select_related("room") if kind == "block" and obj else [],
        },
    )


def _save(request, kind, form, obj, parent, update):
    values = form.values()
    old_capacity = obj.capacity if kind == "seminar" and obj else None
    try:
        if obj is None:
            saved = services.add_by_staff(kind, parent, values, actor=request.user)
        else:
            saved = update(obj, values, actor=request.user)
    except ValidationError as error:
        form_errors(form, error)
        return None
    if kind == "seminar":
        warning = validation.capacity_warning(saved)
        if warning:
            messages.warning(request, warning)
        raised = old_capacity is not None and saved.capacity > old_capacity
        if raised and hasattr(saved.block.event, "registration_settings"):
            # More seats: the first in line get them at once (docs/registration.md).
            registration_services.promote_waiting_list(saved.block.event, actor=request.user)
    messages.success(request, _("The programme has been saved."))
    return saved


@staff_view
def item_edit(request: HttpRequest, pk: int, obj_pk: int | None = None) -> HttpResponse:
    return edit_object(request, pk, "item", obj_pk)


@staff_view
def block_edit(request: HttpRequest, pk: int, obj_pk: int | None = None) -> HttpResponse:
    return edit_object(request, pk, "block", obj_pk)


@staff_view
def seminar_create(request: HttpRequest, pk: int, block_pk: int) -> HttpResponse:
    return edit_object(request, pk, "seminar", block_pk=block_pk)


@staff_view
def seminar_edit(request: HttpRequest, pk: int, obj_pk: int) -> HttpResponse:
    return edit_object(request, pk, "seminar", obj_pk)
