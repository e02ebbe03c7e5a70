from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AllocationConfig(AppConfig):
    name = "samlas.allocation"
    verbose_name = _("Seat allocation")

    def ready(self) -> None:
        # The programme asks before a block becomes ranked again (it cannot import us).
        from samlas.allocation.services import refuse_ranking_an_allocated_block
        from samlas.programme.validation import block_becoming_ranked

        block_becoming_ranked.connect(
            refuse_ranking_an_allocated_block, dispatch_uid="allocation-allocated-block"
        )
