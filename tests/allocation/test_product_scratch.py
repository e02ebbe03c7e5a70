import pytest
from samlas.allocation import services
from samlas.registration.models import OutboxMessage
from tests.allocation.product_world import ranked_event

@pytest.mark.django_db
def test_show():
    setup, regs = ranked_event(people=6, blocks=((2, 1), (2, 2)))
    run = services.start_run(setup.event)
    services.execute_run(run.pk)
    run.refresh_from_db()
    services.publish_allocation(run, None)
    for m in OutboxMessage.objects.filter(kind="changed").order_by("pk")[:6]:
        if "kön" in m.text:
            print(m.subject); print(m.text); print(m.html); break
