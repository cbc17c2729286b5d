"""Audit discovery: nested folders, lock files, hidden folders, symlinks, unreadable entries, ZIP input."""

from __future__ import annotations

import io
import os
import zipfile

import pytest
from auditkit import AFGOERELSE, INDKALDELSE, by_path, make_folder, tree_state
from docxfactory import docx_from_letter_text

from rewriter.audit.discover import ZipLimits, count_items, discover
from rewriter.audit.runner import run_audit
from rewriter.errors import UsageError


def _rels(root, **kw):
    return {it.rel: it for it in discover(root, **kw)}


def test_recursive_discovery_skips_lock_hidden_and_other_files(tmp_path):
    root = make_folder(tmp_path / "skabeloner", n_txt=3, n_docx=2)
    (root / "~$brev_000.docx").write_bytes(b"lock")  # Word lock file
    (root / ".git").mkdir()
    (root / ".git" / "brev.txt").write_text("skjult", encoding="utf-8")
    (root / ".skjult.md").write_text("skjult", encoding="utf-8")
    (root / "noter.pdf").write_bytes(b"%PDF-1.4")
    (root / "deep" / "a" / "b").mkdir(parents=True)
    (root / "deep" / "a" / "b" / "Brev.MD").write_text(INDKALDELSE.read_text(encoding="utf-8"), encoding="utf-8")
    (root / "deep" / "skabelon.dotx").write_bytes(docx_from_letter_text(AFGOERELSE.read_text(encoding="utf-8")))
    found = _rels(root)
    assert set(found) == {
        "team0/brev_000.txt", "team1/brev_001.txt", "team2/brev_002.txt",
        "word/afd0/skabelon_000.docx", "word/afd1/skabelon_001.docx",
        "deep/a/b/Brev.MD", "deep/skabelon.dotx",
    }
    assert all(it.problem is None and it.path for it in found.values())
    assert count_items(root) == 7


def test_symlink_loop_and_duplicate_are_recorded_and_run_continues(tmp_path):
    root = make_folder(tmp_path / "r", n_txt=2, n_docx=0)
    os.symlink(root, root / "team0" / "loop")  # points back at an ancestor
    os.symlink(root / "team1", root / "genvej")  # a second way into team1
    found = _rels(root)
    assert found["team0/loop"].problem["code"] == "A402"
    assert "løkke" in found["team0/loop"].problem["message"]
    dups = [rel for rel in ("genvej", "team1") if rel in found and found[rel].problem]  # whichever came second
    assert len(dups) == 1 and found[dups[0]].problem["code"] == "A402"
    assert len([rel for rel in found if rel.endswith("brev_001.txt")]) == 1
    summary = run_audit(root, tmp_path / "a.sqlite")
    rows = by_path(tmp_path / "a.sqlite")
    assert rows["team0/loop"]["status"] == "skipped"
    assert summary.ok == 2 and summary.skipped >= 1 and summary.errors == 0
    assert summary.exit_code("error") in (0, 1)  # a skip is not a read error


def test_unreadable_file_is_an_error_record(tmp_path, monkeypatch):
    root = make_folder(tmp_path / "r", n_txt=2, n_docx=0, nested=False)
    os.symlink(tmp_path / "findes-ikke.txt", root / "brudt.txt")  # a dangling link
    from rewriter.audit import worker

    real_open = open

    def deny(path, *a, **kw):
        if str(path).endswith("brev_001.txt"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *a, **kw)

    monkeypatch.setattr(worker, "open", deny, raising=False)
    os.mkfifo(root / "pipe.txt")  # opening it would block forever
    summary = run_audit(root, tmp_path / "a.sqlite", engine="inline")  # the patched open lives in this process
    rows = by_path(tmp_path / "a.sqlite")
    assert rows["brudt.txt"]["error_code"] == "L108" and "findes ikke" in rows["brudt.txt"]["error_message"]
    assert rows["brev_001.txt"]["error_code"] == "L108" and "kan ikke læses" in rows["brev_001.txt"]["error_message"]
    assert rows["pipe.txt"]["error_code"] == "L108" and "almindelig fil" in rows["pipe.txt"]["error_message"]
    assert rows["brev_000.txt"]["status"] == "ok"
    assert summary.errors == 3 and summary.exit_code() == 3


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_chmod_000_file_and_folder(tmp_path):
    root = make_folder(tmp_path / "r", n_txt=3, n_docx=0)
    locked = root / "team0" / "brev_000.txt"
    locked.chmod(0)
    (root / "team1").chmod(0)
    try:
        run_audit(root, tmp_path / "a.sqlite")
        rows = by_path(tmp_path / "a.sqlite")
    finally:
        locked.chmod(0o644)
        (root / "team1").chmod(0o755)
    assert rows["team0/brev_000.txt"]["error_code"] == "L108"
    assert rows["team1"]["error_code"] == "A403"
    assert rows["team2/brev_002.txt"]["status"] == "ok"


def test_undecodable_file_name_is_stored_readably(tmp_path):
    root = tmp_path / "r"
    root.mkdir()
    (root / os.fsdecode(b"brev_\xe6.txt")).write_text(INDKALDELSE.read_text(encoding="utf-8"), encoding="utf-8")
    run_audit(root, tmp_path / "a.sqlite")
    rows = by_path(tmp_path / "a.sqlite")
    assert rows["brev_\\xe6.txt"]["status"] == "ok"


def test_missing_root_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError) as exc:
        run_audit(tmp_path / "findes-ikke", tmp_path / "a.sqlite")
    assert exc.value.code == "C310"
    assert not (tmp_path / "a.sqlite").exists()


def _encrypted_flag(data: bytes, name: str) -> bytes:
    """Set the 'encrypted' bit of member ``name`` in a ZIP (local and central headers)."""
    buf = bytearray(data)
    raw = name.encode()
    for sig, flag_at, len_at, name_at in ((b"PK\x03\x04", 6, 26, 30), (b"PK\x01\x02", 8, 28, 46)):
        i = buf.find(sig)
        while i != -1:
            n = int.from_bytes(buf[i + len_at:i + len_at + 2], "little")
            if bytes(buf[i + name_at:i + name_at + n]) == raw:
                buf[i + flag_at] |= 1
            i = buf.find(sig, i + 4)
    return bytes(buf)


def test_zip_input_members_bomb_traversal_and_encryption(tmp_path):
    letter = INDKALDELSE.read_text(encoding="utf-8")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("skabeloner/indkaldelse.txt", letter)
        zf.writestr("skabeloner/afgoerelse.docx", docx_from_letter_text(AFGOERELSE.read_text(encoding="utf-8")))
        zf.writestr("skabeloner/~$afgoerelse.docx", b"lock")
        zf.writestr("__MACOSX/skabeloner/._indkaldelse.txt", b"junk")
        zf.writestr("../udenfor.txt", letter)
        zf.writestr("/etc/absolut.txt", letter)
        zf.writestr("bombe.txt", b" " * (20 * 1024 * 1024))  # 20 MB of spaces: ratio ~1000
        zf.writestr("hemmelig.txt", letter)
    data = _encrypted_flag(buf.getvalue(), "hemmelig.txt")
    archive = tmp_path / "arkiv.zip"
    archive.write_bytes(data)
    before = set(os.listdir(tmp_path))
    found = _rels(archive)
    assert set(found) == {"skabeloner/indkaldelse.txt", "skabeloner/afgoerelse.docx", "../udenfor.txt",
                          "/etc/absolut.txt", "bombe.txt", "hemmelig.txt"}
    assert found["../udenfor.txt"].problem["code"] == "A404"
    assert found["/etc/absolut.txt"].problem["code"] == "A404"
    assert found["bombe.txt"].problem["code"] == "L104" and "zip-bombe" in found["bombe.txt"].problem["message"]
    assert found["hemmelig.txt"].problem["code"] == "A405"
    item = found["skabeloner/indkaldelse.txt"]  # discovery reads no member: the worker does, with its type's cap
    assert item.data is None and item.zip == str(archive)
    with zipfile.ZipFile(archive) as zf:
        assert zf.read(zf.infolist()[item.member]).decode("utf-8") == letter
    summary = run_audit(archive, tmp_path / "a.sqlite")
    rows = by_path(tmp_path / "a.sqlite")
    assert rows["skabeloner/indkaldelse.txt"]["letter_type"] == "indkaldelse"
    assert rows["skabeloner/afgoerelse.docx"]["letter_type"] == "afgoerelse_sanktion"
    assert summary.ok == 2 and summary.errors == 4 and summary.exit_code() == 3
    assert set(os.listdir(tmp_path)) - before <= {"a.sqlite", "a.sqlite-wal", "a.sqlite-shm"}  # nothing extracted
    assert archive.read_bytes() == data


def test_zip_total_limit(tmp_path):
    archive = tmp_path / "a.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for i in range(4):
            zf.writestr(f"brev{i}.txt", INDKALDELSE.read_text(encoding="utf-8"))
    size = len(INDKALDELSE.read_bytes())
    items = list(discover(archive, ZipLimits(max_total_bytes=size * 2 + 10)))
    assert [it.problem is None for it in items] == [True, True, False, False]
    assert items[2].problem["code"] == "L104"


def test_corrupt_zip_is_a_usage_error(tmp_path):
    bad = tmp_path / "x.zip"
    bad.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(UsageError) as exc:
        list(discover(bad))
    assert exc.value.code == "C311"


def test_input_tree_is_never_modified(tmp_path):
    root = make_folder(tmp_path / "r", n_txt=4, n_docx=2)
    before = tree_state(root)
    run_audit(root, tmp_path / "a.sqlite", workers=2)
    run_audit(root, tmp_path / "a.sqlite")
    assert tree_state(root) == before
    assert sorted(os.listdir(root)) == ["team0", "team1", "team2", "word"]
