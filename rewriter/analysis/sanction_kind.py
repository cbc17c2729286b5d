"""Which sanction a letter is about: fradrag for a tilbud (§ 36) or a samtale (§ 37), nedsættelse (§ 39),
ophør (§ 40) or the skærpet rådighedssanktion (§ 40 a); rules in ``rules/sanction_kinds.yml``.

Requires: the Letter, the case-folded text, the letter type and the rulebook.  Produces a
:class:`~rewriter.model.SanctionKind`:

* ``activity``: the kind the law gives for what the citizen was called to or did (a tilbud, a jobsamtale,
  refusing work), when that is clear: its score reaches the file's ``threshold`` and beats every other; the
  evidence is looked for in the subject lines and the key message first, then in the whole letter;
* ``stated``: the kinds whose consequence the letter states (its § or its wording), outside sentences
  that warn about the future ("næste gang", "hvis du igen"); a conditional sentence ("Hvis du ikke møder op i en
  hel kalendermåned, lukker vi din sag") states no explicit kind;
* ``id``: a stated kind that names its own sanction (``explicit``: nedsættelse, ophør, skærpet sanktion),
  else the activity's kind, else the one stated kind;
* ``mismatch``: the activity is clearly one of the ``mismatch`` kinds (tilbud / samtale) and the letter
  states the other one's consequence: finding KON005.
"""

from __future__ import annotations

from rewriter.analysis.folding import spans_holding
from rewriter.model import Letter, SanctionKind, Span


def _activity_scores(cfg, text: str) -> dict[str, float]:
    return {kid: sum(w for pat, w in k.activity if pat.found(text)) for kid, k in cfg.kinds.items()}


def _sentences_with(text: str, spans: list[Span], literals) -> set[int] | None:
    """The indices of ``spans`` whose text holds one of ``literals``; None when there are no literals (every span is
    a candidate)."""
    if literals is None:
        return None
    starts = [sp.start for sp in spans]
    return set().union(*(spans_holding(text, spans, starts, lit) for lit in literals))


def detect_sanction_kind(letter: Letter, folded: str, letter_type: str, rulebook, structure=None) -> SanctionKind | None:
    """``structure`` (roles and key message) narrows the activity evidence to the subject lines and the key
    message: what the letter is about, not a meeting it mentions in passing ("ved din seneste samtale")."""
    cfg = rulebook.sanction_kinds
    if cfg is None or letter_type not in cfg.letter_types:
        return None
    scores = {}
    if structure is not None:
        focus = [i for i, r in enumerate(structure.roles) if r == "subject"]
        if structure.key_message is not None:
            focus.append(structure.key_message)
        scores = _activity_scores(cfg, "\n\n".join(letter.paragraphs[i].span.slice(folded) for i in focus))
    if not any(scores.values()):
        scores = _activity_scores(cfg, folded)
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    activity = None
    if ranked and ranked[0][1] >= cfg.threshold and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        activity = ranked[0][0]
    evidence: dict[str, list[Span]] = {}
    # a pattern whose required literals are nowhere in the letter is in no sentence of it: one test per letter
    live = [(kid, k, [pat for pat in k.stated if not pat._absent(folded)]) for kid, k in cfg.kinds.items()]
    live = [(kid, k, pats) for kid, k, pats in live if pats]
    sentences = [s for p in letter.paragraphs for s in p.sentences] if live else []
    # the sentences that hold one of a pattern's required literals: found once in the whole text (a search of
    # every sentence for every pattern is mostly the literal test failing)
    spans = [s.span for s in sentences]
    live = [(kid, k, [(pat, _sentences_with(folded, spans, pat.required)) for pat in pats]) for kid, k, pats in live]
    for j, s in enumerate(sentences):
        sentence = s.span.slice(folded)
        found = []  # (kind, explicit, span): the sentence's statements, before asking whether it warns or is
        for kid, k, pats in live:  # conditional (most sentences state none: two searches saved on each)
            for pat, where in pats:
                if where is not None and j not in where:
                    continue
                m = pat.search(sentence) if where is None else pat.search_present(sentence)
                if m:
                    found.append((kid, k.explicit, Span(s.span.start + m.start(), s.span.start + m.end())))
                    break
        if not found or cfg.future.search(sentence):
            continue
        conditional = cfg.conditional is not None and cfg.conditional.search(sentence) is not None
        for kid, explicit_kind, span in found:
            if not (conditional and explicit_kind):
                evidence.setdefault(kid, []).append(span)
    stated = tuple(kid for kid in cfg.kinds if kid in evidence)
    explicit = [kid for kid in stated if cfg.kinds[kid].explicit]
    if explicit:
        kind = explicit[-1]  # the most severe the letter states (the file lists them from mild to severe)
    elif activity is not None:
        kind = activity
    elif len(stated) == 1:
        kind = stated[0]
    else:
        kind = None
    mismatch = (activity in cfg.mismatch and not explicit
                and any(k in cfg.mismatch and k != activity for k in stated))
    spec = cfg.kinds.get(kind) if kind else None
    return SanctionKind(
        id=kind, name=spec.name if spec else "", section=spec.section if spec else "",
        activity=activity, activity_scores={k: v for k, v in scores.items() if v},
        stated=stated, evidence={k: tuple(v) for k, v in evidence.items()}, mismatch=mismatch,
    )
