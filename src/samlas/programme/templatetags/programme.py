"""The people of a programme entry as HTML, built in Python because a page holds hundreds.

{% load programme %}
{{ entry.people_groups|people }}     role heading (unless speakers), then one line each
{{ participation|person }}           <b>Name</b>, title, organisation
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

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
