"""Background tasks of data protection (run by `python -m samlas db_worker`)."""

from django_tasks import task

from samlas.privacy import services


@task()
def purge_personal_data() -> dict:
    """The daily retention run; `python -m samlas purge_personal_data` does the same."""
    report = services.purge()
    return {
        "warned": report.warned,
        "health_erased": sum(report.health_erased.values()),
        "personal_erased": sum(report.personal_erased.values()),
        "press_erased": sum(report.press_erased.values()),
        "contact_messages_erased": report.contact_messages_erased,
    }
