"""Every corpus letter reads, checks, and matches the annotations' paragraph numbering."""

from __future__ import annotations

import pytest
from conftest import annotation, corpus_letters

from rewriter import check
from rewriter.io.reader import read_letter

LETTERS = corpus_letters()


def test_corpus_is_present():
    assert len(LETTERS) == 24


@pytest.mark.parametrize("path", LETTERS, ids=lambda p: p.stem)
def test_paragraph_numbering_matches_annotation(path):
    raw = path.read_text(encoding="utf-8")
    expected = raw.rstrip("\n").split("\n\n")  # the corpus README's definition
    letter = read_letter(path)
    assert [p.span.slice(letter.text) for p in letter.paragraphs] == [e.strip() for e in expected]
    ann = annotation(path)
    n = len(letter.paragraphs)
    for element, paras in ann["elements"].items():
        assert all(0 <= i < n for i in paras), element
    assert 0 <= ann["key_message_paragraph"] < n


@pytest.mark.parametrize("path", LETTERS, ids=lambda p: p.stem)
def test_merge_fields_match_annotation(path):
    letter = read_letter(path)
    found = {p.span.slice(letter.text) for p in letter.placeholders}
    assert found == set(annotation(path)["merge_fields"])


@pytest.mark.parametrize("path", LETTERS, ids=lambda p: p.stem)
def test_check_runs_and_reports_metrics(path):
    report = check(path)
    m = report.metrics
    assert m.words > 100 and m.sentences > 10
    assert 10 < m.lix < 70
    assert report.to_dict()["schema"] == "rewriter.report/1"


@pytest.mark.parametrize("path", LETTERS[::4], ids=lambda p: p.stem)
def test_docx_version_of_a_letter_gives_the_same_result(path, tmp_path):
    from docxfactory import docx_from_letter_text

    text = path.read_text(encoding="utf-8")
    docx_path = tmp_path / (path.stem + ".docx")
    docx_path.write_bytes(docx_from_letter_text(text))
    as_text, as_docx = check(path), check(docx_path)
    assert as_docx.letter.text == as_text.letter.text.rstrip("\n")
    assert [p.source_ref for p in as_docx.letter.paragraphs][:2] == ["word/document.xml#p0", "word/document.xml#p1"]
    assert as_docx.letter_type == as_text.letter_type
    assert [(e.id, e.status, e.paragraphs) for e in as_docx.elements] == \
        [(e.id, e.status, e.paragraphs) for e in as_text.elements]
    assert [f.code for f in as_docx.findings] == [f.code for f in as_text.findings]
