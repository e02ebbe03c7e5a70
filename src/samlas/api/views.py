"""REST API v1 (docs/api.md): public events and programmes; registrations, exports and
webhooks for organisers' systems, with the back office's permissions.

Views parse, ask `organisations.permissions.can`, call a service and serialise. An event
the token may not see answers 404 (as in the back office: nothing reveals that another
organisation's event exists); one it sees but may not act on answers 403.
"""

import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation.trans_real import parse_accept_lang_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotAuthenticated, NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samlas.api import services
from samlas.api.errors import ApiError
from samlas.api.models import ApiToken, IdempotencyRecord, WebhookEndpoint
from samlas.api.pagination import Pagination
from samlas.api.serializers import (
    CancelSerializer,
    EventFilterSerializer,
    EventSerializer,
    ExportParamsSerializer,
    OrganisationSerializer,
    ProgrammeSerializer,
    RegistrationCreateSerializer,
    RegistrationFilterSerializer,
    RegistrationSerializer,
    ThemeSerializer,
    TokenSerializer,
    WebhookCreatedSerializer,
    WebhookDeliverySerializer,
    WebhookSerializer,
)
from samlas.backoffice import exports
from samlas.events.models import Event, EventOrganiser, Theme
from samlas.organisations.models import Membership, Organisation
from samlas.organisations.permissions import (
    Action,
    OrganisationAction,
    can,
    can_for_organisation,
)
from samlas.programme.queries import programme_days
from samlas.registration import services as registration_services
from samlas.registration import staff as registration_staff
from samlas.registration.models import (
    Registration,
    SeminarChoice,
    SeminarPreference,
)

IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description=_(
        "A unique value per intended write (e.g. a UUID), at most 64 characters. A retry with "
        "the same key and body gets the first answer again instead of a second write."
    ),
)


REMEMBERED = {400, 409, 422}


class ApiView(APIView):
    """Every API view: answers in the language the client asks for (Accept-Language).

    The web pages are Swedish first whatever the browser says (core.middleware); an API
    client is a program whose author chose its language on purpose.
    """

    def initial(self, request: Request, *args, **kwargs) -> None:
        self.page_language = translation.get_language()
        supported = {code for code, _name in settings.LANGUAGES}
        header = request.headers.get("Accept-Language", "")
        for code, _quality in parse_accept_lang_header(header):
            if code.split("-")[0] in supported:
                translation.activate(code.split("-")[0])
                break
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request: Request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Language"] = translation.get_language()
        if getattr(self, "page_language", None):
            translation.activate(self.page_language)  # what the rest of the request expects
        return response


# --- Helpers ----------------------------------------------------------------------------------


def _token(request: Request) -> ApiToken:
    if not isinstance(request.auth, ApiToken):
        raise NotAuthenticated(_("This needs an API token."))
    return request.auth


def _event(request: Request, slug: str, action: str | None = None) -> Event:
    """The event if the caller may see it, and do `action` on it (404, then 403)."""
    event = Event.objects.filter(slug=slug).first()
    if event is None:
        raise NotFound(_("There is no such event."))
    public = event.status != Event.Status.DRAFT
    if action is None:
        if not public and not can(request.user, Action.VIEW_EVENT, event):
            raise NotFound(_("There is no such event."))
        return event
    _token(request)
    if not can(request.user, Action.VIEW_EVENT, event):
        raise NotFound(_("There is no such event."))
    if not can(request.user, action, event):
        raise PermissionDenied(_("The token's role does not allow this for the event."))
    return event


def _validated(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _with_relations(events: QuerySet[Event]) -> QuerySet[Event]:
    organisers = EventOrganiser.objects.select_related("organisation").order_by(
        "-role",
        "position",
        "pk",  # "host" before "cohost"
    )
    return events.select_related("venue").prefetch_related(
        Prefetch("organisers", queryset=organisers), "themes", "audiences"
    )


def idempotent(replay: Callable[..., Response]):
    """Require an Idempotency-Key on a write and replay the first outcome on a retry.

    `replay(view, request, record, **kwargs)` rebuilds a successful answer from the stored
    record (the resource as it is now); errors are replayed as they were stored.
    """

    def decorator(method):
        @wraps(method)
        def wrapper(self, request: Request, **kwargs) -> Response:
            token = _token(request)
            key = request.headers.get("Idempotency-Key", "").strip()
            if not key or len(key) > 64 or not key.isprintable():
                raise ApiError(
                    status.HTTP_400_BAD_REQUEST,
                    "idempotency_key_required",
                    _("Send an Idempotency-Key header of 1 to 64 characters."),
                )
            # Read before DRF parses the stream, so the body can be hashed.
            digest = services.request_hash(request.method, request.path, request._request.body)
            record = services.recorded(token, key)
            if record is not None:
                if record.request_hash != digest:
                    raise ApiError(
                        status.HTTP_422_UNPROCESSABLE_ENTITY,
                        "idempotency_key_reused",
                        _("This Idempotency-Key was used for a different request."),
                    )
                if record.error is not None:
                    response = Response(record.error, status=record.status_code)
                else:
                    response = replay(self, request, record, **kwargs)
                response["Idempotent-Replayed"] = "true"
                return response
            try:
                response = method(self, request, **kwargs)
            except Exception as exc:  # rendered as the API's error body, and remembered
                response = self.handle_exception(exc)
            # Outcomes are remembered; refusals (401, 403, 404, 429) may change with access.
            if response.status_code in REMEMBERED or 200 <= response.status_code < 300:
                services.remember(
                    token,
                    key,
                    digest,
                    response.status_code,
                    resource_id=getattr(response, "resource_id", None),
                    error=response.data if response.status_code >= 400 else None,
                )
            return response

        return wrapper

    return decorator


# --- Public -----------------------------------------------------------------------------------


class OrganisationList(ApiView):
    pagination_class = Pagination

    @extend_schema(
        summary="Organisations", responses=OrganisationSerializer(many=True), tags=["public"]
    )
    def get(self, request: Request) -> Response:
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(Organisation.objects.order_by("name", "pk"), request)
        return paginator.get_paginated_response(OrganisationSerializer(page, many=True).data)


class ThemeList(ApiView):
    @extend_schema(summary="Themes", responses=ThemeSerializer(many=True), tags=["public"])
    def get(self, request: Request) -> Response:
        return Response(ThemeSerializer(Theme.objects.order_by("name"), many=True).data)


class EventList(ApiView):
    pagination_class = Pagination

    @extend_schema(
        summary="Events",
        description=(
            "Published, cancelled and archived events. With a token, also the drafts the "
            "token's organisation may see."
        ),
        parameters=[EventFilterSerializer],
        responses=EventSerializer(many=True),
        tags=["public"],
    )
    def get(self, request: Request) -> Response:
        params = _validated(EventFilterSerializer, request.query_params)
        now = timezone.now()
        events = Event.objects.filter(
            ~Q(status=Event.Status.DRAFT) | Q(pk__in=self._drafts(request))
        )
        if params["when"] == "upcoming":
            events = events.filter(end__gte=now).order_by("start", "pk")
        elif params["when"] == "past":
            events = events.filter(end__lt=now).order_by("-start", "-pk")
        else:
            events = events.order_by("start", "pk")
        if "theme" in params:
            events = events.filter(themes__slug=params["theme"])
        for name in ("county", "kind"):
            if name in params:
                events = events.filter(**{name: params[name]})
        if "organisation" in params:
            events = events.filter(organisers__organisation_id=params["organisation"])
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(_with_relations(events.distinct()), request)
        return paginator.get_paginated_response(EventSerializer(page, many=True).data)

    @staticmethod
    def _drafts(request: Request) -> list[int]:
        if not isinstance(request.auth, ApiToken):
            return []
        candidates = Event.objects.filter(
            status=Event.Status.DRAFT, organisers__organisation=request.auth.organisation
        )
        return [e.pk for e in candidates if can(request.user, Action.VIEW_EVENT, e)]


class EventDetail(ApiView):
    @extend_schema(summary="One event", responses=EventSerializer, tags=["public"])
    def get(self, request: Request, slug: str) -> Response:
        event = _event(request, slug)
        return Response(
            EventSerializer(_with_relations(Event.objects.filter(pk=event.pk)).get()).data
        )


class ProgrammeView(ApiView):
    @extend_schema(
        summary="An event's programme",
        description="Items and blocks of parallel seminars in time order.",
        responses=ProgrammeSerializer,
        tags=["public"],
    )
    def get(self, request: Request, slug: str) -> Response:
        event = _event(request, slug)
        entries = [entry for day in programme_days(event) for entry in day.entries]
        return Response(ProgrammeSerializer({"event": event.slug, "entries": entries}).data)


# --- Organisers ------------------------------------------------------------------------------


class TokenView(ApiView):
    @extend_schema(summary="The token in use", responses=TokenSerializer, tags=["organisers"])
    def get(self, request: Request) -> Response:
        token = _token(request)
        membership = Membership.objects.filter(
            user=token.user, organisation=token.organisation
        ).first()
        data = {
            "name": token.name,
            "organisation": token.organisation,
            "role": membership.role if membership else "",
            "can_view_health_data": bool(membership and membership.can_view_health_data),
            "expires_at": token.expires_at,
        }
        return Response(TokenSerializer(data).data)


def _registrations(event: Event, health_allowed: bool) -> QuerySet[Registration]:
    queryset = (
        Registration.objects.filter(event=event)
        .prefetch_related(
            Prefetch("choices", queryset=SeminarChoice.objects.order_by("block__start", "pk")),
            Prefetch("preferences", queryset=SeminarPreference.objects.order_by("block", "rank")),
            "answers",
            "consents",
        )
        .order_by("created_at", "pk")
    )
    return queryset.select_related("health") if health_allowed else queryset


def _registration_response(
    request: Request, event: Event, pk: int, code: int = status.HTTP_200_OK
) -> Response:
    health = can(request.user, Action.VIEW_HEALTH_DATA, event)
    registration = _registrations(event, health).filter(pk=pk).first()
    if registration is None:
        raise NotFound(_("There is no such registration."))
    response = Response(
        RegistrationSerializer(registration, context={"health_allowed": health}).data,
        status=code,
    )
    response.resource_id = registration.pk
    return response


def _replay_registration(view, request: Request, record: IdempotencyRecord, slug: str, **_kw):
    event = _event(request, slug, Action.VIEW_REGISTRATIONS)
    return _registration_response(request, event, record.resource_id, record.status_code)


def _service_key(token: ApiToken, key: str) -> str:
    """The key handed to registration.services.register (≤ 64 characters, per token)."""
    return "api-" + hashlib.sha256(f"{token.pk}:{key}".encode()).hexdigest()[:40]


class RegistrationList(ApiView):
    pagination_class = Pagination

    @extend_schema(
        summary="An event's registrations",
        parameters=[RegistrationFilterSerializer],
        responses=RegistrationSerializer(many=True),
        tags=["organisers"],
    )
    def get(self, request: Request, slug: str) -> Response:
        event = _event(request, slug, Action.VIEW_REGISTRATIONS)
        params = _validated(RegistrationFilterSerializer, request.query_params)
        health = can(request.user, Action.VIEW_HEALTH_DATA, event)
        registrations = _registrations(event, health)
        if "status" in params:
            registrations = registrations.filter(status=params["status"])
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(registrations, request)
        data = RegistrationSerializer(page, many=True, context={"health_allowed": health}).data
        return paginator.get_paginated_response(data)

    @extend_schema(
        summary="Register someone",
        description=(
            "Registers as the organiser would in the back office: the registration window "
            "does not apply, capacities and waiting lists do. The registrant gets the usual "
            "confirmation e-mail with their link."
        ),
        parameters=[IDEMPOTENCY_HEADER],
        request=RegistrationCreateSerializer,
        responses={201: RegistrationSerializer},
        tags=["organisers"],
    )
    @idempotent(_replay_registration)
    def post(self, request: Request, slug: str) -> Response:
        event = _event(request, slug, Action.EDIT_REGISTRATIONS)
        data = dict(_validated(RegistrationCreateSerializer, request.data))
        registration = registration_services.register(
            event,
            data,
            data.pop("choices", None),
            data.pop("preferences", None),
            idempotency_key=_service_key(request.auth, request.headers["Idempotency-Key"]),
            accept_waiting_list=data.pop("accept_waiting_list"),
            language=data.pop("language", None),
            actor=request.user,
        )
        return _registration_response(request, event, registration.pk, status.HTTP_201_CREATED)


class RegistrationDetail(ApiView):
    @extend_schema(
        summary="One registration", responses=RegistrationSerializer, tags=["organisers"]
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        event = _event(request, slug, Action.VIEW_REGISTRATIONS)
        return _registration_response(request, event, pk)


class RegistrationCancel(ApiView):
    @extend_schema(
        summary="Cancel a registration",
        description="Frees the seats, which go at once to the first in line.",
        parameters=[IDEMPOTENCY_HEADER],
        request=CancelSerializer,
        responses={200: RegistrationSerializer},
        tags=["organisers"],
    )
    @idempotent(_replay_registration)
    def post(self, request: Request, slug: str, pk: int) -> Response:
        event = _event(request, slug, Action.EDIT_REGISTRATIONS)
        reason = _validated(CancelSerializer, request.data).get("reason", "")
        registration = Registration.objects.filter(event=event, pk=pk).first()
        if registration is None:
            raise NotFound(_("There is no such registration."))
        registration.event = event
        registration_services.cancel(registration, actor=request.user, reason=reason)
        return _registration_response(request, event, registration.pk)


class RegistrationExport(ApiView):
    @extend_schema(
        summary="Export registrations as CSV",
        description=(
            "The back office's export: UTF-8 with a byte-order mark, semicolon-separated. "
            "Health columns need a token allowed to see health data. Every export is "
            "written to the audit log. Columns: "
            + ", ".join(column.key for column in exports.COLUMNS)
        ),
        parameters=[ExportParamsSerializer],
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR)},
        tags=["organisers"],
    )
    def get(self, request: Request, slug: str) -> StreamingHttpResponse:
        event = _event(request, slug, Action.EXPORT_REGISTRATIONS)
        params = _validated(ExportParamsSerializer, request.query_params)
        health = can(request.user, Action.VIEW_HEALTH_DATA, event)
        allowed = {column.key for column in exports.available_columns(health)}
        columns = [c.strip() for c in params.get("columns", "").split(",") if c.strip()]
        columns = columns or exports.DEFAULT_COLUMNS
        refused = [c for c in columns if c not in allowed]
        if refused:
            raise ApiError(
                status.HTTP_400_BAD_REQUEST,
                "invalid",
                _("Please check the details."),
                {"columns": [format_lazy(_("Not an available column: {}"), ", ".join(refused))]},
            )
        statuses = sorted(params.get("status") or set(Registration.Status.values) - {"cancelled"})
        registrations = Registration.objects.filter(event=event, status__in=statuses)
        registration_staff.record_export(
            event,
            actor=request.user,
            file_format="csv",
            columns=columns,
            count=registrations.count(),
            filters={"status": ",".join(statuses), "via": "api"},
        )
        table = exports.rows(exports.export_queryset(registrations, columns), columns)
        response = StreamingHttpResponse(
            exports.csv_lines(table), content_type="text/csv; charset=utf-8"
        )
        name = f"{event.slug}-deltagare-{timezone.localdate():%Y-%m-%d}"
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response


# --- Webhooks ---------------------------------------------------------------------------------


def _manage_webhooks(request: Request) -> ApiToken:
    token = _token(request)
    if not can_for_organisation(
        request.user, OrganisationAction.MANAGE_MEMBERS, token.organisation
    ):
        raise PermissionDenied(_("Only an administrator's token may manage webhooks."))
    return token


def _webhook(request: Request, pk: int) -> WebhookEndpoint:
    endpoint = WebhookEndpoint.objects.filter(pk=pk, token=_token(request)).first()
    if endpoint is None:
        raise NotFound(_("There is no such webhook."))
    return endpoint


def _replay_webhook(view, request: Request, record: IdempotencyRecord, **_kw) -> Response:
    endpoint = _webhook(request, record.resource_id)
    data = {**WebhookSerializer(endpoint).data, "secret": endpoint.secret}
    return Response(data, status=record.status_code)


class WebhookList(ApiView):
    @extend_schema(
        summary="The token's webhooks", responses=WebhookSerializer(many=True), tags=["webhooks"]
    )
    def get(self, request: Request) -> Response:
        endpoints = WebhookEndpoint.objects.filter(token=_token(request)).order_by("pk")
        return Response(WebhookSerializer(endpoints, many=True).data)

    @extend_schema(
        summary="Add a webhook",
        description=(
            "Needs an administrator's token. Each delivery is a POST of JSON signed in the "
            "Samlas-Signature header: t=<unix time>,v1=<hex HMAC-SHA256 of "
            '"<t>.<body>" with the secret>. Answer 2xx within 10 seconds; anything else is '
            "retried with exponential back-off."
        ),
        parameters=[IDEMPOTENCY_HEADER],
        request=WebhookSerializer,
        responses={201: WebhookCreatedSerializer},
        tags=["webhooks"],
    )
    @idempotent(_replay_webhook)
    def post(self, request: Request) -> Response:
        token = _manage_webhooks(request)
        data = _validated(WebhookSerializer, request.data)
        endpoint, secret = services.create_webhook(
            token, url=data["url"], events=data.get("events", []), actor=request.user
        )
        response = Response(
            {**WebhookSerializer(endpoint).data, "secret": secret}, status=status.HTTP_201_CREATED
        )
        response.resource_id = endpoint.pk
        return response


class WebhookDetail(ApiView):
    @extend_schema(summary="One webhook", responses=WebhookSerializer, tags=["webhooks"])
    def get(self, request: Request, pk: int) -> Response:
        return Response(WebhookSerializer(_webhook(request, pk)).data)

    @extend_schema(summary="Remove a webhook", responses={204: None}, tags=["webhooks"])
    def delete(self, request: Request, pk: int) -> Response:
        _manage_webhooks(request)
        services.delete_webhook(_webhook(request, pk), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class WebhookDeliveries(ApiView):
    pagination_class = Pagination

    @extend_schema(
        summary="A webhook's recent deliveries",
        responses=WebhookDeliverySerializer(many=True),
        tags=["webhooks"],
    )
    def get(self, request: Request, pk: int) -> Response:
        endpoint = _webhook(request, pk)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            endpoint.deliveries.order_by("-created_at", "-pk"), request
        )
        return paginator.get_paginated_response(WebhookDeliverySerializer(page, many=True).data)


class NotFoundView(ApiView):
    """Any other address under /api/v1/: the API's 404 body, never an HTML page."""

    schema = None

    def get(self, request: Request) -> Response:
        raise NotFound(_("There is no such address in the API."))

    post = put = patch = delete = get
