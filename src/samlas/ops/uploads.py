"""Upload handlers: refuse an upload over the limit early, and survive a full disk.

Django writes large uploads to a temporary file while the request streams in. Two things
can go wrong there before any view runs: the upload is larger than anything the site
accepts (then reading on only fills the disk), or the disk fills up. Both now raise an
exception that `ServiceUnavailableMiddleware` turns into a clear page (413 or 507), and the
temporary file is removed. The per-type limits (documents, videos) stay with the archive's
form validation; SAMLAS_MAX_UPLOAD_SIZE is the ceiling above all of them.
"""

from contextlib import suppress

from django.conf import settings
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, TemporaryFileUploadHandler

from samlas.ops.errors import StorageFull, UploadTooLarge, is_disk_full


class UploadLimitHandler(FileUploadHandler):
    """First in FILE_UPLOAD_HANDLERS: counts the bytes of every file in the request."""

    def __init__(self, request=None) -> None:
        super().__init__(request)
        self.limit = settings.SAMLAS_MAX_UPLOAD_SIZE
        self.received = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # The declared length is known before a byte is read: refuse at once.
        if content_length and content_length > self.limit:
            raise UploadTooLarge(self.limit)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        # Chunked requests declare no length, so count what actually arrives too.
        self.received += len(raw_data)
        if self.received > self.limit:
            raise UploadTooLarge(self.limit)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


class SafeTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    """Django's temporary-file handler that reports a full disk as StorageFull.

    The temporary file is closed, which deletes it, before the error is raised.
    """

    file: TemporaryUploadedFile

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        try:
            self.file.write(raw_data)
        except OSError as exc:
            if not is_disk_full(exc):
                raise
            self._discard()
            raise StorageFull(exc.errno, exc.strerror) from exc

    def file_complete(self, file_size: int) -> TemporaryUploadedFile:
        try:
            return super().file_complete(file_size)
        except OSError as exc:
            if not is_disk_full(exc):
                raise
            self._discard()
            raise StorageFull(exc.errno, exc.strerror) from exc

    def _discard(self) -> None:
        # Closing flushes what is buffered, which fails on a full disk too; the file
        # descriptor is closed and the name unlinked regardless.
        with suppress(OSError):
            self.file.close()
