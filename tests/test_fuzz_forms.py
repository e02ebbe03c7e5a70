"""Every public form under arbitrary input (hypothesis): never a 500, and no row anywhere
changes unless the submission was valid and accepted.

Forms that a valid submission would save without a bot check (the registration form, the
contact and press forms) get an ALTCHA payload that does not verify, so that even valid
values must change nothing. Text comes from the whole of Unicode (control characters and
NUL included), with huge strings and classic attack strings mixed in.
"""

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samlas.archive.models import StandingBody
from samlas.programme.models import Block
from samlas.registration.forms import FormState
from tests.factories import make_event, make_organisation, make_press_invitation, make_theme
from tests.registration.conftest import build_event
from tests.workshops.conftest import make_event as make_workshop_event
from tests.workshops.conftest import make_workshop

EXAMPLES = 25
NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\r\n\t",
    "' OR 1=1 --",
    '"><script>alert(1)</script>',
    "{{ 7*7 }}",
    "%00",
    "../../etc/passwd",
    "-1",
    "0",
    "99999999999999999999999",
    "1e308",
    "NaN",
    "2024-02-30",
    "9999-12-31",
    "\u202e\u0645\u0631\u062d\u0628\u0627",
    "\U0001f600" * 50,
    "Å" * 5000,
    "x" * 200_000,
]
TEXT = st.one_of(
    st.sampled_from(NASTY),
    st.text(st.characters(codec="utf-8"), max_size=60),
    st.text(st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs", "Nd"]), max_size=20),
)
NOT_A_PROOF = "eyJhbGdvcml0aG0iOiJTSEEtMjU2In0="  # base64 JSON that is no valid ALTCHA proof


def row_counts() -> tuple[int, ...]:
    """Rows in every table of Samlas and of Django's auth, in one query."""
    models = [
        model
        for model in apps.get_models()
        if model._meta.app_label
        in {a.label for a in apps.get_app_configs() if a.name.startswith("samlas.")} | {"auth"}
        and model._meta.managed
        and not model._meta.proxy
    ]
    quote = connection.ops.quote_name
    sql = "SELECT " + ", ".join(
        f"(SELECT COUNT(*) FROM {quote(model._meta.db_table)})" for model in models
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(cursor.fetchone())


@dataclass
class PublicForm:
    name: str
    method: str
    url: str
    fields: list[str]
    fixed: dict[str, str] = field(default_factory=dict)
    # Responses after which rows may have changed (a valid, accepted submission).
    accepted: Callable = lambda response: False


def _state(page_html: str) -> str:
    match = re.search(r'name="state" value="([^"]+)"', page_html)
    assert match, "the registration form carries its signed state"
    return match.group(1)


@pytest.fixture
def forms(db, client) -> dict[str, PublicForm]:
    make_theme("Trygghet i skolan")
    registration = build_event(
        capacity=10, blocks=[(Block.ChoiceMode.FIRST_COME, [5, 5])], dietary_needs="optional"
    )
    event = registration.event
    block, seminar = registration.blocks[0], registration.seminars(0)[0]
    details_state = _state(client.get(f"/evenemang/{event.slug}/anmalan/").content.decode())
    review_state = FormState(
        event=event.pk,
        started=0,
        key=uuid.uuid4().hex,
        details={"name": "Anna Andersson", "email": "anna@example.se", "organisation": "Umeå"},
        choices={str(block.pk): seminar.pk},
    ).dump()
    workshop = make_workshop(make_workshop_event("fuzz-hearing"))
    question = workshop.questions.get(method="choice")
    client.get(f"/w/{workshop.code}/")  # the phone's participant cookie, before counting
    body = StandingBody.objects.create(
        slug="programradet",
        name="Programrådet",
        summary="Ett programråd.",
        organisation=make_organisation(),
        contact_email="rad@example.se",
        is_published=True,
    )
    press_event = make_event(start=timezone.now() + timedelta(days=20))
    make_press_invitation(press_event)
    registration_url = f"/evenemang/{event.slug}/anmalan/"

    def redirected(response) -> bool:
        return response.status_code in {301, 302, 303}

    specs = [
        PublicForm(
            "event list filter",
            "get",
            "/evenemang/",
            ["when", "theme", "county", "kind", "date_from", "date_to", "page"],
        ),
        PublicForm(
            "registration: details step",
            "post",
            registration_url,
            ["name", "email", "organisation", "title", "sector", "dietary_needs", "samlas_check"],
            {"state": details_state, "step": "details"},
        ),
        PublicForm(
            "registration: choices step",
            "post",
            registration_url,
            [f"block_{block.pk}", "back", "waiting_list"],
            {"state": review_state, "step": "choices"},
        ),
        PublicForm(
            "registration: review step with a proof that does not verify",
            "post",
            registration_url,
            ["consents", "goto", "back"],
            {"state": review_state, "step": "review", "altcha": NOT_A_PROOF},
        ),
        PublicForm("registration: a forged state", "post", registration_url, ["state", "step"]),
        PublicForm(
            "registration: resend the link",
            "post",
            f"/evenemang/{event.slug}/anmalan/skicka-lank/",
            ["email"],
        ),
        PublicForm("workshop: join", "get", "/w/", ["code"]),
        PublicForm(
            "workshop: vote",
            "post",
            f"/w/{workshop.code}/fragor/{question.pk}/",
            ["proposal"],
            accepted=redirected,
        ),
        PublicForm(
            "workshop: propose",
            "post",
            f"/w/{workshop.code}/fragor/{question.pk}/forslag/",
            ["text"],
            accepted=redirected,
        ),
        PublicForm("archive: search", "get", "/sok/", ["q", "type", "theme", "page"]),
        PublicForm("archive: learning examples", "get", "/larande-exempel/", ["theme", "county"]),
        PublicForm(
            "archive: contact form with a proof that does not verify",
            "post",
            f"/rad-och-natverk/{body.slug}/",
            ["name", "email", "organisation", "message", "started", "samlas_check"],
            {"altcha": NOT_A_PROOF},
        ),
        PublicForm(
            "archive: press registration with a proof that does not verify",
            "post",
            f"/evenemang/{press_event.slug}/press/",
            ["name", "media_outlet", "email", "phone", "started", "samlas_check"],
            {"altcha": NOT_A_PROOF},
        ),
        PublicForm("language switch", "post", "/i18n/setlang/", ["language", "next"]),
        PublicForm(
            "privacy: erasure request with a link that does not work",
            "post",
            "/anmalan/1.x.y/radera/",
            ["confirm"],
        ),
        PublicForm(
            "back office: forgot your password (no such account)",
            "post",
            "/organisera/logga-in/glomt-losenord/",
            ["email"],
        ),
        PublicForm(
            "back office: choose a password with a link that does not work",
            "post",
            "/organisera/logga-in/nytt-losenord/MQ/valj-losenord/",
            ["new_password1", "new_password2"],
        ),
    ]
    return {spec.name: spec for spec in specs}


FORM_NAMES = [
    "event list filter",
    "registration: details step",
    "registration: choices step",
    "registration: review step with a proof that does not verify",
    "registration: a forged state",
    "registration: resend the link",
    "workshop: join",
    "workshop: vote",
    "workshop: propose",
    "archive: search",
    "archive: learning examples",
    "archive: contact form with a proof that does not verify",
    "archive: press registration with a proof that does not verify",
    "language switch",
    "privacy: erasure request with a link that does not work",
    "back office: forgot your password (no such account)",
    "back office: choose a password with a link that does not work",
]


@pytest.mark.parametrize("name", FORM_NAMES)
def test_arbitrary_input_never_breaks_a_public_form(name, forms, client: Client):
    spec = forms[name]
    tried: list[int] = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.fixed_dictionaries({}, optional=dict.fromkeys(spec.fields, TEXT)))
    def submit(values: dict[str, str]) -> None:
        caches["shared"].clear()  # rate limits would otherwise end the run early
        before = row_counts()
        data = {**spec.fixed, **values}
        response = getattr(client, spec.method)(spec.url, data)
        tried.append(response.status_code)
        assert response.status_code < 500, (name, data, response.status_code)
        if not spec.accepted(response):
            assert row_counts() == before, (name, data, response.status_code)

    submit()
    assert len(tried) >= EXAMPLES // 2  # the examples really ran
