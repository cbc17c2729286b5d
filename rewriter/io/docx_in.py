"""Fast .docx text reader (no python-docx object tree).

Requires: the bytes of a .docx/.dotx file.  Produces: one :class:`DocxParagraph`
per non-empty Word paragraph, in reading order (headers, body with tables,
footers), with merge fields found from Word's field structure.

Only ``word/document.xml`` and the header/footer parts are parsed, with the
C-accelerated ``xml.etree.ElementTree``; reading a one-page letter costs about a
millisecond (see ``evaluation/bench.py``), an order of magnitude less than
building python-docx's ``Document``.

Word specifics handled here:

* line breaks (``w:br``, ``w:cr``) stay inside the paragraph as ``\\n``; tabs
  become ``\\t``; tracked deletions are skipped, tracked insertions kept;
* ``MERGEFIELD`` fields, simple (``w:fldSimple``) or complex (``w:fldChar``
  begin/separate/end with ``w:instrText`` possibly split over many runs), become
  placeholders whose text is Word's display result (``«Fornavn»``), or
  ``«Fornavn»`` when the result is empty;
* docxtpl/Jinja2 tags that Word split across runs (``{{`` in one run,
  ``fornavn }}`` in the next) are whole again once the runs of a paragraph are
  joined; :mod:`rewriter.io.placeholders` then recognises them in the text;
* ``mc:AlternateContent`` fallbacks and nested text boxes are not read twice.

Every paragraph keeps ``source_ref`` = ``"<part>#p<n>"``: the part name and the
0-based index of the ``w:p`` element among all ``w:p`` elements of that part in
document order, so a writer can find the Word paragraph again.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from rewriter.errors import CorruptDocx, LetterTooLarge, UnsupportedFormat

MAX_PART_BYTES = 64 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed; more is treated as a zip bomb

_BODY_PART = "word/document.xml"


@dataclass
class DocxParagraph:
    text: str
    source_ref: str
    style: str | None = None
    emphasis: float = 0.0  # share of letters in bold or all caps
    fields: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, name) in text


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _attr(el: ET.Element, name: str) -> str | None:
    for k, v in el.attrib.items():
        if _local(k) == name:
            return v
    return None


class _ParagraphBuilder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.emph_letters = 0
        self.letters = 0
        self.fields: list[tuple[int, int, str]] = []
        # complex field stack: [instr, in_result, result_start]
        self.stack: list[list] = []

    def add(self, s: str, emphasised: bool = False) -> None:
        if not s:
            return
        if self.stack and not self.stack[-1][1]:
            return  # field code text of a field without a result yet
        self.parts.append(s)
        self.length += len(s)
        n = sum(1 for ch in s if ch.isalpha())
        self.letters += n
        if emphasised:
            self.emph_letters += n

    def field_begin(self) -> None:
        self.stack.append(["", False, self.length])

    def field_instr(self, s: str) -> None:
        if self.stack:
            self.stack[-1][0] += s

    def field_separate(self) -> None:
        if self.stack:
            self.stack[-1][1] = True
            self.stack[-1][2] = self.length

    def field_end(self) -> None:
        if not self.stack:
            return
        instr, _in_result, start = self.stack.pop()
        self._close_field(instr, start)

    def _close_field(self, instr: str, start: int) -> None:
        m = re.match(r"\s*MERGEFIELD\s+\"?([^\s\"\\]+)", instr)
        if not m:
            return
        name = m.group(1)
        if self.length == start:  # no display result: show the field name
            self.add(f"«{name}»")
        self.fields.append((start, self.length, name))

    def simple_field(self, instr: str, walk_children) -> None:
        start = self.length
        walk_children()
        self._close_field(instr, start)

    def text(self) -> str:
        return "".join(self.parts)


def _run_emphasised(run: ET.Element) -> bool:
    for child in run:
        if _local(child.tag) == "rPr":
            for prop in child:
                if _local(prop.tag) in ("b", "caps") and _attr(prop, "val") not in ("0", "false", "off"):
                    return True
    return False


def _walk_inline(el: ET.Element, b: _ParagraphBuilder) -> None:
    for child in el:
        tag = _local(child.tag)
        if tag == "r":
            _walk_run(child, b)
        elif tag in ("hyperlink", "ins", "smartTag", "customXml", "sdtContent", "sdt", "bdo", "dir", "moveTo"):
            _walk_inline(child, b)
        elif tag == "fldSimple":
            b.simple_field(_attr(child, "instr") or "", lambda c=child: _walk_inline(c, b))
        elif tag == "AlternateContent":
            for alt in child:
                if _local(alt.tag) == "Choice":
                    _walk_inline(alt, b)
                    break
        # del, moveFrom, pPr, bookmarks, proofErr, commentRangeStart ...: no text


def _walk_run(run: ET.Element, b: _ParagraphBuilder) -> None:
    emph = _run_emphasised(run)
    for child in run:
        tag = _local(child.tag)
        if tag == "t":
            b.add(child.text or "", emph)
        elif tag == "tab" or tag == "ptab":
            b.add("\t")
        elif tag in ("br", "cr"):
            if _attr(child, "type") in (None, "textWrapping"):
                b.add("\n")
        elif tag == "noBreakHyphen":
            b.add("-")
        elif tag == "instrText":
            b.field_instr(child.text or "")
        elif tag == "fldChar":
            kind = _attr(child, "fldCharType")
            if kind == "begin":
                b.field_begin()
            elif kind == "separate":
                b.field_separate()
            elif kind == "end":
                b.field_end()
        elif tag == "AlternateContent":
            for alt in child:
                if _local(alt.tag) == "Choice":
                    _walk_inline(alt, b)
                    break
        # drawings, text boxes (w:txbxContent) and symbols are not letter text


_BLANK_RUN = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")


def _finish(b: _ParagraphBuilder, ref: str, style: str | None) -> DocxParagraph | None:
    raw = b.text()
    # A Word paragraph must stay one paragraph: collapse blank lines inside it
    # and trim it, shifting the field offsets accordingly.
    mapping = []
    out = []
    i = 0
    for m in _BLANK_RUN.finditer(raw):
        out.append(raw[i : m.start()])
        mapping.append((m.start(), m.end(), len(m.group()) - 1))
        out.append("\n")
        i = m.end()
    out.append(raw[i:])
    text = "".join(out)

    def shift(pos: int) -> int:
        d = 0
        for s, e, removed in mapping:
            if pos >= e:
                d += removed
            elif pos > s:
                d += pos - s
        return pos - d

    lead = len(text) - len(text.lstrip())
    stripped = text.strip()
    if not stripped:
        return None
    fields = []
    for s, e, name in b.fields:
        s2, e2 = shift(s) - lead, shift(e) - lead
        if 0 <= s2 < e2 <= len(stripped):
            fields.append((s2, e2, name))
    emph = b.emph_letters / b.letters if b.letters else 0.0
    return DocxParagraph(stripped, ref, style, emph, fields)


def _paragraph_style(p: ET.Element) -> str | None:
    for child in p:
        if _local(child.tag) == "pPr":
            for prop in child:
                if _local(prop.tag) == "pStyle":
                    return _attr(prop, "val")
    return None


def _walk_blocks(el: ET.Element, part: str, counter: list[int], out: list[DocxParagraph]) -> None:
    for child in el:
        tag = _local(child.tag)
        if tag == "p":
            idx = counter[0]
            counter[0] += 1
            b = _ParagraphBuilder()
            _walk_inline(child, b)
            while b.stack:  # unterminated field: keep what we have
                b.field_end()
            para = _finish(b, f"{part}#p{idx}", _paragraph_style(child))
            if para is not None:
                out.append(para)
        elif tag in ("tbl", "tr", "tc", "sdt", "sdtContent", "customXml", "body", "hdr", "ftr", "txbxContent"):
            _walk_blocks(child, part, counter, out)
        elif tag == "AlternateContent":
            for alt in child:
                if _local(alt.tag) == "Choice":
                    _walk_blocks(alt, part, counter, out)
                    break


def _read_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, where: str) -> bytes:
    if info.file_size > MAX_PART_BYTES or (
        info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 1_000_000
    ):
        raise LetterTooLarge(f"Word-dokumentets del {info.filename} er mistænkeligt stor "
                             f"({info.file_size:,} byte udpakket).".replace(",", "."), where=where,
                             hint="Kontrollér at filen er et almindeligt brev; en 'zip-bombe' afvises.")
    with zf.open(info) as fh:
        data = fh.read(MAX_PART_BYTES + 1)
    if len(data) > MAX_PART_BYTES:
        raise LetterTooLarge("Word-dokumentet er for stort udpakket.", where=where,
                             hint="Del dokumentet op i enkelte breve.")
    return data


def _parse_part(data: bytes, part: str, where: str) -> list[DocxParagraph]:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise CorruptDocx(f"Word-dokumentets XML i {part} er ødelagt ({exc}).", where=where,
                          hint="Åbn og gem filen igen i Word, eller indsæt teksten direkte.") from exc
    out: list[DocxParagraph] = []
    counter = [0]
    for child in root:
        if _local(child.tag) == "body":
            _walk_blocks(child, part, counter, out)
            return out
    _walk_blocks(root, part, counter, out)  # header/footer parts have no body
    return out


def _part_sort_key(name: str) -> tuple[int, str]:
    m = re.search(r"(\d+)\.xml$", name)
    return (int(m.group(1)) if m else 0, name)


def read_docx(data: bytes, where: str) -> list[DocxParagraph]:
    """Paragraphs of a .docx (headers, body, footers), in reading order."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise CorruptDocx("Word-filen er ødelagt (ikke et gyldigt zip-arkiv).", where=where,
                          hint="Åbn og gem filen igen i Word, eller indsæt teksten direkte.") from exc
    with zf:
        try:
            infos = {i.filename: i for i in zf.infolist()}
        except Exception as exc:  # pragma: no cover - defensive
            raise CorruptDocx("Word-filen kan ikke læses.", where=where) from exc
        if _BODY_PART not in infos:
            raise UnsupportedFormat("Filen er et zip-arkiv, men ikke et Word-dokument (.docx).", where=where,
                                    hint="Brug .docx, .dotx, .txt eller .md; en mappe af breve kan tjekkes med 'rewriter audit'.")
        headers = sorted((n for n in infos if re.match(r"word/header\d*\.xml$", n)), key=_part_sort_key)
        footers = sorted((n for n in infos if re.match(r"word/footer\d*\.xml$", n)), key=_part_sort_key)
        out: list[DocxParagraph] = []
        try:
            seen_hf: set[str] = set()
            for name in headers:
                for p in _parse_part(_read_part(zf, infos[name], where), name, where):
                    if p.text not in seen_hf:  # first-page and default headers often repeat
                        seen_hf.add(p.text)
                        out.append(p)
            out.extend(_parse_part(_read_part(zf, infos[_BODY_PART], where), _BODY_PART, where))
            for name in footers:
                for p in _parse_part(_read_part(zf, infos[name], where), name, where):
                    if p.text not in seen_hf:
                        seen_hf.add(p.text)
                        out.append(p)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError) as exc:
            raise CorruptDocx(f"Word-filen er ødelagt ({exc}).", where=where,
                              hint="Åbn og gem filen igen i Word, eller indsæt teksten direkte.") from exc
        return out
