"""API tokens, idempotency records and webhooks (docs/api.md).

A token acts as a member of one organisation with one role: it owns a service account
(`user`, no password, no login) whose `organisations.Membership` holds the role, so the
permission module that decides for the back office decides for the API as well, and the
organisation's administrators see the token among their members.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samlas.organisations.models import Organisation


class ApiToken(models.Model):
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for."))
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("organisation"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_token",
        verbose_name=_("service account"),
    )
    # The token is "samlas_<prefix>_<secret>": the prefix finds the row, the secret is
    # stored only as its SHA-256 (a leaked database does not leak working tokens).
    prefix = models.CharField(_("prefix"), max_length=16, unique=True)
    secret_hash = models.CharField(_("secret (SHA-256)"), max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class IdempotencyRecord(models.Model):
    """The outcome of a write made with an Idempotency-Key, replayed on a retry.

    It keeps the status and the id of what was made, not the response body: a replay shows
    the resource as it is now, and no personal data is copied here.
    """

    token = models.ForeignKey(
        ApiToken, on_delete=models.CASCADE, related_name="+", verbose_name=_("token")
    )
    key = models.CharField(_("key"), max_length=64)
    request_hash = models.CharField(_("request (SHA-256)"), max_length=64)
    status_code = models.PositiveSmallIntegerField(_("status"))
    resource_id = models.PositiveBigIntegerField(_("resource"), null=True, blank=True)
    error = models.JSONField(_("error body"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")
        constraints = [
            models.UniqueConstraint(fields=["token", "key"], name="idempotency_key_once_per_token"),
        ]
        indexes = [models.Index(fields=["token", "created_at"], name="idempotency_age_idx")]

    def __str__(self) -> str:
        return self.key


class WebhookEndpoint(models.Model):
    """Where a token's organisation wants to hear about registrations (signed POSTs)."""

    token = models.ForeignKey(
        ApiToken, on_delete=models.CASCADE, related_name="webhooks", verbose_name=_("token")
    )
    url = models.URLField(_("address"), max_length=500)
    events = models.JSONField(
        _("event types"), default=list, blank=True, help_text=_("Empty: all event types.")
    )
    secret = models.CharField(
        _("signing secret"),
        max_length=64,
        help_text=_("Signs each delivery (HMAC-SHA256); it has to be stored to sign."),
    )
    active = models.BooleanField(_("active"), default=True)
    log_cursor = models.PositiveBigIntegerField(
        _("last log entry seen"),
        default=0,
        help_text=_("The dispatcher reads the registration log from here (api/webhooks.py)."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["token", "pk"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    """One event sent to one endpoint; retried with back-off until it is accepted."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("failed")

    endpoint = models.ForeignKey(
        WebhookEndpoint,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("webhook"),
    )
    # The registration log entry it reports, as a plain id rather than a key: the log
    # belongs to registration, and a delivery stays a record of what was sent.
    log_entry_id = models.PositiveBigIntegerField(_("log entry"))
    event_type = models.CharField(_("event type"), max_length=40)
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"))
    last_status_code = models.PositiveSmallIntegerField(_("last HTTP status"), null=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "log_entry_id"], name="webhook_delivery_once_per_entry"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "delivered", "failed"]),
                name="webhook_delivery_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due_idx")
        ]

    def __str__(self) -> str:
        return f"{self.event_type} → {self.endpoint}"
