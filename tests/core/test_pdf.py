"""Uploaded PDFs are parsed before they are kept.

Finding: the PDF check accepted an HTML file with `%PDF-` at byte 450, an
HTML/PDF polyglot, and a 200 KB file that expands to 200 MiB.
"""

import io
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from core.pdf import validate_pdf
from tests.factories import PDF_BYTES


def upload(content: bytes, name="letter.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def written(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def blank_writer() -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    return writer


def refusal(content: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        validate_pdf(upload(content))
    return refused.value


def test_a_real_pdf_with_pages_and_text_is_accepted():
    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "Letter to parents and carers"})
    validate_pdf(upload(written(writer)))


def test_an_html_page_with_a_pdf_header_at_byte_450_is_refused():
    html = (
        b"<!DOCTYPE html><html><body>" + b" " * 420 + b"%PDF-1.7 <script>x()</script>"
    )
    assert html.index(b"%PDF-") > 400
    assert refusal(html).code == "not_pdf"


def test_an_html_and_pdf_polyglot_is_refused():
    polyglot = PDF_BYTES.replace(
        b"%%EOF", b"%<html><script>fetch('/admin/')</script></html>\n%%EOF"
    )
    assert polyglot.startswith(b"%PDF-")
    assert refusal(polyglot).code == "not_pdf"


def test_a_file_that_does_not_parse_is_refused():
    assert refusal(b"%PDF-1.7\n" + b"\x00\xff" * 500).code == "not_pdf"


def open_action(writer, action: DictionaryObject) -> bytes:
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    return written(writer)


def test_javascript_is_refused():
    script = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('hello');"),
        }
    )
    assert refusal(open_action(blank_writer(), script)).code == "active"


def test_an_embedded_file_is_refused():
    writer = blank_writer()
    writer.add_attachment("run-me.exe", b"MZ\x90\x00")
    assert refusal(written(writer)).code == "active"


def test_a_launch_action_is_refused():
    launch = DictionaryObject(
        {
            NameObject("/S"): NameObject("/Launch"),
            NameObject("/F"): TextStringObject("cmd.exe"),
        }
    )
    assert refusal(open_action(blank_writer(), launch)).code == "active"


def test_a_small_file_that_expands_to_200_mib_is_refused():
    inflater = zlib.compressobj(9)
    zeros = b"\x00" * (1024 * 1024)
    bomb = b"".join(inflater.compress(zeros) for _ in range(200)) + inflater.flush()
    stream = StreamObject()
    stream._data = bomb
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    stream[NameObject("/Length")] = NumberObject(len(bomb))
    writer = blank_writer()
    writer.pages[0][NameObject("/Contents")] = ArrayObject([writer._add_object(stream)])
    content = written(writer)
    assert len(content) < 300 * 1024

    assert refusal(content).code == "expands"
