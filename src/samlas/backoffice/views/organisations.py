"""Members of an organisation and their roles, managed by its administrators."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from samlas.backoffice import accounts
from samlas.backoffice.account_forms import InviteStaffForm
from samlas.backoffice.forms import AddMemberForm, MemberForm
from samlas.backoffice.views.common import staff_view
from samlas.organisations import queries, services
from samlas.organisations.models import Membership, Organisation
from samlas.organisations.permissions import OrganisationAction, can_for_organisation


def _organisation(request: HttpRequest, pk: int, action: str) -> Organisation:
    organisation = get_object_or_404(Organisation, pk=pk)
    if not can_for_organisation(request.user, OrganisationAction.VIEW, organisation):
        raise Http404
    if not can_for_organisation(request.user, action, organisation):
        raise PermissionDenied
    return organisation


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@staff_view
def organisation_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "backoffice/organisations.html",
        {"memberships": queries.memberships_of(request.user)},
    )


@staff_view
def members(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation(request, pk, OrganisationAction.VIEW)
    may_manage = can_for_organisation(request.user, OrganisationAction.MANAGE_MEMBERS, organisation)
    form = AddMemberForm(request.POST or None)
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.add_member(
                    organisation,
                    form.cleaned_data["user"],
                    role=form.cleaned_data["role"],
                    can_view_health_data=form.cleaned_data["can_view_health_data"],
                    actor=request.user,
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The member has been added."))
                return redirect("backoffice:members", pk=organisation.pk)
    return render(
        request,
        "backoffice/members.html",
        {
            "organisation": organisation,
            "members": queries.members_of(organisation),
            "may_manage": may_manage,
            "form": form,
        },
    )


@staff_view
def member_invite(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a colleague by name and e-mail address: a new account is invited by e-mail."""
    organisation = _organisation(request, pk, OrganisationAction.MANAGE_MEMBERS)
    form = InviteStaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = accounts.invite_staff(
                organisation,
                name=data["name"],
                email=data["email"],
                role=data["role"],
                can_view_health_data=data["can_view_health_data"],
                actor=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if invitation.created:
                text = _(
                    "%(name)s has been invited: an e-mail with a link to choose a password "
                    "is on its way to %(email)s."
                )
            else:
                text = _("%(name)s already had an account (%(email)s) and has been added.")
            user = invitation.membership.user
            messages.success(
                request, text % {"name": user.get_full_name() or data["name"], "email": user.email}
            )
            return redirect("backoffice:members", pk=organisation.pk)
    return render(
        request, "backoffice/member_invite.html", {"organisation": organisation, "form": form}
    )


def _membership(organisation: Organisation, membership_pk: int) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("user"), pk=membership_pk, organisation=organisation
    )


@staff_view
def member_edit(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    organisation = _organisation(request, pk, OrganisationAction.MANAGE_MEMBERS)
    membership = _membership(organisation, membership_pk)
    initial = {"role": membership.role, "can_view_health_data": membership.can_view_health_data}
    form = MemberForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_member(membership, **form.cleaned_data, actor=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The member's role has been changed."))
            return redirect("backoffice:members", pk=organisation.pk)
    return render(
        request,
        "backoffice/member_edit.html",
        {"organisation": organisation, "membership": membership, "form": form},
    )


@staff_view
def member_remove(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    organisation = _organisation(request, pk, OrganisationAction.MANAGE_MEMBERS)
    membership = _membership(organisation, membership_pk)
    error = None
    if request.method == "POST":
        try:
            services.remove_member(membership, actor=request.user)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(request, _("The member has been removed."))
            return redirect("backoffice:members", pk=organisation.pk)
    return render(
        request,
        "backoffice/member_remove.html",
        {"organisation": organisation, "membership": membership, "error": error},
    )
