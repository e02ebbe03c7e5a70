"""Uploads on a full disk or over the limit: a clear error and no partial file left.

The full disk is real: a subprocess lowers its file size limit (RLIMIT_FSIZE) so that the
kernel refuses writes past 64 kB with EFBIG, exactly where a full disk would refuse them
with ENOSPC (mounting a small tmpfs needs privileges a test cannot count on). Both errors
take the same path through the storage and the upload handler. The same subprocess shows
that Django's own FileSystemStorage leaves a truncated file behind in that situation.
"""

import json
import subprocess
import textwrap

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.urls import include, path

from samlas.ops.storage import AtomicFileSystemStorage
from tests.ops.harness import PYTHON, ROOT, django_env

LIMIT = 64 * 1024

FULL_DISK = textwrap.dedent(
    """
    import json, os, resource, signal, sys, tempfile
    from pathlib import Path
    import django
    django.setup()
    from django.core.files.base import ContentFile
    from django.core.files.storage import FileSystemStorage
    from django.core.files.uploadhandler import TemporaryFileUploadHandler
    from samlas.ops.errors import StorageFull
    from samlas.ops.storage import AtomicFileSystemStorage
    from samlas.ops.uploads import SafeTemporaryFileUploadHandler

    media, uploads = Path(sys.argv[1]), Path(sys.argv[2])
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of being killed
    resource.setrlimit(resource.RLIMIT_FSIZE, (%(limit)d, %(limit)d))
    big = b"x" * (4 * %(limit)d)
    result = {}

    try:
        AtomicFileSystemStorage(location=media).save("documents/big.pdf", ContentFile(big))
        result["atomic"] = "saved"
    except StorageFull as exc:
        result["atomic"] = f"StorageFull {exc.errno}"
    result["atomic_left"] = [str(p) for p in media.rglob("*") if p.is_file()]
    small = AtomicFileSystemStorage(location=media).save("documents/small.pdf", ContentFile(b"ok"))
    result["small"] = (media / small).read_bytes().decode()

    plain = media / "plain"
    try:
        FileSystemStorage(location=plain).save("big.pdf", ContentFile(big))
        result["plain"] = "saved"
    except OSError as exc:
        result["plain"] = f"OSError {exc.errno}"
    result["plain_left"] = [p.stat().st_size for p in plain.rglob("*") if p.is_file()]

    handler = SafeTemporaryFileUploadHandler()
    handler.new_file("file", "big.mp4", "video/mp4", len(big))
    try:
        for start in range(0, len(big), 16384):
            handler.receive_data_chunk(big[start : start + 16384], start)
        handler.file_complete(len(big))
        result["upload"] = "received"
    except StorageFull as exc:
        result["upload"] = f"StorageFull {exc.errno}"
    result["upload_left"] = sorted(p.name for p in uploads.iterdir())
    print(json.dumps(result))
    """
) % {"limit": LIMIT}


def test_a_full_disk_leaves_no_partial_file_and_says_so(tmp_path):
    media, uploads = tmp_path / "media", tmp_path / "uploads"
    media.mkdir()
    uploads.mkdir()
    env = django_env("sqlite:///" + str(tmp_path / "unused.sqlite3"), tmp_path)
    env["TMPDIR"] = str(uploads)  # Django's temporary upload files go here
    result = subprocess.run(
        [PYTHON, "-c", FULL_DISK, str(media), str(uploads)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["atomic"] == "StorageFull 27"  # EFBIG, turned into the clear error
    assert outcome["atomic_left"] == []  # neither the file nor its temporary copy
    assert outcome["small"] == "ok"  # what fits is still stored
    # The fault is real: Django's own storage keeps a truncated file under the final name.
    assert outcome["plain"] == "OSError 27"
    assert outcome["plain_left"] == [LIMIT]
    assert outcome["upload"] == "StorageFull 27"
    assert outcome["upload_left"] == []


def test_files_keep_their_names_and_never_overwrite_each_other(tmp_path):
    storage = AtomicFileSystemStorage(location=tmp_path)
    first = storage.save("documents/program.pdf", ContentFile(b"%PDF-1 first"))
    second = storage.save("documents/program.pdf", ContentFile(b"%PDF-1 second"))
    assert first == "documents/program.pdf"
    assert second != first and second.startswith("documents/program_")
    assert storage.open(first).read() == b"%PDF-1 first"
    assert storage.open(second).read() == b"%PDF-1 second"
    assert oct((tmp_path / first).stat().st_mode & 0o777) == "0o644"
    assert sorted(p.name for p in (tmp_path / "documents").iterdir()) == sorted(
        [first.split("/")[1], second.split("/")[1]]
    )


def test_an_upload_already_on_disk_is_moved_not_copied(tmp_path, settings):
    from django.core.files.uploadedfile import TemporaryUploadedFile

    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    upload = TemporaryUploadedFile("film.mp4", "video/mp4", 5, "utf-8")
    upload.write(b"video")
    upload.flush()
    saved = AtomicFileSystemStorage(location=tmp_path / "media").save("film.mp4", upload)
    assert (tmp_path / "media" / saved).read_bytes() == b"video"
    upload.close()  # the temporary file was moved: closing it finds nothing to delete


def upload_view(request):
    return HttpResponse(str(len(request.FILES["file"].read())))


# The site's own URLs too: the error page links to them.
urlpatterns = [path("upload/", upload_view), path("", include("samlas.urls"))]


@pytest.mark.urls("tests.ops.test_storage")
def test_an_upload_over_the_limit_is_refused_with_413_and_nothing_kept(client, settings, tmp_path):
    settings.SAMLAS_MAX_UPLOAD_SIZE = 100_000
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1000
    small = client.post("/upload/", {"file": SimpleUploadedFile("a.pdf", b"%PDF" * 1000)})
    assert small.content == b"4000"
    response = client.post("/upload/", {"file": SimpleUploadedFile("b.pdf", b"0" * 200_000)})
    assert response.status_code == 413
    assert "Filen är för stor. Inget sparades." in response.content.decode()
    assert "Den största fil som tas emot är 0,1 MB." in response.content.decode()
    assert list(tmp_path.iterdir()) == []
