"""Public pages of the archive: search, recordings, learning examples, bodies, themes, press.

Views parse the request, call a query or a service, and render. The two public forms
(a body's contact form, press registration) run the registration form's bot protection:
a filled honeypot gets a thank-you page and nothing is stored; a form sent too fast, too
often or with a forged, expired or reused proof of work is shown again with the reason.
"""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from samlas.archive import queries, search, services
from samlas.archive.forms import (
    BotProtectedForm,
    ContactForm,
    ExampleFilterForm,
    PressRegistrationForm,
    SearchForm,
    read_started,
)
from samlas.events.models import Theme
from samlas.registration import botcheck

PAGE_SIZE = 20
BOT = "bot"

RATE_LIMITED = _(
    "Many forms have been sent from your network in a short time. Please wait a few minutes "
    "and send the form again."
)
TOO_FAST = _(
    "The form was sent very quickly after the page opened, as automated programs do. Please "
    "check your answers and send the form again."
)
EXPIRED = _("The form had been open for a long time. Please check your answers and send it again.")


def _page(request: HttpRequest, items) -> tuple:
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return page, page.paginator.get_elided_page_range(page.number, on_each_side=2)


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    form.is_valid()
    query = form.query
    theme: Theme | None = form.value("theme") or None
    group = form.value("type")
    results = search.search(query, group=group, theme_id=theme.pk if theme else None)
    page, page_numbers = _page(request, results.matches)
    context = {
        "form": form,
        "query": query,
        "searched": bool(query),
        "results": results,
        "hits": search.hits(list(page.object_list), results.terms),
        "page_obj": page,
        "page_numbers": page_numbers,
        "groups": [
            (key, label, results.counts.get(key, 0))
            for key, label in search.TypeGroup.LABELS.items()
        ],
        "group": group,
        "group_label": search.TypeGroup.LABELS.get(group, ""),
        "all_count": sum(results.counts.values()),
        "theme": theme,
    }
    return render(request, "archive/search.html", context)


@require_GET
def archive_page(request: HttpRequest) -> HttpResponse:
    page, page_numbers = _page(request, queries.past_events())
    context = {
        "page_obj": page,
        "page_numbers": page_numbers,
        "events": page.object_list,
        "recordings": list(queries.public_recordings()[:6]) if page.number == 1 else [],
        "examples": list(queries.published_examples()[:4]) if page.number == 1 else [],
        "themes": queries.themes_in_use(),
    }
    return render(request, "archive/archive.html", context)


@require_GET
def theme_page(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "archive/theme.html", {"page": queries.theme_page(slug)})


@require_GET
def recording_page(request: HttpRequest, pk: int) -> HttpResponse:
    recording = queries.recording_page(pk)
    return render(
        request,
        "archive/recording.html",
        {
            "recording": recording,
            "captions": list(recording.captions.all()),
            "people": list(recording.people.all()),
            "event": recording.event,
            "transcript": "" if recording.transcript else queries.caption_transcript(recording),
        },
    )


@require_GET
def example_list(request: HttpRequest) -> HttpResponse:
    form = ExampleFilterForm(request.GET)
    form.is_valid()
    examples = queries.filter_examples(form.value("theme"), form.value("county") or "")
    page, page_numbers = _page(request, examples)
    context = {
        "form": form,
        "page_obj": page,
        "page_numbers": page_numbers,
        "examples": page.object_list,
        "filtered": bool(form.value("theme") or form.value("county")),
    }
    return render(request, "archive/example_list.html", context)


@require_GET
def example_page(request: HttpRequest, slug: str) -> HttpResponse:
    example = queries.example_page(slug)
    return render(request, "archive/example.html", {"example": example})


@require_GET
def person_page(request: HttpRequest, pk: int) -> HttpResponse:
    page = queries.person_page(pk)
    appearances = [
        {
            "participation": participation,
            "event": queries.participation_event(participation),
            "start": queries.participation_start(participation),
        }
        for participation in page.participations
    ]
    return render(
        request,
        "archive/person.html",
        {"person": page.person, "appearances": appearances, "recordings": page.recordings},
    )


def _bot_check(request: HttpRequest, form: BotProtectedForm, scope: str) -> bool | str | None:
    """True or False: passed, with or without a proof of work; BOT; None: refused (the form
    carries the reason)."""
    if botcheck.honeypot_filled(request.POST):
        return BOT
    token = request.POST.get("started", "")
    started = read_started(token)
    if started is None or botcheck.filled_too_fast(started):
        form.add_error(None, EXPIRED if started is None else TOO_FAST)
        form.restart()
        return None
    try:
        botcheck.check_rate(request, scope)
    except botcheck.RateLimited:
        form.add_error(None, RATE_LIMITED)
        return None
    try:
        # The form's signed start time identifies it: the same form sent twice (a double
        # click) may carry the same proof; another form may not.
        return botcheck.verify_proof(request.POST.get("altcha", ""), owner=token)
    except botcheck.BotCheckFailed as failure:
        form.add_error(None, failure.message)
        form.restart()
        return None


@never_cache
@require_http_methods(["GET", "POST"])
def body_page(request: HttpRequest, slug: str) -> HttpResponse:
    body = queries.body_page(slug)
    form = ContactForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if botcheck.honeypot_filled(request.POST):
            return redirect("archive:contact_sent", slug=body.slug)
        if form.is_valid():
            proof = _bot_check(request, form, "contact")
            if proof is not None:
                services.send_contact_message(
                    body,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    organisation=form.cleaned_data["organisation"],
                    message=form.cleaned_data["message"],
                    proof_of_work=proof is True,
                    language=get_language() or "sv",
                )
                return redirect("archive:contact_sent", slug=body.slug)
        status = 400
    context = {
        "body": body,
        "material": queries.body_material(body),
        "form": form,
        "honeypot": botcheck.HONEYPOT_FIELD,
    }
    return render(request, "archive/body.html", context, status=status)


@require_GET
def contact_sent(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "archive/contact_sent.html", {"body": queries.body_page(slug)})


@never_cache
@require_http_methods(["GET", "POST"])
def press_page(request: HttpRequest, slug: str) -> HttpResponse:
    page = queries.press_page(slug)
    form = PressRegistrationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if botcheck.honeypot_filled(request.POST):
            return redirect("archive:press_registered", slug=slug)
        if not page.is_open:
            form.add_error(None, services.PressRegistrationClosed.message)
        elif form.is_valid() and _bot_check(request, form, "press") is not None:
            try:
                services.register_press(
                    page.event,
                    name=form.cleaned_data["name"],
                    media_outlet=form.cleaned_data["media_outlet"],
                    email=form.cleaned_data["email"],
                    phone=form.cleaned_data["phone"],
                    language=get_language() or "sv",
                )
            except services.AlreadyRegisteredAsPress as refusal:
                form.add_error("email", refusal.message)
            except services.PressRegistrationClosed as refusal:
                form.add_error(None, refusal.message)
            else:
                return redirect("archive:press_registered", slug=slug)
        status = 400
    context = {
        "event": page.event,
        "invitation": page.invitation,
        "is_open": page.is_open,
        "form": form,
        "honeypot": botcheck.HONEYPOT_FIELD,
    }
    return render(request, "archive/press.html", context, status=status)


@require_GET
def press_registered(request: HttpRequest, slug: str) -> HttpResponse:
    page = queries.press_page(slug)
    return render(request, "archive/press_registered.html", {"event": page.event})
