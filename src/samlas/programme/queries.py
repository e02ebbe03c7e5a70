"""Read models of the programme (filled in by the programme work)."""

from samlas.events.models import Event


def programme_days(event: Event) -> list:
    """The event's programme grouped per day, with a bounded number of queries."""
    return []
