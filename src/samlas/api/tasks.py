"""Background tasks of the API (run by `python -m samlas db_worker`)."""

from django_tasks import task

from samlas.api import webhooks


@task()
def dispatch_webhooks() -> int:
    """Turn new registration log entries into webhook deliveries."""
    return webhooks.dispatch()


@task()
def deliver_webhook(delivery_id: int) -> str:
    """Send one webhook delivery; on failure it schedules its own retry."""
    return webhooks.deliver(delivery_id)
