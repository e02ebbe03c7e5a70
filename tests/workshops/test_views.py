"""Participant pages (joining, voting by plain forms, isolation) and organiser pages."""

import csv
import io
import uuid

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from samlas.workshops import services
from samlas.workshops.models import Ballot, Participant, Proposal, Question

from .conftest import make_workshop, proposal_ids


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


# --- Organisers ------------------------------------------------------------------------------


ORGANISER_URLS = [
    ("workshops:organiser_list", {}),
    ("workshops:organiser_create", {}),
    ("workshops:organiser_detail", {"pk": "W"}),
    ("workshops:presenter", {"pk": "W"}),
    ("workshops:results", {"pk": "W"}),
    ("workshops:results_csv", {"pk": "W"}),
    ("workshops:qr", {"pk": "W"}),
]


@pytest.mark.parametrize(("name", "kwargs"), ORGANISER_URLS)
def test_organiser_pages_need_a_staff_login(client, django_user_model, workshop, name, kwargs):
    url = reverse(name, kwargs=dict.fromkeys(kwargs, workshop.pk))
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith("/admin/login/")
    client.force_login(django_user_model.objects.create_user("deltagare", password="x"))
    assert client.get(url).status_code == 302


def test_controls_need_staff_and_csrf(client, workshop, ranking, django_user_model):
    url = reverse("workshops:question_close", kwargs={"pk": workshop.pk, "question_id": ranking.pk})
    assert client.post(url).status_code == 302
    ranking.refresh_from_db()
    assert ranking.status == Question.Status.OPEN
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(django_user_model.objects.create_user("a", password="x", is_staff=True))
    assert strict.post(url).status_code == 403
    assert strict.get(url).status_code == 405


def test_create_workshop_and_add_question(staff_client, event):
    invalid = staff_client.post(reverse("workshops:organiser_create"), {"title": ""})
    assert "Välj evenemanget" in invalid.content.decode()
    response = staff_client.post(
        reverse("workshops:organiser_create"),
        {"event": event.pk, "title": "Hearing", "groups": "Bord 1\nBord 2\n", "introduction": ""},
    )
    workshop = event.workshops.get()
    assert response.url == workshop.get_absolute_url()
    assert list(workshop.groups.values_list("name", flat=True)) == ["Bord 1", "Bord 2"]
    add = reverse("workshops:add_question", kwargs={"pk": workshop.pk})
    no_points = staff_client.post(add, {"text": "Poäng?", "method": "dots"})
    assert "Ange hur många poäng" in no_points.content.decode()
    staff_client.post(add, {"text": "Vad först?", "method": "ranking", "proposals": "A\n\nB\nC"})
    question = workshop.questions.get()
    assert list(question.proposals.values_list("text", flat=True)) == ["A", "B", "C"]
    page = staff_client.get(workshop.get_absolute_url()).content.decode()
    assert workshop.code in page and "samlas-ws-qr" in page and "Vad först?" in page


def test_open_close_reveal_from_the_presenter(staff_client, workshop, ranking):
    presenter = reverse("workshops:presenter", kwargs={"pk": workshop.pk})
    next_url = f"{presenter}?question={ranking.pk}"
    kwargs = {"pk": workshop.pk, "question_id": ranking.pk}
    response = staff_client.post(
        reverse("workshops:question_close", kwargs=kwargs), {"next": next_url}
    )
    assert response.url == next_url
    staff_client.post(reverse("workshops:question_reveal", kwargs=kwargs))
    ranking.refresh_from_db()
    assert ranking.status == Question.Status.CLOSED and ranking.results_revealed
    evil = staff_client.post(
        reverse("workshops:question_open", kwargs=kwargs), {"next": "https://evil.example/"}
    )
    assert evil.url == workshop.get_absolute_url()


def test_moderation_approve_and_reject(staff_client, workshop, ranking):
    kept = services.submit_proposal(ranking, "Behåll")
    dropped = services.submit_proposal(ranking, "Släng")
    page = staff_client.get(workshop.get_absolute_url()).content.decode()
    assert "Förslag som väntar på godkännande" in page
    staff_client.post(
        reverse("workshops:proposal_approve", kwargs={"pk": workshop.pk, "proposal_id": kept.pk})
    )
    staff_client.post(
        reverse("workshops:proposal_reject", kwargs={"pk": workshop.pk, "proposal_id": dropped.pk})
    )
    kept.refresh_from_db()
    dropped.refresh_from_db()
    assert (kept.status, dropped.status) == ("approved", "rejected")


def test_presenter_shows_question_code_qr_and_live_results(staff_client, workshop, ranking):
    a, b, *_ = proposal_ids(ranking)
    services.cast_ballot(ranking, uuid.uuid4(), {b: 1, a: 2})
    html = staff_client.get(
        reverse("workshops:presenter", kwargs={"pk": workshop.pk}), {"question": ranking.pk}
    ).content.decode()
    assert "<h1" in html and ranking.text in html
    assert workshop.code in html and f"{settings.SITE_URL}/w/{workshop.code}/" in html
    assert '<svg aria-hidden="true" focusable="false" viewBox=' in html
    assert 'data-live-url="/workshoppar/' in html and "workshops.js" in html
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in html
    assert "<script>" not in html and "style=" not in html
    live = staff_client.get(
        reverse("workshops:presenter_live", kwargs={"pk": workshop.pk, "question_id": ranking.pk})
    )
    fragment = live.content.decode()
    assert "1 har röstat" in fragment
    assert fragment.index(Proposal.objects.get(pk=b).text) < fragment.index(
        Proposal.objects.get(pk=a).text
    )
    assert fragment.count("samlas-ws-result--top") == 2
    assert "no-cache" in live["Cache-Control"]


def test_presenter_bad_parameters_are_404(staff_client, workshop, event):
    presenter = reverse("workshops:presenter", kwargs={"pk": workshop.pk})
    assert staff_client.get(presenter, {"question": "abc"}).status_code == 404
    foreign = make_workshop(event).questions.first()
    assert staff_client.get(presenter, {"question": foreign.pk}).status_code == 404
    live = reverse(
        "workshops:presenter_live", kwargs={"pk": workshop.pk, "question_id": foreign.pk}
    )
    assert staff_client.get(live).status_code == 404
    assert staff_client.get("/workshoppar/999999/").status_code == 404


def test_csv_export_per_group_and_overall(staff_client, event):
    workshop = make_workshop(event, groups=("Bord Å", "Bord Ö"), assign=True)
    question = workshop.questions.get(method="dots")
    a, b, *_ = proposal_ids(question)
    services.cast_ballot(question, uuid.uuid4(), {a: 5})
    services.cast_ballot(question, uuid.uuid4(), {b: 3, a: 1})
    services.submit_proposal(question, '=HYPERLINK("x")')
    services.approve_proposal(question.proposals.get(text__startswith="="))
    response = staff_client.get(reverse("workshops:results_csv", kwargs={"pk": workshop.pk}))
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


def test_printable_results_page(staff_client, event):
    workshop = make_workshop(event, groups=("Bord 1",), assign=True)
    question = workshop.questions.get(method="choice")
    ids = proposal_ids(question)
    services.cast_ballot(question, uuid.uuid4(), {ids[3]: 1})
    url = reverse("workshops:results", kwargs={"pk": workshop.pk})
    html = staff_client.get(url).content.decode()
    assert "Bord 1: tre prioriterade förslag" in html
    assert "workshops/print.css" in html and 'media="print"' in html
    assert "Öppna fritidsgårdar" in html and "Borda" in html


def test_qr_svg_download(staff_client, workshop):
    response = staff_client.get(reverse("workshops:qr", kwargs={"pk": workshop.pk}))
    assert response["Content-Type"] == "image/svg+xml"
    body = response.content.decode()
    assert body.startswith("<?xml") and 'xmlns="http://www.w3.org/2000/svg"' in body
    assert f"/w/{workshop.code}/" in body  # in the title


def test_close_and_reopen_workshop(staff_client, workshop):
    staff_client.post(reverse("workshops:workshop_close", kwargs={"pk": workshop.pk}))
    workshop.refresh_from_db()
    assert not workshop.is_open
    assert staff_client.get(reverse("workshops:qr", kwargs={"pk": workshop.pk})).status_code == 404
    staff_client.post(reverse("workshops:workshop_reopen", kwargs={"pk": workshop.pk}))
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
