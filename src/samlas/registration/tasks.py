"""Background tasks of registration (run by `python -m samlas db_worker`)."""

from django_tasks import task

from samlas.registration import outbox


@task()
def send_outbox_message(message_id: int) -> str:
    """Send one outbox e-mail; on failure the outbox schedules the retry itself."""
    return outbox.deliver(message_id)


@task()
def send_due_outbox() -> dict[str, int]:
    """Send every outbox e-mail that is due (`outbox.sending`)."""
    return outbox.deliver_due()
