import pytest
from django.db import transaction

from tests.programme.helpers import FullProgramme, seed_full_programme


@pytest.fixture(scope="module")
def full_programme(django_db_setup, django_db_blocker) -> FullProgramme:
    """The two-day programme, built once per module and rolled back after it.

    Tests only read it; each test's own transaction sits inside this one.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield seed_full_programme()
        transaction.set_rollback(True)
