"""Read a letter from pasted text, stdin, .txt, .md or .docx into a :class:`Letter`.

Requires: a path, raw bytes or a ``str``.  Produces: a :class:`Letter` with the
normalised text, paragraphs and sentences (via :mod:`rewriter.analysis.segment`) and the
merge fields (via :mod:`rewriter.io.placeholders` and, for .docx, Word's fields).

The container is sniffed from the bytes, not trusted from the file name: a .docx
saved as ``brev.txt`` is still read as Word, an encrypted .docx (an OLE
container) or an old .doc gets ``L106``.  The input file is only ever opened
for reading.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from rewriter.io import placeholders as ph
from rewriter.io.docx_in import DocxParagraph, read_docx
from rewriter.errors import (
    CorruptDocx,
    EncryptedOrOldWord,
    LetterTooLarge,
    UnreadableFile,
    UnsupportedFormat,
)
from rewriter.model import Letter, Notice, Placeholder, Span, line_starts
from rewriter.analysis.segment import segment, split_paragraphs
from rewriter.io.textio import (
    DEFAULT_MAX_CHARS,
    check_bytes,
    check_not_empty,
    check_size,
    decode,
    normalise,
    sniff,
)

TEXT_SUFFIXES = {".txt", ".text", ""}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
WORD_SUFFIXES = {".docx", ".dotx", ".docm", ".dotm"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | WORD_SUFFIXES
MAX_WORD_FILE_BYTES = 100 * 1024 * 1024


def letter_from_text(text: str, source: str = "<text>", fmt: str = "text",
                     max_chars: int = DEFAULT_MAX_CHARS, notices: tuple[Notice, ...] = ()) -> Letter:
    """Build a :class:`Letter` from a ``str`` (pasted text, stdin, a decoded file)."""
    check_size(len(text), max_chars, source)
    text = normalise(text)
    check_not_empty(text, source)
    placeholders = ph.find_placeholders(text)
    masked = ph.mask(text, placeholders)
    paragraphs = segment(text, masked, split_paragraphs(text))
    if fmt == "markdown":
        paragraphs = tuple(
            replace(p, style="heading") if text[p.span.start : p.span.end].lstrip().startswith("#") else p
            for p in paragraphs
        )
    return Letter(text, paragraphs, source, fmt, tuple(placeholders), tuple(notices),
                  line_starts=line_starts(text))


def letter_from_docx_paragraphs(paras: list[DocxParagraph], source: str,
                                max_chars: int = DEFAULT_MAX_CHARS) -> Letter:
    """Join Word paragraphs with blank lines; keep the map back to Word."""
    pieces: list[str] = []
    spans: list[Span] = []
    field_phs: list[Placeholder] = []
    pos = 0
    for i, p in enumerate(paras):
        text = normalise(p.text).strip()
        if "\n\n" in text:  # normalise may create blank lines (U+2029)
            text = "\n".join(l for l in text.split("\n") if l.strip())
        if i:
            pieces.append("\n\n")
            pos += 2
        pieces.append(text)
        spans.append(Span(pos, pos + len(text)))
        if text == p.text:  # offsets of Word fields are valid only if nothing moved
            for s, e, name in p.fields:
                field_phs.append(Placeholder(Span(pos + s, pos + e), name, "mergefield"))
        pos += len(text)
    text = "".join(pieces)
    check_size(len(text), max_chars, source)
    check_not_empty(text, source)
    placeholders = ph.merge(field_phs, ph.find_placeholders(text))
    masked = ph.mask(text, placeholders)
    paragraphs = segment(text, masked, spans, [p.source_ref for p in paras])
    paragraphs = tuple(replace(par, style=src.style, emphasis=round(src.emphasis, 3))
                       for par, src in zip(paragraphs, paras, strict=True))
    return Letter(text, paragraphs, source, "docx", tuple(placeholders), (), line_starts=line_starts(text))


def letter_from_bytes(data: bytes, source: str, suffix: str = "",
                      max_chars: int = DEFAULT_MAX_CHARS) -> Letter:
    """Sniff the container of ``data`` and read it."""
    kind = sniff(data)
    suffix = suffix.lower()
    if kind == "zip":
        return letter_from_docx_paragraphs(read_docx(data, source), source, max_chars)
    if kind == "ole":
        raise EncryptedOrOldWord(
            "Filen er enten et adgangskodebeskyttet Word-dokument eller i det gamle .doc-format.",
            where=source, hint="Fjern adgangskoden, eller åbn filen i Word og gem den som .docx.")
    if kind == "pdf":
        raise UnsupportedFormat("PDF-filer kan ikke læses.", where=source,
                                hint="Brug brevets Word-skabelon (.docx) eller kopiér teksten ind.")
    if suffix in WORD_SUFFIXES:
        raise CorruptDocx("Filen har en Word-endelse, men er ikke et gyldigt Word-dokument.", where=source,
                          hint="Åbn og gem filen igen i Word, eller indsæt teksten direkte.")
    if suffix and suffix not in SUPPORTED_SUFFIXES and kind != "text":
        raise UnsupportedFormat(f"Filtypen {suffix} understøttes ikke.", where=source,
                                hint="Brug .docx, .dotx, .txt eller .md.")
    check_bytes(len(data), max_chars, source)  # before decoding a huge file
    text, notices = decode(data, source)
    fmt = "markdown" if suffix in MARKDOWN_SUFFIXES else "text"
    return letter_from_text(text, source, fmt, max_chars, tuple(notices))


def read_letter(path: str | os.PathLike, max_chars: int = DEFAULT_MAX_CHARS) -> Letter:
    """Read a letter file (.txt, .md, .docx, .dotx), never modifying it."""
    p = Path(path)
    where = str(path)
    try:
        if p.is_dir():
            raise UnreadableFile("Stien er en mappe, ikke et brev.", where=where,
                                 hint="Angiv en fil, eller brug 'rewriter audit MAPPE' for en hel mappe.")
        size = p.stat().st_size
    except FileNotFoundError:
        raise UnreadableFile("Filen findes ikke.", where=where, hint="Tjek stien og filnavnet.") from None
    except OSError as exc:
        raise UnreadableFile(f"Filen kan ikke åbnes ({exc.strerror}).", where=where,
                             hint="Tjek stien og dine rettigheder til filen.") from None
    limit = max_chars * 4 + 1024
    is_word = p.suffix.lower() in WORD_SUFFIXES
    if is_word:
        limit = MAX_WORD_FILE_BYTES
        if size > limit:
            raise LetterTooLarge(f"Word-filen er for stor ({size:,} byte).".replace(",", "."), where=where,
                                 hint="Et brev fylder sjældent over få MB; del dokumentet op.")
    else:
        check_bytes(size, max_chars, where)
    try:
        with open(p, "rb") as fh:
            data = fh.read(limit)
    except OSError as exc:
        raise UnreadableFile(f"Filen kan ikke læses ({exc.strerror}).", where=where,
                             hint="Tjek dine rettigheder til filen.") from None
    return letter_from_bytes(data, where, p.suffix, max_chars)
