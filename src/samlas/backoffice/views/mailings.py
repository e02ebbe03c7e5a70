"""Messages to participants: write, preview and send one; follow its sending; the reminder.

Sending is two steps on one form: "Preview" shows the message as the first recipient will
get it and how many will get it; "Send" queues it (samlas.mailings.services). The form
carries an idempotency key, so a double click sends once.
"""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samlas.backoffice.forms import CampaignForm, ReminderForm
from samlas.backoffice.views.common import event_for, render_event, staff_view
from samlas.backoffice.views.events import form_errors
from samlas.mailings import placeholders, queries, services
from samlas.mailings.models import Campaign, CampaignRecipient
from samlas.organisations.permissions import Action
from samlas.registration.models import OutboxMessage

# Also filled in by backoffice/progress.js as the counts change.
PROGRESS = gettext_lazy("%(sent)s of %(total)s sent, %(pending)s waiting, %(failed)s failed")


def _progress_json(progress: queries.Progress) -> dict:
    return {
        "total": progress.total,
        "sent": progress.sent,
        "pending": progress.pending,
        "failed": progress.failed,
        "percent": progress.percent,
        "done": progress.done,
    }


@staff_view
def message_list(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request, pk, Action.EMAIL_PARTICIPANTS)
    reminder = queries.reminder_settings(event)
    return render_event(
        request,
        event,
        "backoffice/messages.html",
        {
            "campaigns": queries.campaigns_for(event),
            "reminder": reminder,
            "reminder_due": services.reminder_due_at(reminder) if reminder else None,
            "reminder_sent": queries.reminder_sent(event),
        },
    )


@staff_view
def message_new(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request, pk, Action.EMAIL_PARTICIPANTS)
    posted = request.POST if request.method == "POST" else None
    form = CampaignForm(
        posted, event=event, initial={"idempotency_key": uuid.uuid4().hex, "audience": "confirmed"}
    )
    preview = None
    if posted is not None and form.is_valid():
        data = form.cleaned_data
        if "send" in posted and posted.get("previewed") == form.fingerprint():
            try:
                campaign = services.send_campaign(
                    event,
                    audience=data["audience"],
                    seminar=data["seminar"],
                    subject=data["subject"],
                    body=data["body"],
                    actor=request.user,
                    idempotency_key=data["idempotency_key"] or uuid.uuid4().hex,
                )
            except ValidationError as error:
                form_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The message is on its way to %(count)s recipients.")
                    % {"count": campaign.recipient_count},
                )
                return redirect("backoffice:message", pk=event.pk, campaign_pk=campaign.pk)
        else:
            # Only what was previewed can be sent: a changed text is shown again first.
            if "send" in posted:
                messages.warning(request, _("The message has changed: check it again, then send."))
            preview = queries.preview(
                event, data["audience"], data["seminar"], data["subject"], data["body"]
            )
    return render_event(
        request,
        event,
        "backoffice/message_form.html",
        {"form": form, "preview": preview, "placeholders": placeholders.PLACEHOLDERS},
    )


def _campaign(request: HttpRequest, pk: int, campaign_pk: int):
    event = event_for(request, pk, Action.EMAIL_PARTICIPANTS)
    return event, get_object_or_404(
        Campaign.objects.select_related("seminar", "created_by"), event=event, pk=campaign_pk
    )


@staff_view
def message_detail(request: HttpRequest, pk: int, campaign_pk: int) -> HttpResponse:
    event, campaign = _campaign(request, pk, campaign_pk)
    failed = (
        CampaignRecipient.objects.filter(
            campaign=campaign, message__status=OutboxMessage.Status.FAILED
        )
        .select_related("registration", "message")
        .order_by("registration__name", "pk")
    )
    progress = queries.progress(campaign)
    return render_event(
        request,
        event,
        "backoffice/message_detail.html",
        {
            "campaign": campaign,
            "progress": progress,
            "progress_template": PROGRESS,
            "progress_text": PROGRESS % _progress_json(progress),
            "failed": failed,
        },
    )


@staff_view
def message_progress(request: HttpRequest, pk: int, campaign_pk: int) -> JsonResponse:
    _event, campaign = _campaign(request, pk, campaign_pk)
    return JsonResponse(_progress_json(queries.progress(campaign)))


@staff_view
def reminder(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request, pk, Action.EMAIL_PARTICIPANTS)
    row = queries.reminder_settings(event)
    form = ReminderForm(
        request.POST or None,
        instance=row,
        initial=services.default_reminder() if row is None else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_reminder_settings(event, form.cleaned_data, actor=request.user)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("The reminder has been saved."))
            return redirect("backoffice:messages", pk=event.pk)
    return render_event(
        request,
        event,
        "backoffice/reminder_form.html",
        {
            "form": form,
            "placeholders": placeholders.PLACEHOLDERS,
            "reminder_sent": queries.reminder_sent(event),
        },
    )
