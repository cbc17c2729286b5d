"""The wheel carries rules/ and letter_templates/, and the installed package finds them."""

from __future__ import annotations

import pytest

import os
import subprocess
import sys
import zipfile

from conftest import ROOT


@pytest.mark.slow
def test_wheel_contains_data_and_finds_it(tmp_path):
    res = subprocess.run(check=False, args=[sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                          "-w", str(tmp_path / "dist"), str(ROOT)], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    wheel = next((tmp_path / "dist").glob("rewriter-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "rewriter/_data/rules/lexicon/kancellisprog.yml" in names
    assert any(n.startswith("rewriter/_data/letter_templates/") for n in names)
    assert "rewriter/analysis/data/element_model.json" in names  # the learned element signal
    for template in ("style.css", "ui.html.j2", "report.html.j2", "audit.html.j2", "charts.svg.j2"):
        assert f"rewriter/templates/{template}" in names, template
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = ("import rewriter, rewriter.rules.resources as r, rewriter.templates as t; "
            "from rewriter.web.render import report_html; "
            "assert t.HERE.is_relative_to(r.rules_dir().parents[2]), t.HERE; "
            "assert 'rw-summary' in report_html(rewriter.check('Kære Åse. Du skal møde kl. 10.00.')); "
            "import rewriter.analysis.learned as lm; assert lm.MODEL_PATH.is_relative_to(r.rules_dir().parents[2]); "
            "assert 'bisidder' in lm.models(); "
            "print(r.rules_dir()); print(rewriter.check('Kære Åse. Du skal møde kl. 10.00.').metrics.words)")
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("REWRITER_RULES", None)
    out = subprocess.run(check=False, args=[sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert out.returncode == 0, out.stderr
    rules_path, words = out.stdout.split()
    assert rules_path.startswith(str(site)) and words == "7"
