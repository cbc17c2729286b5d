"""Readers: text, Markdown, .docx, stdin; bad input gets coded errors."""

from __future__ import annotations

import io
import zipfile

import pytest
from docxfactory import (
    complex_mergefield,
    docx_from_letter_text,
    make_docx,
    para,
    run,
    simple_mergefield,
    text_para,
)

from rewriter import errors
from rewriter.io.reader import letter_from_bytes, letter_from_text, read_letter


def write(tmp_path, name, data: bytes):
    p = tmp_path / name
    p.write_bytes(data)
    return p


def test_utf8_text_file_and_crlf(tmp_path):
    p = write(tmp_path, "brev.txt", "Kære Åse\r\n\r\nDu skal møde kl. 10.00.\r\n".encode())
    letter = read_letter(p)
    assert letter.text == "Kære Åse\n\nDu skal møde kl. 10.00.\n"
    assert [pp.span.slice(letter.text) for pp in letter.paragraphs] == ["Kære Åse", "Du skal møde kl. 10.00."]
    assert letter.notices == ()


def test_utf8_bom_is_dropped(tmp_path):
    letter = read_letter(write(tmp_path, "bom.txt", b"\xef\xbb\xbfHej med dig."))
    assert letter.text == "Hej med dig."


def test_cp1252_fallback_with_notice(tmp_path):
    p = write(tmp_path, "gammel.txt", "Kære Søren\n\nDu får fradrag i din ydelse på 500 kr.".encode("cp1252"))
    letter = read_letter(p)
    assert "Søren" in letter.text
    assert [n.code for n in letter.notices] == ["L201"]
    assert "Windows-1252" in letter.notices[0].message


def test_nfc_normalisation_before_spans():
    decomposed = "Kære A\u030ase\n\nDu skal møde."  # "Å" as A + combining ring
    letter = letter_from_text(decomposed)
    assert letter.text.startswith("Kære Åse")
    assert letter.paragraphs[1].span.slice(letter.text) == "Du skal møde."


def test_file_is_never_modified(tmp_path):
    data = "Kære Åse\r\n\r\nDu skal møde.".encode("cp1252")
    p = write(tmp_path, "brev.txt", data)
    read_letter(p)
    assert p.read_bytes() == data


@pytest.mark.parametrize("data,cls,code", [
    (b"", errors.EmptyLetter, "L101"),
    (b" \n\n\t\n", errors.EmptyLetter, "L101"),
    (bytes(range(256)) * 4, errors.BinaryInput, "L102"),
    (b"\x00\x01\x02Kaere", errors.BinaryInput, "L102"),
    (b"Hej \x81\x8d\x8f\x90 med dig", errors.UndecodableText, "L103"),
    (b"%PDF-1.7 ...", errors.UnsupportedFormat, "L107"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, errors.EncryptedOrOldWord, "L106"),
])
def test_bad_input_gets_coded_error(tmp_path, data, cls, code):
    p = write(tmp_path, "brev.txt", data)
    with pytest.raises(cls) as info:
        read_letter(p)
    assert info.value.code == code
    msg = str(info.value)
    assert msg.startswith(code) and str(p) in msg and "Sådan retter du det" in msg


def test_oversized_letter(tmp_path):
    p = write(tmp_path, "stor.txt", ("Du skal møde. " * 1000).encode())
    with pytest.raises(errors.LetterTooLarge) as info:
        read_letter(p, max_chars=5000)
    assert info.value.code == "L104" and "5.000" in str(info.value)
    huge = write(tmp_path, "huge.txt", b"a" * 3_000_000)
    with pytest.raises(errors.LetterTooLarge):
        read_letter(huge, max_chars=100_000)
    with pytest.raises(errors.LetterTooLarge):
        letter_from_text("x" * 101, max_chars=100)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(errors.UnreadableFile) as info:
        read_letter(tmp_path / "findes-ikke.txt")
    assert info.value.code == "L108"
    with pytest.raises(errors.UnreadableFile):
        read_letter(tmp_path)


def test_corrupt_docx(tmp_path):
    good = docx_from_letter_text("Kære Åse\n\nDu skal møde.")
    for name, data in [("trunc.docx", good[: len(good) // 2]), ("junk.docx", b"PK\x03\x04" + b"\x07" * 500),
                       ("ikkezip.docx", b"Dette er ikke Word")]:
        with pytest.raises(errors.CorruptDocx) as info:
            read_letter(write(tmp_path, name, data))
        assert info.value.code == "L105"


def test_docx_with_broken_xml(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", "<w:document><w:body><w:p>")
    with pytest.raises(errors.CorruptDocx) as info:
        read_letter(write(tmp_path, "x.docx", buf.getvalue()))
    assert "XML" in str(info.value)


def test_zip_that_is_not_word(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(errors.UnsupportedFormat):
        read_letter(write(tmp_path, "ark.docx", buf.getvalue()))


def test_zip_bomb_part_is_refused(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"<a>" + b" " * (70 * 1024 * 1024) + b"</a>")
    with pytest.raises(errors.LetterTooLarge):
        read_letter(write(tmp_path, "bombe.docx", buf.getvalue()))


def test_docx_paragraphs_line_breaks_and_source_map(tmp_path):
    body = (text_para("Jobcenter Skovlund\nStationsvej 8")
            + para(run("   "))  # an empty Word paragraph is not a paragraph
            + para(run("Indkaldelse til samtale", bold=True), style="Heading1")
            + "<w:tbl><w:tr><w:tc>" + para(run("Tid: kl. 10.00")) + "</w:tc></w:tr></w:tbl>"
            + para(run("Du skal "), '<w:del><w:r><w:delText>ikke </w:delText></w:r></w:del>', run("møde.")))
    letter = read_letter(write(tmp_path, "brev.docx", make_docx(body, header_xml=para(run("Skovlund Kommune")))))
    assert [p.span.slice(letter.text) for p in letter.paragraphs] == [
        "Skovlund Kommune", "Jobcenter Skovlund\nStationsvej 8", "Indkaldelse til samtale", "Tid: kl. 10.00",
        "Du skal møde."]
    assert [p.source_ref for p in letter.paragraphs] == [
        "word/header1.xml#p0", "word/document.xml#p0", "word/document.xml#p2", "word/document.xml#p3",
        "word/document.xml#p4"]
    assert letter.paragraphs[2].style == "Heading1" and letter.paragraphs[2].emphasis == 1.0
    assert letter.format == "docx"


def test_docx_merge_fields_split_across_runs(tmp_path):
    body = (para(run("Kære "), complex_mergefield("Fornavn", "«Fornavn»"), run(","))
            + para(run("Du skal møde "), run("{{ moede"), run("dato }}"), run(" kl. "), run("{"), run("{ tid }"),
                   run("}."))
            + para(run("Med venlig hilsen "), simple_mergefield("Sagsbehandler", "«Sagsbehandler»"))
            + para(run("Dato: "), complex_mergefield("Brevdato", None, split_instr=False))
            + para(run("{%p if tolk %}")) + para(run("Du kan få en tolk.")) + para(run("{%p endif %}")))
    letter = read_letter(write(tmp_path, "skabelon.docx", make_docx(body)))
    got = [(p.span.slice(letter.text), p.name, p.syntax) for p in letter.placeholders]
    assert got == [
        ("«Fornavn»", "Fornavn", "mergefield"),
        ("{{ moededato }}", "moededato", "jinja_var"),
        ("{{ tid }}", "tid", "jinja_var"),
        ("«Sagsbehandler»", "Sagsbehandler", "mergefield"),
        ("«Brevdato»", "Brevdato", "mergefield"),  # no display result: the field name is shown
        ("{%p if tolk %}", "if tolk", "jinja_block"),
        ("{%p endif %}", "endif", "jinja_block"),
    ]
    # merge field names are not scored: "Sagsbehandler" would be a long word
    assert letter.paragraphs[2].sentences[0].long_words == 0


def test_docx_with_txt_name_is_read_as_word(tmp_path):
    letter = read_letter(write(tmp_path, "brev.txt", docx_from_letter_text("Hej\n\nDu skal møde.")))
    assert letter.format == "docx" and len(letter.paragraphs) == 2


def test_markdown_headings():
    letter = letter_from_text("# Indkaldelse til samtale\n\nDu skal møde kl. 10.00.", fmt="markdown")
    assert letter.paragraphs[0].style == "heading"
    assert letter.sentences[0].words == 3  # "#" is not a word


@pytest.mark.parametrize("text,names", [
    ("Kære «Fornavn» «Efternavn»", [("Fornavn", "guillemets"), ("Efternavn", "guillemets")]),
    ("Dato: [DATO] kl. [TID]. Se [link](http://x.dk) og [sic].", [("DATO", "brackets"), ("TID", "brackets")]),
    ("Mødested: {{ moedested }} og {{r navn }}", [("moedested", "jinja_var"), ("navn", "jinja_var")]),
    ("Hilsen <<Sagsbehandler>>", [("Sagsbehandler", "angle")]),
    ("{ MERGEFIELD Fornavn \\* MERGEFORMAT }", [("Fornavn", "mergefield")]),
])
def test_merge_field_syntaxes(text, names):
    letter = letter_from_text(text)
    assert [(p.name, p.syntax) for p in letter.placeholders] == names


def test_letter_from_bytes_stdin_like():
    letter = letter_from_bytes("Kære Åse\n\nDu skal møde.".encode(), "<stdin>")
    assert letter.source == "<stdin>" and len(letter.paragraphs) == 2
