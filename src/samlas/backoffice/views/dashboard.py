"""The organiser's start page: the events of their organisations."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from samlas.backoffice.views.common import staff_view
from samlas.organisations import queries
from samlas.organisations.permissions import OrganisationAction, can_for_organisation


@staff_view
def dashboard(request: HttpRequest) -> HttpResponse:
    organisations = list(queries.organisations_of(request.user))
    may_create = any(
        can_for_organisation(request.user, OrganisationAction.CREATE_EVENT, o)
        for o in organisations
    )
    return render(
        request,
        "backoffice/dashboard.html",
        {"events": queries.events_for(request.user), "may_create": may_create},
    )
