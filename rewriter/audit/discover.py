"""Find the letters of an audit: a folder (recursively) or a ZIP archive.

Requires: a path.  Produces: a stream of :class:`Item` (constant memory: one
``os.scandir`` iterator per folder level, never a full listing), each a file to
check or a problem record (:mod:`rewriter.audit.codes`) for something that
could not be walked.

Rules:

* letters are ``.docx``, ``.dotx``, ``.txt`` and ``.md`` (any case); other files
  are ignored;
* Word lock files (``~$brev.docx``), hidden files and hidden folders (``.git``)
  are skipped;
* symlinks are followed, but a folder is walked only once: a symlink back to an
  ancestor (a loop) or to a folder already walked is recorded as ``A402``
  (tracked by ``(st_dev, st_ino)``);
* a folder that cannot be listed is ``A403``; a file that cannot be read is
  found here and recorded by the worker (``L108``);
* a ZIP archive is never extracted, and discovery reads no member: each letter
  member becomes an item with the archive and the member's index, which the
  worker reads with its own type's cap (a .txt or .md at most what
  ``max_chars`` allows, about 8 MB; a Word file 100 MB).  Unsafe member names
  (absolute, ``..``, drive letters) are ``A404``, encrypted members ``A405``,
  and members over their type's cap, over the archive's total, or with a
  suspicious compression ratio (zip bombs) ``L104``, all from the sizes the
  archive declares (which the reading enforces: a member that inflates to more
  than it declares is corrupt);
* member names are normalised: ``./brev.txt`` and ``a//b.txt`` are
  ``brev.txt`` and ``a/b.txt``; a name that repeats (or repeats once
  normalised) is not lost: each later copy is its own item, ``brev (2).txt``,
  ``brev (3).txt`` and so on.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from rewriter.errors import UsageError
from rewriter.io.reader import MAX_WORD_FILE_BYTES, WORD_SUFFIXES
from rewriter.io.textio import DEFAULT_MAX_CHARS
from rewriter.audit.codes import record

SUFFIXES = frozenset({".docx", ".dotx", ".txt", ".md"})


@dataclass(frozen=True, slots=True)
class Item:
    """One entry of an audit: ``rel`` is its path relative to the root ('/'-separated)."""

    rel: str
    path: str | None = None  # file to read (folder input)
    data: bytes | None = None  # bytes to check (callers that have them in memory)
    problem: dict | None = None  # a discovery problem instead of a file
    zip: str | None = None  # the archive (ZIP input) ...
    member: int | None = None  # ... and the member's index in it (names may repeat)


@dataclass(frozen=True)
class ZipLimits:
    max_member_bytes: int = MAX_WORD_FILE_BYTES  # one Word member, uncompressed
    max_text_bytes: int = DEFAULT_MAX_CHARS * 4 + 1024  # one .txt/.md member, uncompressed (the reader's cap)
    max_total_bytes: int = 2 * 1024**3  # all letter members, uncompressed
    max_ratio: float = 100.0  # uncompressed / compressed, for members over min_ratio_bytes
    min_ratio_bytes: int = 1024 * 1024

    def member_cap(self, name: str) -> int:
        return self.max_member_bytes if os.path.splitext(name)[1].lower() in WORD_SUFFIXES else self.max_text_bytes


def is_letter_name(name: str) -> bool:
    return not name.startswith((".", "~$")) and os.path.splitext(name)[1].lower() in SUFFIXES


def discover(root: str | os.PathLike, zip_limits: ZipLimits | None = None) -> Iterator[Item]:
    """The items under ``root``: a folder or a ``.zip`` file."""
    p = Path(root)
    if p.is_dir():
        return walk_folder(p)
    if p.is_file() and p.suffix.lower() == ".zip":
        return walk_zip(p, zip_limits or ZipLimits())
    if not p.exists():
        raise UsageError("Mappen eller ZIP-filen findes ikke.", where=str(root), code="C310",
                         hint="Tjek stien; angiv en mappe med breve eller en .zip-fil.")
    raise UsageError("'rewriter audit' tager en mappe eller en .zip-fil.", where=str(root), code="C310",
                     hint="Brug 'rewriter check' for enkelte breve.")


def walk_folder(root: Path) -> Iterator[Item]:
    st = os.stat(root)
    top = (st.st_dev, st.st_ino)
    seen = {top}
    ancestors = [top]
    try:
        stack = [(os.scandir(root), "")]
    except OSError as exc:
        raise UsageError(f"Mappen kan ikke læses ({exc.strerror}).", where=str(root), code="C310",
                         hint="Tjek dine rettigheder til mappen.") from None
    while stack:
        it, prefix = stack[-1]
        try:
            entry = next(it, None)
        except OSError as exc:
            entry = None
            yield Item(prefix.rstrip("/") or ".", problem=_unlistable(exc))
        if entry is None:
            it.close()
            stack.pop()
            ancestors.pop()
            continue
        name = entry.name
        if name.startswith((".", "~$")):
            continue
        rel = prefix + _printable(name)
        try:
            is_dir = entry.is_dir()  # follows symlinks
        except OSError:
            is_dir = False
        if not is_dir:
            if is_letter_name(name):
                yield Item(rel, path=entry.path)
            continue
        try:
            sub_st = entry.stat()
            key = (sub_st.st_dev, sub_st.st_ino)
        except OSError as exc:
            yield Item(rel, problem=_unlistable(exc))
            continue
        if key in seen:
            loop = key in ancestors
            yield Item(rel, problem=record(
                "A402", "Symlink-løkke: mappen peger tilbage på en overliggende mappe og springes over." if loop
                else "Mappen er allerede gennemgået via et andet link og springes over.",
                "Fjern linket, hvis mappen ikke skal med."))
            continue
        seen.add(key)
        try:
            sub = os.scandir(entry.path)
        except OSError as exc:
            yield Item(rel, problem=_unlistable(exc))
            continue
        stack.append((sub, rel + "/"))
        ancestors.append(key)


def _printable(name: str) -> str:
    """A file name that can be stored as text: undecodable bytes become ``\\xNN``."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return name


def _unlistable(exc: OSError) -> dict:
    return record("A403", f"Mappen kan ikke læses ({exc.strerror or exc}).", "Tjek dine rettigheder til mappen.")


def _unsafe_member(name: str) -> bool:
    if name.startswith(("/", "\\")) or "\\" in name or (len(name) > 1 and name[1] == ":"):
        return True
    return ".." in PurePosixPath(name).parts


def _zip_letters(zf: zipfile.ZipFile) -> Iterator[tuple[int, zipfile.ZipInfo, str]]:
    """``(index, info, rel)`` of each letter member: names normalised, repeats made unique."""
    seen: set[str] = set()
    for index, info in enumerate(zf.infolist()):
        name = info.filename
        if info.is_dir():
            continue
        if _unsafe_member(name):
            if is_letter_name(name.replace("\\", "/").rsplit("/", 1)[-1]):
                yield index, info, name  # recorded as A404 under its own name
            continue
        parts = [p for p in name.split("/") if p not in ("", ".")]
        if not parts or not is_letter_name(parts[-1]) or any(p.startswith(".") or p == "__MACOSX" for p in parts[:-1]):
            continue
        rel = "/".join(parts)
        if rel in seen:
            stem, ext = os.path.splitext(rel)
            n = 2
            while f"{stem} ({n}){ext}" in seen:
                n += 1
            rel = f"{stem} ({n}){ext}"
        seen.add(rel)
        yield index, info, rel


def walk_zip(path: Path, limits: ZipLimits) -> Iterator[Item]:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UsageError(f"ZIP-filen kan ikke åbnes ({exc}).", where=str(path), code="C311",
                         hint="Tjek at filen er et gyldigt ZIP-arkiv.") from None
    return _walk_zip(zf, str(path), limits)


def _walk_zip(zf: zipfile.ZipFile, path: str, limits: ZipLimits) -> Iterator[Item]:
    total = 0
    with zf:
        for index, info, rel in _zip_letters(zf):
            problem = _member_problem(info, rel, total, limits)
            if problem:
                yield Item(rel, problem=problem)
                continue
            total += info.file_size
            yield Item(rel, zip=path, member=index)


def _member_problem(info: zipfile.ZipInfo, rel: str, total: int, limits: ZipLimits) -> dict | None:
    if _unsafe_member(info.filename):
        return record("A404", "Usikker sti i ZIP-arkivet (absolut sti eller '..'); medlemmet læses ikke.",
                      "Pak arkivet igen med relative stier.")
    if info.flag_bits & 0x1:
        return record("A405", "ZIP-medlemmet er krypteret og kan ikke læses.", "Pak arkivet igen uden adgangskode.")
    size, packed = info.file_size, info.compress_size
    if size > limits.min_ratio_bytes and size > limits.max_ratio * max(packed, 1):
        return _bomb(f"Medlemmet pakkes ud fra {packed:,} til {size:,} byte (zip-bombe?).")
    cap = limits.member_cap(rel)
    if size > cap:
        return _bomb(f"Medlemmet fylder {size:,} byte udpakket; grænsen for filtypen er {cap:,} byte.")
    if total + size > limits.max_total_bytes:
        return _bomb("ZIP-arkivet fylder samlet for meget udpakket; resten af medlemmerne læses ikke.")
    return None


def _bomb(message: str) -> dict:
    return record("L104", message.replace(",", "."), "Kontrollér arkivet; en 'zip-bombe' afvises.")


def count_items(root: str | os.PathLike) -> int:
    """How many items :func:`discover` will yield (for a progress bar); reads no file."""
    p = Path(root)
    if p.is_file():
        try:
            with zipfile.ZipFile(p) as zf:
                return sum(1 for _ in _zip_letters(zf))
        except (zipfile.BadZipFile, OSError):
            return 0
    return sum(1 for _ in walk_folder(p))
