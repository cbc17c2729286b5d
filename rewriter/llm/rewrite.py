"""``llm`` mode: a local language model rewrites the body paragraph by paragraph, guarded.

Requires: a letter (text, path, :class:`Letter` or :class:`Report`) and a
:class:`~.backend.Backend`.  Produces: an :class:`LlmProposal`: a
:class:`~rewriter.rewrite.Proposal` with, in addition, ``paragraphs`` (for every
original paragraph: ``model`` or ``rule``, and why it fell back) and ``llm``
(model, device, time, tokens).

Steps:

1. The rule-based ``default`` proposal is made first (:func:`rewriter.rewrite.propose`);
   its block plan (restructured order, "Kort fortalt" box, safe word swaps) is the
   structure the model writes into, and its text is what every paragraph falls back to.
2. Each body paragraph (not the letterhead, date, subject, greeting, closing or the
   box; at least :data:`MIN_WORDS` words) is masked (:mod:`.mask`: facts, names and
   CPR numbers become ``⟦F1⟧`` tokens), put in the prompt, sent to the model, parsed
   and restored.  Once the letter's time limit is used, the remaining paragraphs
   are not sent ("tidsgrænse").
3. Per paragraph: the restored text must have exactly the paragraph's facts
   (:mod:`rewriter.analysis.facts` values), be Danish text of a sane length, differ from the
   rule-based text, and not be harder to read (LIX) than the paragraph was.
   Otherwise: rule-based text.
4. The whole letter then passes the same safety check as every rule-based proposal
   (:func:`rewriter.rewrite.safety.guard`: facts, legal elements, LIX, stability).
   While it fails, model paragraphs go back to the rule-based text: first those the
   check names, then one at a time from the end.

Model text is never ``safe``: each kept model paragraph is a ``review`` fix with
origin ``model:<name>``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from rewriter.analysis.pipeline import check
from rewriter.model import Applicability, Edit, Fix, Letter, Report
from rewriter.analysis.readability import text_lix
from rewriter.rewrite.plan import Block, moves, original_blocks
from rewriter.rewrite.propose import (
    Proposal,
    culprit_paragraphs,
    propose,
    recheck,
    text_of,
)
from rewriter.rewrite.restructure import is_summary
from rewriter.rewrite.safety import LIX_TOLERANCE, Guard
from rewriter import labels
from rewriter.rules.language import language
from rewriter.rules.rulebook import load_rulebook
from rewriter.llm.backend import Backend, GenerationSettings, PromptTooLong
from rewriter.llm.mask import CPR_LIKE, RestoreError, kind_da, mask, private_names, restore
from rewriter.llm.mask import _fact_keys as fact_keys

MODE = "llm"
MIN_WORDS = 6
SKIP_ROLES = frozenset({"letterhead", "date", "subject", "greeting", "closing"})
TIME_LIMIT_REASON = "tidsgrænse: brevets tid til sprogmodellen var brugt"


@dataclass(frozen=True)
class ParagraphResult:
    index: int  # the original paragraph
    role: str | None
    source: str  # "model" | "rule"
    sent: bool  # was it given to the model
    reason: str | None = None  # why the rule-based text was kept (Danish); None when the model's text is used
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "role": self.role, "source": self.source, "sent_to_model": self.sent,
                "reason": self.reason, "seconds": round(self.seconds, 3)}


@dataclass(frozen=True)
class LlmProposal(Proposal):
    paragraphs: tuple[ParagraphResult, ...] = ()
    llm: Mapping[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        out = super().to_dict()
        out["paragraphs"] = [p.to_dict() for p in self.paragraphs]
        out["llm"] = dict(self.llm or {})
        return out


# ---------------------------------------------------------------- the rule-based plan

def _rule_blocks(base: Proposal) -> list[Block]:
    letter = base.report.letter
    if base.offered and base.blocks:
        return list(base.blocks)
    if base.offered:  # no restructure (fallback or no structure): the paragraphs with their applied swaps
        from rewriter.rewrite.plan import with_edits

        edits = [e for f in base.fixes if f.applicability != Applicability.DISPLAY_ONLY for e in f.edits]
        return [with_edits(letter, b, edits) for b in original_blocks(letter)]
    return original_blocks(letter)


def _variant(blocks: list[Block]) -> dict[str, bool]:
    """The :func:`plan_fixes` variant the rule-based plan came from (for the stability check)."""
    if not any(b.source is None for b in blocks) and [b.source for b in blocks] == sorted(b.source for b in blocks):
        return {"box": False, "restructure": False}
    if not any(b.origin == "summary" for b in blocks):
        return {"box": False}
    return {}


def _skip_reason(report: Report, block: Block) -> str | None:
    p = report.letter.paragraphs[block.source]
    body = list(report.placement.body_paragraphs)
    if p.role in SKIP_ROLES:
        return f"sendes ikke til modellen ({language().label('roles_in_prompt', p.role)})"
    if body and block.source not in body:
        return "sendes ikke til modellen (uden for brevets brødtekst)"
    if is_summary(block.text):
        return "sendes ikke til modellen ('Kort fortalt')"
    if len(re.findall(r"\w+", block.text)) < MIN_WORDS:
        return "sendes ikke til modellen (for kort)"
    return None


# ---------------------------------------------------------------- one paragraph

def _garbage(text: str) -> bool:
    visible = [c for c in text if not c.isspace()]
    if not visible or "\ufffd" in text or any(ord(c) < 32 and c not in "\n\t" for c in text):
        return True
    if sum(c.isalpha() for c in visible) / len(visible) < 0.6:
        return True
    words = re.findall(r"[\wæøå]+", text.lower())
    if any(len(w) > 40 for w in words) or re.search(r"(.)\1{5,}", text):
        return True
    return len(words) >= 5 and not (frozenset(language().words["function_words"]) & set(words))


def paragraph_problem(before: str, after: str, letter_date: dt.date | None, original: str | None = None
                      ) -> str | None:
    """Why the model's restored paragraph ``after`` may not replace ``before`` (the rule-based text of a
    paragraph whose ``original`` text was given), in Danish; None when it may."""
    if not after.strip():
        return "modellen svarede ikke med noget afsnit"
    if _garbage(after):
        return "modellens tekst er ikke forståelig dansk"
    if " ".join(after.split()) == " ".join(before.split()):
        return "modellen ændrede ikke afsnittet"
    n_before, n_after = len(re.findall(r"\w+", before)), len(re.findall(r"\w+", after))
    if n_after < max(3, 0.4 * n_before):
        return f"modellens tekst er for kort ({n_after} ord mod {n_before})"
    if n_after > 1.8 * n_before + 10:
        return f"modellens tekst er for lang ({n_after} ord mod {n_before})"
    have, had = fact_keys(after, letter_date), fact_keys(before, letter_date)
    if had - have:
        kind, value = min(had - have)
        return f"{kind_da(kind)} fra afsnittet mangler ({value})"
    if have - had:
        kind, value = min(have - had)
        return f"modellens tekst har {kind_da(kind, new=True)} ({value})"
    # not harder to read than the paragraph was (the letter as a whole is held to the same by guard())
    lix_before = max(text_lix(before), text_lix(original)) if original else text_lix(before)
    lix_after = text_lix(after)
    if lix_after > lix_before + LIX_TOLERANCE:
        return f"modellens tekst er sværere at læse (LIX {lix_before:.1f} bliver {lix_after:.1f})"
    return None


def _context(report: Report, block: Block, masked) -> dict[str, Any]:
    role = report.letter.paragraphs[block.source].role
    lang = language()
    known = report.letter_type != "unknown"
    return {"brevtype": labels.letter_type(report.letter_type, long=True).lower() if known
            else lang.label("prompt", "letter"),
            "rolle": lang.labels["roles_in_prompt"].get(role, lang.label("roles_in_prompt", "other")),
            "pladsholdere": [{"token": s.token, "art": s.label} for s in masked.slots]}


def _leaks(prompt: str, masked_text: str, names) -> bool:
    """A CPR-like number anywhere in the prompt, or a private name in the paragraph put into it."""
    return bool(CPR_LIKE.search(prompt)) or any(
        re.search(rf"(?<![\wæøåÆØÅ]){re.escape(n)}(?![\wæøåÆØÅ])", masked_text) for n in names)


def _rewrite_paragraph(backend: Backend, settings: GenerationSettings, report: Report, block: Block, names,
                       letter_date, remaining: float) -> tuple[str | None, str | None]:
    """(the model's restored paragraph, None) or (None, the Danish reason it was not used)."""
    masked = mask(block.text, names=names, letter_date=letter_date)
    prompt = backend.build_prompt(masked.text, _context(report, block, masked))
    if _leaks(prompt, masked.text, names):  # defence in depth: mask() should have caught it
        return None, "afsnittet indeholder personoplysninger, som ikke kunne skjules for modellen"
    try:
        raw = backend.generate(prompt, replace(settings, max_time=remaining))
    except PromptTooLong:
        return None, "afsnittet er for langt til modellens kontekstvindue"
    except Exception as exc:  # noqa: BLE001 - an engine error costs this paragraph, not the letter
        return None, f"modellen fejlede ({type(exc).__name__})"
    try:
        restored = restore(masked, backend.parse(raw))
    except RestoreError as exc:
        return None, exc.reason
    original = report.letter.paragraphs[block.source].span.slice(report.letter.text)
    problem = paragraph_problem(block.text, restored, letter_date, original)
    return (None, problem) if problem else (restored, None)


# ---------------------------------------------------------------- the letter

def _inside(letter: Letter, indices, span) -> bool:
    return any(letter.paragraphs[i].span.start <= span.start and span.end <= letter.paragraphs[i].span.end
               for i in indices)


def _spans(fix: Fix):
    return [e.span for e in fix.edits] or ([fix.span] if fix.span is not None else [])


def _assemble(base: Proposal, blocks: list[Block], texts: dict[int, str], origin: str
              ) -> tuple[list[Block], list[Fix]]:
    """The plan with the model's paragraphs, and its fixes (edits against the original text)."""
    letter = base.report.letter
    final = [Block(b.source, texts[b.source], (Edit(letter.paragraphs[b.source].span, texts[b.source]),), origin)
             if b.source in texts else b for b in blocks]
    stay, move_edits, _inner = moves(letter, final)
    box = next((b for b in final if b.source is None and b.origin == "summary"), None)
    box_edits = [e for e in move_edits if box is not None and e.span.start == e.span.end
                 and e.replacement.strip() == box.text]
    real_moves = [e for e in move_edits if e not in box_edits]
    if box_edits and any(e.span == box_edits[0].span for e in real_moves):
        real_moves, box_edits = move_edits, []
    fixes: list[Fix] = []
    if real_moves:
        moved = [b for b in final if b.source is not None and b.source not in stay]
        title = "Sæt hovedbudskabet først og konsekvensen efter hjælpen"
        if box is not None and not box_edits:
            title += ", og indsæt 'Kort fortalt'"
        by_model = any(b.source in texts for b in moved)
        if by_model:
            title += " (med sprogmodellens omskrivning af de flyttede afsnit – læs dem igennem)"
        elif any(b.edits for b in moved):
            title += " (med de sikre sproglige rettelser i de flyttede afsnit)"
        fixes.append(Fix(title, tuple(sorted(real_moves, key=lambda e: (e.span.start, e.span.end))),
                         Applicability.REVIEW, origin=origin if by_model else "restructure"))
    if box_edits:
        fixes.append(Fix("Indsæt en 'Kort fortalt'-boks med brevets vigtigste fakta", tuple(box_edits),
                         Applicability.REVIEW, origin="restructure:kort-fortalt"))
    for b in final:
        if b.source in texts and b.source in stay:
            fixes.append(Fix("Skriv afsnittet i klart sprog (forslag fra sprogmodellen – læs det igennem)", b.edits,
                             Applicability.REVIEW, origin=origin))
    for f in base.fixes:  # the rule-based fixes outside the model's paragraphs stay as they were
        if f.origin.startswith("restructure") or any(_inside(letter, texts, s) for s in _spans(f)):
            continue
        if f.applicability == Applicability.DISPLAY_ONLY:
            fixes.append(f)
        elif base.offered and all(_inside(letter, stay, s) for s in _spans(f)):
            fixes.append(f)  # a swap in a paragraph that stays (swaps in moved paragraphs travel with the move)
    fixes.sort(key=lambda f: (f.edits[0].span.start if f.edits else (f.span.start if f.span else 0)))
    return final, fixes


def propose_llm(source, backend: Backend, settings: GenerationSettings | None = None, *,
                letter_type: str | None = None, rules: str | os.PathLike | None = None, profile: str | None = None,
                date: str | dt.date | None = None, progress: Callable[[int, int], None] | None = None,
                clock: Callable[[], float] = time.monotonic) -> LlmProposal:
    """Rewrite ``source``'s body with ``backend``, paragraph by paragraph, inside the rule-based plan."""
    settings = (settings or GenerationSettings()).validate()
    report = source if isinstance(source, Report) else check(source, letter_type, rules=rules, profile=profile,
                                                              date=date)
    rules_dir = load_rulebook(rules).path
    base = propose(report, "default", rules=rules, profile=profile)
    blocks = _rule_blocks(base)
    letter = report.letter
    letter_date = dt.date.fromisoformat(report.letter_date) if report.letter_date else None
    names = private_names(report)
    origin = f"model:{backend.name}"
    reasons: dict[int, str | None] = {b.source: _skip_reason(report, b) for b in blocks if b.source is not None}
    seconds: dict[int, float] = {}
    todo = [b for b in blocks if b.source is not None and reasons[b.source] is None]
    texts: dict[int, str] = {}
    stats = getattr(backend, "stats", None)
    first_stat = len(stats) if isinstance(stats, list) else 0
    t0 = clock()
    for n, b in enumerate(todo, start=1):
        if progress is not None:
            progress(n, len(todo))
        used = clock() - t0
        if used >= settings.time_limit:
            reasons[b.source] = TIME_LIMIT_REASON
            continue
        started = clock()
        text, reason = _rewrite_paragraph(backend, settings, report, b, names, letter_date,
                                          settings.time_limit - used)
        seconds[b.source] = clock() - started
        reasons[b.source] = reason
        if text is not None:
            texts[b.source] = text
    generation_seconds = clock() - t0
    variant = _variant(blocks)
    result: tuple[list[Block], list[Fix], Guard, Report] | None = None
    dropped_first = False
    while texts:
        final, fixes = _assemble(base, blocks, texts, origin)
        g, after = recheck(report, text_of(letter, fixes), "default", rules, profile, rules_dir, variant)
        if g.passed:
            result = (final, fixes, g, after)
            break
        why = "sikkerhedstjekket af hele brevet: " + " ".join(g.reasons)
        culprits = culprit_paragraphs(report, g) & set(texts) if not dropped_first else set()
        dropped_first = True
        for i in culprits or [max(texts, key=lambda i: [b.source for b in blocks].index(i))]:
            del texts[i]
            reasons[i] = why
    results = tuple(ParagraphResult(p.index, p.role, "model" if p.index in texts else "rule", p.index in seconds,
                                    None if p.index in texts else reasons.get(p.index), seconds.get(p.index, 0.0))
                    for p in letter.paragraphs)
    new_stats = stats[first_stat:] if isinstance(stats, list) else []
    tokens = int(sum(s.get("new_tokens", 0) for s in new_stats))
    model_seconds = sum(s.get("seconds", 0.0) for s in new_stats)
    info = {**(backend.info() if hasattr(backend, "info") else {"model": backend.name}),
            "paragraphs_sent": len(seconds), "paragraphs_from_model": len(texts),
            "seconds": round(generation_seconds, 3), "new_tokens": tokens,
            "tokens_per_second": round(tokens / model_seconds, 1) if model_seconds > 0 else None,
            "time_limit": settings.time_limit}
    if result is None:
        return LlmProposal(base.text, MODE, base.fixes, base.guard, report, base.blocks, base.after,
                           base.fallback_reasons, sources=base.sources, paragraphs=results, llm=info)
    final, fixes, g, after = result
    return LlmProposal(text_of(letter, fixes), MODE, tuple(fixes), g, report, tuple(final), after,
                       base.fallback_reasons, paragraphs=results, llm=info)
