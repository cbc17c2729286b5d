"""``rewriter audit diff RUN_A RUN_B``: which templates got worse from run A to run B.

Files are matched by their path relative to the run's root, so two runs of
different checkouts or ZIPs of the same template folder compare.  A file is
*worse* when, from A to B:

* it can no longer be read;
* it has a new finding at or above ``fail_level`` (findings are compared as
  multisets of codes, because offsets move when text is edited);
* a required element present in A is missing in B;
* its LIX rose by more than ``lix_tolerance`` (default 1.0);
* the threat paragraph moved earlier: fewer body paragraphs before it and a share
  of body words before it that fell by more than ``threat_tolerance`` (default
  0.05), so text added after the threat does not count; or a threat appears in
  the first tenth of the body where A had none;
* a template branch loses a required element that no branch lost in A.

Both runs are read in path order and merged, so memory does not grow with the
number of files.  The exit code is 1 when any file is worse (a CI gate).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rewriter import labels
from rewriter.audit.stats import EARLY_THREAT
from rewriter.audit.store import Store
from rewriter.audit.worker import LEVEL_RANK



@dataclass
class Worse:
    path: str
    reasons: list[str]
    new_findings: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"path": self.path, "reasons": self.reasons, "new_findings": self.new_findings}


@dataclass
class RunDiff:
    run_a: int
    run_b: int
    common: int = 0
    unchanged: int = 0
    changed: int = 0  # changed, not worse
    worse: list[Worse] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.worse else 0

    def to_dict(self) -> dict:
        return {"schema": "rewriter.audit-diff/1", "run_a": self.run_a, "run_b": self.run_b, "common": self.common,
                "unchanged": self.unchanged, "changed": self.changed, "worse": [w.to_dict() for w in self.worse],
                "added": self.added, "removed": self.removed}


def diff_runs(store: Store, run_a: int, run_b: int, fail_level: str = "warning", lix_tolerance: float = 1.0,
              threat_tolerance: float = 0.05, titles: dict[str, str] | None = None,
              max_listed: int = 10_000) -> RunDiff:
    d = RunDiff(run_a, run_b)
    a_rows, b_rows = store.run_results(run_a), store.run_results(run_b)
    a, b = next(a_rows, None), next(b_rows, None)
    while a is not None or b is not None:
        if b is None or (a is not None and a["path"] < b["path"]):
            if len(d.removed) < max_listed:
                d.removed.append(a["path"])
            a = next(a_rows, None)
        elif a is None or b["path"] < a["path"]:
            if len(d.added) < max_listed:
                d.added.append(b["path"])
            b = next(b_rows, None)
        else:
            d.common += 1
            if a["result_id"] == b["result_id"]:
                d.unchanged += 1
            else:
                worse = compare(store, a, b, fail_level, lix_tolerance, threat_tolerance, titles or {})
                if worse.reasons:
                    d.worse.append(worse)
                else:
                    d.changed += 1
            a, b = next(a_rows, None), next(b_rows, None)
    return d


def compare(store: Store, a: dict, b: dict, fail_level: str, lix_tolerance: float, threat_tolerance: float,
            titles: dict[str, str]) -> Worse:
    w = Worse(b["path"], [])
    if b["status"] != "ok":
        if a["status"] == "ok":
            w.reasons.append(f"kan ikke længere læses: {b['error_code']} {b['error_message']}")
        return w
    if a["status"] != "ok":
        return w  # could not be read before: nothing to compare with
    rank = LEVEL_RANK[fail_level]
    old = Counter(f["code"] for f in store.findings(a["result_id"]))
    for f in store.findings(b["result_id"]):
        if old[f["code"]] > 0:
            old[f["code"]] -= 1
        elif LEVEL_RANK.get(f["level"], -1) >= rank:
            w.new_findings.append({"code": f["code"], "level": f["level"], "line": f["line"], "message": f["message"]})
            w.reasons.append(f"nyt fund {f['code']} ({labels.level(f['level'])}): {f['message']}")
    had = {e["id"] for e in a["elements"] if e["status"] != "missing"}
    for e in b["elements"]:
        if e["status"] == "missing" and e["level"] == "error" and e["id"] in had:
            w.reasons.append(f"påkrævet element mangler nu: {titles.get(e['id'], e['id'])}")
    if a["lix"] is not None and b["lix"] is not None and b["lix"] - a["lix"] > lix_tolerance:
        w.reasons.append(f"LIX steget fra {_num(a['lix'])} til {_num(b['lix'])}")
    pa, pb = a["threat_first_position"], b["threat_first_position"]
    ia, ib = a["threat_first_paragraph"], b["threat_first_paragraph"]
    earlier = pa is not None and pb is not None and pa - pb > threat_tolerance and (ia is None or ib < ia)
    if earlier or (pa is None and pb is not None and pb < EARLY_THREAT):
        before = "ingen trussel" if pa is None else f"{pa * 100:.0f} %"
        w.reasons.append(f"truslen er rykket frem: fra {before} til {pb * 100:.0f} % inde i brevet")
    if b["branch_gap_count"] > (a["branch_gap_count"] or 0):
        w.reasons.append(f"{b['branch_gap_count']} skabelongrene mister nu et påkrævet element "
                         f"(før {a['branch_gap_count'] or 0})")
    return w


def _num(v: float) -> str:
    return f"{v:.1f}".replace(".", ",")


def render_text(d: RunDiff) -> str:
    lines = [(f"Sammenligning af kørsel {d.run_a} og kørsel {d.run_b}: {d.common} fælles filer, "
              f"{len(d.worse)} blevet dårligere, {d.changed} ændret uden at blive dårligere, "
              f"{d.unchanged} uændrede, {len(d.added)} nye, {len(d.removed)} fjernet.")]
    for w in d.worse:
        lines.append(f"DÅRLIGERE {w.path}")
        lines.extend(f"  - {r}" for r in w.reasons)
    for p in d.added[:50]:
        lines.append(f"NY {p}")
    for p in d.removed[:50]:
        lines.append(f"FJERNET {p}")
    return "\n".join(lines)
