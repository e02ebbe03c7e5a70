"""Template tags that put seat allocation on other apps' pages.

{% load allocation %}
{% allocation_explanation event programme_days %}   the event page: how seats are allocated
{% allocation_status event %}                       the back office's event overview
{% allocation_objective %}                          the objective, in the page's language
"""

from django import template
from django.utils.translation import get_language

from samlas.allocation import OBJECTIVE_EN, OBJECTIVE_SV
from samlas.allocation.models import AllocationRun
from samlas.allocation.queries import public_allocation
from samlas.events.models import Event
from samlas.programme.models import Block

register = template.Library()


@register.simple_tag
def allocation_objective() -> str:
    """The solver's own explanation (`OBJECTIVE_SV` / `OBJECTIVE_EN`), not a copy of it."""
    return OBJECTIVE_SV if (get_language() or "sv").startswith("sv") else OBJECTIVE_EN


@register.inclusion_tag("allocation/_public_explanation.html")
def allocation_explanation(event: Event, programme_days=None) -> dict:
    return {"allocation": public_allocation(event, programme_days)}


@register.inclusion_tag("allocation/_event_status.html")
def allocation_status(event: Event) -> dict:
    runs = AllocationRun.objects.filter(event=event).defer("instance", "result")
    latest = runs.filter(status=AllocationRun.Status.PUBLISHED).first() or runs.first()
    ranked = Block.objects.filter(event=event, choice_mode=Block.ChoiceMode.RANKED).exists()
    return {"event": event, "run": latest, "show": ranked or latest is not None}
