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

Hostile packages (limits, all ``L104`` unless said otherwise; :func:`check_package`
applies them to the whole package before any part is read, so ``check`` and
``rewrite`` accept and refuse the same files):

* the package: at most :data:`MAX_MEMBERS` members and :data:`MAX_PACKAGE_BYTES`
  inflated in total (hidden parts count too: the writer copies them);
* per member, by type: a part that is parsed or copied as XML (``.xml``,
  ``.rels``) at most :data:`MAX_PART_BYTES`, any other member (images, fonts)
  at most :data:`MAX_PACKAGE_BYTES`; a member over 1 MB that inflates more than
  :data:`MAX_RATIO` times its packed size is a zip bomb;
* the parts read are parsed as a stream (``XMLPullParser``; each paragraph is
  handled and dropped as soon as it ends), so memory does not grow with the
  document; at most :data:`MAX_ELEMENTS` XML elements per part, nesting at most
  :data:`MAX_DEPTH` deep (the writer's XML library stops at 256), and at most
  :data:`MAX_PARAGRAPHS` Word paragraphs in the document (empty ones count);
* a document type declaration (``<!DOCTYPE``, with entities such as
  ``&navn;``) is refused (``L105``): Word refuses it too, and an entity kept
  without its declaration would make the rewritten document unreadable.

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

MAX_PART_BYTES = 32 * 1024 * 1024  # one XML part, inflated
MAX_PACKAGE_BYTES = 256 * 1024 * 1024  # every member together, inflated
MAX_MEMBERS = 10_000
MAX_RATIO = 200  # uncompressed / compressed; more is treated as a zip bomb
MAX_ELEMENTS = 500_000  # XML elements in one part
MAX_DEPTH = 128  # XML nesting
MAX_PARAGRAPHS = 50_000  # Word paragraphs in the parts read, empty ones included
_CHUNK = 64 * 1024
_DOCTYPE = (b"<!DOCTYPE", "<!DOCTYPE".encode("utf-16-le"), "<!DOCTYPE".encode("utf-16-be"))
_XML_SUFFIXES = (".xml", ".rels")

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


def _too_large(message: str, where: str) -> LetterTooLarge:
    return LetterTooLarge(message.replace(",", "."), where=where,
                          hint="Kontrollér at filen er et almindeligt brev; en 'zip-bombe' afvises.")


def member_cap(name: str) -> int:
    """The most bytes one member of a .docx package may inflate to, by its type."""
    return MAX_PART_BYTES if name.lower().endswith(_XML_SUFFIXES) else MAX_PACKAGE_BYTES


def check_package(zf: zipfile.ZipFile, where: str) -> dict[str, zipfile.ZipInfo]:
    """The members by name, after the package limits (module docstring); raises ``LetterTooLarge``."""
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _too_large(f"Word-dokumentet har {len(infos):,} dele (højst {MAX_MEMBERS:,}).", where)
    total = 0
    for info in infos:
        size, packed = info.file_size, info.compress_size
        if size > member_cap(info.filename):
            raise _too_large(f"Word-dokumentets del {info.filename[:80]} er mistænkeligt stor "
                             f"({size:,} byte udpakket; højst {member_cap(info.filename):,}).", where)
        if packed and size > 1_000_000 and size / packed > MAX_RATIO:
            raise _too_large(f"Word-dokumentets del {info.filename[:80]} er mistænkeligt stor "
                             f"({size:,} byte udpakket fra {packed:,}).", where)
        total += size
        if total > MAX_PACKAGE_BYTES:
            raise _too_large(f"Word-dokumentet fylder over {MAX_PACKAGE_BYTES:,} byte udpakket.", where)
    return {i.filename: i for i in infos}


def _members_count(data: bytes) -> int | None:
    """The member count the archive's end record declares, read before zipfile builds every entry."""
    try:
        end = zipfile._EndRecData(io.BytesIO(data))  # noqa: SLF001 - the only way to ask before parsing
    except Exception:  # noqa: BLE001 - zipfile itself will say what is wrong
        return None
    return end[zipfile._ECD_ENTRIES_TOTAL] if end else None  # noqa: SLF001


class _Counter:
    """The paragraph count of one document, over all the parts read."""

    def __init__(self, where: str):
        self.paragraphs = 0
        self.where = where

    def paragraph(self) -> None:
        self.paragraphs += 1
        if self.paragraphs > MAX_PARAGRAPHS:
            raise _too_large(f"Word-dokumentet har over {MAX_PARAGRAPHS:,} afsnit.", self.where)


# modes of an open element while streaming
_BLOCK, _PARA, _INSIDE, _SKIP, _ALT = range(5)
_INSIDE_ENTRY = (None, _INSIDE, False)
_CONTAINERS = frozenset({"tbl", "tr", "tc", "sdt", "sdtContent", "customXml", "body", "hdr", "ftr", "txbxContent"})


def _parse_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, part: str, where: str,
                counter: _Counter) -> list[DocxParagraph]:
    """The paragraphs of one part, parsed as a stream (memory: one paragraph at a time)."""
    parser = ET.XMLPullParser(events=("start", "end"))
    out: list[DocxParagraph] = []
    stack: list[list] = []  # [element, mode, first Choice taken (for AlternateContent)]
    index = 0
    elements = 0
    prolog = b""
    rooted = False
    try:
        with zf.open(info) as fh:
            while True:
                chunk = fh.read(_CHUNK)
                if not rooted:
                    prolog += chunk
                    if any(d in prolog for d in _DOCTYPE):
                        raise CorruptDocx(f"Word-dokumentets XML i {part} har en dokumenttypeerklæring (DTD), "
                                          "som Word ikke tillader.", where=where,
                                          hint="Åbn og gem filen igen i Word, eller indsæt teksten direkte.")
                    if len(prolog) > 1024 * 1024:
                        raise CorruptDocx(f"Word-dokumentets XML i {part} er ødelagt (intet rodelement).",
                                          where=where, hint="Åbn og gem filen igen i Word.")
                if chunk:
                    parser.feed(chunk)
                else:
                    parser.close()
                for event, el in parser.read_events():
                    if event == "start":
                        rooted = True
                        elements += 1
                        if elements > MAX_ELEMENTS:
                            raise _too_large(f"Word-dokumentets del {part} har over {MAX_ELEMENTS:,} XML-elementer.",
                                             where)
                        if len(stack) >= MAX_DEPTH:
                            raise _too_large(f"Word-dokumentets XML i {part} er indlejret over {MAX_DEPTH} "
                                             "niveauer dybt.", where)
                        if stack and stack[-1][1] in (_PARA, _INSIDE):
                            stack.append(_INSIDE_ENTRY)  # inside a paragraph: kept whole until it ends
                            continue
                        stack.append([el, _mode(stack, _local(el.tag)), False])
                        if stack[-1][1] == _PARA:
                            counter.paragraph()
                        continue
                    _el, mode, _ = stack.pop()
                    if mode == _INSIDE:
                        continue
                    if mode == _PARA:
                        b = _ParagraphBuilder()
                        _walk_inline(el, b)
                        while b.stack:  # unterminated field: keep what we have
                            b.field_end()
                        para = _finish(b, f"{part}#p{index}", _paragraph_style(el))
                        index += 1
                        if para is not None:
                            out.append(para)
                    if stack:  # done with it (its parent is no paragraph): free its memory
                        el.clear()
                        stack[-1][0].remove(el)
                if not chunk:
                    break
    except ET.ParseError as exc:
        raise CorruptDocx(f"Word-dokumentets XML i {part} er ødelagt ({exc}).", where=where,
                          hint="Åbn og gem filen igen i Word, eller indsæt teksten direkte.") from exc
    return out


def _mode(stack: list[list], tag: str) -> int:
    """How to treat a new element, from its parent's mode (as the tree walkers of reader and writer do)."""
    if not stack:  # the root: w:document reads only its body, w:hdr/w:ftr their paragraphs
        return _SKIP if tag == "document" else _BLOCK
    parent = stack[-1]
    mode = parent[1]
    if len(stack) == 1 and _local(parent[0].tag) == "document":
        return _BLOCK if tag == "body" else _SKIP
    if mode in (_PARA, _INSIDE):
        return _INSIDE
    if mode == _SKIP:
        return _SKIP
    if mode == _ALT:
        if tag == "Choice" and not parent[2]:
            parent[2] = True
            return _BLOCK
        return _SKIP
    if tag == "p":
        return _PARA
    if tag in _CONTAINERS:
        return _BLOCK
    if tag == "AlternateContent":
        return _ALT
    return _SKIP


def _part_sort_key(name: str) -> tuple[int, str]:
    m = re.search(r"(\d+)\.xml$", name)
    return (int(m.group(1)) if m else 0, name)


def read_docx(data: bytes, where: str) -> list[DocxParagraph]:
    """Paragraphs of a .docx (headers, body, footers), in reading order."""
    n = _members_count(data)
    if n is not None and n > MAX_MEMBERS:
        raise _too_large(f"Word-dokumentet har {n:,} dele (højst {MAX_MEMBERS:,}).", where)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise CorruptDocx("Word-filen er ødelagt (ikke et gyldigt zip-arkiv).", where=where,
                          hint="Åbn og gem filen igen i Word, eller indsæt teksten direkte.") from exc
    with zf:
        infos = check_package(zf, where)
        if _BODY_PART not in infos:
            raise UnsupportedFormat("Filen er et zip-arkiv, men ikke et Word-dokument (.docx).", where=where,
                                    hint="Brug .docx, .dotx, .txt eller .md; en mappe af breve kan tjekkes med 'rewriter audit'.")
        headers = sorted((n for n in infos if re.match(r"word/header\d*\.xml$", n)), key=_part_sort_key)
        footers = sorted((n for n in infos if re.match(r"word/footer\d*\.xml$", n)), key=_part_sort_key)
        out: list[DocxParagraph] = []
        counter = _Counter(where)
        try:
            seen_hf: set[str] = set()
            for name in headers:
                for p in _parse_part(zf, infos[name], name, where, counter):
                    if p.text not in seen_hf:  # first-page and default headers often repeat
                        seen_hf.add(p.text)
                        out.append(p)
            out.extend(_parse_part(zf, infos[_BODY_PART], _BODY_PART, where, counter))
            for name in footers:
                for p in _parse_part(zf, infos[name], name, where, counter):
                    if p.text not in seen_hf:
                        seen_hf.add(p.text)
                        out.append(p)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError) as exc:
            raise CorruptDocx(f"Word-filen er ødelagt ({exc}).", where=where,
                              hint="Åbn og gem filen igen i Word, eller indsæt teksten direkte.") from exc
        return out
