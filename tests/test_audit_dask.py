"""`--engine dask`: the same audit on a Dask LocalCluster gives the same results as the local run."""

from __future__ import annotations

import io
import zipfile

import pytest

pytestmark = pytest.mark.slow
from auditkit import INDKALDELSE, canonical, make_folder

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as c:
        yield c


def test_dask_run_equals_local_run(tmp_path, cluster):
    from rewriter.audit.runner import run_audit
    from rewriter.cli import main

    root = make_folder(tmp_path / "skabeloner", n_txt=10, n_docx=4)
    (root / "oedelagt.docx").write_bytes(b"PK\x03\x04 ikke et dokument")
    local = run_audit(root, tmp_path / "local.sqlite", workers=1)
    code = main(["audit", str(root), "--engine", "dask", "--scheduler", cluster.scheduler_address,
                 "--db", str(tmp_path / "dask.sqlite"), "--quiet"])
    assert code == local.exit_code() == 3
    assert canonical(tmp_path / "dask.sqlite") == canonical(tmp_path / "local.sqlite")
    again = run_audit(root, tmp_path / "dask.sqlite", engine="dask", scheduler=cluster.scheduler_address)
    assert again.unchanged == 15 and again.checked == 0  # unchanged files are skipped on the cluster too


def test_dask_zip_members_travel_as_bytes(tmp_path, cluster):
    from rewriter.audit.runner import run_audit

    archive = tmp_path / "a.zip"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("brev.txt", INDKALDELSE.read_text(encoding="utf-8"))
        zf.writestr("../ud.txt", "x")
    archive.write_bytes(buf.getvalue())
    run_audit(archive, tmp_path / "local.sqlite")
    run_audit(archive, tmp_path / "dask.sqlite", engine="dask", scheduler=cluster.scheduler_address)
    assert canonical(tmp_path / "dask.sqlite") == canonical(tmp_path / "local.sqlite")


def test_dask_without_scheduler_starts_a_local_cluster(tmp_path):
    from rewriter.audit.runner import run_audit

    root = make_folder(tmp_path / "r", n_txt=3, n_docx=1)
    run_audit(root, tmp_path / "local.sqlite")
    run_audit(root, tmp_path / "dask.sqlite", engine="dask", workers=1)
    assert canonical(tmp_path / "dask.sqlite") == canonical(tmp_path / "local.sqlite")
