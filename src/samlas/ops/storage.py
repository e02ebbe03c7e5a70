"""File storage that never leaves a half-written file behind.

Django's FileSystemStorage writes straight into the final name: when the disk fills up in
the middle of a 2 GB recording, a truncated file stays under the name the database points
to. This storage writes into a hidden temporary file in the same directory, flushes it to
disk and only then gives it its name (a hard link, which fails rather than overwrite, or a
rename where links are not supported). On a full disk, a quota or a file size limit the
temporary file is removed and `StorageFull` is raised: a clear error, and nothing left.
"""

import errno
import os
import shutil
import tempfile
from contextlib import suppress

from django.core.files.base import File
from django.core.files.storage import FileSystemStorage

from samlas.ops.errors import StorageFull, is_disk_full

TEMPORARY_PREFIX = ".upload-"
CHUNK = 1024 * 1024


class AtomicFileSystemStorage(FileSystemStorage):
    def _save(self, name: str, content: File) -> str:
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        temporary = None
        try:
            os.makedirs(directory, exist_ok=True)
            temporary = self._write_temporary(directory, content)
            full_path = self._publish(temporary, name, full_path)
        except OSError as exc:
            if temporary is not None:
                with suppress(FileNotFoundError):
                    os.unlink(temporary)
            if is_disk_full(exc):
                raise StorageFull(exc.errno, os.strerror(exc.errno)) from exc
            raise
        os.chmod(full_path, self.file_permissions_mode or 0o644)
        self._ensure_location_group_id(full_path)
        return os.path.relpath(full_path, self.location).replace("\\", "/")

    def _write_temporary(self, directory: str, content: File) -> str:
        fd, temporary = tempfile.mkstemp(prefix=TEMPORARY_PREFIX, suffix=".part", dir=directory)
        try:
            with open(fd, "wb") as handle:
                if not hasattr(content, "temporary_file_path"):
                    for chunk in content.chunks(CHUNK):
                        handle.write(chunk.encode() if isinstance(chunk, str) else chunk)
                    handle.flush()
                    os.fsync(handle.fileno())
            if hasattr(content, "temporary_file_path"):
                # An upload already on disk: moved when on the same file system, else copied.
                shutil.move(content.temporary_file_path(), temporary)
                with open(temporary, "rb+") as handle:
                    os.fsync(handle.fileno())
        except BaseException:
            with suppress(FileNotFoundError):
                os.unlink(temporary)
            raise
        return temporary

    def _publish(self, temporary: str, name: str, full_path: str) -> str:
        """Give the written file its name without ever replacing another file."""
        while True:
            try:
                if self._allow_overwrite:
                    os.replace(temporary, full_path)
                    return full_path
                os.link(temporary, full_path)
            except FileExistsError:
                name = self.get_available_name(name)
                full_path = self.path(name)
                continue
            except OSError as exc:
                if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV):
                    raise
                # No hard links here (some network file systems): rename unless taken.
                if os.path.exists(full_path):
                    name = self.get_available_name(name)
                    full_path = self.path(name)
                    continue
                os.rename(temporary, full_path)
                return full_path
            os.unlink(temporary)
            return full_path
