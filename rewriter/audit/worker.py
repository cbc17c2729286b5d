"""Check one file of an audit: bytes -> hash -> ``check()`` -> a compact result dict.

Requires: a task (``dict``: ``id`` of the file row, ``rel`` path, ``path`` to
read, or ``zip`` and ``member`` (the archive and the member's index in it), or
``data`` bytes, and ``expect``: the ``(sha256, size)`` of the last result for
this path under the same configuration, or ``None``) and the
:class:`AuditOptions`.  Files and ZIP members are read here, in the worker, with
the cap of their own type (a .txt or .md at most what ``max_chars`` allows, a
Word file 100 MB), never whole before the size is known to be allowed.  Produces: one plain ``dict`` per task (picklable, the
same on a process pool and on Dask):

* ``{"id", "unchanged": True, "sha256", "size"}`` when the file's bytes hash to
  ``expect`` (nothing is checked again);
* ``{"id", "status": "ok", "sha256", "size", "kind", "letter_type", "lix", ...,
  "elements", "findings", "warnings", "branches"}`` for a checked letter;
* ``{"id", "status": "error", "error": {"code", "message", "hint"}, ...}`` for a
  file that could not be read (``L1xx``) or crashed the checker (``A401``).

Nothing here raises for one bad file, and nothing writes anywhere.  The hard
time limit per file (``time_limit``, ``A410``) is the engine's
(:mod:`rewriter.audit.engines`); here, a template variant is only started when
it can end (judged by how long the whole template took) within 80 % of it, so
a large template gets a partial branch check (``A407``, not cached) instead of
running into the limit.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
import zipfile
import zlib
from dataclasses import dataclass

from rewriter.errors import CorruptDocx, RewriterError, UnreadableFile
from rewriter.io.reader import byte_limit, check_file_size, letter_from_bytes, read_capped
from rewriter.io.textio import DEFAULT_MAX_CHARS
from rewriter.audit import branches as br
from rewriter.audit.codes import SEVERITY, record
from rewriter.audit.language import not_danish

CHUNK = 1024 * 1024
LEVEL_RANK = {"suggestion": 0, "warning": 1, "error": 2}
DEFAULT_TIME_LIMIT = 60.0  # seconds per file (a 2.000.000-character letter takes about 30 s)


@dataclass(frozen=True)
class AuditOptions:
    """Everything that changes a result; :meth:`key` names them for the cache."""

    rules: str | None = None
    profile: str | None = None
    letter_type: str | None = None
    date: str | None = None
    max_chars: int = DEFAULT_MAX_CHARS
    branches: bool = True
    branch_bound: int = br.DEFAULT_BOUND
    time_limit: float | None = DEFAULT_TIME_LIMIT  # hard limit per file (engines), not part of the cache key

    def check_kwargs(self) -> dict:
        return {"rules": self.rules, "profile": self.profile, "date": self.date, "max_chars": self.max_chars}


def read_bytes(path: str, suffix: str, max_chars: int) -> tuple[bytes, str]:
    """The file's bytes and their sha256; the reader's size limits apply before and while reading."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise UnreadableFile("Filen findes ikke.", where=path, hint="Tjek stien og filnavnet.") from None
    except OSError as exc:
        raise UnreadableFile(f"Filen kan ikke åbnes ({exc.strerror}).", where=path,
                             hint="Tjek stien og dine rettigheder til filen.") from None
    if not stat.S_ISREG(st.st_mode):  # a pipe or device would block or never end
        raise UnreadableFile("Stien er ikke en almindelig fil (fx en pipe eller en enhed).", where=path,
                             hint="Fjern den fra mappen, eller gem brevet som en almindelig fil.")
    check_file_size(st.st_size, suffix, max_chars, path)
    try:
        with open(path, "rb") as fh:
            data = read_capped(fh, suffix, max_chars, path)
    except OSError as exc:
        raise UnreadableFile(f"Filen kan ikke læses ({exc.strerror}).", where=path,
                             hint="Tjek dine rettigheder til filen.") from None
    return data, hashlib.sha256(data).hexdigest()


_open_zip: tuple[str, float, zipfile.ZipFile] | None = None  # one archive open per worker process


def _zipfile(path: str) -> zipfile.ZipFile:
    global _open_zip
    mtime = os.stat(path).st_mtime
    if _open_zip is None or _open_zip[0] != path or _open_zip[1] != mtime:
        if _open_zip is not None:
            _open_zip[2].close()
        _open_zip = (path, mtime, zipfile.ZipFile(path))
    return _open_zip[2]


def read_member(zip_path: str, index: int, rel: str, suffix: str, max_chars: int) -> tuple[bytes, str]:
    """A ZIP member's bytes (the ``index``-th entry: names may repeat) and sha256, read with its type's cap."""
    try:
        info = _zipfile(zip_path).infolist()[index]
    except (OSError, zipfile.BadZipFile, IndexError) as exc:
        raise UnreadableFile(f"ZIP-arkivet kan ikke læses igen ({exc}).", where=rel,
                             hint="Tjek at arkivet ikke er ændret under kørslen.") from None
    check_file_size(info.file_size, suffix, max_chars, rel)
    try:
        with _zipfile(zip_path).open(info) as fh:
            data = read_capped(fh, suffix, max_chars, rel)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError) as exc:
        raise CorruptDocx(f"ZIP-medlemmet er ødelagt ({exc}).", where=rel,
                          hint="Pak arkivet igen fra de originale filer.") from None
    return data, hashlib.sha256(data).hexdigest()


def member_bytes(task: dict, max_chars: int = DEFAULT_MAX_CHARS) -> dict:
    """The task with a ZIP member's bytes as ``data`` (for workers that cannot open the archive: Dask)."""
    if task.get("zip") is None or task.get("data") is not None:
        return task
    suffix = os.path.splitext(task["rel"])[1].lower()
    try:
        data, _ = read_member(task["zip"], task["member"], task["rel"], suffix, max_chars)
    except RewriterError as exc:
        return {**task, "zip": None, "problem": record(exc.code, exc.message, exc.hint)}
    return {**task, "zip": None, "data": data}


def check_batch(tasks: list[dict], options: AuditOptions) -> list[dict]:
    """:func:`check_task` for each task (the unit of work sent to a worker)."""
    return [check_task(t, options) for t in tasks]


def check_task(task: dict, options: AuditOptions) -> dict:
    suffix = os.path.splitext(task["rel"])[1].lower()
    out: dict = {"id": task["id"], "kind": suffix, "sha256": None, "size": None}
    if task.get("problem"):
        return {**out, "status": "error", "error": task["problem"]}
    try:
        if task.get("data") is not None:
            data = task["data"]
            sha = hashlib.sha256(data).hexdigest()
        elif task.get("zip") is not None:
            data, sha = read_member(task["zip"], task["member"], task["rel"], suffix, options.max_chars)
        else:
            data, sha = read_bytes(task["path"], suffix, options.max_chars)
        out["sha256"], out["size"] = sha, len(data)
        if task.get("expect") == (sha, len(data)):
            return {**out, "unchanged": True}
        out.update(check_file(data, task["rel"], suffix, options))
    except RewriterError as exc:
        out.update(status="error", error=record(exc.code, exc.message, exc.hint))
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop a batch
        out.update(status="error", cacheable=False, error=record(
            "A401", f"Uventet fejl under tjek af filen ({type(exc).__name__}: {exc}).",
            "Fejlen er registreret; send filen til udviklerne, hvis den bliver ved."))
    return out


def check_file(data: bytes, rel: str, suffix: str, options: AuditOptions) -> dict:
    """The compact result of one letter's bytes (raises ``RewriterError`` if unreadable)."""
    from rewriter.analysis.pipeline import check

    started = time.monotonic()
    letter = letter_from_bytes(data, rel, suffix, options.max_chars)
    report = check(letter, options.letter_type, **options.check_kwargs())
    result = compact(report)
    warnings = [record(n.code, n.message) for n in letter.notices]
    share = not_danish(letter.text)
    if share is not None:
        warnings.append(record("A406", f"Teksten ser ikke ud til at være dansk (kun {share * 100:.0f} % "
                                       "almindelige danske ord); tjekket er ikke pålideligt.",
                               "Tjek sproget; reglerne gælder danske breve."))
    if options.branches and report.letter_type != "unknown" and br.has_branches(letter.text):
        deadline = started + options.time_limit * 0.8 if options.time_limit else None
        cov = br.coverage(letter.text, lambda text: _element_statuses(text, report.letter_type, options),
                          options.branch_bound, deadline=deadline, estimate=time.monotonic() - started)
        result["branches"] = {"variants": cov.variants, "total": cov.total, "gaps": cov.gaps}
        warnings.extend(cov.warnings)
        if cov.stopped:  # depends on the machine's speed: checked again next run
            result["cacheable"] = False
    result["warnings"] = warnings
    return result


def _element_statuses(text: str, letter_type: str, options: AuditOptions) -> dict[str, tuple[str, str]]:
    from rewriter.analysis.pipeline import check
    from rewriter.io.reader import letter_from_text

    try:  # a Letter, never a str: a variant's text must not be taken for a file name
        letter = letter_from_text(text, "<variant>", max_chars=options.max_chars)
        report = check(letter, letter_type, **options.check_kwargs())
    except RewriterError:
        return {}
    return {e.id: (e.status, str(e.level)) for e in report.elements}


def compact(report) -> dict:
    """The fields of a report that an audit keeps."""
    letter = report.letter
    m, pl = report.metrics, report.placement
    findings = []
    for f in report.findings:
        d = f.to_dict()  # the wire format's finding, without the fix and values, with the line
        findings.append({"code": d["code"], "level": d["level"], "start": d["start"], "end": d["end"],
                         "line": letter.line_col(f.span.start)[0], "message": d["message"],
                         "legal_basis": d["legal_basis"]})
    ranks = [LEVEL_RANK.get(f["level"], -1) for f in findings]
    return {
        "status": "ok",
        "letter_type": report.letter_type,
        "letter_type_confidence": round(report.letter_type_confidence, 3),
        "lix": m.lix, "lix_band": m.lix_band, "words": m.words,
        "threat_count": pl.threat_count,
        "threat_first_position": pl.first_threat_position,
        "threat_first_paragraph": _first_threat_in_body(pl),
        "key_message_first": pl.key_message_first,
        "placement_score": pl.score, "verdict": pl.verdict,
        "elements": [{"id": e.id, "status": e.status, "level": str(e.level)} for e in report.elements],
        "findings": findings,
        "worst_rank": max(ranks, default=-1),
    }


def _first_threat_in_body(placement) -> int | None:
    """How many body paragraphs come before the first threat paragraph (``None``: no threat)."""
    body, threats = placement.body_paragraphs, placement.threat_paragraphs
    if not threats:
        return None
    first = min(threats)
    return sum(1 for p in body if p < first)


def is_error(result: dict) -> bool:
    """Counts for exit code 3: an ``error`` record (not a ``skipped`` or warning one)."""
    return result.get("status") == "error" and SEVERITY.get(result["error"]["code"], "error") == "error"
