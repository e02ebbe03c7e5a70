"""Background tasks of mailings (run by `python -m samlas db_worker`)."""

from django_tasks import task

from samlas.mailings import services


@task()
def send_reminders() -> int:
    """Send the reminders that are due; returns how many events got theirs."""
    return len(services.send_due_reminders())
