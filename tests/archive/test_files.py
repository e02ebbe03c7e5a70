"""Upload checks: extension AND content must agree, sizes have limits, errors say why."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from samlas.archive import files
from samlas.archive.files import DocumentType
from tests.archive.conftest import (
    CAPTIONS,
    docx_bytes,
    mp4_bytes,
    odt_bytes,
    pdf_bytes,
    upload,
    webm_bytes,
    zip_bytes,
)


@pytest.fixture(autouse=True)
def swedish():
    with translation.override("sv"):
        yield


def refusal(check, name: str, content: bytes) -> str:
    with pytest.raises(ValidationError) as caught:
        check(upload(name, content))
    return " ".join(caught.value.messages)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("program.pdf", pdf_bytes(), DocumentType.PDF),
        ("Program.PDF", pdf_bytes(), DocumentType.PDF),
        ("rapport.docx", docx_bytes(), DocumentType.WORD),
        (
            "budget.xlsx",
            zip_bytes([("[Content_Types].xml", b""), ("xl/workbook.xml", b"")]),
            "excel",
        ),
        (
            "bilder.pptx",
            zip_bytes([("[Content_Types].xml", b""), ("ppt/presentation.xml", b"")]),
            "powerpoint",
        ),
        ("protokoll.odt", odt_bytes(), DocumentType.ODF_TEXT),
        ("gammal.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, DocumentType.WORD),
    ],
)
def test_documents_of_the_allowed_types_are_recognised(name, content, expected):
    assert files.document_type(upload(name, content)) == expected


def test_a_type_that_is_not_allowed_is_refused_with_the_allowed_list():
    message = refusal(files.validate_document, "program.exe", b"MZ\x90\x00")
    assert "Filer av den här typen kan inte laddas upp här" in message
    assert ".pdf" in message and ".docx" in message and ".odt" in message


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("program.pdf", b"MZ\x90\x00 not a pdf at all"),  # a program renamed to .pdf
        ("rapport.docx", pdf_bytes()),  # a PDF renamed to .docx
        ("rapport.docx", zip_bytes([("readme.txt", b"hej")])),  # a zip, but not Word
        ("protokoll.odt", odt_bytes(b"application/vnd.oasis.opendocument.spreadsheet")),
        ("gammal.doc", docx_bytes()),
    ],
)
def test_content_that_does_not_match_the_name_is_refused(name, content):
    message = refusal(files.validate_document, name, content)
    assert f"slutar på .{name.rsplit('.', 1)[1].lower()}" in message
    assert "men innehållet är inte en sådan fil" in message


def test_empty_and_too_large_files_are_refused(settings):
    assert "Filen är tom" in refusal(files.validate_document, "tom.pdf", b"")
    settings.SAMLAS_MAX_DOCUMENT_SIZE = 50_000
    message = refusal(files.validate_document, "stor.pdf", pdf_bytes(60_000))
    assert "Filen är för stor (60\xa0kB)" in message
    assert "Den största tillåtna storleken är 50\xa0kB" in message


def test_videos_must_be_mp4_or_webm_with_matching_content(settings):
    files.validate_video(upload("föreläsning.mp4", mp4_bytes()))
    files.validate_video(upload("föreläsning.webm", webm_bytes()))
    assert ".mp4" in refusal(files.validate_video, "föreläsning.avi", b"RIFF....AVI ")
    assert "men innehållet" in refusal(files.validate_video, "föreläsning.mp4", webm_bytes())
    settings.SAMLAS_MAX_VIDEO_SIZE = 50
    assert "för stor" in refusal(files.validate_video, "föreläsning.mp4", mp4_bytes())


def test_captions_must_be_webvtt_in_utf8_with_cues():
    files.validate_captions(upload("sv.vtt", CAPTIONS.encode()))
    files.validate_captions(upload("sv.vtt", b"\xef\xbb\xbf" + CAPTIONS.encode()))  # with BOM
    assert "WebVTT-fil (.vtt)" in refusal(files.validate_captions, "sv.srt", CAPTIONS.encode())
    assert "första rad" in refusal(files.validate_captions, "sv.vtt", b"1\n00:01 --> 00:02\nHej")
    assert "UTF-8" in refusal(files.validate_captions, "sv.vtt", "WEBVTT\n\nÅ".encode("latin-1"))
    assert "inga repliker" in refusal(files.validate_captions, "sv.vtt", b"WEBVTT\n\nHej")


def test_the_words_of_captions_without_timings_numbers_tags_and_notes():
    assert files.caption_text(CAPTIONS) == (
        "Välkomna till föreläsningen om trygghet.\nVi börjar med lägesbilden för länet."
    )


@pytest.mark.parametrize(
    ("size", "swedish", "english"),
    [
        (1, "1 byte", "1 byte"),
        (999, "999 byte", "999 bytes"),
        (1000, "1\xa0kB", "1\xa0kB"),
        (42_000, "42\xa0kB", "42\xa0kB"),
        (999_400, "999\xa0kB", "999\xa0kB"),
        (1_500_000, "1,5\xa0MB", "1.5\xa0MB"),
        (12_300_000, "12\xa0MB", "12\xa0MB"),
        (2_000_000_000, "2,0\xa0GB", "2.0\xa0GB"),
    ],
)
def test_sizes_are_written_the_swedish_way(size, swedish, english):
    assert files.format_size(size) == swedish
    with translation.override("en"):
        assert files.format_size(size) == english
