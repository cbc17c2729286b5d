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
* a ZIP archive is read member by member into memory, never extracted: unsafe
  member names (absolute, ``..``, drive letters) are ``A404``, encrypted members
  ``A405``, and members over the size limits or with a suspicious compression
  ratio (zip bombs) ``L104``.
"""

from __future__ import annotations

import os
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from rewriter.errors import UsageError
from rewriter.io.reader import MAX_WORD_FILE_BYTES
from rewriter.audit.codes import record

SUFFIXES = frozenset({".docx", ".dotx", ".txt", ".md"})


@dataclass(frozen=True, slots=True)
class Item:
    """One entry of an audit: ``rel`` is its path relative to the root ('/'-separated)."""

    rel: str
    path: str | None = None  # file to read (folder input)
    data: bytes | None = None  # member bytes (ZIP input)
    problem: dict | None = None  # a discovery problem instead of a file


@dataclass(frozen=True)
class ZipLimits:
    max_member_bytes: int = MAX_WORD_FILE_BYTES  # one member, uncompressed
    max_total_bytes: int = 2 * 1024**3  # all members read, uncompressed
    max_ratio: float = 100.0  # uncompressed / compressed, for members over min_ratio_bytes
    min_ratio_bytes: int = 1024 * 1024


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


def walk_zip(path: Path, limits: ZipLimits) -> Iterator[Item]:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UsageError(f"ZIP-filen kan ikke åbnes ({exc}).", where=str(path), code="C311",
                         hint="Tjek at filen er et gyldigt ZIP-arkiv.") from None
    total = 0
    with zf:
        for info in zf.infolist():
            name = info.filename
            parts = name.replace("\\", "/").split("/")
            if info.is_dir() or not is_letter_name(parts[-1]) or any(
                    p.startswith(".") or p == "__MACOSX" for p in parts[:-1] if p not in ("", "..")):
                continue
            problem = _member_problem(info, total, limits)
            if problem:
                yield Item(name, problem=problem)
                continue
            try:
                with zf.open(info) as fh:
                    data = fh.read(limits.max_member_bytes + 1)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError) as exc:
                yield Item(name, problem=record("L105", f"ZIP-medlemmet er ødelagt ({exc}).",
                                                "Pak arkivet igen fra de originale filer."))
                continue
            if len(data) > limits.max_member_bytes:
                yield Item(name, problem=_bomb(f"Medlemmet fylder over {limits.max_member_bytes:,} byte udpakket."))
                continue
            total += len(data)
            yield Item(name, data=data)


def _member_problem(info: zipfile.ZipInfo, total: int, limits: ZipLimits) -> dict | None:
    if _unsafe_member(info.filename):
        return record("A404", "Usikker sti i ZIP-arkivet (absolut sti eller '..'); medlemmet læses ikke.",
                      "Pak arkivet igen med relative stier.")
    if info.flag_bits & 0x1:
        return record("A405", "ZIP-medlemmet er krypteret og kan ikke læses.", "Pak arkivet igen uden adgangskode.")
    size, packed = info.file_size, info.compress_size
    if size > limits.max_member_bytes:
        return _bomb(f"Medlemmet fylder {size:,} byte udpakket.")
    if size > limits.min_ratio_bytes and size > limits.max_ratio * max(packed, 1):
        return _bomb(f"Medlemmet pakkes ud fra {packed:,} til {size:,} byte (zip-bombe?).")
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
                return sum(1 for i in zf.infolist() if not i.is_dir() and is_letter_name(i.filename.rsplit("/", 1)[-1]))
        except (zipfile.BadZipFile, OSError):
            return 0
    return sum(1 for _ in walk_folder(p))
