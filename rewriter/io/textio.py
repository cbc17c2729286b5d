"""Bytes to text: encoding detection, binary sniffing, normalisation.

Requires: raw bytes or a ``str``.  Produces: one normalised ``str`` and the
notices about how it was decoded.  Normalisation happens exactly once, here,
before any span exists: NFC, line ends to ``\\n``, no byte-order mark, no NUL.
"""

from __future__ import annotations

import unicodedata

from rewriter.errors import BinaryInput, EmptyLetter, LetterTooLarge, UndecodableText
from rewriter.model import Notice

DEFAULT_MAX_CHARS = 2_000_000  # "2 MB of text"

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"


def sniff(data: bytes) -> str:
    """Guess the container of ``data``: ``zip``, ``ole``, ``pdf``, ``binary`` or ``text``."""
    head = data[:8192]
    if head.startswith(_ZIP_MAGIC):
        return "zip"
    if head.startswith(_OLE_MAGIC):
        return "ole"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf16"
    if b"\x00" in head:
        return "binary"
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if head and controls / len(head) > 0.05:
        return "binary"
    return "text"


def decode(data: bytes, where: str) -> tuple[str, list[Notice]]:
    """Decode text bytes: UTF-8 (with or without BOM), else cp1252 with a notice."""
    notices: list[Notice] = []
    kind = sniff(data)
    if kind == "utf16":
        try:
            return data.decode("utf-16"), notices
        except UnicodeDecodeError as exc:
            raise UndecodableText("Filen ligner UTF-16, men kan ikke afkodes.", where=where,
                                  hint="Gem brevet som UTF-8-tekst eller .docx.") from exc
    if kind != "text":
        raise BinaryInput("Filen er ikke tekst (den indeholder binære data).", where=where,
                          hint="Indsæt brevets tekst, eller gem det som .txt (UTF-8), .md eller .docx.")
    try:
        return data.decode("utf-8-sig"), notices
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise UndecodableText("Teksten er hverken UTF-8 eller Windows-1252 og kan ikke læses sikkert.",
                              where=where, hint="Gem brevet som UTF-8-tekst eller .docx.") from exc
    notices.append(Notice("L201", "Filen var ikke UTF-8; den er læst som Windows-1252 (cp1252). "
                                  "Tjek at æ, ø og å ser rigtige ud."))
    return text, notices


def normalise(text: str) -> str:
    """NFC, ``\\n`` line ends, no BOM, no NUL, no trailing blank lines."""
    text = text.removeprefix("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    return unicodedata.normalize("NFC", text)


def check_size(n_chars: int, max_chars: int, where: str) -> None:
    if n_chars > max_chars:
        raise LetterTooLarge(
            f"Brevet er for stort ({n_chars:,} tegn; grænsen er {max_chars:,}).".replace(",", "."),
            where=where, hint="Del teksten op i enkelte breve, eller hæv grænsen med --max-chars.")


def text_byte_limit(max_chars: int) -> int:
    """The most bytes a text of ``max_chars`` characters can take (four bytes a character, plus a margin)."""
    return max_chars * 4 + 1024


def check_bytes(n_bytes: int, max_chars: int, where: str) -> None:
    """Refuse a file before decoding it when even four bytes a character would exceed the limit."""
    if n_bytes > text_byte_limit(max_chars):
        raise LetterTooLarge(
            f"Filen er for stor ({n_bytes:,} byte; grænsen er {max_chars:,} tegn).".replace(",", "."),
            where=where, hint="Del teksten op i enkelte breve, eller hæv grænsen med --max-chars.")


def check_not_empty(text: str, where: str) -> None:
    if not text.strip():
        raise EmptyLetter("Brevet er tomt.", where=where, hint="Indsæt brevets tekst eller vælg en anden fil.")
