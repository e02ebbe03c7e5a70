"""The API's representations: read serializers shape models, write serializers only check
types. What a valid registration is stays with `registration.services` (InvalidData), so
the API and the web form can never disagree about it."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from samlas.api.models import WebhookDelivery, WebhookEndpoint
from samlas.api.services import WEBHOOK_EVENT_TYPES
from samlas.core.counties import County
from samlas.events.models import Event, EventOrganiser, Theme, Venue
from samlas.organisations.models import Organisation
from samlas.programme.models import Block, ItemKind, Participation
from samlas.programme.queries import Entry, SeminarEntry
from samlas.registration.models import (
    Answer,
    ConsentRecord,
    HealthInformation,
    Registration,
    Sector,
    SeminarChoice,
    SeminarPreference,
)

# --- Errors (documented in the OpenAPI document; written by api/errors.py) ---------------------


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("Stable machine-readable code, e.g. not_found."))
    message = serializers.CharField(
        help_text=_("A sentence for people, in the request's language.")
    )
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text=_("Messages per field, when the input was not valid."),
    )


# --- Public: organisations, themes, events, programme -------------------------------------------


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "county", "website"]


class ThemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["slug", "name", "description"]


class VenueSerializer(serializers.ModelSerializer):
    class Meta:
        model = Venue
        fields = ["id", "name", "street_address", "postcode", "city", "county", "accessibility"]


class OrganiserSerializer(serializers.ModelSerializer):
    organisation = OrganisationSerializer()

    class Meta:
        model = EventOrganiser
        fields = ["organisation", "role"]


class EventRegistrationWindowSerializer(serializers.Serializer):
    opens = serializers.DateTimeField(source="registration_opens", allow_null=True)
    closes = serializers.DateTimeField(source="registration_closes", allow_null=True)


class EventSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    themes = ThemeSerializer(many=True)
    audiences = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    venue = VenueSerializer(allow_null=True)
    organisers = OrganiserSerializer(many=True)
    registration = EventRegistrationWindowSerializer(source="*")
    calendar_url = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = [
            "id",
            "slug",
            "url",
            "calendar_url",
            "kind",
            "status",
            "title",
            "summary",
            "description",
            "language",
            "start",
            "end",
            "county",
            "themes",
            "audiences",
            "audience_text",
            "venue",
            "online_information",
            "organisers",
            "registration",
            "updated_at",
        ]

    def get_url(self, event: Event) -> str:
        return f"{settings.SITE_URL}{event.get_absolute_url()}"

    def get_calendar_url(self, event: Event) -> str:
        return f"{settings.SITE_URL}/evenemang/{event.slug}/kalender.ics"


class PersonSerializer(serializers.Serializer):
    name = serializers.CharField(source="person.name")
    title = serializers.SerializerMethodField()
    organisation = serializers.SerializerMethodField()
    role = serializers.ChoiceField(choices=Participation._meta.get_field("role").choices)

    def get_title(self, participation: Participation) -> str:
        return participation.title or participation.person.title

    def get_organisation(self, participation: Participation) -> str:
        return participation.organisation or participation.person.organisation


class SeminarSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="seminar.pk")
    title = serializers.CharField(source="seminar.title")
    description = serializers.CharField(source="seminar.description")
    topic = serializers.CharField(source="seminar.topic")
    capacity = serializers.IntegerField(source="seminar.capacity")
    venue = VenueSerializer(allow_null=True)
    room = serializers.SerializerMethodField()
    people = PersonSerializer(many=True)

    def get_room(self, entry: SeminarEntry) -> str | None:
        return entry.seminar.room.name if entry.seminar.room_id else None


class ProgrammeEntrySerializer(serializers.Serializer):
    """One row of the timetable: a programme item, or a block of parallel seminars."""

    type = serializers.SerializerMethodField()
    id = serializers.SerializerMethodField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    title = serializers.CharField()
    kind = serializers.SerializerMethodField()
    description = serializers.SerializerMethodField()
    choice_mode = serializers.SerializerMethodField()
    venue = VenueSerializer(allow_null=True)
    room = serializers.SerializerMethodField()
    people = PersonSerializer(many=True)
    seminars = SeminarSerializer(many=True)

    @extend_schema_field(serializers.ChoiceField(choices=["item", "block"]))
    def get_type(self, entry: Entry) -> str:
        return "block" if entry.is_block else "item"

    def get_id(self, entry: Entry) -> int:
        return entry.block.pk if entry.is_block else entry.item.pk

    @extend_schema_field(serializers.ChoiceField(choices=ItemKind.choices, allow_null=True))
    def get_kind(self, entry: Entry) -> str | None:
        return None if entry.is_block else entry.item.kind

    def get_description(self, entry: Entry) -> str:
        return "" if entry.is_block else entry.item.description

    @extend_schema_field(serializers.ChoiceField(choices=Block.ChoiceMode.choices, allow_null=True))
    def get_choice_mode(self, entry: Entry) -> str | None:
        return entry.block.choice_mode if entry.is_block else None

    def get_room(self, entry: Entry) -> str | None:
        return entry.room.name if entry.room else None


class ProgrammeSerializer(serializers.Serializer):
    event = serializers.SlugField()
    entries = ProgrammeEntrySerializer(many=True)


# --- Organisers: the token, registrations --------------------------------------------------


class TokenSerializer(serializers.Serializer):
    name = serializers.CharField()
    organisation = OrganisationSerializer()
    role = serializers.CharField()
    can_view_health_data = serializers.BooleanField()
    expires_at = serializers.DateTimeField(allow_null=True)


class ChoiceSerializer(serializers.ModelSerializer):
    class Meta:
        model = SeminarChoice
        fields = ["block", "seminar", "status"]


class PreferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = SeminarPreference
        fields = ["block", "seminar", "rank"]


class AnswerSerializer(serializers.ModelSerializer):
    value = serializers.JSONField()

    class Meta:
        model = Answer
        fields = ["question", "value"]


class ConsentSerializer(serializers.ModelSerializer):
    class Meta:
        model = ConsentRecord
        fields = ["consent", "text", "version", "given_at", "withdrawn_at"]


class HealthSerializer(serializers.ModelSerializer):
    class Meta:
        model = HealthInformation
        fields = ["dietary_needs", "allergies", "accessibility_needs"]


class RegistrationSerializer(serializers.ModelSerializer):
    choices = ChoiceSerializer(many=True)
    preferences = PreferenceSerializer(many=True)
    answers = AnswerSerializer(many=True)
    consents = ConsentSerializer(many=True)
    health = serializers.SerializerMethodField(
        help_text=_(
            "Diet, allergies and accessibility needs; null when none are stored or the token "
            "may not see health data."
        )
    )

    class Meta:
        model = Registration
        fields = [
            "id",
            "status",
            "name",
            "email",
            "organisation",
            "title",
            "sector",
            "municipality",
            "county",
            "phone",
            "organisation_number",
            "peppol_id",
            "invoice_reference",
            "language",
            "created_at",
            "confirmed_at",
            "cancelled_at",
            "queued_at",
            "choices",
            "preferences",
            "answers",
            "consents",
            "health",
        ]

    @extend_schema_field(HealthSerializer(allow_null=True))
    def get_health(self, registration: Registration) -> dict | None:
        if not self.context.get("health_allowed"):
            return None
        health = getattr(registration, "health", None)
        return None if health is None else HealthSerializer(health).data


def _text(max_length: int) -> serializers.CharField:
    return serializers.CharField(max_length=max_length, required=False, allow_blank=True)


class RegistrationCreateSerializer(serializers.Serializer):
    """The shape of `registration.services.register`'s input (docs/registration.md)."""

    name = serializers.CharField(max_length=200)
    email = serializers.CharField(max_length=254)
    organisation = _text(200)
    title = _text(200)
    sector = serializers.ChoiceField(choices=Sector.choices, required=False, allow_blank=True)
    municipality = _text(100)
    county = serializers.ChoiceField(choices=County.choices, required=False, allow_blank=True)
    phone = _text(40)
    organisation_number = _text(11)
    peppol_id = _text(60)
    invoice_reference = _text(100)
    dietary_needs = _text(1000)
    allergies = _text(1000)
    accessibility_needs = _text(1000)
    answers = serializers.DictField(
        child=serializers.JSONField(),
        required=False,
        help_text=_(
            "Question id → answer: text, true/false, an option id or a list of option ids."
        ),
    )
    consents = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        help_text=_("The ids of the consents the registrant gave."),
    )
    choices = serializers.DictField(
        child=serializers.IntegerField(min_value=1, allow_null=True),
        required=False,
        help_text=_("Block id → seminar id, for first-come-first-served blocks."),
    )
    preferences = serializers.DictField(
        child=serializers.ListField(child=serializers.IntegerField(min_value=1)),
        required=False,
        help_text=_("Block id → seminar ids, best first, for ranked blocks."),
    )
    accept_waiting_list = serializers.BooleanField(
        default=True, help_text=_("Join a waiting list when the event or a seminar is full.")
    )
    language = serializers.ChoiceField(
        choices=settings.LANGUAGES,
        required=False,
        help_text=_("The language of the registrant's e-mails (default Swedish)."),
    )


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True)


# --- Webhooks -----------------------------------------------------------------------------


class WebhookSerializer(serializers.ModelSerializer):
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=WEBHOOK_EVENT_TYPES),
        required=False,
        help_text=_("The event types to send; empty or left out: all."),
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["id", "url", "events", "active", "created_at"]
        read_only_fields = ["id", "active", "created_at"]


class WebhookCreatedSerializer(WebhookSerializer):
    secret = serializers.CharField(
        read_only=True, help_text=_("Verifies the Samlas-Signature header; shown only once.")
    )

    class Meta(WebhookSerializer.Meta):
        fields = [*WebhookSerializer.Meta.fields, "secret"]


class WebhookDeliverySerializer(serializers.ModelSerializer):
    payload = serializers.JSONField()

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "event_type",
            "status",
            "attempts",
            "last_status_code",
            "created_at",
            "delivered_at",
            "next_attempt_at",
            "payload",
        ]


# --- Query parameters --------------------------------------------------------------------


class EventFilterSerializer(serializers.Serializer):
    when = serializers.ChoiceField(
        choices=["upcoming", "past", "all"],
        default="upcoming",
        help_text=_("Upcoming (not yet ended, soonest first), past (latest first) or all."),
    )
    theme = serializers.SlugField(required=False, help_text=_("A theme's slug."))
    county = serializers.ChoiceField(choices=County.choices, required=False)
    kind = serializers.ChoiceField(choices=Event.Kind.choices, required=False)
    organisation = serializers.IntegerField(
        min_value=1, required=False, help_text=_("An organising organisation's id.")
    )


class RegistrationFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Registration.Status.choices, required=False)


EXPORT_COLUMNS_HELP = _("Comma-separated column keys; default: name, e-mail, organisation …")


class ExportParamsSerializer(serializers.Serializer):
    columns = serializers.CharField(required=False, max_length=500, help_text=EXPORT_COLUMNS_HELP)
    status = serializers.MultipleChoiceField(
        choices=Registration.Status.choices,
        required=False,
        help_text=_("Statuses to include; default: every status but cancelled."),
    )
