"""Template branch coverage: every {% if %} variant is checked for the required elements."""

from __future__ import annotations

from auditkit import AFGOERELSE, by_path
from docxfactory import make_docx, text_para

from rewriter.audit import branches as br
from rewriter.audit.runner import run_audit
from rewriter.audit.store import Store
from rewriter.audit.worker import AuditOptions


def test_parse_and_enumerate_variants():
    text = "A {% if x %}B{% elif y %}C{% else %}D{% endif %} E {%- if z -%}F{%p if w %}G{%p endif %}{% endif %}"
    nodes = br.parse(text)
    assert br.count(nodes) == 9
    got = {t for _, t in br.variants(nodes)}
    assert got == {f"A {a} E {b}" for a in "BCD" for b in ("FG", "F", "")}
    choices = [c for c, _ in br.variants(nodes)]
    assert (("if x", "else"), ("if z", "ingen gren")) in choices
    assert br.variants(br.parse("{{ navn }} uden blokke")) == [((), "{{ navn }} uden blokke")]


def test_bound_keeps_every_branch_covered():
    text = "".join(f"{{% if b{i} %}}x{i}{{% elif c{i} %}}y{i}{{% else %}}z{i}{{% endif %}} " for i in range(6))
    nodes = br.parse(text)
    assert br.count(nodes) == 3 ** 6
    chosen = br.variants(nodes, bound=10)
    assert len(chosen) == 10
    texts = " ".join(t for _, t in chosen)
    assert all(f"{k}{i}" in texts for i in range(6) for k in "xyz")  # each branch at least once


def test_unbalanced_tags_give_a_warning():
    cov = br.coverage("{% if x %}A", lambda t: {})
    assert [w["code"] for w in cov.warnings] == ["A409"] and cov.variants == 0


def _template() -> str:
    paras = AFGOERELSE.read_text(encoding="utf-8").rstrip("\n").split("\n\n")
    i = next(i for i, p in enumerate(paras) if p.startswith("Klagevejledning"))
    paras[i] = ("{% if klageadgang %}\n" + paras[i] + "\n{% else %}\n"
                "Afgørelsen kan ikke påklages til anden administrativ myndighed.\n{% endif %}")
    j = next(i for i, p in enumerate(paras) if p.startswith("Har du spørgsmål"))
    paras[j] = "{% if sagsbehandler %}Har du spørgsmål, så ring til {{ sagsbehandler }}.{% endif %}"
    return "\n\n".join(paras) + "\n"


def test_branch_that_drops_the_klagevejledning_is_reported(tmp_path):
    root = tmp_path / "skabeloner"
    root.mkdir()
    (root / "afgoerelse.txt").write_text(_template(), encoding="utf-8")
    paras = _template().rstrip("\n").split("\n\n")
    (root / "afgoerelse.docx").write_bytes(make_docx("".join(text_para(p) for p in paras)))
    (root / "uden_grene.txt").write_text(AFGOERELSE.read_text(encoding="utf-8"), encoding="utf-8")
    summary = run_audit(root, tmp_path / "a.sqlite")
    rows = by_path(tmp_path / "a.sqlite")
    assert summary.branch_gaps == 2
    with Store.open(tmp_path / "a.sqlite") as store:
        for name in ("afgoerelse.txt", "afgoerelse.docx"):
            r = rows[name]
            assert r["branch_variants"] == 4 and r["branch_total"] == 4
            gaps = store.branch_gaps(r["result_id"])
            assert gaps and all("if klageadgang: else" in g["choices"] for g in gaps)
            assert all({"complaint_deadline", "complaint_body"} <= set(g["missing"]) for g in gaps)
            assert not any("if klageadgang: if klageadgang" in g["choices"] for g in gaps)
    assert rows["uden_grene.txt"]["branch_variants"] is None
    no_branches = run_audit(root, tmp_path / "b.sqlite", AuditOptions(branches=False))
    assert no_branches.branch_gaps == 0
