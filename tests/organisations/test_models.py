"""Organisations and their contact persons as the admin and event pages name them."""

import pytest

from tests.factories import make_contact_person, make_organisation


@pytest.mark.django_db
def test_contact_person_is_named_with_the_organisation():
    police = make_organisation(name="Polisregion Syd", kind="police")
    person = make_contact_person(police, name="Eva Ek")
    assert str(person) == "Eva Ek, Polisregion Syd"
    assert list(police.contact_persons.all()) == [person]
