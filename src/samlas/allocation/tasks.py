"""Background tasks of seat allocation (run by `python -m samlas db_worker`)."""

from django_tasks import task

from samlas.allocation import services


@task()
def run_allocation(run_id: int) -> str:
    """Solve one queued preview; the run row carries its progress and result."""
    return services.execute_run(run_id)
