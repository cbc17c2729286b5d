"""One streaming pass over a run's results: the numbers the summary and the HTML report show."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from rewriter.audit import charts

EARLY_THREAT = 0.1  # a threat that starts in the first tenth of the body counts as "threat first"


@dataclass
class RunStats:
    files: int = 0
    ok: int = 0
    errors: int = 0
    skipped: int = 0
    warnings: int = 0
    with_error_findings: int = 0
    missing_required: int = 0
    threat_first: int = 0
    branch_gaps: int = 0
    lix: dict[str, int] = field(default_factory=dict)
    lix_values_sample: list[float] = field(default_factory=list)
    lix_sum: float = 0.0
    lix_n: int = 0
    threat: dict[str, int] = field(default_factory=dict)
    missing: dict[tuple[str, str], int] = field(default_factory=dict)  # (element id, level) -> templates
    letter_types: dict[str, int] = field(default_factory=dict)
    error_codes: dict[str, int] = field(default_factory=dict)

    @property
    def lix_mean(self) -> float | None:
        return self.lix_sum / self.lix_n if self.lix_n else None

    @property
    def lix_median(self) -> float | None:
        return statistics.median(self.lix_values_sample) if self.lix_values_sample else None


def collect(rows) -> RunStats:
    """Aggregate ``Store.run_results`` rows; memory does not grow with the number of files
    (the median is taken over the first 100.000 LIX values)."""
    s = RunStats()
    for r in rows:
        s.files += 1
        if r["status"] != "ok":
            if r["status"] == "error":
                s.errors += 1
            else:
                s.skipped += 1
            s.error_codes[r["error_code"]] = s.error_codes.get(r["error_code"], 0) + 1
            continue
        s.ok += 1
        s.warnings += bool(r["warnings"])
        s.with_error_findings += r["n_error"] > 0
        s.missing_required += r["missing_required"] > 0
        s.branch_gaps += r["branch_gap_count"] > 0
        lt = r["letter_type"] or "unknown"
        s.letter_types[lt] = s.letter_types.get(lt, 0) + 1
        if r["lix"] is not None:
            b = charts.lix_bin(r["lix"])
            s.lix[b] = s.lix.get(b, 0) + 1
            s.lix_sum += r["lix"]
            s.lix_n += 1
            if len(s.lix_values_sample) < 100_000:
                s.lix_values_sample.append(r["lix"])
        pos = r["threat_first_position"]
        tb = charts.threat_bin(pos)
        s.threat[tb] = s.threat.get(tb, 0) + 1
        if pos is not None and pos < EARLY_THREAT:
            s.threat_first += 1
        for e in r["elements"]:
            if e["status"] == "missing" and e["level"] in ("error", "warning"):
                k = (e["id"], e["level"])
                s.missing[k] = s.missing.get(k, 0) + 1
    return s
