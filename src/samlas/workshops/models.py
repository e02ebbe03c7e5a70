"""Live prioritisation at an event: questions, proposals, groups and anonymous ballots.

A participant is only a random token kept in a signed cookie (and the group they sit in):
no account, no name, no IP address, no user agent. What must always hold is a named
constraint, so the database refuses what the code forgot.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samlas.events.models import Event
from samlas.programme.models import ProgrammeItem

# Six characters without the look-alikes 0/O, 1/I/L: easy to read off a projector.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


class Workshop(models.Model):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="workshops", verbose_name=_("event")
    )
    programme_item = models.ForeignKey(
        ProgrammeItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workshops",
        verbose_name=_("programme item"),
        help_text=_("The part of the programme during which the workshop runs, if any."),
    )
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(
        _("introduction"), blank=True, help_text=_("Shown to participants when they join.")
    )
    code = models.CharField(
        _("join code"),
        max_length=CODE_LENGTH,
        help_text=_("Participants type this code to join. Unique among open workshops."),
    )
    is_open = models.BooleanField(
        _("open for participants"),
        default=True,
        help_text=_("When the workshop is over, close it: its code can then be reused."),
    )
    assign_groups = models.BooleanField(
        _("assign groups automatically"),
        default=False,
        help_text=_(
            "When the workshop has groups: give each participant the group with fewest "
            "participants instead of letting them choose."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=Q(is_open=True), name="workshop_code_unique_while_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.code})"

    def get_absolute_url(self) -> str:
        return reverse(
            "workshops:organiser_detail", kwargs={"pk": self.event_id, "workshop_pk": self.pk}
        )

    @property
    def join_path(self) -> str:
        return reverse("workshops:workshop", kwargs={"code": self.code})


class Group(models.Model):
    """A table of participants that leaves with its own priorities."""

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="groups", verbose_name=_("workshop")
    )
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        constraints = [
            models.UniqueConstraint(fields=["workshop", "name"], name="workshop_group_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    class Method(models.TextChoices):
        RANKING = "ranking", _("ranking")
        DOTS = "dots", _("dot voting")
        CHOICE = "choice", _("simple choice")

    class Status(models.TextChoices):
        DRAFT = "draft", _("not yet open")
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="questions", verbose_name=_("workshop")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("question"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    points = models.PositiveSmallIntegerField(
        _("points per participant"),
        null=True,
        blank=True,
        help_text=_("For dot voting: the points each participant may spread."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    results_revealed = models.BooleanField(_("results shown to participants"), default=False)
    allow_proposals = models.BooleanField(_("participants may submit proposals"), default=False)
    moderate_proposals = models.BooleanField(
        _("hold participants' proposals for approval"), default=True
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.CheckConstraint(
                condition=Q(method__in=["ranking", "dots", "choice"]), name="question_method_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "open", "closed"]), name="question_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(method="dots") | Q(points__isnull=False, points__gte=1),
                name="question_dots_need_points",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Proposal(models.Model):
    class Status(models.TextChoices):
        APPROVED = "approved", _("approved")
        PENDING = "pending", _("awaiting approval")
        REJECTED = "rejected", _("rejected")

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("question")
    )
    text = models.CharField(_("proposal"), max_length=300)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.APPROVED
    )
    from_participant = models.BooleanField(_("submitted by a participant"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["approved", "pending", "rejected"]),
                name="proposal_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.text


class Participant(models.Model):
    """One phone in one workshop: a random token, nothing that identifies a person."""

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="participants", verbose_name=_("workshop")
    )
    token = models.UUIDField(_("token"))
    group = models.ForeignKey(
        Group,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participants",
        verbose_name=_("group"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "token"], name="participant_token_unique_per_workshop"
            ),
        ]

    def __str__(self) -> str:
        return str(self.token)[:8]


class Ballot(models.Model):
    """A participant's current answer to a question; changing the vote replaces its entries."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="ballots", verbose_name=_("question")
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="ballots", verbose_name=_("participant")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "participant"], name="ballot_one_per_participant_and_question"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}/{self.participant_id}"


class BallotEntry(models.Model):
    """One proposal on a ballot: its rank (ranking), its points (dot voting) or 1 (choice)."""

    ballot = models.ForeignKey(
        Ballot, on_delete=models.CASCADE, related_name="entries", verbose_name=_("ballot")
    )
    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.CASCADE,
        related_name="ballot_entries",
        verbose_name=_("proposal"),
    )
    value = models.PositiveSmallIntegerField(_("value"))

    class Meta:
        verbose_name = _("ballot entry")
        verbose_name_plural = _("ballot entries")
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "proposal"], name="ballot_entry_proposal_once"
            ),
            models.CheckConstraint(condition=Q(value__gte=1), name="ballot_entry_value_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}={self.value}"
