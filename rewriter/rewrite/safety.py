"""The safety check every proposal passes before it is offered.

Requires: the original :class:`Report` and the proposed text.  Produces: a
:class:`Guard` saying whether the proposal

* keeps every fact of the original (:mod:`rewriter.analysis.facts`: the same value,
  whatever the notation: "7. december 2026" may become "07.12.2026", never
  "8. december"; an amount keeps its value; every merge field stays),
* keeps every legal element that was present (re-checked with the same letter
  type, profile and rules date by the checker itself),
* does not make LIX worse,
* is stable: proposing again on the result changes nothing,
* introduces no Danish grammar error (:mod:`.grammar`: agreement, two finite verbs in a row,
  verb-second, repeated words, doubled punctuation, a stranded preposition, a list cut
  mid-clause, a broken construction), compared sentence by sentence with the original sentence
  each comes from,
* does not address the reader both as De and as du where the original used one form
  (:func:`.grammar.mixed_address_introduced`, the whole letter),
* says nothing the original does not: every sentence traces to a sentence of the original or
  to a labelled addition (:mod:`.provenance`).

A proposal that fails is downgraded to display-only with these reasons; it is
never offered as applicable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rewriter import labels
from rewriter.analysis.facts import fact_keys
from rewriter.model import Report
from rewriter.rewrite.grammar import grammar as load_grammar, introduced, mixed_address_introduced
from rewriter.rewrite.provenance import SentenceSource

_RANK = {"missing": 0, "wrong": 1, "placeholder": 1, "partial": 1, "present": 2}
LIX_TOLERANCE = 0.05


@dataclass(frozen=True)
class Guard:
    passed: bool
    facts_missing: tuple[dict[str, Any], ...] = ()
    elements_lost: tuple[str, ...] = ()
    lix_before: float = 0.0
    lix_after: float = 0.0
    idempotent: bool = True
    key_message_first: bool | None = None
    threat_before_key_message: bool | None = None
    reasons: tuple[str, ...] = field(default=())
    grammar: tuple[dict[str, Any], ...] = ()  # introduced errors: kind, text, message, sentence (original index)
    untraced: tuple[str, ...] = ()  # sentences of the proposal that trace to nothing in the original
    culprit_sentences: tuple[int, ...] = ()  # original sentences whose rewrite introduced an error

    def to_dict(self) -> dict[str, Any]:
        return {
            "passed": self.passed,
            "facts_missing": list(self.facts_missing),
            "elements_lost": list(self.elements_lost),
            "lix_before": self.lix_before,
            "lix_after": self.lix_after,
            "idempotent": self.idempotent,
            "key_message_first": self.key_message_first,
            "threat_before_key_message": self.threat_before_key_message,
            "grammar": [dict(d) for d in self.grammar],
            "untraced": list(self.untraced),
            "reasons": list(self.reasons),
        }


def facts_missing(before: Report, after: Report) -> list[dict[str, Any]]:
    have = fact_keys(after.facts)
    text = after.letter.text
    out = []
    seen = set()
    for f in before.facts:
        key = (f.kind, f.value)
        if key in seen:
            continue
        seen.add(key)
        if key in have:
            continue
        if f.kind in ("name", "address", "case_number", "email") and f.text in text:
            continue  # found again as written (extraction around it may differ)
        out.append({"kind": f.kind, "text": f.text, "value": f.value})
    return out


def elements_lost(before: Report, after: Report) -> list[str]:
    now = {e.id: e.status for e in after.elements}
    lost = []
    for e in before.elements:
        if e.status == "missing":
            continue
        if _RANK.get(now.get(e.id, "missing"), 0) < _RANK.get(e.status, 0):
            lost.append(e.id)
    return lost


def grammar_introduced(before: Report, after: Report,
                       sources: tuple[SentenceSource, ...] | None) -> list[dict[str, Any]]:
    """The grammar errors ``after`` introduces: each group of proposed sentences against the original
    sentence it comes from (additions against nothing); without ``sources``, text against text."""
    g = load_grammar(before.rulebook.path)
    if sources is None:
        return [{**d.to_dict(), "sentence": None} for d in introduced(before.letter.text, after.letter.text, g)]
    otext = before.letter.text
    osents = before.letter.sentences
    by_src: dict[int, list[SentenceSource]] = {}
    out = []
    for s in sources:
        if s.kind == "addition":
            out += [{**d.to_dict(), "sentence": None} for d in introduced("", s.text, g)]
        elif s.sentence is not None and s.kind != "untraced":
            by_src.setdefault(s.sentence, []).append(s)
    for k, group in by_src.items():
        original = osents[k].span.slice(otext)
        proposed = "\n".join(s.text for s in group)
        if proposed == original:
            continue
        out += [{**d.to_dict(), "sentence": k} for d in introduced(original, proposed, g)]
        if len(group) > 1:  # a split: no piece may end in a preposition cut from its clause
            out += [{**d.to_dict(), "sentence": k} for d in g.cut_defects(original, [s.text for s in group])]
    return out


def guard(before: Report, after: Report, idempotent: bool = True,
          sources: tuple[SentenceSource, ...] | None = None) -> Guard:
    """Compare the original report with the report of the proposed text.

    ``sources`` (:func:`.provenance.trace`) is where each proposed sentence comes from; without it
    (the local language model's paraphrases) the grammar is compared text against text and
    provenance is not checked.
    """
    missing = facts_missing(before, after)
    lost = elements_lost(before, after)
    lix_before = before.metrics.lix
    lix_after = after.metrics.lix
    reasons = []
    for f in missing:
        reasons.append(f"Forslaget mangler et faktum fra brevet ({labels.fact_kind(f['kind'])}): '{f['text']}'.")
    for eid in lost:
        reasons.append(f"Forslaget mangler et element, som brevet havde: {eid}.")
    if lix_after > lix_before + LIX_TOLERANCE:
        reasons.append(f"Forslaget er sværere at læse: LIX {lix_before:.1f} bliver {lix_after:.1f}.")
    if not idempotent:
        reasons.append("Forslaget er ikke stabilt: et nyt forslag på resultatet ændrer det igen.")
    errors = grammar_introduced(before, after, sources) if after is not before else []
    for d in errors:
        reasons.append(f"Forslaget indfører en sproglig fejl: {d['message']}.")
    if after is not before and mixed_address_introduced(before.letter.text, after.letter.text,
                                                        load_grammar(before.rulebook.path)):
        reasons.append("Forslaget blander De og du over for den samme læser: skriv hele brevet i du-form, "
                       "eller lad det stå i De-form.")
    loose = [s.text.strip() for s in sources or () if s.kind == "untraced"]
    for t in loose:
        short = t if len(t) <= 80 else t[:77] + "..."
        reasons.append(f"Forslaget har en sætning, som ikke kommer fra brevet: '{short}'.")
    placement = after.placement
    return Guard(
        passed=not reasons,
        facts_missing=tuple(missing),
        elements_lost=tuple(lost),
        lix_before=round(lix_before, 1),
        lix_after=round(lix_after, 1),
        idempotent=idempotent,
        key_message_first=placement.key_message_first,
        threat_before_key_message=placement.threat_before_key_message,
        reasons=tuple(reasons),
        grammar=tuple(errors),
        untraced=tuple(loose),
        culprit_sentences=tuple(sorted({d["sentence"] for d in errors if d["sentence"] is not None})),
    )
