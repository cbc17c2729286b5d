"""Read a letter from pasted text, stdin, .txt, .md or .docx into a :class:`Letter`.

Requires: a path, raw bytes or a ``str``.  Produces: a :class:`Letter` with the
normalised text, paragraphs and sentences (via :mod:`rewriter.analysis.segment`) and the
merge fields (via :mod:`rewriter.io.placeholders` and, for .docx, Word's fields).

The container is sniffed from the bytes, not trusted from the file name: a .docx
saved as ``brev.txt`` is still read as Word, an encrypted .docx (an OLE
container) or an old .doc gets ``L106``.  The input file is only ever opened
for reading.

Nothing is read whole before its size is known to be allowed: a file's size is
checked before reading (a Word file at most 100 MB, a text file at most four
bytes a character of ``max_chars``, about 8 MB), and every read, of a file, a
ZIP member or stdin, stops one byte after its type's cap (:func:`read_capped`),
so a growing file, a sparse file or an endless stream costs at most the cap.
Only regular files are read: a FIFO or a device (``/dev/zero``) is ``L108``
instead of blocking or never ending.
"""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

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
    text_byte_limit,
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


def byte_limit(suffix: str, max_chars: int = DEFAULT_MAX_CHARS) -> int:
    """The most bytes a letter file of this type may have: 100 MB for Word, else what ``max_chars`` allows."""
    return MAX_WORD_FILE_BYTES if suffix.lower() in WORD_SUFFIXES else text_byte_limit(max_chars)


def check_file_size(size: int, suffix: str, max_chars: int, where: str) -> None:
    """Refuse a file (or ZIP member) of ``size`` bytes over its type's cap (``L104``), before reading it."""
    if suffix.lower() in WORD_SUFFIXES:
        if size > MAX_WORD_FILE_BYTES:
            raise LetterTooLarge(f"Word-filen er for stor ({size:,} byte).".replace(",", "."), where=where,
                                 hint="Et brev fylder sjældent over få MB; del dokumentet op.")
    else:
        check_bytes(size, max_chars, where)


def read_capped(fh: BinaryIO, suffix: str, max_chars: int, where: str, limit: int | None = None,
                head: bytes = b"") -> bytes:
    """``head`` and the rest of ``fh``, but never more than one byte over the cap (``L104`` when there is more)."""
    limit = byte_limit(suffix, max_chars) if limit is None else limit
    data = fh.read(max(0, limit + 1 - len(head)))  # one read: memory is what arrives, not the cap
    if head:
        data = head + data
    n = len(data)
    if n > limit:
        if limit >= MAX_WORD_FILE_BYTES:
            raise LetterTooLarge(f"Word-filen er for stor (over {limit:,} byte).".replace(",", "."), where=where,
                                 hint="Et brev fylder sjældent over få MB; del dokumentet op.")
        raise LetterTooLarge(
            f"Filen er for stor (over {limit:,} byte; grænsen er {max_chars:,} tegn).".replace(",", "."),
            where=where, hint="Del teksten op i enkelte breve, eller hæv grænsen med --max-chars.")
    return data


def read_stdin(max_chars: int = DEFAULT_MAX_CHARS, stream: BinaryIO | None = None) -> bytes:
    """Standard input, capped: a Word file (or another binary container) at 100 MB, text at ``max_chars``."""
    stream = stream if stream is not None else sys.stdin.buffer
    head = stream.read(8192)
    kind = sniff(head)
    limit = MAX_WORD_FILE_BYTES if kind in ("zip", "ole", "pdf") else text_byte_limit(max_chars)
    return read_capped(stream, "", max_chars, "<stdin>", limit=limit, head=head)


def _file_bytes(path: str | os.PathLike, max_chars: int) -> bytes:
    """A regular file's bytes, size checked first and the read capped (see the module docstring)."""
    p = Path(path)
    where = str(path)
    try:
        st = os.stat(p)
    except FileNotFoundError:
        raise UnreadableFile("Filen findes ikke.", where=where, hint="Tjek stien og filnavnet.") from None
    except OSError as exc:
        raise UnreadableFile(f"Filen kan ikke åbnes ({exc.strerror}).", where=where,
                             hint="Tjek stien og dine rettigheder til filen.") from None
    if stat.S_ISDIR(st.st_mode):
        raise UnreadableFile("Stien er en mappe, ikke et brev.", where=where,
                             hint="Angiv en fil, eller brug 'rewriter audit MAPPE' for en hel mappe.")
    if not stat.S_ISREG(st.st_mode):  # a FIFO would block forever, /dev/zero never end
        raise UnreadableFile("Stien er ikke en almindelig fil (fx en pipe eller en enhed).", where=where,
                             hint="Gem brevet som en almindelig fil, eller send teksten ind med 'rewriter check -'.")
    check_file_size(st.st_size, p.suffix, max_chars, where)
    try:
        with open(p, "rb") as fh:
            return read_capped(fh, p.suffix, max_chars, where)
    except OSError as exc:
        raise UnreadableFile(f"Filen kan ikke læses ({exc.strerror}).", where=where,
                             hint="Tjek dine rettigheder til filen.") from None


def read_letter(path: str | os.PathLike, max_chars: int = DEFAULT_MAX_CHARS) -> Letter:
    """Read a letter file (.txt, .md, .docx, .dotx), never modifying it."""
    return letter_from_bytes(_file_bytes(path, max_chars), str(path), Path(path).suffix, max_chars)


def read_input(path: str, max_chars: int = DEFAULT_MAX_CHARS) -> tuple[Letter, bytes]:
    """A letter from a path or ``-`` (stdin), and the bytes it was read from (for writing .docx again)."""
    if path == "-":
        data = read_stdin(max_chars)
        return letter_from_bytes(data, "<stdin>", "", max_chars), data
    data = _file_bytes(path, max_chars)
    return letter_from_bytes(data, str(path), Path(path).suffix, max_chars), data
