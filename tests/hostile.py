"""Hostile inputs, generated (never stored blobs): zip bombs that stay under the ratio limit, huge hidden
parts, deep nesting, DTD entities, control characters, sparse files, odd ZIP member names.

Used by ``tests/test_hostile_*.py`` and by ``python tests/hostile.py DIR`` (writes the full-size
reproductions of issue 17 into DIR for measuring by hand).
"""

from __future__ import annotations

import io
import os
import random
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from docxfactory import R_NS, W_NS, make_docx, text_para

LETTER = ("Du indkaldes til en samtale om dit forløb i Jobcenter Skovlund tirsdag den 7. april 2026 kl. 10.00. "
          "Mødet holdes på Torvet 3, 2. sal. Hvis du ikke møder op, kan det få betydning for din kontanthjælp. "
          "Du kan melde afbud på telefon 70 12 34 56.")
WORDS = ("du skal møde op til samtale i jobcentret hvis ikke kan det få betydning for din hjælp vi "
         "beder dig ringe på telefon når har spørgsmål om sagen kontanthjælp afbud mødet samtalen").split()

_CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
       '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
       '<Default Extension="xml" ContentType="application/xml"/>'
       '<Default Extension="png" ContentType="image/png"/>'
       '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
       'wordprocessingml.document.main+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         'officeDocument" Target="word/document.xml"/></Relationships>')


def document_xml(body: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{body}<w:sectPr/></w:body></w:document>')


def letter_body() -> str:
    return "".join(text_para(p) for p in LETTER.split(". "))


def _package(zf: zipfile.ZipFile, body: str | None = None) -> None:
    zf.writestr("[Content_Types].xml", _CT)
    zf.writestr("_rels/.rels", _RELS)
    zf.writestr("word/document.xml", document_xml(body if body is not None else letter_body()))


def docx_stored(path: Path, body: str) -> Path:
    """A .docx whose parts are stored, not compressed (no ratio for a zip-bomb check to see)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        _package(zf, body)
    return path


def docx_with_hidden_part(path: Path, size: int, name: str = "word/media/image1.png",
                          random_bytes: bool = False) -> Path:
    """A letter whose package also holds ``size`` bytes (zeros, or like an image: packs about 4:1, under
    every limit) in a part nobody reads (streamed, never whole in memory)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        _package(zf)
        info = zipfile.ZipInfo(name)
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w", force_zip64=size > 2**31) as fh:
            rnd = random.Random(5)
            chunk = (b"".join(rnd.randbytes(4096) + bytes(12288) for _ in range(64)) if random_bytes
                     else b"\0" * (1 << 20))
            left = size
            while left > 0:
                fh.write(chunk[:min(left, len(chunk))])
                left -= len(chunk)
    return path


def _words_xml(target: int, seed: int = 1) -> str:
    """Header paragraphs drawn from five random ones: compresses about 125:1, under the per-part ratio
    limit of 200 (so only a limit on the whole package or on the paragraph count catches it)."""
    rnd = random.Random(seed)
    pool = [text_para(" ".join(rnd.choice(WORDS) for _ in range(12))) for _ in range(5)]
    paras, size = [], 0
    while size < target:
        p = rnd.choice(pool)
        paras.append(p)
        size += len(p)
    return "".join(paras)


def docx_with_big_headers(path: Path, n_parts: int = 1, part_bytes: int = 62 * 1024 * 1024) -> Path:
    """``n_parts`` header parts of ``part_bytes`` each, every one under the per-part ratio limit."""
    hdr = (f'<?xml version="1.0" encoding="UTF-8"?><w:hdr xmlns:w="{W_NS}">{_words_xml(part_bytes)}</w:hdr>').encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        _package(zf)
        for i in range(n_parts):
            zf.writestr(f"word/header{i + 1}.xml", hdr)
    return path


def docx_with_empty_paragraphs(path: Path, n: int = 10_000_000, stored: bool = True) -> Path:
    """An uncompressed (or deflated) document of ``n`` empty paragraphs after a real letter."""
    head, tail = document_xml(letter_body() + "\0").split("\0")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CT)
        zf.writestr("_rels/.rels", _RELS)
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(head.encode())
            block = b"<w:p/>" * 100_000
            for _ in range(n // 100_000):
                fh.write(block)
            fh.write(b"<w:p/>" * (n % 100_000))
            fh.write(tail.encode())
    return path


def docx_nested(path: Path | None, depth: int) -> bytes:
    """A letter whose last paragraph sits ``depth`` levels deep (nested content controls)."""
    open_, close = "<w:sdt><w:sdtContent>" * (depth // 2), "</w:sdtContent></w:sdt>" * (depth // 2)
    data = make_docx(letter_body() + open_ + text_para("Med venlig hilsen Jobcentret") + close)
    if path:
        path.write_bytes(data)
    return data


def docx_with_dtd_entity(path: Path | None = None) -> bytes:
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<!DOCTYPE w:document [<!ENTITY navn "Jens Hansen">]>'
           f'<w:document xmlns:w="{W_NS}"><w:body>{letter_body()}'
           '<w:p><w:r><w:t>Kære &navn;</w:t></w:r></w:p><w:sectPr/></w:body></w:document>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CT)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("word/document.xml", doc)
    if path:
        path.write_bytes(buf.getvalue())
    return buf.getvalue()


def text_with_controls() -> str:
    return LETTER.replace("samtale", "sam\x01tale", 1).replace("Mødet", "M\x0bødet\x1f", 1) + "\n\nHilsen\x7f\ufffe\n"


def sparse_file(path: Path, size: int) -> Path:
    with open(path, "wb") as fh:
        fh.write(LETTER.encode())
        fh.truncate(size)
    return path


def zip_of(path: Path, members: list[tuple[str, bytes]], compresslevel: int = 9) -> Path:
    """A ZIP of ``members`` in this order, names exactly as given (repeats and ``./`` included)."""
    import warnings

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as zf, \
            warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "Duplicate name": on purpose
        for name, data in members:
            zf.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_DEFLATED,
                        compresslevel=compresslevel)
    return path


def zip_of_big_texts(path: Path, n: int, size: int) -> Path:
    """``n`` .txt members of ``size`` bytes of letter text each, compressed just under the ratio limit (100)."""
    rnd = random.Random(3)
    line = " ".join(rnd.choice(WORDS) for _ in range(2000)).encode() + b"\n"
    blob = (line * (size // len(line) + 1))[:size]
    noise = rnd.randbytes(size // 105)  # keeps the ratio just under 100
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(n):
            zf.writestr(f"brev{i:02d}.txt", blob[: size - len(noise)] + noise)
    return path


def slow_template(chars: int = 1_200_000, blocks: int = 6) -> str:
    """A large template with ``2**blocks`` branch variants: every variant is checked in full (slow, not hostile)."""
    body = (LETTER + "\n\n") * (chars // (len(LETTER) + 2))
    tags = "".join(f"{{% if a{i} %}}Du skal møde op.{{% else %}}Du kan møde op.{{% endif %}}\n\n" for i in range(blocks))
    return tags + body


def main(out: str) -> None:
    d = Path(out)
    d.mkdir(parents=True, exist_ok=True)
    docx_with_hidden_part(d / "image1GiB.docx", 1 << 30)
    docx_with_big_headers(d / "header66MB.docx")
    docx_with_big_headers(d / "header66MBx30.docx", n_parts=30)
    docx_with_empty_paragraphs(d / "empty10M.docx")
    docx_nested(d / "nested240.docx", 240)
    docx_nested(d / "nested300.docx", 300)
    docx_with_empty_paragraphs(d / "empty5M.docx", 5_000_000)
    docx_with_hidden_part(d / "image250MB.docx", 250 * 1024 * 1024, random_bytes=True)
    docx_with_dtd_entity(d / "dtd.docx")
    (d / "control.txt").write_text(text_with_controls(), encoding="utf-8")
    sparse_file(d / "sparse3G.txt", 3 * 1024**3)
    zip_of(d / "dotslash.zip", [("./brev.txt", LETTER.encode()), ("./a/brev.txt", LETTER.encode())])
    zip_of(d / "dup.zip", [("brev.txt", LETTER.encode()), ("brev.txt", b"")])
    zip_of_big_texts(d / "bigtxt.zip", 10, 99 * 1024 * 1024)
    (d / "slow.txt").write_text(slow_template(), encoding="utf-8")
    (d / "long404.txt").write_text("{% if x %}" + "Du indkaldes til samtale. " * 15 + "{% endif %}", encoding="utf-8")
    if not (d / "fifo.txt").exists():
        os.mkfifo(d / "fifo.txt")
    print(f"written to {d}")


if __name__ == "__main__":  # pragma: no cover
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/hostile")
