"""Build small .docx files for tests, byte by byte, without Word.

``make_docx(body_xml, header_xml=None)`` writes a minimal but valid package; the
body is raw WordprocessingML so tests can reproduce what Word really writes:
runs split in the middle of a ``{{ tag }}``, complex MERGEFIELD fields, tables,
line breaks and tracked changes.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
{extra}
</Types>"""
_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""
_DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
{rels}
</Relationships>"""


def run(text: str, bold: bool = False) -> str:
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(*runs: str, style: str | None = None) -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{ppr}{''.join(runs)}</w:p>"


def text_para(text: str, **kw) -> str:
    """A paragraph of one run per line, with <w:br/> between lines."""
    runs = []
    for i, line in enumerate(text.split("\n")):
        if i:
            runs.append("<w:r><w:br/></w:r>")
        runs.append(run(line))
    return para(*runs, **kw)


def complex_mergefield(name: str, shown: str | None = None, split_instr: bool = True) -> str:
    instr = [f" MERGEFIELD {name[:3]}", f"{name[3:]} \\* MERGEFORMAT "] if split_instr else [f" MERGEFIELD {name} "]
    out = ['<w:r><w:fldChar w:fldCharType="begin"/></w:r>']
    out += [f'<w:r><w:instrText xml:space="preserve">{escape(s)}</w:instrText></w:r>' for s in instr]
    out.append('<w:r><w:fldChar w:fldCharType="separate"/></w:r>')
    if shown is not None:
        out.append(run(shown))
    out.append('<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    return "".join(out)


def simple_mergefield(name: str, shown: str) -> str:
    return f'<w:fldSimple w:instr=" MERGEFIELD {name} ">{run(shown)}</w:fldSimple>'


def make_docx(body_xml: str, header_xml: str | None = None, footer_xml: str | None = None) -> bytes:
    doc = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{body_xml}<w:sectPr/></w:body></w:document>')
    buf = io.BytesIO()
    extra, rels = [], []
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("word/document.xml", doc)
        for kind, xml in (("header", header_xml), ("footer", footer_xml)):
            if xml is None:
                continue
            tag = "hdr" if kind == "header" else "ftr"
            zf.writestr(f"word/{kind}1.xml",
                        f'<?xml version="1.0" encoding="UTF-8"?><w:{tag} xmlns:w="{W_NS}">{xml}</w:{tag}>')
            extra.append(f'<Override PartName="/word/{kind}1.xml" ContentType="application/'
                         f'vnd.openxmlformats-officedocument.wordprocessingml.{kind}+xml"/>')
            rels.append(f'<Relationship Id="r{kind}" Type="{R_NS}/{kind}" Target="{kind}1.xml"/>')
        zf.writestr("word/_rels/document.xml.rels", _DOC_RELS.format(rels="".join(rels)))
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES.format(extra="".join(extra)))
    return buf.getvalue()


def docx_from_letter_text(text: str) -> bytes:
    """A .docx with one Word paragraph per text paragraph (lines joined by <w:br/>)."""
    paras = text.rstrip("\n").split("\n\n")
    return make_docx("".join(text_para(p) for p in paras))
