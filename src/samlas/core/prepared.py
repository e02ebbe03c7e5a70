"""Prepared statements that outlive a schema change made by another process.

On PostgreSQL, Samlas lets psycopg prepare the statements a connection repeats (settings,
docs/deployment.md). A migration run from another process, say on the first of several app
servers during an upgrade, can change the type of a column such a statement returns (a
longer `max_length` is enough); PostgreSQL then refuses the statement on every older
connection ("cached plan must not change result type") until the connection drops it.
psycopg drops a connection's prepared statements on a ROLLBACK, so a transaction fails once
and the next one works; outside a transaction nothing would, so `forget_stale_plans` drops
them and runs the statement again.
"""

from collections.abc import Callable
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

# The error's code and where PostgreSQL raises it, whatever the language of its messages.
FEATURE_NOT_SUPPORTED = "0A000"
REVALIDATE = "RevalidateCachedQuery"


def _stale_plan(exc: Exception) -> bool:
    diag = getattr(exc.__cause__, "diag", None)
    return (
        diag is not None
        and diag.sqlstate == FEATURE_NOT_SUPPORTED
        and diag.source_function == REVALIDATE
    )


def forget_stale_plans(
    execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    """An execute wrapper: a statement refused for a stale plan outside a transaction is run
    again once, after DEALLOCATE ALL (which also clears psycopg's record of them). Never
    `executemany`: its parameters may be an iterator that the first attempt used up."""
    connection = context["connection"]
    try:
        return execute(sql, params, many, context)
    except Exception as exc:
        if many or not _stale_plan(exc) or not connection.get_autocommit():
            raise
    with connection.wrap_database_errors:
        connection.connection.execute("DEALLOCATE ALL")
    return execute(sql, params, many, context)


def install(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """`connection_created` receiver: wrap every statement of a PostgreSQL connection. First
    in the list, since `connection.execute_wrapper()` removes the last one when it ends."""
    if connection.vendor == "postgresql" and forget_stale_plans not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, forget_stale_plans)
