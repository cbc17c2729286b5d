"""A second, learned signal per element: how much a paragraph reads like the element, 0-1.

The patterns in ``rules/elements/`` decide first.  Where they find nothing, this module proposes the letter's
closest candidate: the paragraph a small per-element model scores highest, and in it the sentence that scores
highest.  The model is logistic regression on character 4-grams of the lower-cased paragraph (digits become
``0``, punctuation a space), trained from the annotated letters by ``python -m evaluation.train_elements``
and shipped as ``rewriter/analysis/data/element_model.json``.  Scoring is pure Python: a dictionary lookup per
4-gram of the paragraphs of a letter with a missing element.

Each element's entry carries two thresholds, calibrated by the training script on held-out folders:

* ``weak_at``: a missing element whose best candidate scores at least this is a *weak miss*: a warning that
  asks the reviewer to verify, with the candidate sentence, instead of an error;
* ``present_at`` (only for elements with hand annotations, and only where the calibration kept precision):
  the element counts as present ("present (learned)") in the candidate's paragraph.

No network, no numpy at run time.  :func:`use_model` swaps the model (``None``: the shipped one, ``False``:
none at all), for the evaluation scripts.
"""

from __future__ import annotations

import json
import math
import os
import string
from dataclasses import dataclass
from pathlib import Path

from rewriter.model import Letter, Span

MODEL_PATH = Path(__file__).resolve().parent / "data" / "element_model.json"
SCHEMA = "rewriter.element-model/1"
N = 4  # character n-gram length
# punctuation becomes a space (runs of white space are one space), every digit 0: "kl. 10.00" -> "kl 00 00"
_TABLE = {ord(c): " " for c in string.punctuation + "»«–—‘’“”„…•·¶\x1f\u00a0\u2028\u2029" if c != "§"}
_TABLE.update({ord(d): "0" for d in string.digits})
CANDIDATE_CHARS = 200  # the candidate sentence is cut to this many characters in findings
UNLIKE = 0.1  # below this similarity the text output and the UI say "no sentence is like the element"


def normalise(text: str) -> str:
    """Lower case, every digit ``0``, every run of punctuation and white space one space, padded with spaces."""
    return " " + " ".join(text.lower().translate(_TABLE).split()) + " "


def features(text: str) -> set[str]:
    """The character 4-grams of :func:`normalise` (text): what the model's weights are keyed by."""
    s = normalise(text)
    return {s[i : i + N] for i in range(len(s) - N + 1)}


@dataclass(frozen=True, slots=True)
class ElementModel:
    weights: dict[str, float]
    bias: float
    weak_at: float | None  # a missing element with a candidate scoring this or more is a weak miss (None: never)
    present_at: float | None  # the element counts as present from here (None: never by this signal)
    source: str  # annotated (hand annotations) | patterns (the patterns' own finds on the training letters)
    keys: frozenset[str] = frozenset()  # the weights' keys (set by __post_init__)

    def __post_init__(self):
        object.__setattr__(self, "keys", frozenset(self.weights))

    def score(self, feats: set[str]) -> float:
        """0-1: how much a text with these features reads like the element."""
        if not feats:
            return 0.0
        w = self.weights
        z = self.bias + sum(map(w.__getitem__, feats & self.keys)) / math.sqrt(len(feats))
        return 1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0


@dataclass(frozen=True, slots=True)
class Evidence:
    """The closest candidate for an element in a letter."""

    paragraph: int
    span: Span  # the candidate sentence (within the paragraph)
    similarity: float  # 0-1: the paragraph's score
    weak: bool  # similarity >= the element's weak_at: a weak miss
    learned: bool  # similarity >= the element's present_at: counted as present

    def values(self, letter: Letter) -> dict[str, float | int | str]:
        """The finding values that show the evidence (docs/wire-format.md)."""
        return {"candidate_start": self.span.start, "candidate_end": self.span.end,
                "candidate": candidate_text(letter, self.span), "candidate_paragraph": self.paragraph,
                "similarity": round(self.similarity, 2)}


def candidate_text(letter: Letter, span: Span) -> str:
    text = " ".join(span.slice(letter.text).split())
    return text if len(text) <= CANDIDATE_CHARS else text[: CANDIDATE_CHARS - 1].rstrip() + "…"


_override: dict | None | bool = None  # None: the shipped model; False: none; a dict: a model loaded elsewhere
_loaded: dict[str, dict[str, ElementModel]] = {}


def use_model(model: str | os.PathLike | bool | None) -> None:
    """Use the model file ``model`` (a path), the shipped one (``None``) or none (``False``) from now on."""
    global _override
    if model is None or model is False:
        _override = model
    else:
        _override = load_model(Path(model))


def load_model(path: Path = MODEL_PATH) -> dict[str, ElementModel]:
    """The element models in ``path`` (read once); an absent or foreign file gives no models."""
    key = str(path)
    if key not in _loaded:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        models = {}
        if data.get("schema") == SCHEMA:
            for eid, m in data.get("elements", {}).items():
                models[eid] = ElementModel(m["weights"], m["bias"], m["weak_at"], m.get("present_at"), m["source"])
        _loaded[key] = models
    return _loaded[key]


def models() -> dict[str, ElementModel]:
    if _override is False:
        return {}
    if isinstance(_override, dict):
        return _override
    return load_model()


def candidates(element, zones: tuple[str, ...], subject: int | None = None) -> tuple[int, ...] | None:
    """The paragraphs where ``element``'s detectors look (its zones: ``content`` is body and closing and the
    subject line; ``first`` the letterhead), or None for every paragraph."""
    wanted: set[str] = set()
    first = False
    for det in element.detectors:
        if det.zone == "any":
            return None
        if det.zone == "content":
            wanted.update(("body", "closing"))
        elif det.zone == "first":
            first = True
        else:
            wanted.add(det.zone)
    return tuple(i for i, z in enumerate(zones)
                 if z in wanted or (i == subject and "body" in wanted) or (first and i == 0 and z == "head"))


def paragraph_features(letter: Letter, index: int) -> tuple[set[str], list[tuple[Span, set[str]]]]:
    """The features of paragraph ``index``: the union of its sentences' features (4-grams do not cross a
    sentence end), and each sentence's span and features."""
    p = letter.paragraphs[index]
    text = letter.text
    if len(p.sentences) <= 1:
        return features(p.span.slice(text)), []
    sentences = [(s.span, features(s.span.slice(text))) for s in p.sentences]
    return set().union(*(f for _, f in sentences)), sentences


class Scorer:
    """Scores a letter's paragraphs for elements; each paragraph's features are computed once."""

    __slots__ = ("letter", "_models", "_features")

    def __init__(self, letter: Letter):
        self.letter = letter
        self._models = models()
        self._features: list[tuple[set[str], list[tuple[Span, set[str]]]] | None] = [None] * len(letter.paragraphs)

    def has_model(self, element_id: str) -> bool:
        return element_id in self._models

    def _paragraph(self, i: int) -> tuple[set[str], list[tuple[Span, set[str]]]]:
        f = self._features[i]
        if f is None:
            f = self._features[i] = paragraph_features(self.letter, i)
        return f

    def closest(self, element_id: str, within: tuple[int, ...] | None = None) -> Evidence | None:
        """The best candidate for ``element_id`` (in the paragraphs ``within``, default all), or None when
        the element has no model or the letter no paragraph with words."""
        model = self._models.get(element_id)
        if model is None:
            return None
        best, best_p = -1.0, None
        for i in (within if within is not None else range(len(self.letter.paragraphs))):
            s = model.score(self._paragraph(i)[0])
            if s > best:
                best, best_p = s, i
        if best_p is None or best <= 0.0:
            return None
        span = self.letter.paragraphs[best_p].span
        sentences = self._paragraph(best_p)[1]
        if sentences:  # the sentence of the paragraph that reads most like the element
            span = max(sentences, key=lambda sf: model.score(sf[1]))[0]
        span = _trim(self.letter.text, span)
        return Evidence(best_p, span, best, model.weak_at is not None and best >= model.weak_at,
                        model.present_at is not None and best >= model.present_at)


def _trim(text: str, span: Span) -> Span:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)
