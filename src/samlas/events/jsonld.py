"""schema.org `Event` data for an event page, so search engines and calendars understand it.

`event_jsonld()` builds a plain dict; `jsonld_script()` serialises it into a
`<script type="application/ld+json">` element that text from organisers cannot break out of.
"""

import json
from typing import Any

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from samlas.core.counties import County
from samlas.events.models import Event, Venue
from samlas.programme.jsonld import sub_events

SCHEMA = "https://schema.org"
# Characters that could end the script element or start markup, as JSON escapes.
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def iso(moment: Any) -> str:
    """ISO 8601 in Swedish local time with its offset, e.g. 2024-09-24T09:00:00+02:00."""
    return timezone.localtime(moment).isoformat()


def place(venue: Venue) -> dict[str, Any]:
    address: dict[str, Any] = {
        "@type": "PostalAddress",
        "streetAddress": venue.street_address,
        "postalCode": venue.postcode,
        "addressLocality": venue.city,
        "addressCountry": "SE",
    }
    if venue.county:
        address["addressRegion"] = County(venue.county).label
    return {"@type": "Place", "name": venue.name, "address": address}


def attendance_mode(event: Event, venues: list[Venue]) -> str:
    online = bool(event.online_information.strip())
    if venues and online:
        return f"{SCHEMA}/MixedEventAttendanceMode"
    if online:
        return f"{SCHEMA}/OnlineEventAttendanceMode"
    return f"{SCHEMA}/OfflineEventAttendanceMode"


def event_jsonld(event: Event, venues: list[Venue], days: list, base_url: str) -> dict[str, Any]:
    """The event as a schema.org `Event`.

    `venues` are the places it uses (main venue first), `days` the programme read model
    (turned into `subEvent`s by the programme app), `base_url` the site's public address.
    """
    url = f"{base_url}{event.get_absolute_url()}"
    locations: list[dict[str, Any]] = [place(venue) for venue in venues]
    if event.online_information.strip():
        locations.append({"@type": "VirtualLocation", "url": url})
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "startDate": iso(event.start),
        "endDate": iso(event.end),
        "eventStatus": f"{SCHEMA}/EventCancelled"
        if event.is_cancelled
        else f"{SCHEMA}/EventScheduled",
        "eventAttendanceMode": attendance_mode(event, venues),
        "inLanguage": event.language,
        "url": url,
        "organizer": [organisation_jsonld(o.organisation) for o in event.organisers.all()],
    }
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    audiences = [audience.name for audience in event.audiences.all()]
    if event.audience_text:
        audiences.append(event.audience_text)
    if audiences:
        data["audience"] = {"@type": "Audience", "audienceType": ", ".join(audiences)}
    sub = sub_events(event, days, base_url)
    if sub:
        data["subEvent"] = sub
    return data


def organisation_jsonld(organisation: Any) -> dict[str, Any]:
    data = {"@type": "Organization", "name": organisation.name}
    if organisation.website:
        data["url"] = organisation.website
    return data


def jsonld_script(data: dict[str, Any]) -> SafeString:
    """`data` in a script element; `<`, `>` and `&` are escaped so "</script>" cannot occur."""
    payload = json.dumps(data, ensure_ascii=False, indent=None).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')
