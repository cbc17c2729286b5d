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
# every digit becomes 0 and every punctuation character a space ("kl. 10.00" -> "kl  00 00"), character for
# character: ASCII through a byte table (fast), the common typographic marks one by one
_BYTES = bytearray(range(256))
for _c in string.punctuation.replace("§", "") + "\x1f":
    _BYTES[ord(_c)] = ord(" ")
for _c in string.digits:
    _BYTES[ord(_c)] = ord("0")
_BYTES = bytes(_BYTES)
_MARKS = "»«–—‘’“”„…•·"
CANDIDATE_CHARS = 200  # the candidate sentence is cut to this many characters in findings
UNLIKE = 0.1  # below this similarity the text output and the UI say "no sentence is like the element"


def normalise(text: str) -> str:
    """Lower case, every digit ``0``, every run of punctuation and white space one space, padded with spaces."""
    return _padded(_map(text.lower()))


def _map(low: str) -> str:
    # bytes >= 0x80 (the rest of a non-ASCII character) stay as they are
    out = low.encode("utf-8", "surrogatepass").translate(_BYTES).decode("utf-8", "surrogatepass")
    for mark in _MARKS:
        if mark in out:
            out = out.replace(mark, " ")
    return out


def _padded(mapped: str) -> str:
    return " " + " ".join(mapped.split()) + " "


def _grams(s: str) -> set[str]:
    """The character N-grams of ``s`` (zipping N shifted copies is about twice as fast as slicing each)."""
    return set(map("".join, zip(*(s[k:] for k in range(N)))))


def features(text: str) -> set[str]:
    """The character 4-grams of :func:`normalise` (text): what the model's weights are keyed by."""
    return _grams(normalise(text))


def mapped_text(letter: Letter, folded: str | None = None) -> str:
    """The letter lower-cased (``folded``, :func:`rewriter.analysis.folding.fold_text`, when given) with digits and
    punctuation mapped as :func:`normalise` does, character for character: a span of the letter is a span of it."""
    low = folded if folded is not None else letter.text.lower()
    if len(low) != len(letter.text):
        from rewriter.analysis.folding import fold_text

        low = fold_text(letter)
    return _map(low)


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
    """The paragraphs where ``element``'s detectors look (its zones: ``content`` is the body and the subject
    line, not the sign-off, where no annotated letter has such an element; ``first`` the letterhead), or None for
    every paragraph."""
    wanted: set[str] = set()
    first = False
    for det in element.detectors:
        if det.zone == "any":
            return None
        if det.zone == "content":
            wanted.add("body")
        elif det.zone == "first":
            first = True
        else:
            wanted.add(det.zone)
    return tuple(i for i, z in enumerate(zones)
                 if z in wanted or (i == subject and "body" in wanted) or (first and i == 0 and z == "head"))


def paragraph_features(letter: Letter, index: int, mapped: str | None = None) -> set[str]:
    """The features of paragraph ``index`` (``mapped``: :func:`mapped_text` of the letter, computed once)."""
    span = letter.paragraphs[index].span
    return _grams(_padded((mapped if mapped is not None else mapped_text(letter))[span.start:span.end]))


class Scorer:
    """Scores a letter's paragraphs for elements; each paragraph's features are computed once."""

    __slots__ = ("letter", "_models", "_features", "_mapped")

    def __init__(self, letter: Letter, folded: str | None = None):
        self.letter = letter
        self._models = models()
        self._features: list[set[str] | None] = [None] * len(letter.paragraphs)
        self._mapped = mapped_text(letter, folded)

    def has_model(self, element_id: str) -> bool:
        return element_id in self._models

    def _paragraph(self, i: int) -> tuple[set[str], float]:
        """Paragraph ``i``'s features and 1/sqrt(their number)."""
        f = self._features[i]
        if f is None:
            feats = paragraph_features(self.letter, i, self._mapped)
            f = self._features[i] = (feats, 1.0 / math.sqrt(len(feats)) if feats else 0.0)
        return f

    def closest(self, element_id: str, within: tuple[int, ...] | None = None) -> Evidence | None:
        """The best candidate for ``element_id`` (in the paragraphs ``within``, default all), or None when
        the element has no model or the letter no paragraph with words."""
        model = self._models.get(element_id)
        if model is None:
            return None
        get, keys = model.weights.__getitem__, model.keys
        best, best_p = -math.inf, None
        for i in (within if within is not None else range(len(self.letter.paragraphs))):
            feats, scale = self._paragraph(i)
            if feats:
                z = sum(map(get, feats & keys)) * scale  # ElementModel.score without the bias and the sigmoid
                if z > best:
                    best, best_p = z, i
        if best_p is None:
            return None
        similarity = model.score(self._paragraph(best_p)[0])
        p = self.letter.paragraphs[best_p]
        span = p.span
        if len(p.sentences) > 1:  # the sentence that reads most like the element: the evidence for it (the
            w = model.weights  # paragraph's 4-grams with positive weight) each sentence holds, per sqrt(length)
            evidence = [(g, x) for g in self._paragraph(best_p)[0] & model.keys if (x := w[g]) > 0]
            mapped = self._mapped

            def weight(sentence) -> float:
                text = _padded(mapped[sentence.span.start:sentence.span.end])
                return sum(x for g, x in evidence if g in text) / math.sqrt(len(text))

            span = max(p.sentences, key=weight).span
        span = _trim(self.letter.text, span)
        return Evidence(best_p, span, similarity, model.weak_at is not None and similarity >= model.weak_at,
                        model.present_at is not None and similarity >= model.present_at)


def _trim(text: str, span: Span) -> Span:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)
