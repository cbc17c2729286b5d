"""Write a proposal as .docx, keeping the original document's formatting and merge fields.

Requires: a :class:`Proposal` and, for a .docx original, its bytes.  Produces:
the bytes of a new .docx.

For a .docx original every part except ``word/document.xml`` is copied
unchanged (styles, fonts, headers with the letterhead, numbering, images), as a
stream, one megabyte at a time: a package holding a huge hidden part costs no
memory for it (the reader's package limits, :func:`rewriter.io.docx_in.check_package`,
apply here too).  In the
body, the Word paragraphs (``w:p``) of the letter are moved as whole elements,
so their paragraph and run formatting and their fields (MERGEFIELD, docxtpl
tags) travel with them; edits inside a paragraph change only the text of its
runs (``w:t``), in the run where the edit starts.  New text (the "Kort fortalt"
box) becomes new paragraphs that copy the key message's paragraph properties,
with real MERGEFIELD fields where the box repeats a merge field.  Empty spacer
paragraphs stay where they were; a new paragraph gets one too when its
neighbour had one.  A text original (or the ``template`` mode) gets a plain new
document.

Every text written is valid XML 1.0: characters XML cannot hold (control
characters such as U+0001, U+FFFE) are dropped, so Word can always open the
result; an original with a document type declaration is refused (``L105``),
as the reader refuses it.

The input file is never written: the caller gets bytes, or :func:`save_docx`
writes a new file (through a temporary file, so a failure leaves no half file).
"""

from __future__ import annotations

import copy
import io
import os
import re
import shutil
import tempfile
import unicodedata
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

from rewriter.errors import CorruptDocx
from rewriter.model import Applicability, Edit, Letter, Span
from rewriter.rewrite.plan import Block, original_blocks, with_edits

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_Q = f"{{{W}}}"
_BODY = "word/document.xml"
_SKIP = {"del", "moveFrom", "instrText", "delText"}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (C0 controls but tab and line ends, U+FFFE/FFFF)."""
    return _NOT_XML.sub("", text)


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _paragraph_elements(root) -> dict[int, object]:
    """``w:p`` elements by their index among the part's paragraphs (as :mod:`rewriter.io.docx_in` counts them)."""
    out: dict[int, object] = {}
    counter = [0]

    def walk(el):
        for child in el:
            tag = _local(child.tag)
            if tag == "p":
                out[counter[0]] = child
                counter[0] += 1
            elif tag in ("tbl", "tr", "tc", "sdt", "sdtContent", "customXml", "body", "txbxContent"):
                walk(child)
            elif tag == "AlternateContent":
                for alt in child:
                    if _local(alt.tag) == "Choice":
                        walk(alt)
                        break

    for child in root:
        if _local(child.tag) == "body":
            walk(child)
    return out


def _text_nodes(p) -> list[tuple[object | None, str]]:
    """The paragraph's text as (w:t element or None, text) pieces, in reading order."""
    pieces: list[tuple[object | None, str]] = []

    def walk(el):
        for child in el:
            tag = _local(child.tag)
            if tag in _SKIP or tag in ("pPr", "rPr"):
                continue
            if tag == "t":
                pieces.append((child, child.text or ""))
            elif tag in ("tab", "ptab"):
                pieces.append((None, "\t"))
            elif tag in ("br", "cr"):
                pieces.append((None, "\n"))
            elif tag == "AlternateContent":
                for alt in child:
                    if _local(alt.tag) == "Choice":
                        walk(alt)
                        break
            elif tag not in ("drawing", "pict", "txbxContent"):
                walk(child)

    walk(p)
    return pieces


def _set_text(node, text: str) -> None:
    text = xml_safe(text)
    node.text = text
    if text != text.strip() or "  " in text:
        node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _edit_paragraph(p, local_edits: list[Edit]) -> bool:
    """Apply edits (offsets into the paragraph's letter text) to the runs of ``p``; False if the map fails."""
    pieces = _text_nodes(p)
    raw = "".join(t for _, t in pieces)
    lead = len(raw) - len(raw.lstrip())
    if unicodedata.normalize("NFC", raw).strip() != raw.strip():
        return False
    starts = []
    pos = 0
    for node, t in pieces:
        starts.append(pos)
        pos += len(t)
    for e in sorted(local_edits, key=lambda e: e.span.start, reverse=True):
        s, end = e.span.start + lead, e.span.end + lead
        touched = [(i, n, t) for i, (n, t) in enumerate(pieces)
                   if starts[i] < end and starts[i] + len(t) > s or (starts[i] == s and s == end and n is not None)]
        if any(n is None for _, n, _ in touched):
            return False
        if not touched:  # insertion at the very end
            touched = [(i, n, t) for i, (n, t) in enumerate(pieces) if n is not None and starts[i] + len(t) == s][-1:]
            if not touched:
                return False
        first_i = touched[0][0]
        for k, (i, n, t) in enumerate(touched):
            a = max(0, s - starts[i])
            b = min(len(t), end - starts[i])
            new = t[:a] + (e.replacement if i == first_i else "") + t[b:]
            _set_text(n, new)
            pieces[i] = (n, new)
        # later edits are earlier in the text: offsets before ``s`` are unchanged
    return True


def _replace_paragraph_text(p, text: str) -> None:
    """Fallback: one run with ``text`` (line breaks as w:br), keeping the first run's formatting."""
    from lxml import etree

    rpr = p.find(f".//{_Q}rPr")
    for child in list(p):
        if _local(child.tag) != "pPr":
            p.remove(child)
    r = etree.SubElement(p, _Q + "r")
    if rpr is not None:
        r.append(copy.deepcopy(rpr))
    for i, line in enumerate(text.split("\n")):
        if i:
            etree.SubElement(r, _Q + "br")
        t = etree.SubElement(r, _Q + "t")
        _set_text(t, line)


def _new_paragraph(template_p, block: Block):
    """A new ``w:p`` with ``template_p``'s paragraph properties; first line bold; fields as MERGEFIELD."""
    from lxml import etree

    p = etree.Element(_Q + "p")
    ppr = template_p.find(_Q + "pPr") if template_p is not None else None
    if ppr is not None:
        ppr = copy.deepcopy(ppr)
        for num in ppr.findall(_Q + "numPr"):
            ppr.remove(num)
        p.append(ppr)
    base_rpr = template_p.find(f".//{_Q}r/{_Q}rPr") if template_p is not None else None
    text = block.text
    fields = sorted(block.fields)
    first_line_end = text.find("\n") if "\n" in text else len(text)

    def add_run(chunk: str, bold: bool):
        r = etree.SubElement(p, _Q + "r")
        rpr = copy.deepcopy(base_rpr) if base_rpr is not None else None
        if bold:
            if rpr is None:
                rpr = etree.Element(_Q + "rPr")
            if rpr.find(_Q + "b") is None:
                rpr.insert(0, etree.Element(_Q + "b"))
        if rpr is not None:
            r.append(rpr)
        for i, line in enumerate(chunk.split("\n")):
            if i:
                etree.SubElement(r, _Q + "br")
            if line:
                _set_text(etree.SubElement(r, _Q + "t"), line)

    pos = 0
    for s, e, name in fields + [(len(text), len(text), None)]:
        if s > pos:
            seg = text[pos:s]
            if pos < first_line_end:
                cut = min(first_line_end, s) - pos
                add_run(seg[:cut], True)
                if seg[cut:]:
                    add_run(seg[cut:], False)
            else:
                add_run(seg, False)
        if name is not None:
            fld = etree.SubElement(p, _Q + "fldSimple")
            fld.set(_Q + "instr", xml_safe(f" MERGEFIELD {name} "))
            r = etree.SubElement(fld, _Q + "r")
            _set_text(etree.SubElement(r, _Q + "t"), text[s:e])
        pos = max(pos, e)
    return p


def _is_empty(p) -> bool:
    return _local(p.tag) == "p" and not "".join(t for _, t in _text_nodes(p)).strip()


def _blocks_for(proposal) -> list[Block]:
    letter: Letter = proposal.report.letter
    if proposal.blocks:
        return list(proposal.blocks)
    edits = [e for f in proposal.fixes if f.applicability != Applicability.DISPLAY_ONLY for e in f.edits]
    return [with_edits(letter, b, edits) for b in original_blocks(letter)]


def write_docx(proposal, original: bytes | None = None, dest: BinaryIO | None = None) -> bytes | None:
    """The proposal as .docx bytes (formatting kept when ``original`` is the letter's .docx).

    With ``dest`` (a binary file) the package is written there and nothing is returned."""
    letter: Letter = proposal.report.letter
    if original is None or letter.format != "docx":
        data = text_docx(proposal.text)
        if dest is None:
            return data
        dest.write(data)
        return None
    from lxml import etree

    from rewriter.io.docx_in import check_package

    try:
        zin = zipfile.ZipFile(io.BytesIO(original))
        infos = check_package(zin, letter.source)
        root = etree.fromstring(zin.read(infos[_BODY]),
                                etree.XMLParser(resolve_entities=False, huge_tree=False, no_network=True,
                                                load_dtd=False))
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
        raise CorruptDocx("Det oprindelige Word-dokument kan ikke læses igen.", where=letter.source) from exc
    if root.getroottree().docinfo.doctype:
        raise CorruptDocx("Word-dokumentets XML i word/document.xml har en dokumenttypeerklæring (DTD), som Word "
                          "ikke tillader.", where=letter.source, hint="Åbn og gem filen igen i Word.")
    by_index = _paragraph_elements(root)
    element_of: dict[int, object] = {}
    for par in letter.paragraphs:
        if par.source_ref and par.source_ref.startswith(_BODY + "#p"):
            el = by_index.get(int(par.source_ref.rsplit("#p", 1)[1]))
            if el is not None:
                element_of[par.index] = el
    blocks = _blocks_for(proposal)
    # 1. edits inside paragraphs
    for b in blocks:
        if b.source is None or not b.edits or b.source not in element_of:
            continue
        p_span = letter.paragraphs[b.source].span
        local = [Edit(Span(e.span.start - p_span.start, e.span.end - p_span.start), e.replacement) for e in b.edits]
        if not _edit_paragraph(element_of[b.source], local):
            _replace_paragraph_text(element_of[b.source], b.text)
    # 2. order: body-level paragraphs fill the slots of the body-level paragraphs, in the plan's order
    body_level = [b.source for b in blocks if b.source in element_of
                  and _local(element_of[b.source].getparent().tag) == "body"]
    slots = sorted(body_level, key=lambda i: letter.paragraphs[i].index)
    if body_level != slots:
        markers = []
        for i in slots:
            el = element_of[i]
            marker = etree.Element("marker")
            el.addprevious(marker)
            el.getparent().remove(el)
            markers.append(marker)
        for marker, i in zip(markers, body_level):
            marker.addprevious(element_of[i])
            marker.getparent().remove(marker)
    # 3. new paragraphs after the block before them
    key = proposal.report.placement.key_message_paragraph
    template_p = element_of.get(key) if key is not None else None
    prev_el = None
    for b in blocks:
        if b.source is not None:
            prev_el = element_of.get(b.source, prev_el)
            continue
        if prev_el is None:
            continue
        new = _new_paragraph(template_p if template_p is not None else prev_el, b)
        nxt = prev_el.getnext()
        spacer = copy.deepcopy(nxt) if nxt is not None and _is_empty(nxt) else None
        anchor = nxt if spacer is not None else prev_el
        anchor.addnext(new)
        if spacer is not None:
            new.addnext(spacer)
            prev_el = spacer
        else:
            prev_el = new
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    del root, by_index, element_of, template_p, prev_el
    out = dest if dest is not None else io.BytesIO()
    try:
        with zipfile.ZipFile(out, "w") as zout:
            for info in zin.infolist():
                copy_info = _fresh_info(info)
                if info.filename == _BODY:
                    zout.writestr(copy_info, data)
                    continue
                with zin.open(info) as src, zout.open(copy_info, "w", force_zip64=info.file_size > 2**30) as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError) as exc:
        raise CorruptDocx(f"Det oprindelige Word-dokument kan ikke kopieres ({exc}).", where=letter.source) from exc
    finally:
        zin.close()
    return None if dest is not None else out.getvalue()


def _fresh_info(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    """A new entry with the member's name, time, attributes and compression (no stale sizes or extra fields)."""
    out = zipfile.ZipInfo(info.filename, info.date_time)
    out.compress_type = info.compress_type if info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) \
        else zipfile.ZIP_DEFLATED
    out.external_attr = info.external_attr
    out.create_system = info.create_system
    out.comment = info.comment
    return out


def save_docx(proposal, original: bytes | None, path: str | os.PathLike) -> None:
    """Write the proposal as a .docx file at ``path``, through a temporary file beside it."""
    from rewriter.errors import UsageError

    target = Path(path)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".rewriter-", suffix=".docx.tmp", dir=target.parent)
        with os.fdopen(fd, "wb") as fh:
            write_docx(proposal, original, dest=fh)
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        raise UsageError(f"Filen kan ikke skrives ({exc.strerror or exc}).", where=str(path), code="C352",
                         hint="Vælg en placering, du har skriveadgang til, med plads nok.") from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


_CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
       '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
       '<Default Extension="xml" ContentType="application/xml"/>'
       '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
       'wordprocessingml.document.main+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         'officeDocument" Target="word/document.xml"/></Relationships>')
_MERGE = re.compile(r"«([^«»\n]{1,80})»")


def text_docx(text: str) -> bytes:
    """A plain .docx with one Word paragraph per paragraph of ``text``; «Felt» becomes a MERGEFIELD."""
    from xml.sax.saxutils import escape, quoteattr

    def runs(chunk: str) -> str:
        out = []
        for i, line in enumerate(chunk.split("\n")):
            if i:
                out.append("<w:r><w:br/></w:r>")
            pos = 0
            for m in _MERGE.finditer(line):
                if m.start() > pos:
                    out.append(f'<w:r><w:t xml:space="preserve">{escape(xml_safe(line[pos:m.start()]))}</w:t></w:r>')
                out.append(f'<w:fldSimple w:instr={quoteattr(" MERGEFIELD " + xml_safe(m.group(1)) + " ")}>'
                           f"<w:r><w:t>{escape(xml_safe(m.group()))}</w:t></w:r></w:fldSimple>")
                pos = m.end()
            if pos < len(line):
                out.append(f'<w:r><w:t xml:space="preserve">{escape(xml_safe(line[pos:]))}</w:t></w:r>')
        return "".join(out)

    paras = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    body = "".join(f"<w:p>{runs(p.strip())}</w:p>" for p in paras)
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           f'<w:document xmlns:w="{W}"><w:body>{body}<w:sectPr/></w:body></w:document>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/document.xml", doc)
    return out.getvalue()


def check_roundtrip(proposal, data: bytes) -> bool:
    """True when reading ``data`` back gives the proposal's text (paragraph by paragraph)."""
    from rewriter.io.reader import letter_from_bytes

    back = letter_from_bytes(data, "<docx>", ".docx")
    norm = lambda t: [" ".join(p.split()) for p in re.split(r"\n\s*\n", t.strip()) if p.strip()]
    return norm(back.text) == norm(proposal.text)
