"""Uploaded files: which types are allowed, how to tell them apart, how to show their size.

A file's name is easy to get wrong or to fake, so a file is accepted only when its extension
AND the bytes it starts with agree: "%PDF-" for PDF, a zip holding `[Content_Types].xml` and
the right main part for Word/Excel/PowerPoint (OOXML), a zip whose first entry `mimetype`
names the type for OpenDocument, the OLE2 header for the old binary Office formats, `ftyp`
for MP4, the EBML header for WebM, "WEBVTT" for captions. Size limits come from settings.
Every refusal says, in plain language, what was wrong and what is allowed.
"""

import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

MB = 1000 * 1000
DEFAULT_MAX_DOCUMENT_SIZE = 50 * MB
DEFAULT_MAX_VIDEO_SIZE = 2000 * MB
DEFAULT_MAX_CAPTIONS_SIZE = 2 * MB
NBSP = "\u00a0"
TAG = re.compile(r"<[^>]*>")

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODF_MIMETYPES = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
OOXML_MAIN_PARTS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}


class DocumentType(models.TextChoices):
    PDF = "pdf", _("PDF")
    WORD = "word", _("Word")
    EXCEL = "excel", _("Excel")
    POWERPOINT = "powerpoint", _("PowerPoint")
    ODF_TEXT = "odf_text", _("OpenDocument text")
    ODF_SPREADSHEET = "odf_spreadsheet", _("OpenDocument spreadsheet")
    ODF_PRESENTATION = "odf_presentation", _("OpenDocument presentation")


DOCUMENT_EXTENSIONS = {
    "pdf": DocumentType.PDF,
    "docx": DocumentType.WORD,
    "doc": DocumentType.WORD,
    "xlsx": DocumentType.EXCEL,
    "xls": DocumentType.EXCEL,
    "pptx": DocumentType.POWERPOINT,
    "ppt": DocumentType.POWERPOINT,
    "odt": DocumentType.ODF_TEXT,
    "ods": DocumentType.ODF_SPREADSHEET,
    "odp": DocumentType.ODF_PRESENTATION,
}
VIDEO_EXTENSIONS = ("mp4", "m4v", "webm")
VIDEO_MIME_TYPES = {"mp4": "video/mp4", "m4v": "video/mp4", "webm": "video/webm"}


@dataclass(frozen=True)
class Limits:
    document: int
    video: int
    captions: int


def limits() -> Limits:
    return Limits(
        document=getattr(settings, "SAMLAS_MAX_DOCUMENT_SIZE", DEFAULT_MAX_DOCUMENT_SIZE),
        video=getattr(settings, "SAMLAS_MAX_VIDEO_SIZE", DEFAULT_MAX_VIDEO_SIZE),
        captions=getattr(settings, "SAMLAS_MAX_CAPTIONS_SIZE", DEFAULT_MAX_CAPTIONS_SIZE),
    )


def format_size(size: int) -> str:
    """Swedish style with SI units and a non-breaking space: "42 kB", "1,5 MB"."""
    if size < 1000:
        return ngettext("%(size)d byte", "%(size)d bytes", size) % {"size": size}
    for unit, factor in (("kB", 1000), ("MB", MB), ("GB", 1000 * MB)):
        value = size / factor
        if value < 999.5 or unit == "GB":
            decimals = 1 if unit != "kB" and value < 9.95 else 0
            return f"{number_format(round(value, decimals), decimals)}{NBSP}{unit}"
    raise AssertionError("unreachable")


def extension(name: str) -> str:
    return PurePath(name or "").suffix.lower().lstrip(".")


def _allowed(extensions) -> str:
    return ", ".join(f".{ext}" for ext in extensions)


def _check_size(file: File, limit: int) -> None:
    if file.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if file.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s). The largest size allowed is %(limit)s."),
            code="too_large",
            params={"size": format_size(file.size), "limit": format_size(limit)},
        )


def _head(file: File, length: int = 16) -> bytes:
    file.seek(0)
    head = file.read(length)
    file.seek(0)
    return head


def _zip_names(file: File) -> list[str] | None:
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    finally:
        file.seek(0)


def _odf_mimetype(file: File) -> str | None:
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
            if not names or names[0] != "mimetype":
                return None
            return archive.read("mimetype")[:100].decode("ascii", "replace").strip()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, KeyError):
        return None
    finally:
        file.seek(0)


def _content_matches(file: File, ext: str) -> bool:
    head = _head(file)
    if ext == "pdf":
        return head.startswith(b"%PDF-")
    if ext in ("doc", "xls", "ppt"):
        return head.startswith(OLE2)
    if not head.startswith(b"PK\x03\x04"):
        return False
    if ext in OOXML_MAIN_PARTS:
        names = _zip_names(file)
        return names is not None and {"[Content_Types].xml", OOXML_MAIN_PARTS[ext]} <= set(names)
    return _odf_mimetype(file) == ODF_MIMETYPES[ext]


def _wrong_content(ext: str) -> ValidationError:
    return ValidationError(
        _(
            "The file's name ends in .%(extension)s, but its content is not that kind of "
            "file. It may be damaged or wrongly named: save it again from the program that "
            "made it and upload it again."
        ),
        code="wrong_content",
        params={"extension": ext},
    )


def document_type(file: File) -> str:
    """The `DocumentType` of an acceptable document; ValidationError with the reason if not."""
    ext = extension(file.name)
    if ext not in DOCUMENT_EXTENSIONS:
        raise ValidationError(
            _("Files of this type cannot be uploaded here. Allowed types: %(allowed)s."),
            code="file_type",
            params={"allowed": _allowed(DOCUMENT_EXTENSIONS)},
        )
    _check_size(file, limits().document)
    if not _content_matches(file, ext):
        raise _wrong_content(ext)
    return DOCUMENT_EXTENSIONS[ext]


def validate_document(file: File) -> None:
    document_type(file)


def validate_video(file: File) -> None:
    ext = extension(file.name)
    if ext not in VIDEO_EXTENSIONS:
        raise ValidationError(
            _(
                "Video files must be MP4 or WebM (%(allowed)s), which all current browsers "
                "play. For other formats, link to the recording instead."
            ),
            code="file_type",
            params={"allowed": _allowed(VIDEO_EXTENSIONS)},
        )
    _check_size(file, limits().video)
    head = _head(file, 12)
    valid = head[4:8] == b"ftyp" if ext in ("mp4", "m4v") else head.startswith(b"\x1a\x45\xdf\xa3")
    if not valid:
        raise _wrong_content(ext)


def validate_captions(file: File) -> None:
    if extension(file.name) != "vtt":
        raise ValidationError(_("Captions must be a WebVTT file (.vtt)."), code="file_type")
    _check_size(file, limits().captions)
    file.seek(0)
    content = file.read()
    file.seek(0)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            _("The captions file must be saved as UTF-8 text."), code="encoding"
        ) from None
    first_line = text.split("\n", 1)[0].rstrip("\r")
    if first_line != "WEBVTT" and not first_line.startswith(("WEBVTT ", "WEBVTT\t")):
        raise ValidationError(
            _("This is not a WebVTT file: its first line must be WEBVTT."), code="wrong_content"
        )
    if "-->" not in text:
        raise ValidationError(
            _("The captions file has no cues (lines such as 00:00:01.000 --> 00:00:04.000)."),
            code="no_cues",
        )


def caption_text(content: str) -> str:
    """The words of a WebVTT file, without its header, cue identifiers, timings and notes."""
    words = []
    for block in re.split(r"\r?\n[ \t]*\r?\n", content.replace("\r\n", "\n")):
        lines = [line.strip() for line in block.strip().splitlines()]
        timing = next((i for i, line in enumerate(lines) if "-->" in line), None)
        if timing is None:
            continue  # the header, a NOTE, STYLE or REGION block
        words.extend(lines[timing + 1 :])
    # Voice and styling tags such as <v Anna> and <i> go; their words stay.
    return TAG.sub("", "\n".join(words))
