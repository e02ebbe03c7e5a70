import pytest
from django.urls import reverse
from tests.backoffice.conftest import build_world

@pytest.mark.django_db
def test_smoke(client):
    w = build_world()
    client.force_login(w.users["host_admin"])
    e = w.event.pk
    r0 = w.registrations[0].pk
    urls = [reverse("backoffice:dashboard"), reverse("backoffice:event", args=[e]), reverse("backoffice:event_edit", args=[e]),
      reverse("backoffice:organisers", args=[e]), reverse("backoffice:programme", args=[e]), reverse("backoffice:registration_settings", args=[e]),
      reverse("backoffice:registrations", args=[e]), reverse("backoffice:export", args=[e]), reverse("backoffice:catering", args=[e]),
      reverse("backoffice:statistics", args=[e]), reverse("backoffice:audit_log", args=[e]), reverse("backoffice:registration", args=[e, r0]),
      reverse("backoffice:registration_edit", args=[e, r0]), reverse("backoffice:registration_choices", args=[e, r0]),
      reverse("backoffice:registration_cancel", args=[e, r0]), reverse("backoffice:waiting_lists", args=[e]), reverse("backoffice:registration_add", args=[e]),
      reverse("backoffice:event_cancel", args=[e]), reverse("backoffice:event_copy", args=[e]), reverse("backoffice:item_create", args=[e]),
      reverse("backoffice:block_edit", args=[e, w.block.pk]), reverse("backoffice:seminar_edit", args=[e, w.seminars[0].pk]),
      reverse("backoffice:seminar_create", args=[e, w.block.pk]), reverse("backoffice:venues"), reverse("backoffice:venue_create"),
      reverse("backoffice:organisations"), reverse("backoffice:members", args=[w.host_org.pk]), reverse("backoffice:event_create"),
      reverse("backoffice:organiser_contacts", args=[e, w.event.organisers.first().pk]),
    ]
    for u in urls:
        r = client.get(u)
        assert r.status_code == 200, (u, r.status_code)
