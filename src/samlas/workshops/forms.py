"""Forms of workshops: joining, voting by ranking, dot voting or choice, and organising.

Ballot forms are plain HTML forms (selects, number inputs, radios): voting needs no
JavaScript and no drag and drop. Their `values()` is what services.cast_ballot takes.
"""

from collections import Counter

from django import forms
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from samlas.events.models import Event
from samlas.programme.models import ProgrammeItem
from samlas.workshops.models import (
    CODE_ALPHABET,
    CODE_LENGTH,
    Group,
    Proposal,
    Question,
    Workshop,
)


def normalise_code(raw: str) -> str:
    """What a participant typed, as stored: upper case, without spaces or dashes."""
    return "".join(raw.split()).replace("-", "").upper()


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Workshop code"),
        help_text=_("Six letters and digits, shown on the screen in the room."),
        max_length=20,
        error_messages={"required": _("Enter the workshop code.")},
        widget=forms.TextInput(
            attrs={
                "class": "govuk-input--width-10 samlas-ws-code-input",
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if len(code) != CODE_LENGTH or not set(code) <= set(CODE_ALPHABET):
            raise forms.ValidationError(
                _("Check the code: it has six letters and digits, like K7P3XW.")
            )
        return code


class GroupForm(forms.Form):
    group = forms.ModelChoiceField(
        queryset=Group.objects.none(),
        label=_("Your group"),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Choose your group."),
            "invalid_choice": _("Choose one of the groups."),
        },
    )

    def __init__(self, *args: object, groups: list[Group], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = Group.objects.filter(pk__in=[g.pk for g in groups])


class BallotForm(forms.Form):
    """A ballot over the question's approved proposals; subclasses define the method."""

    def __init__(
        self,
        *args: object,
        question: Question,
        proposals: list[Proposal],
        current: dict[int, int] | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.question = question
        self.proposals = proposals
        self.build(current or {})

    @staticmethod
    def field_name(proposal: Proposal) -> str:
        return f"proposal_{proposal.pk}"

    def build(self, current: dict[int, int]) -> None:
        raise NotImplementedError

    def values(self) -> dict[int, int]:
        """proposal id → rank, points or 1, leaving out what was not given."""
        return {
            p.pk: int(self.cleaned_data[self.field_name(p)])
            for p in self.proposals
            if self.cleaned_data.get(self.field_name(p))
        }

    @property
    def first_field_id(self) -> str:
        return self[next(iter(self.fields))].id_for_label


class RankingForm(BallotForm):
    def build(self, current: dict[int, int]) -> None:
        n = len(self.proposals)
        choices = [("", _("Not ranked"))] + [(str(r), str(r)) for r in range(1, n + 1)]
        for proposal in self.proposals:
            self.fields[self.field_name(proposal)] = forms.TypedChoiceField(
                label=proposal.text,
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                initial=current.get(proposal.pk),
                error_messages={"invalid_choice": _("Choose a rank from the list.")},
            )

    def rows(self) -> list[tuple[forms.BoundField, str]]:
        """Each proposal's field with its chosen rank as the select's value.

        The ballot template writes the selects itself: Django's widget templates cost a
        template include per option, which is most of the page's time when a room votes.
        """
        return [
            (field, "" if field.value() in (None, "") else str(field.value())) for field in self
        ]

    @property
    def rank_choices(self) -> list[tuple[str, str]]:
        return list(next(iter(self.fields.values())).choices) if self.fields else []

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        ranks = {p: cleaned.get(self.field_name(p)) for p in self.proposals}
        given = {p: r for p, r in ranks.items() if r}
        if not given:
            raise forms.ValidationError(_("Rank at least one proposal: put a 1 by your first."))
        counts = Counter(given.values())
        for proposal, rank in given.items():
            if counts[rank] > 1:
                self.add_error(
                    self.field_name(proposal),
                    _("Rank %(rank)s is given to more than one proposal.") % {"rank": rank},
                )
        if not self.errors:
            missing = sorted(set(range(1, len(given) + 1)) - set(given.values()))
            if missing:
                raise forms.ValidationError(
                    _("Use the ranks 1 to %(last)s without gaps: rank %(missing)s is missing.")
                    % {"last": len(given), "missing": missing[0]}
                )
        return cleaned


class DotsForm(BallotForm):
    def build(self, current: dict[int, int]) -> None:
        points = self.question.points or 0
        for proposal in self.proposals:
            self.fields[self.field_name(proposal)] = forms.IntegerField(
                label=proposal.text,
                min_value=0,
                max_value=points,
                required=False,
                initial=current.get(proposal.pk),
                widget=forms.NumberInput(
                    attrs={"inputmode": "numeric", "class": "govuk-input govuk-input--width-3"}
                ),
                error_messages={
                    "invalid": _("Enter a whole number of points, such as 2."),
                    "min_value": _("Points cannot be negative."),
                    "max_value": _("You have %(limit_value)s points in all."),
                },
            )

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        total = sum(cleaned.get(self.field_name(p)) or 0 for p in self.proposals)
        points = self.question.points or 0
        if total == 0:
            raise forms.ValidationError(_("Give at least one point."))
        if total > points:
            raise forms.ValidationError(
                ngettext(
                    "You gave %(total)s points but have %(points)s point to spread.",
                    "You gave %(total)s points but have %(points)s points to spread.",
                    points,
                )
                % {"total": total, "points": points}
            )
        return cleaned


class ChoiceForm(BallotForm):
    def build(self, current: dict[int, int]) -> None:
        chosen = next(iter(current), None)
        self.fields["proposal"] = forms.TypedChoiceField(
            label=self.question.text,
            choices=[(str(p.pk), p.text) for p in self.proposals],
            coerce=int,
            widget=forms.RadioSelect,
            initial=str(chosen) if chosen else None,
            error_messages={
                "required": _("Choose one proposal."),
                "invalid_choice": _("Choose one of the proposals."),
            },
        )

    def values(self) -> dict[int, int]:
        return {self.cleaned_data["proposal"]: 1}


BALLOT_FORMS: dict[str, type[BallotForm]] = {
    Question.Method.RANKING: RankingForm,
    Question.Method.DOTS: DotsForm,
    Question.Method.CHOICE: ChoiceForm,
}


class ProposalForm(forms.Form):
    text = forms.CharField(
        label=_("Your proposal"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Write your proposal."),
            "max_length": _("Keep the proposal to %(limit_value)s characters."),
        },
    )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class ProgrammeItemField(forms.ModelChoiceField):
    """The event's programme items, each with its day and time so equal titles stay apart."""

    def label_from_instance(self, obj: ProgrammeItem) -> str:
        start = timezone.localtime(obj.start)
        return f"{obj.title} ({date_format(start, 'j M')}, {time_format(start, 'H.i')})"


class WorkshopForm(forms.Form):
    """A new workshop on `event` (the back office's event: never chosen in the form)."""

    programme_item = ProgrammeItemField(
        queryset=ProgrammeItem.objects.none(),
        label=_("Programme item (optional)"),
        required=False,
    )
    title = forms.CharField(
        label=_("Title"), max_length=200, error_messages={"required": _("Enter a title.")}
    )
    introduction = forms.CharField(
        label=_("Introduction for participants (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    groups = forms.CharField(
        label=_("Groups (optional)"),
        help_text=_("One group per line, e.g. Table 1. Leave empty to vote without groups."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    assign_groups = forms.BooleanField(
        label=_("Give participants a group automatically instead of letting them choose"),
        required=False,
    )

    existing_groups: frozenset[str] = frozenset()

    def __init__(self, *args: object, event: Event, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme_item"].queryset = event.items.order_by("start", "pk")

    def clean_groups(self) -> list[str]:
        names = _lines(self.cleaned_data["groups"])
        if any(len(name) > 100 for name in names):
            raise forms.ValidationError(_("Keep each group name to 100 characters."))
        if len(set(names)) != len(names):
            raise forms.ValidationError(_("Give each group its own name."))
        if set(names) & self.existing_groups:
            raise forms.ValidationError(_("There is already a group with that name."))
        return names


class WorkshopChangeForm(WorkshopForm):
    """The workshop's texts and settings; groups can be added (not renamed: votes follow them)."""

    def __init__(self, *args: object, workshop: Workshop, **kwargs: object) -> None:
        kwargs.setdefault(
            "initial",
            {
                "programme_item": workshop.programme_item_id,
                "title": workshop.title,
                "introduction": workshop.introduction,
                "assign_groups": workshop.assign_groups,
            },
        )
        super().__init__(*args, event=workshop.event, **kwargs)
        self.existing_groups = frozenset(g.name for g in workshop.groups.all())
        groups = self.fields["groups"]
        groups.label = _("New groups (optional)")
        groups.help_text = _("One group per line. The workshop already has: %(groups)s.") % {
            "groups": ", ".join(sorted(self.existing_groups)) or _("no groups")
        }


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Question"), max_length=300, error_messages={"required": _("Enter the question.")}
    )
    description = forms.CharField(
        label=_("Explanation (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    method = forms.ChoiceField(
        label=_("Method"),
        choices=Question.Method.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how participants answer.")},
    )
    points = forms.IntegerField(
        label=_("Points per participant (dot voting)"),
        min_value=1,
        max_value=100,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
    )
    proposals = forms.CharField(
        label=_("Proposals (optional)"),
        help_text=_("One proposal per line. You can add more later."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    allow_proposals = forms.BooleanField(
        label=_("Participants may submit proposals"), required=False
    )
    moderate_proposals = forms.BooleanField(
        label=_("Hold participants' proposals until an organiser approves them"),
        required=False,
        initial=True,
    )

    def clean_proposals(self) -> list[str]:
        proposals = _lines(self.cleaned_data["proposals"])
        if any(len(text) > 300 for text in proposals):
            raise forms.ValidationError(_("Keep each proposal to 300 characters."))
        return proposals

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("method") == Question.Method.DOTS and not cleaned.get("points"):
            self.add_error("points", _("Enter the number of points each participant may spread."))
        return cleaned


class OrganiserProposalForm(forms.Form):
    text = forms.CharField(
        label=_("New proposal"),
        max_length=300,
        error_messages={"required": _("Write the proposal.")},
    )


class QuestionChangeForm(forms.Form):
    """A question's texts and settings; its method stays (votes already given depend on it)."""

    text = QuestionForm.base_fields["text"]
    description = QuestionForm.base_fields["description"]
    points = QuestionForm.base_fields["points"]
    allow_proposals = QuestionForm.base_fields["allow_proposals"]
    moderate_proposals = QuestionForm.base_fields["moderate_proposals"]

    def __init__(self, *args: object, question: Question, **kwargs: object) -> None:
        kwargs.setdefault("initial", {name: getattr(question, name) for name in self.base_fields})
        super().__init__(*args, **kwargs)
        self.question = question
        if question.method != Question.Method.DOTS:
            del self.fields["points"]

    def clean(self) -> dict:
        cleaned = super().clean()
        if "points" in self.fields and not cleaned.get("points") and not self.errors:
            self.add_error("points", _("Enter the number of points each participant may spread."))
        return cleaned
