"""schema.org `subEvent`s for an event's programme (filled in by the programme work)."""

from samlas.events.models import Event


def sub_events(event: Event, days: list, base_url: str) -> list[dict]:
    return []
