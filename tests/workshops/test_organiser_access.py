"""Who may use the workshops' organiser pages: every organiser URL, walked as each role.

The URLs are read from the URLconf (every `workshops:` URL under /organisera/), so a new
organiser view is walked automatically: it fails here until it asks the permissions. The
world is the back office's (tests/backoffice/conftest.py): a host, co-hosts with each grant,
another organisation and a user without membership, plus registrations whose names must
never leak. Participant pages (/w/) stay anonymous and are tested in test_views.py.
"""

from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from samlas.core.models import AuditLogEntry
from samlas.events.models import EventOrganiser
from samlas.workshops import services
from samlas.workshops.models import Ballot, Proposal, Question, Workshop
from tests.backoffice.conftest import World, build_world
from tests.factories import make_event

from .conftest import make_workshop

# What a POST must carry to do something (the walk checks that it did: one audit entry).
PAYLOADS = {
    "workshops:add_question": {"text": "Ny fråga", "method": "choice", "proposals": "A\nB"},
    "workshops:add_proposal": {"text": "Ett förslag till"},
}
# Pages a reader may see (VIEW_EVENT); every other organiser URL changes something and needs
# EDIT_PROGRAMME, so a new one is refused to readers unless it is added here on purpose.
READABLE = {
    "workshops:organiser_list",
    "workshops:organiser_detail",
    "workshops:presenter",
    "workshops:presenter_live",
    "workshops:results",
    "workshops:results_csv",
    "workshops:qr",
}
PENDING_TEXT = "Hemligt förslag om kameror vid skolan"
APPROVED_TEXT = "Sekretessförslag om belysning"
# Registrants of the back office's world: no workshop page may show them either.
REGISTRANT_SECRETS = ["Hemlig0", "Hemlig1", "hemlig0@example.se", "Vegetarisk", "Nötallergi"]
CHANGING_POST = {"text": "Inbrytning", "title": "Kapad", "method": "choice", "proposals": "X"}


def _routes() -> dict[str, tuple[str, list[str]]]:
    """`workshops:` name → (path pattern, its parameters)."""
    resolver = get_resolver().namespace_dict["workshops"][1]
    routes = {}
    for name in resolver.reverse_dict:
        if isinstance(name, str):
            ((pattern, params),) = resolver.reverse_dict.getlist(name)[0][0]
            routes[f"workshops:{name}"] = (pattern, params)
    return routes


def organiser_names() -> list[str]:
    return sorted(n for n, (pattern, _p) in _routes().items() if pattern.startswith("organisera/"))


@dataclass
class Setting:
    world: World
    workshop: Workshop
    question: Question
    pending: Proposal

    def url(self, name: str, event_pk: int | None = None) -> str:
        values = {
            "pk": event_pk or self.world.event.pk,
            "workshop_pk": self.workshop.pk,
            "question_id": self.question.pk,
            "proposal_id": self.pending.pk,
        }
        _pattern, params = _routes()[name]
        return reverse(name, kwargs={p: values[p] for p in params})

    def urls(self, event_pk: int | None = None) -> list[tuple[str, str]]:
        return [(name, self.url(name, event_pk)) for name in organiser_names()]

    @property
    def secrets(self) -> list[str]:
        return [PENDING_TEXT, APPROVED_TEXT, self.question.text, self.workshop.code]


@pytest.fixture
def setting(db, settings) -> Setting:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = build_world()
    workshop = make_workshop(world.event, groups=("Bord 1", "Bord 2"))
    question = workshop.questions.get(method="ranking")
    services.add_proposal(question, APPROVED_TEXT)
    pending = services.submit_proposal(question, PENDING_TEXT)
    assert pending.status == Proposal.Status.PENDING
    return Setting(world, workshop, question, pending)


def snapshot() -> tuple:
    """Everything an organiser action could change, and the audit log's length."""
    return (
        list(Workshop.objects.values_list("pk", "title", "is_open", "code").order_by("pk")),
        list(Question.objects.values_list("pk", "text", "status", "results_revealed")),
        list(Proposal.objects.values_list("pk", "text", "status").order_by("pk")),
        Ballot.objects.count(),
        AuditLogEntry.objects.count(),
    )


def signed_in(setting: Setting, who: str) -> Client:
    client = Client()
    client.force_login(setting.world.users[who])
    return client


def test_every_organiser_url_is_under_the_back_office_and_walked(setting):
    names = set(organiser_names())
    participant = {n for n, (pattern, _p) in _routes().items() if pattern.startswith("w/")}
    assert names | participant == set(_routes()), "a workshop URL outside /w/ and /organisera/"
    assert names > READABLE and "workshops:question_close" in names
    assert {"workshops:join", "workshops:question"} <= participant
    assert all(url.startswith("/organisera/evenemang/") for _name, url in setting.urls())


@pytest.mark.parametrize("who", ["host_admin", "host_editor", "cohost_editor"])
def test_organisers_with_programme_rights_use_every_page(setting, who):
    """(a) The host's admins and editors, and a co-host granted programme editing."""
    client = signed_in(setting, who)
    controls = 0
    for name, url in setting.urls():
        response = client.get(url)
        if response.status_code == 405:  # a control: POST only
            controls += 1
            before = AuditLogEntry.objects.count()
            response = client.post(url, PAYLOADS.get(name, {}))
            assert response.status_code == 302, (who, name, response.status_code)
            assert response.url.startswith(setting.workshop.get_absolute_url()), name
            assert AuditLogEntry.objects.count() == before + 1, (who, name, "not done/logged")
            continue
        assert response.status_code == 200, (who, name, response.status_code)
        body = response.content.decode()
        if name in {"workshops:organiser_create", "workshops:organiser_edit"}:
            assert 'name="title"' in body, name
        elif name == "workshops:question_edit":
            assert 'name="text"' in body, name
        elif name == "workshops:qr":
            assert setting.workshop.code in body
        elif name == "workshops:organiser_list":
            assert setting.workshop.title in body
        elif name == "workshops:organiser_delete":
            assert "Ta bort workshoppen?" in body and setting.workshop.title in body
        elif name == "workshops:question_delete":
            assert "Ta bort frågan?" in body and setting.question.text in body
        else:
            assert "Fler vuxna på stan" in body, name
    assert controls == 10  # add question/proposal, 4 question and 2 proposal/workshop controls
    entries = AuditLogEntry.objects.filter(event_id=setting.world.event.pk)
    assert entries.filter(actor=setting.world.users[who]).count() == controls


@pytest.mark.parametrize(
    ("who", "status"), [("outsider", 404), ("blind_cohost", 404), ("nobody", 403)]
)
def test_others_get_403_or_404_and_nothing_of_the_workshop(setting, who, status):
    """(b) Staff of another organisation, a co-host without access, a user without membership."""
    client = signed_in(setting, who)
    before = snapshot()
    for name, url in setting.urls():
        for method in (client.get, client.post):
            response = method(url, CHANGING_POST) if method == client.post else method(url)
            assert response.status_code == status, (who, name, method, response.status_code)
            body = response.content.decode()
            for secret in setting.secrets + REGISTRANT_SECRETS:
                assert secret not in body, (who, name, secret)
    assert snapshot() == before


def test_a_workshop_is_not_reached_through_another_event(setting):
    """An organiser of another event cannot reach this workshop with their own event's pk."""
    world = setting.world
    own = make_event(host=world.other_org, title="Annan kommuns dag")
    assert world.event.organisers.filter(organisation=world.other_org).count() == 0
    assert own.organisers.get(role=EventOrganiser.Role.HOST).organisation == world.other_org
    client = signed_in(setting, "outsider")
    before = snapshot()
    for name, url in setting.urls(event_pk=own.pk):
        if name in {"workshops:organiser_list", "workshops:organiser_create"}:
            continue  # their own event's pages: nothing of this workshop in them
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code in {404, 405}, (name, method, response.status_code)
            for secret in setting.secrets:
                assert secret not in response.content.decode(), (name, secret)
    listing = client.get(reverse("workshops:organiser_list", args=[own.pk])).content.decode()
    assert setting.workshop.title not in listing
    assert snapshot() == before


def test_anonymous_visitors_are_sent_to_sign_in(setting):
    """(c) No session: the back office's sign-in, whatever the method."""
    client = Client()
    login = reverse("backoffice:login")
    for name, url in setting.urls():
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, (name, method)
            assert response.url.startswith(f"{login}?next="), (name, response.url)
            assert setting.workshop.code not in response.content.decode()


@pytest.mark.parametrize("who", ["host_viewer", "cohost_viewer"])
def test_readers_see_results_but_change_nothing(setting, who):
    """The host's readers and co-hosts granted viewing: the pages and results, no controls."""
    client = signed_in(setting, who)
    prefix = setting.url("workshops:organiser_list")
    before = snapshot()
    for name, url in setting.urls():
        if name in READABLE:
            response = client.get(url)
            assert response.status_code == 200, (who, name, response.status_code)
            assert f'action="{prefix}' not in response.content.decode(), (who, name)
            assert client.post(url).status_code == 405
        else:
            assert client.get(url).status_code == 403, (who, name)
            assert client.post(url, CHANGING_POST).status_code == 403, (who, name)
    assert snapshot() == before
    detail = client.get(setting.url("workshops:organiser_detail")).content.decode()
    assert APPROVED_TEXT in detail and PENDING_TEXT not in detail
    assert "1 förslag från deltagare väntar på godkännande" in detail
    presenter = client.get(setting.url("workshops:presenter")).content.decode()
    assert "Stäng röstningen" not in presenter and "Nästa fråga" in presenter


def test_the_event_menu_leads_to_the_workshops(setting):
    world = setting.world
    host = signed_in(setting, "host_viewer")
    overview = host.get(reverse("backoffice:event", args=[world.event.pk])).content.decode()
    listing_url = reverse("workshops:organiser_list", args=[world.event.pk])
    assert f'<a class="govuk-link" href="{listing_url}">Workshoppar</a>' in overview
    listing = host.get(listing_url).content.decode()
    assert f'href="{listing_url}" aria-current="page">Workshoppar</a>' in listing
    assert setting.workshop.title in listing
    assert "Ny workshop" not in listing  # a reader may not create one
    editor = signed_in(setting, "host_editor")
    assert "Ny workshop" in editor.get(listing_url).content.decode()
