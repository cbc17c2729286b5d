"""``template``: the model letter for the letter type, filled with the letter's facts.

Requires: a :class:`Report` with facts and roles.  Produces: one :class:`Fix`
replacing the whole text (for review): ``letter_templates/letters/<type>_<kind>.j2`` (``<type>.j2`` for a type
without sanction kinds)
rendered (sandboxed, StrictUndefined), with the original letter's own paragraphs
kept wherever the model letter does not say the same.

* A fact that was not extracted stays a visible placeholder such as
  ``[MØDEDATO]``, never invented.
* An original body paragraph gives way to the model letter only when every element
  it carries is one the model letter states in full (``letters/covers.yml``) and
  every fact in it appears in the filled model letter.  Every other paragraph is
  kept, in its plain-language form (the safe and review swaps and splits of
  :mod:`.plain`), and placed by the restructure ranks among the model letter's
  paragraphs; a model paragraph whose elements the kept paragraphs already carry
  is left out, so nothing is said twice.

The safety check of :func:`.propose.propose` then decides: a result that lost a
fact or an element is display-only.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rewriter.rewrite.edits import apply
from rewriter.analysis.facts import fact_keys
from rewriter.model import Applicability, Edit, Fix, Report, Span
from rewriter.rules.resources import templates_dir
from rewriter.rules.templates import render_template, snippet_context
from rewriter.rules.yamlio import load_yaml
from rewriter.rewrite.restructure import body_range, body_ranks, movable, pre_body
from rewriter.rewrite.summary import facts_for_summary


def template_context(report: Report) -> dict[str, str]:
    letter = report.letter
    ctx = snippet_context(letter)
    facts = facts_for_summary(report)
    paras = letter.paragraphs
    head = [p for p in paras if p.role in ("letterhead",)]
    date = next((p for p in paras if p.role == "date"), None)
    name = next((f.text for f in report.facts if f.kind == "name"), None)
    greeting = next((p.span.slice(letter.text) for p in paras if p.role == "greeting"), None)
    return {
        "hilsen": greeting.strip() if greeting else "Kære [NAVN]",
        "afsender": head[0].span.slice(letter.text) if head else "[AFSENDER]",
        "modtager": head[1].span.slice(letter.text) if len(head) > 1 else "[MODTAGER]",
        "dato": date.span.slice(letter.text) if date else "[DATO]",
        "navn": greeting.split(None, 1)[1].strip(" ,") if greeting and len(greeting.split()) > 1 else "[NAVN]",
        "naar": facts.get("naar", "[MØDEDATO OG KLOKKESLÆT]"),
        "sted": facts.get("hvor", "[MØDESTED]"),
        "telefon": facts.get("telefon", ctx["telefon"]),
        "frist": facts.get("frist", "[SVARFRIST]"),
        "beloeb": facts.get("beloeb", "[BELØB]"),
        "klagefrist": facts.get("klagefrist", "4 uger"),
        "sagsbehandler": name or "[SAGSBEHANDLER]",
        "kommune": ctx["kommune"],
    }


FIXED_POINT_ROUNDS = 4


@lru_cache(maxsize=32)
def _checked(text: str, letter_type: str) -> Report:
    """The checker's report of a model letter or a merged draft; the same texts come back while the
    merge runs to its fixed point and when the safety check proposes again on the result."""
    from rewriter.analysis.pipeline import check

    return check(text, letter_type)


@lru_cache(maxsize=4)
def _covers(folder: Path) -> dict[str, frozenset[str]]:
    path = folder / "letters" / "covers.yml"
    if not path.is_file():
        return {}
    return {t: frozenset(ids or ()) for t, ids in (load_yaml(path).get("covers") or {}).items()}


def _elements_by_paragraph(report: Report) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for e in report.elements:
        if e.status in ("present", "partial", "placeholder"):
            for i in e.paragraphs:
                out.setdefault(i, set()).add(e.id)
    return out


def _plain_paragraph(report: Report, index: int, plain: list[Fix]) -> str:
    """The paragraph with the plain-language edits that lie inside it applied."""
    span = report.letter.paragraphs[index].span
    edits = [Edit(Span(e.span.start - span.start, e.span.end - span.start), e.replacement)
             for f in plain if f.applicability != Applicability.DISPLAY_ONLY for e in f.edits
             if span.start <= e.span.start and e.span.end <= span.end]
    return apply(span.slice(report.letter.text), edits) if edits else span.slice(report.letter.text)


def merged_text(report: Report, model: Report, covers: frozenset[str], plain: list[Fix],
                recheck=None) -> str:
    """The model letter with the original paragraphs it does not cover, placed by rank.

    ``recheck(text)`` (the checker) lets a paragraph that was left out come back when the
    merged letter turns out to lack one of its facts or elements.
    """
    orig_rng = body_range(report)
    if orig_rng is None or body_range(model) is None or body_ranks(report) is None or body_ranks(model) is None:
        return model.letter.text
    model_keys = fact_keys(model.facts)
    by_para = _elements_by_paragraph(report)
    model_paragraphs = {p.span.slice(model.letter.text).strip() for p in model.letter.paragraphs}
    kept = []
    for i in movable(report):
        span = report.letter.paragraphs[i].span
        elements = by_para.get(i, set())
        if span.slice(report.letter.text).strip() in model_paragraphs:
            continue  # the model letter's own wording (proposing again on a result)
        if elements and elements <= covers and _facts_of(report, span) <= model_keys:
            continue  # the model letter says this, with the same facts
        kept.append(i)
    verbatim: set[int] = set()  # kept paragraphs whose plain-language edits cost a fact or an element
    own_head = own_tail = False  # the original letterhead/subject or sign-off, when they hold a fact
    text = _merge(report, model, kept, plain, verbatim, own_head, own_tail)
    n = len(report.letter.paragraphs)
    for _ in range(n) if recheck is not None else ():
        after = recheck(text)
        missing = fact_keys(report.facts) - fact_keys(after.facts)
        now = {e.id for e in after.elements if e.status != "missing"}
        lost = {e.id for e in report.elements if e.status != "missing" and e.id not in now}

        def needed(i: int) -> bool:
            return bool(_facts_of(report, report.letter.paragraphs[i].span) & missing or by_para.get(i, set()) & lost)

        back = [i for i in movable(report) if i not in kept and needed(i)]
        plain_cost = {i for i in kept if i not in verbatim and needed(i)}
        pre = set(pre_body(report))
        threats = set(report.placement.threat_paragraphs)
        # a warning subject that holds a fact moves down to the consequence; other head lines stay as written
        back += [i for i in range(orig_rng[0]) if i not in pre and i not in kept and i in threats and needed(i)]
        head = not own_head and any(needed(i) for i in range(orig_rng[0]) if i not in pre and i not in threats)
        tail = not own_tail and any(needed(i) for i in range(orig_rng[1] + 1, n))
        if not (back or plain_cost or head or tail):
            break
        kept = sorted(kept + back)
        verbatim |= plain_cost
        own_head, own_tail = own_head or head, own_tail or tail
        text = _merge(report, model, kept, plain, verbatim, own_head, own_tail)
    return text


def _facts_of(report: Report, span: Span) -> set[tuple[str, str]]:
    return {(f.kind, f.value) for f in report.facts if span.start <= f.span.start < span.end}


def _merge(report: Report, model: Report, kept: list[int], plain: list[Fix], verbatim=frozenset(),
           own_head: bool = False, own_tail: bool = False) -> str:
    model_rng, orig_rng = body_range(model), body_range(report)
    orig_ranks, model_ranks = body_ranks(report), body_ranks(model)
    by_para = _elements_by_paragraph(report)
    kept_elements = set().union(*(by_para.get(i, set()) for i in kept)) if kept else set()
    model_by_para = _elements_by_paragraph(model)
    mtext = model.letter.text
    blocks = []
    for j in movable(model):
        own = model_by_para.get(j, set())
        if own and own <= kept_elements and model_ranks[j] != 0:
            continue  # a kept paragraph of the original says it, with its own facts
        blocks.append((model_ranks[j], 0, j, model.letter.paragraphs[j].span.slice(mtext)))
    otext = report.letter.text
    blocks += [(orig_ranks.get(i, 5.0), 1, i, report.letter.paragraphs[i].span.slice(otext) if i in verbatim
                else _plain_paragraph(report, i, plain)) for i in kept]
    blocks.sort(key=lambda b: b[:3])
    source, rng, pre = (report, orig_rng, set(pre_body(report))) if own_head else (model, model_rng, set(pre_body(model)))
    moved = set(kept) if source is report else set()
    warnings = set(report.placement.threat_paragraphs) if source is report else set()
    greeting = next((p.index for p in model.letter.paragraphs if p.role == "greeting"), None)
    neutral = model.letter.paragraphs[greeting - 1].span.slice(mtext) if greeting else None  # the model's subject
    head = [neutral if p.index in warnings and neutral is not None else p.span.slice(source.letter.text)
            for p in source.letter.paragraphs[: rng[0]] if p.index not in pre and p.index not in moved]
    source_letter, rng = (report.letter, orig_rng) if own_tail else (model.letter, model_rng)
    tail = [p.span.slice(source_letter.text) for p in source_letter.paragraphs[rng[1] + 1:]]
    return "\n\n".join(head + [b[3] for b in blocks] + tail) + "\n"


def model_letter(report: Report) -> str | None:
    """The model letter for the report's letter type and sanction kind: ``letters/<type>_<kind>.j2``; for a type
    without sanction kinds ``letters/<type>.j2``; None when there is none (no proposal rather than a model letter
    that states another sanction than the letter's)."""
    if report.letter_type == "unknown":
        return None
    folder = templates_dir() / "letters"
    kinds = report.rulebook.sanction_kinds if report.rulebook else None
    if kinds is not None and report.letter_type in kinds.letter_types:
        kind = report.sanction_kind.id if report.sanction_kind else None
        name = f"{report.letter_type}_{kind}.j2" if kind else None
    else:
        name = f"{report.letter_type}.j2"
    return name if name and (folder / name).is_file() else None


def template_fix(report: Report, rules_dir: Path | None = None) -> Fix | None:
    name = model_letter(report)
    if name is None:
        return None
    folder = templates_dir()
    text = render_template("letters", name, template_context(report))
    covers = _covers(folder).get(report.letter_type)
    if covers is not None and rules_dir is not None:
        from rewriter.rewrite.plain import plain_fixes

        def merge(r: Report) -> str:
            model = _checked(render_template("letters", name, template_context(r)), r.letter_type)
            return merged_text(r, model, covers, plain_fixes(r, rules_dir),
                               recheck=lambda t: _checked(t, r.letter_type))

        # to a fixed point, so that proposing again on the result changes nothing
        text = merge(report)
        for _ in range(FIXED_POINT_ROUNDS):
            again = merge(_checked(text, report.letter_type))
            if again == text:
                break
            text = again
    whole = Span(0, len(report.letter.text))
    return Fix("Skriv brevet om efter modelbrevet for brevtypen", (Edit(whole, text),), Applicability.REVIEW,
               origin=f"template:{name.removesuffix('.j2')}")
