"""The Django admin shows organisations with their contact persons inline."""

import pytest
from django.contrib.auth.models import User

from tests.factories import make_contact_person, make_organisation


@pytest.mark.django_db
def test_organisation_change_page_lists_contact_persons_inline(client):
    client.force_login(User.objects.create_superuser("admin", "admin@example.org", "x"))
    organisation = make_organisation(name="Region Skåne", kind="region")
    make_contact_person(organisation, name="Eva Ek")
    response = client.get(f"/admin/organisations/organisation/{organisation.pk}/change/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="contact_persons-group"' in html
    assert "Eva Ek" in html
    listing = client.get("/admin/organisations/organisation/", {"q": "Skåne"}).content.decode()
    assert "Region Skåne" in listing
