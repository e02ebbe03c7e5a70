"""Failures of the machine rather than of the request, each with a clear answer.

A database that is restarting, a full disk or an upload over the limit is not the
visitor's fault and not a bug: the visitor gets a short Swedish (or English) page, or JSON
for the API, that says what happened and whether to try again, never a stack trace.
"""

import errno

from django.utils.translation import gettext_lazy as _

# Retry-After for a database that is restarting or failing over: seconds, not minutes.
RETRY_AFTER_SECONDS = 10
DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


class StorageFull(OSError):
    """A file could not be stored because the disk (or a quota or file size limit) is full.

    Nothing was left behind: the partial file has been removed.
    """

    message = _(
        "The file could not be saved because the server has run out of storage space. "
        "Nothing was saved. Please try again later or contact the organisers."
    )
    status = 507
    code = "storage_full"


class UploadTooLarge(Exception):
    """The upload is larger than the server accepts (SAMLAS_MAX_UPLOAD_SIZE)."""

    message = _("The file is too large. Nothing was saved. The largest file accepted is %(size)s.")
    status = 413
    code = "too_large"

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(f"upload larger than {limit} bytes")


def is_disk_full(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in DISK_FULL_ERRNOS
