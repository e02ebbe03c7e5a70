"""Participant pages (joining, voting by plain forms, isolation) and organiser pages."""

import csv
import io
import uuid

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from samlas.core.models import AuditLogEntry
from samlas.programme.models import ProgrammeItem
from samlas.workshops import services
from samlas.workshops.models import Ballot, Participant, Proposal, Question

from .conftest import make_event, make_organiser, make_workshop, organiser_url, proposal_ids


def question_url(question):
    return reverse(
        "workshops:question", kwargs={"code": question.workshop.code, "question_id": question.pk}
    )


def cookie_name(workshop):
    return f"samlas_workshop_{workshop.pk}"


# --- Joining ------------------------------------------------------------------------------


def test_join_page_has_a_labelled_code_field(client, db):
    response = client.get("/w/")
    html = response.content.decode()
    assert '<label class="govuk-label govuk-label--m" for="id_code">' in html
    assert 'name="code"' in html and "govuk-error-summary" not in html


def test_join_with_a_code_redirects_typed_in_any_case(client, workshop):
    typed = f" {workshop.code[:3].lower()}-{workshop.code[3:]} "
    response = client.get("/w/", {"code": typed})
    assert response.status_code == 302
    assert response.url == f"/w/{workshop.code}/"


@pytest.mark.parametrize(
    ("code", "message"),
    [("", "Ange koden"), ("ABC", "sex bokstäver"), ("ABCDE0", "sex bokstäver")],
)
def test_join_with_a_malformed_code_shows_an_error_summary(client, db, code, message):
    response = client.get("/w/", {"code": code})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and message in html
    assert '<a href="#id_code">' in html


def test_unknown_or_closed_code_is_a_friendly_404(client, workshop):
    response = client.get("/w/", {"code": "ZZZZZZ"})
    assert "Ingen öppen workshop har den koden" in response.content.decode()
    services.close_workshop(workshop)
    response = client.get(f"/w/{workshop.code}/")
    assert response.status_code == 404
    assert "Ingen öppen workshop har den koden" in response.content.decode()


def test_workshop_page_sets_a_signed_httponly_lax_cookie(client, workshop):
    response = client.get(f"/w/{workshop.code.lower()}/")
    assert response.status_code == 200
    morsel = response.cookies[cookie_name(workshop)]
    assert morsel["httponly"] and morsel["samesite"] == "Lax"
    assert ":" in morsel.value  # signed
    # Nothing is stored until the participant acts, and never more than a token.
    assert not Participant.objects.exists()
    assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]
    html = response.content.decode()
    assert "Vilka åtgärder (ranking)?" in html and "Öppen: rösta nu" in html


def test_draft_questions_are_not_shown_to_participants(client, workshop):
    draft = services.add_question(workshop, text="Hemlig fråga", method="choice")
    response = client.get(f"/w/{workshop.code}/")
    assert "Hemlig fråga" not in response.content.decode()
    assert client.get(question_url(draft)).status_code == 404


# --- Voting ---------------------------------------------------------------------------------


def vote(client, question, data):
    client.get(f"/w/{question.workshop.code}/")
    return client.post(question_url(question), data)


def field(proposal_id):
    return f"proposal_{proposal_id}"


def test_ranking_vote_and_change_it(client, ranking):
    a, b, c, d = proposal_ids(ranking)
    response = vote(client, ranking, {field(a): "2", field(b): "1", field(c): "", field(d): ""})
    assert response.status_code == 302 and response.url == question_url(ranking)
    page = client.get(response.url).content.decode()
    assert "Din röst är sparad" in page and "Ändra min röst" in page
    assert '<option value="1" selected>' in page  # the current vote is filled in
    client.post(question_url(ranking), {field(c): "1", field(a): "", field(b): "", field(d): ""})
    ballot = Ballot.objects.get(question=ranking)
    assert dict(ballot.entries.values_list("proposal_id", "value")) == {c: 1}


def test_a_phone_votes_in_few_queries(client, event, django_assert_max_num_queries):
    """The room's load (as in bench/workshop_votes.py): a fresh phone's ballot page and its
    first vote stay cheap."""
    ranking = make_workshop(event, groups=("Bord 1", "Bord 2"), assign=True).questions.first()
    a, b, *_ = proposal_ids(ranking)
    with django_assert_max_num_queries(3):  # workshop, question, proposals
        page = client.get(question_url(ranking))
    assert page.status_code == 200
    # Workshop, question, participant, proposals; then in the transaction status, participant,
    # the smallest group, inserts of participant, ballot and entries, and BEGIN/COMMIT.
    with django_assert_max_num_queries(12):
        response = client.post(question_url(ranking), {field(a): "1", field(b): "2"})
    assert response.status_code == 302
    assert Ballot.objects.get(question=ranking).entries.count() == 2


@pytest.mark.parametrize(
    ("ranks", "message"),
    [
        (["1", "1", "", ""], "Plats 1 har getts till mer än ett förslag"),
        (["1", "3", "", ""], "plats 2 saknas"),
        (["", "", "", ""], "Rangordna minst ett förslag"),
        (["9", "", "", ""], "Välj en plats i listan"),
        (["x", "", "", ""], "Välj en plats i listan"),
    ],
)
def test_ranking_errors_are_summarised(client, ranking, ranks, message):
    ids = proposal_ids(ranking)
    response = vote(client, ranking, {field(p): r for p, r in zip(ids, ranks, strict=True)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and message in html
    assert "<title>Fel: " in html
    assert not Ballot.objects.exists()


def test_dot_voting_total_is_checked(client, dots):
    a, b, c, d = proposal_ids(dots)
    too_many = vote(client, dots, {field(a): "3", field(b): "3", field(c): "", field(d): ""})
    assert "Du gav 6 poäng men har 5 poäng att fördela" in too_many.content.decode()
    negative = client.post(question_url(dots), {field(a): "-1", field(b): "2"})
    assert "Poäng kan inte vara negativa" in negative.content.decode()
    fraction = client.post(question_url(dots), {field(a): "1.5"})
    assert "Ange ett heltal" in fraction.content.decode()
    assert not Ballot.objects.exists()
    ok = client.post(question_url(dots), {field(a): "4", field(b): "1", field(c): "0"})
    assert ok.status_code == 302
    assert dict(Ballot.objects.get().entries.values_list("proposal_id", "value")) == {a: 4, b: 1}


def test_dot_voting_page_carries_the_total_for_the_script(client, dots):
    html = client.get(question_url(dots)).content.decode()
    assert 'data-ws-points="5"' in html and "Använda poäng: {used} av {points}" in html
    assert 'inputmode="numeric"' in html


def test_simple_choice_by_radio_buttons(client, choice):
    ids = proposal_ids(choice)
    missing = vote(client, choice, {})
    html = missing.content.decode()
    assert "Välj ett förslag." in html and '<a href="#id_proposal_0">' in html
    assert html.count('type="radio"') == 4
    assert client.post(question_url(choice), {"proposal": str(ids[2])}).status_code == 302
    assert Ballot.objects.get().entries.get().proposal_id == ids[2]


def test_a_proposal_of_another_question_is_refused(client, choice, ranking):
    response = vote(client, choice, {"proposal": str(proposal_ids(ranking)[0])})
    assert "Välj ett av förslagen" in response.content.decode()
    assert not Ballot.objects.exists()


def test_one_ballot_per_phone_and_one_per_other_phone(workshop, choice):
    ids = proposal_ids(choice)
    phone, other = Client(), Client()
    for _ in range(3):
        vote(phone, choice, {"proposal": str(ids[0])})
    vote(other, choice, {"proposal": str(ids[1])})
    assert Ballot.objects.filter(question=choice).count() == 2
    assert Participant.objects.count() == 2


def test_closed_question_shows_a_message_and_keeps_the_vote(client, choice):
    ids = proposal_ids(choice)
    vote(client, choice, {"proposal": str(ids[0])})
    services.close_question(choice)
    response = client.post(question_url(choice), {"proposal": str(ids[1])})
    html = response.content.decode()
    assert response.status_code == 409
    assert "Frågan är stängd. Din röst har inte ändrats." in html
    assert Ballot.objects.get().entries.get().proposal_id == ids[0]
    assert 'type="radio"' not in html  # no ballot form on a closed question


def test_cookie_of_one_workshop_does_not_vote_in_another(client, event):
    first, second = make_workshop(event), make_workshop(event)
    client.get(f"/w/{first.code}/")
    # Copy the first workshop's signed token into the second workshop's cookie name.
    client.cookies[cookie_name(second)] = client.cookies[cookie_name(first)].value
    q2 = second.questions.get(method="choice")
    response = client.post(question_url(q2), {"proposal": str(proposal_ids(q2)[0])})
    assert response.status_code == 302
    # The forged cookie did not verify: the second workshop issued a fresh token.
    assert response.cookies[cookie_name(second)].value != client.cookies[cookie_name(first)].value
    token = str(Participant.objects.get(workshop=second).token)
    assert token not in client.cookies[cookie_name(first)].value


def test_question_of_another_workshop_is_404(client, event):
    first, second = make_workshop(event), make_workshop(event)
    foreign = second.questions.first()
    url = reverse("workshops:question", kwargs={"code": first.code, "question_id": foreign.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {"proposal": "1"}).status_code == 404
    assert not Ballot.objects.exists()


def test_tampered_cookie_is_ignored(client, choice):
    client.cookies[cookie_name(choice.workshop)] = f"{uuid.uuid4()}:forged"
    response = vote(client, choice, {"proposal": str(proposal_ids(choice)[0])})
    assert response.status_code == 302
    assert Participant.objects.count() == 1


def test_voting_needs_csrf(workshop, choice):
    client = Client(enforce_csrf_checks=True)
    client.get(f"/w/{workshop.code}/")
    response = client.post(question_url(choice), {"proposal": str(proposal_ids(choice)[0])})
    assert response.status_code == 403
    assert not Ballot.objects.exists()


# --- Groups, proposals and revealed results ---------------------------------------------------


def test_participant_chooses_a_group_before_voting(client, event):
    workshop = make_workshop(event, groups=("Bord 1", "Bord 2"))
    question = workshop.questions.get(method="choice")
    page = client.get(f"/w/{workshop.code}/").content.decode()
    assert "Välj din grupp" in page and "Bord 2" in page
    assert client.get(question_url(question)).status_code == 302
    empty = client.post(f"/w/{workshop.code}/grupp/", {})
    assert "Välj din grupp." in empty.content.decode()
    other = make_workshop(event, groups=("Bord X",)).groups.get()
    foreign = client.post(f"/w/{workshop.code}/grupp/", {"group": other.pk})
    assert "Välj en av grupperna" in foreign.content.decode()
    group = workshop.groups.get(name="Bord 2")
    assert client.post(f"/w/{workshop.code}/grupp/", {"group": group.pk}).status_code == 302
    page = client.get(f"/w/{workshop.code}/").content.decode()
    assert "Du är med i <strong>Bord 2</strong>" in page
    client.post(question_url(question), {"proposal": str(proposal_ids(question)[0])})
    assert Ballot.objects.get().participant.group == group


def test_participant_proposal_is_held_for_moderation(client, ranking):
    client.get(f"/w/{ranking.workshop.code}/")
    url = reverse(
        "workshops:submit_proposal",
        kwargs={"code": ranking.workshop.code, "question_id": ranking.pk},
    )
    empty = client.post(url, {"text": ""})
    assert "Skriv ditt förslag" in empty.content.decode()
    response = client.post(url, {"text": "Trygghetsvandring i centrum"}, follow=True)
    assert "när en arrangör har godkänt det" in response.content.decode()
    proposal = Proposal.objects.get(text="Trygghetsvandring i centrum")
    assert proposal.status == Proposal.Status.PENDING and proposal.from_participant
    assert "Trygghetsvandring i centrum" not in client.get(question_url(ranking)).content.decode()


def test_results_visible_to_participants_only_when_revealed(client, choice):
    ids = proposal_ids(choice)
    vote(client, choice, {"proposal": str(ids[1])})
    assert "samlas-ws-results" not in client.get(question_url(choice)).content.decode()
    services.reveal_results(choice)
    html = client.get(question_url(choice)).content.decode()
    assert "samlas-ws-results" in html and "1 röst" in html
    assert '<rect width="100"' in html


# --- Organisers (who may: test_organiser_access.py) -------------------------------------------


def test_controls_need_csrf_and_post(event, workshop, ranking):
    url = organiser_url("workshops:question_close", workshop, question_id=ranking.pk)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(make_organiser(event))
    assert strict.post(url).status_code == 403
    assert strict.get(url).status_code == 405
    ranking.refresh_from_db()
    assert ranking.status == Question.Status.OPEN


def test_create_workshop_and_add_question(organiser_client, event):
    create = reverse("workshops:organiser_create", args=[event.pk])
    form = organiser_client.get(create).content.decode()
    assert 'name="event"' not in form  # the back office's event, never chosen
    assert "samlas-bo-subnav" in form  # in the back office's event layout
    invalid = organiser_client.post(create, {"title": "", "groups": "Bord 1\nBord 1"})
    html = invalid.content.decode()
    assert "Ange en rubrik" in html and "Ge varje grupp ett eget namn" in html
    assert "govuk-error-summary" in html and not event.workshops.exists()
    response = organiser_client.post(
        create, {"title": "Hearing", "groups": "Bord 1\nBord 2\n", "introduction": ""}
    )
    workshop = event.workshops.get()
    assert response.url == workshop.get_absolute_url()
    assert workshop.get_absolute_url().startswith(f"/organisera/evenemang/{event.pk}/workshoppar/")
    assert list(workshop.groups.values_list("name", flat=True)) == ["Bord 1", "Bord 2"]
    add = organiser_url("workshops:add_question", workshop)
    no_points = organiser_client.post(add, {"text": "Poäng?", "method": "dots"})
    assert "Ange hur många poäng" in no_points.content.decode()
    organiser_client.post(
        add, {"text": "Vad först?", "method": "ranking", "proposals": "A\n\nB\nC"}
    )
    question = workshop.questions.get()
    assert list(question.proposals.values_list("text", flat=True)) == ["A", "B", "C"]
    page = organiser_client.get(workshop.get_absolute_url()).content.decode()
    assert workshop.code in page and "samlas-ws-qr" in page and "Vad först?" in page
    assert "/admin/" not in page  # organisers never need the Django admin


def test_programme_item_must_belong_to_the_event(organiser_client, event):
    other = make_event("other")
    foreign = ProgrammeItem.objects.create(
        event=other, title="Annan punkt", start=other.start, end=other.end
    )
    own = ProgrammeItem.objects.create(
        event=event, title="Grupparbete", start=event.start, end=event.end
    )
    create = reverse("workshops:organiser_create", args=[event.pk])
    assert "Annan punkt" not in organiser_client.get(create).content.decode()
    refused = organiser_client.post(create, {"title": "W", "programme_item": foreign.pk})
    assert "govuk-error-summary" in refused.content.decode() and not event.workshops.exists()
    organiser_client.post(create, {"title": "W", "programme_item": own.pk})
    assert event.workshops.get().programme_item == own


def test_change_workshop_and_add_groups(organiser_client, event):
    workshop = make_workshop(event, groups=("Bord 1",))
    url = organiser_url("workshops:organiser_edit", workshop)
    form = organiser_client.get(url).content.decode()
    assert 'value="Prioritera åtgärder"' in form and "Bord 1" in form
    clash = organiser_client.post(url, {"title": "Nytt namn", "groups": "Bord 1"})
    assert "Det finns redan en grupp med det namnet" in clash.content.decode()
    workshop.refresh_from_db()
    assert workshop.title == "Prioritera åtgärder"
    response = organiser_client.post(
        url, {"title": "Nytt namn", "introduction": "Välkomna", "groups": "Bord 2"}
    )
    assert response.url == workshop.get_absolute_url()
    workshop.refresh_from_db()
    assert (workshop.title, workshop.introduction) == ("Nytt namn", "Välkomna")
    assert list(workshop.groups.values_list("name", flat=True)) == ["Bord 1", "Bord 2"]
    entry = AuditLogEntry.objects.filter(event_id=event.pk, action="changed").latest("pk")
    assert entry.data == {"fields": ["title", "introduction"], "groups_added": ["Bord 2"]}


def test_change_question_keeps_its_method(organiser_client, workshop, dots, ranking):
    url = organiser_url("workshops:question_edit", workshop, question_id=dots.pk)
    form = organiser_client.get(url).content.decode()
    assert 'name="points"' in form and 'name="method"' not in form
    missing = organiser_client.post(url, {"text": "Ny fråga", "points": ""})
    assert "Ange hur många poäng" in missing.content.decode()
    organiser_client.post(url, {"text": "Ny fråga", "points": "8", "allow_proposals": "on"})
    dots.refresh_from_db()
    assert (dots.text, dots.points, dots.method, dots.moderate_proposals) == (
        "Ny fråga",
        8,
        "dots",
        False,
    )
    ranking_form = organiser_client.get(
        organiser_url("workshops:question_edit", workshop, question_id=ranking.pk)
    ).content.decode()
    assert 'name="points"' not in ranking_form


def test_open_close_reveal_from_the_presenter(organiser_client, workshop, ranking):
    presenter = organiser_url("workshops:presenter", workshop)
    next_url = f"{presenter}?question={ranking.pk}"
    kwargs = {"question_id": ranking.pk}
    response = organiser_client.post(
        organiser_url("workshops:question_close", workshop, **kwargs), {"next": next_url}
    )
    assert response.url == next_url
    organiser_client.post(organiser_url("workshops:question_reveal", workshop, **kwargs))
    ranking.refresh_from_db()
    assert ranking.status == Question.Status.CLOSED and ranking.results_revealed
    evil = organiser_client.post(
        organiser_url("workshops:question_open", workshop, **kwargs),
        {"next": "https://evil.example/"},
    )
    assert evil.url == workshop.get_absolute_url()
    logged = AuditLogEntry.objects.filter(event_id=workshop.event_id, target_id=ranking.pk)
    assert [e.data for e in logged.order_by("pk")][-3:] == [
        {"status": "closed"},
        {"results_revealed": True},
        {"status": "open"},
    ]
    assert {e.actor_name for e in logged.exclude(actor=None)} == {"arrangor"}


def test_moderation_approve_and_reject(organiser_client, workshop, ranking):
    kept = services.submit_proposal(ranking, "Behåll")
    dropped = services.submit_proposal(ranking, "Släng")
    page = organiser_client.get(workshop.get_absolute_url()).content.decode()
    assert "Förslag som väntar på godkännande" in page
    organiser_client.post(
        organiser_url("workshops:proposal_approve", workshop, proposal_id=kept.pk)
    )
    organiser_client.post(
        organiser_url("workshops:proposal_reject", workshop, proposal_id=dropped.pk)
    )
    kept.refresh_from_db()
    dropped.refresh_from_db()
    assert (kept.status, dropped.status) == ("approved", "rejected")


def test_presenter_shows_question_code_qr_and_live_results(organiser_client, workshop, ranking):
    a, b, *_ = proposal_ids(ranking)
    services.cast_ballot(ranking, uuid.uuid4(), {b: 1, a: 2})
    html = organiser_client.get(
        organiser_url("workshops:presenter", workshop), {"question": ranking.pk}
    ).content.decode()
    assert "<h1" in html and ranking.text in html
    assert workshop.code in html and f"{settings.SITE_URL}/w/{workshop.code}/" in html
    assert '<svg aria-hidden="true" focusable="false" viewBox=' in html
    assert 'data-live-url="/organisera/evenemang/' in html and "workshops.js" in html
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in html
    assert "<script>" not in html and "style=" not in html
    assert "Stäng röstningen" in html
    live = organiser_client.get(
        organiser_url("workshops:presenter_live", workshop, question_id=ranking.pk)
    )
    fragment = live.content.decode()
    assert "1 har röstat" in fragment
    assert fragment.index(Proposal.objects.get(pk=b).text) < fragment.index(
        Proposal.objects.get(pk=a).text
    )
    assert fragment.count("samlas-ws-result--top") == 2
    assert "no-cache" in live["Cache-Control"]


def test_presenter_bad_parameters_are_404(organiser_client, workshop, event):
    presenter = organiser_url("workshops:presenter", workshop)
    assert organiser_client.get(presenter, {"question": "abc"}).status_code == 404
    foreign = make_workshop(event).questions.first()
    assert organiser_client.get(presenter, {"question": foreign.pk}).status_code == 404
    live = organiser_url("workshops:presenter_live", workshop, question_id=foreign.pk)
    assert organiser_client.get(live).status_code == 404
    missing = reverse("workshops:organiser_detail", kwargs={"pk": event.pk, "workshop_pk": 999999})
    assert organiser_client.get(missing).status_code == 404


def test_csv_export_per_group_and_overall(organiser_client, event):
    workshop = make_workshop(event, groups=("Bord Å", "Bord Ö"), assign=True)
    question = workshop.questions.get(method="dots")
    a, b, *_ = proposal_ids(question)
    services.cast_ballot(question, uuid.uuid4(), {a: 5})
    services.cast_ballot(question, uuid.uuid4(), {b: 3, a: 1})
    services.submit_proposal(question, '=HYPERLINK("x")')
    services.approve_proposal(question.proposals.get(text__startswith="="))
    response = organiser_client.get(organiser_url("workshops:results_csv", workshop))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["Fråga", "Metod", "Grupp", "Plats", "Förslag", "Poäng", "Röster", "Topp tre"]
    dots_rows = [r for r in rows[1:] if r[1] == "poängröstning"]
    overall = [r for r in dots_rows if r[2] == "Alla (totalt)"]
    assert overall[0][3:7] == ["1", "Fler vuxna på stan", "6", "2"]
    assert overall[0][7] == "ja"
    group_names = {r[2] for r in dots_rows}
    assert {"Bord Å", "Bord Ö"} <= group_names
    assert any(r[4] == '\'=HYPERLINK("x")' for r in dots_rows)


def test_printable_results_page(organiser_client, event):
    workshop = make_workshop(event, groups=("Bord 1",), assign=True)
    question = workshop.questions.get(method="choice")
    ids = proposal_ids(question)
    services.cast_ballot(question, uuid.uuid4(), {ids[3]: 1})
    html = organiser_client.get(organiser_url("workshops:results", workshop)).content.decode()
    assert "Bord 1: tre prioriterade förslag" in html
    assert "workshops/print.css" in html and 'media="print"' in html
    assert "Öppna fritidsgårdar" in html and "Borda" in html


def test_qr_svg_download(organiser_client, workshop):
    response = organiser_client.get(organiser_url("workshops:qr", workshop))
    assert response["Content-Type"] == "image/svg+xml"
    body = response.content.decode()
    assert body.startswith("<?xml") and 'xmlns="http://www.w3.org/2000/svg"' in body
    assert f"/w/{workshop.code}/" in body  # in the title


def test_close_and_reopen_workshop(organiser_client, workshop):
    organiser_client.post(organiser_url("workshops:workshop_close", workshop))
    workshop.refresh_from_db()
    assert not workshop.is_open
    assert organiser_client.get(organiser_url("workshops:qr", workshop)).status_code == 404
    organiser_client.post(organiser_url("workshops:workshop_reopen", workshop))
    workshop.refresh_from_db()
    assert workshop.is_open


def test_admin_creates_a_workshop_with_a_code(admin_client, event):
    response = admin_client.post(
        "/admin/workshops/workshop/add/",
        {
            "event": event.pk,
            "title": "Via admin",
            "introduction": "",
            "is_open": "on",
            "questions-TOTAL_FORMS": "1",
            "questions-INITIAL_FORMS": "0",
            "questions-0-position": "1",
            "questions-0-text": "Vad?",
            "questions-0-method": "choice",
            "questions-0-status": "draft",
            "questions-0-moderate_proposals": "on",
            "groups-TOTAL_FORMS": "1",
            "groups-INITIAL_FORMS": "0",
            "groups-0-position": "1",
            "groups-0-name": "Bord 1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    workshop = event.workshops.get(title="Via admin")
    assert len(workshop.code) == 6 and workshop.questions.count() == 1
    assert workshop.groups.get().name == "Bord 1"
    question = workshop.questions.get()
    page = admin_client.get(f"/admin/workshops/question/{question.pk}/change/")
    assert "proposals-TOTAL_FORMS" in page.content.decode()
