"""Programme HTML built in Python, because one page holds hundreds of people and texts.

Filters (`{% load programme %}`): `entry.people_groups|people` (a role heading unless they
are speakers, then one line each), `participation|person` (name in bold, title,
organisation) and `text|description:5` (Markdown with "# Heading" as h5, cached per text).
"""

from functools import lru_cache

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from samlas.core.markdown import render_markdown
from samlas.programme.models import Participation
from samlas.programme.queries import PeopleGroup

register = template.Library()


@register.filter
def person(participation: Participation) -> SafeString:
    details = "".join(
        f", {part}"
        for part in (participation.display_title, participation.display_organisation)
        if part
    )
    return format_html(
        '<span class="samlas-person"><span class="samlas-person__name">{}</span>{}</span>',
        participation.person.name,
        details,
    )


@register.filter
def people(groups: list[PeopleGroup]) -> SafeString:
    html = []
    for group in groups:
        label = (
            format_html('<p class="samlas-people__role">{}</p>', group.label) if group.label else ""
        )
        rows = format_html_join("", "<li>{}</li>", ((person(p),) for p in group.people))
        html.append(format_html('<div class="samlas-people">{}<ul>{}</ul></div>', label, rows))
    return SafeString("".join(html))


@lru_cache(maxsize=2048)
def _markdown(text: str, first_heading: int) -> SafeString:
    return render_markdown(text, first_heading)


@register.filter
def description(text: str, first_heading: int = 5) -> SafeString:
    """Organisers' Markdown, rendered once per text and process: the event page is read far
    more often than its programme changes, and building a Markdown parser is what costs."""
    return _markdown(text or "", int(first_heading))
