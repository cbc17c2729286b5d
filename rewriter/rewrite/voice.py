"""The sender's voice: "jobcentret" -> "vi"/"os", "jobcentrets" -> "vores" (``sender_voice`` in
``rules/lexicon/tiltale.yml``).

Plain-language guidance asks a jobcentre to write "vi" about itself.  "Jobcentret" is also one of the
long words that weigh most in a letter's LIX (about nine per hard letter in the held-out sets).

Requires: a :class:`Report` whose letter the jobcentre itself sends (its letterhead or sign-off names a
jobcenter; not a private provider, an "anden aktør", writing about the jobcentre).  Produces: ``review`` fixes, one per paragraph
(``plain`` and ``default`` apply them), that swap every "jobcentret" and "jobcentrets" in the body, or none: the case of each one follows from the word before it (a subject after "at",
"som", "hvis" ... or an auxiliary verb in inverted order: "vi"; after a preposition or a verb that is not finite:
"os"; "i/på jobcentret": "hos os"), and where one cannot be decided ("praktikstedet og jobcentret") nothing is
swapped, so the letter never speaks as "vi" in one sentence and as "jobcentret" in the next.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rewriter.model import Applicability, Edit, Fix, Report, Span
from rewriter.rules.yamlio import load_yaml

ORIGIN = "plain:vi"
_TOKEN = re.compile(r"[\wæøåÆØÅéü§\-]+|[^\w\s]")


@dataclass(frozen=True)
class Voice:
    nouns: frozenset[str]  # "jobcentret"
    possessives: frozenset[str]  # "jobcentrets"
    sender: re.Pattern  # the letterhead or sign-off of a letter the jobcentre sends
    not_sender: re.Pattern | None  # ... not a private provider writing on its behalf
    subject_after: frozenset[str]
    object_after: frozenset[str]
    place_after: frozenset[str]
    aux: frozenset[str]
    pronoun_subjects: frozenset[str]
    fronted: frozenset[str]  # adverbs that put the verb before its subject ("Derfor fastholder jobcentret ...")
    first_person: re.Pattern | None = None  # the sender as "vi/os/vores" already
    reflexives: frozenset[str] = frozenset()  # "sig", "sin": they agree with "jobcentret" and would need "os/vores"
    object_idioms: tuple[str, ...] = ()  # "i hænde": "være jobcentret i hænde" is "være os i hænde"
    paired: frozenset[str] = frozenset()  # "såvel": "til såvel virksomheden som jobcentret" joins two of one case


@lru_cache(maxsize=8)
def load_voice(rules_dir: Path) -> Voice | None:
    d = (load_yaml(rules_dir / "lexicon" / "tiltale.yml") or {}).get("sender_voice")
    if not d:
        return None

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in d.get(key) or ())

    def pattern(key: str) -> re.Pattern | None:
        return re.compile(d[key], re.IGNORECASE) if d.get(key) else None

    return Voice(words("nouns"), words("possessives"), pattern("sender"), pattern("not_sender"),
                 words("subject_after"), words("object_after"), words("place_after"), words("aux"),
                 words("pronoun_subjects"), words("fronted"), pattern("first_person"), words("reflexives"),
                 tuple(str(w).lower() for w in d.get("object_idioms") or ()), words("paired"))


def _frame(report: Report) -> list[str]:
    """The letterhead's and the sign-off's text: where a letter says who sends it."""
    text = report.letter.text
    return [p.span.slice(text) for p in report.letter.paragraphs if p.role in ("letterhead", "closing")]


def _sent_by_jobcentre(report: Report, v: Voice) -> bool:
    frame = _frame(report)
    if not frame or not any(v.sender.search(t) for t in frame):
        return False
    # a private provider says who it is in its letterhead or sign-off (an employer "A/S" named in the body is not the
    # sender)
    return v.not_sender is None or not any(v.not_sender.search(t) for t in frame)


def voice_fixes(report: Report, rules_dir: Path) -> list[Fix]:
    """The fixes (one per paragraph) that put the letter in the sender's "vi", or [] (one undecided occurrence)."""
    v = load_voice(Path(rules_dir))
    if v is None or report.letter_type in (None, "unknown") or not _sent_by_jobcentre(report, v):
        return []
    from rewriter.rewrite.grammar import grammar

    g = grammar(Path(rules_dir))
    letter = report.letter
    text = letter.text
    body = {p.index for p in letter.paragraphs if p.role not in ("letterhead", "date", "subject", "greeting",
                                                                   "closing")}
    by_paragraph: dict[int, list[Edit]] = {}
    for s in letter.sentences:
        p = next((q for q in letter.paragraphs if q.span.contains(s.span)), None)
        if p is None:
            continue
        raw = s.span.slice(text)
        tokens = [(m.group(), s.span.start + m.start()) for m in _TOKEN.finditer(raw)]
        for k, (tok, start) in enumerate(tokens):
            low = tok.lower()
            if low not in v.nouns and low not in v.possessives:
                continue
            if p.index not in body:
                continue  # a heading or the letterhead names the office: it stays
            new = _case(tokens, k, low, v, g)
            if new is None:
                return []
            word, first = new
            span = Span(start, start + len(tok))
            if first is not None:  # "i jobcentret" -> "hos os": the preposition goes too
                span = Span(first, start + len(tok))
            # a capital only where the sentence opens with it: a "Jobcentret" a writer capitalised inside the sentence
            # is "vores"/"os" there ("Under henvisning til Jobcentrets skrivelse" is no "til Vores skrivelse")
            before = [t for t, at in tokens[:k] if first is None or at < first]
            colon = max((n for n, t in enumerate(before) if t == ":"), default=-1)  # "HUSK: Jobcentret trækker"
            opens = not any(t[:1].isalpha() for t in before[colon + 1:])
            if len(tok) > 1 and tok.isupper():  # a line in capitals ("JOBCENTRET TRÆKKER ...")
                word = word.upper()
            elif opens and (tok[:1].isupper() or (first is not None and text[first:first + 1].isupper())):
                word = word[:1].upper() + word[1:]
            by_paragraph.setdefault(p.index, []).append(Edit(span, word))
    # one fix per paragraph (a paragraph that moves takes its own swaps along); all of them or none
    # (:func:`rewriter.rewrite.plain.plain_fixes` drops every one where one is dropped)
    return [Fix("Skriv 'vi', 'os' og 'vores' om jobcentret", tuple(es), Applicability.REVIEW, origin=ORIGIN,
                reasons=("Klart sprog: skriv 'vi' om afsenderen.",)) for _, es in sorted(by_paragraph.items())]


def _case(tokens, k: int, low: str, v: Voice, g) -> tuple[str, int | None] | None:
    """``(the new word, where the swap starts if it takes the word before too)``, or None when undecided."""
    if low in v.possessives:
        return "vores", None
    prev = tokens[k - 1][0].lower() if k > 0 else None
    before = tokens[k - 2][0].lower() if k > 1 else None
    nxt = tokens[k + 1][0].lower() if k + 1 < len(tokens) else None
    # a reflexive that agrees with "jobcentret" ("sig", "sin foreløbige vurdering") would need "os"/"vores" too:
    # undecided (editor check of the voice swaps: "Vi har ved sin foreløbige vurdering")
    reflexive = any(t.lower() in v.reflexives for t, _ in tokens[k + 1:k + 8])
    following = " ".join(t.lower() for t, _ in tokens[k + 1:k + 3])
    if any(following.startswith(idiom) for idiom in v.object_idioms):
        return "os", None  # "skal være jobcentret i hænde": received by the jobcentre
    if prev == "som" and k > 2 and v.paired:  # "til såvel virksomheden som jobcentret": the case of what it joins
        both = next((j for j in range(k - 2, max(-1, k - 8), -1) if tokens[j][0].lower() in v.paired), None)
        if both is not None:
            joined = tokens[both - 1][0].lower() if both > 0 else None
            return ("os", None) if joined in v.object_after and not reflexive else None
    subject = prev is None or prev in (":", "-", "–", "•", "*", ";") or prev in v.subject_after \
        or (before is not None and f"{before} {prev}" in v.subject_after) \
        or (prev in v.aux and (before is None or before not in v.pronoun_subjects))
    if not subject and prev.isalpha() and _finite_verb(g, prev):
        # "Derfor fastholder jobcentret ..." (inverted: the subject) or "Du kontaktede jobcentret" (the object)
        if before in v.pronoun_subjects:
            return ("os", None) if not reflexive else None
        j = k - 2  # "at du først kontaktede jobcentret": the clause's subject before an adverb (rewrite_heldout29 5707)
        while j > k - 5 and j >= 0 and (tokens[j][0].lower() in v.fronted or tokens[j][0].lower() in g.sentence_adverbs):
            j -= 1
        if j < k - 2 and j >= 0 and tokens[j][0].lower() in v.pronoun_subjects:
            return ("os", None) if not reflexive else None
        if before == "," and _clause_subject_before(tokens, k - 1, v, g):
            return ("os", None) if not reflexive else None  # "at du hurtigst muligt, og senest samme dag,
            # underretter jobcentret om forholdet": the clause's subject came before the commas (twenty-first panel)
        if _passive(g, prev) and not (before is not None and before.isalpha() and before in v.fronted):
            return None  # "Afbud, der skal være begrundet, meddeles jobcentret telefonisk": after a passive the
            # jobcentre is who receives it ("os"), where no adverb inverts the clause ("Herefter underrettes jobcentret":
            # the subject): undecided (thirty-third panel, 6103: "meddeles vi")
        if before is None or before in (",", ".", ":", ";") or (before.isalpha() and before in v.fronted):
            subject = True
        else:
            return None
    if not subject and (prev == "," or (prev in ("og", "men") and before == ",")) and nxt is not None \
            and nxt.isalpha() and _finite_verb(g, nxt):
        subject = True  # "det arbejde, jobcentret anviser" (a relative clause without "som"), "..., og jobcentret
        # påtænker" (a main clause of its own); "værkstedet eller jobcentret" takes the case of what it is joined
        # to: undecided
    if subject:
        if reflexive or (prev == "som" and nxt in (",", ".", None)):  # "vi ... sig" needs "os"; "som jobcentret."
            return None
        return "vi", None
    if prev in v.place_after:
        return "hos os", tokens[k - 1][1]
    if prev in v.object_after:
        return "os", None
    if prev.isalpha() and _nonfinite_verb(g, prev):
        return "os", None
    return None


def _clause_subject_before(tokens, verb: int, v: Voice, g) -> bool:
    """True when the verb at ``verb`` (after a comma) belongs to a clause whose subject came before the comma: a
    subordinator and a pronoun ("at du", "hvis De") with no finite verb between them and the comma, in the same
    sentence.  "Hvis du ikke møder op, trækker jobcentret ..." has one ("møder"): its subject is "jobcentret"."""
    j = verb - 2  # before the comma
    while j >= 1:
        t = tokens[j][0].lower()
        if t in (".", "!", "?", ":", ";"):
            return False
        if t in v.pronoun_subjects and tokens[j - 1][0].lower() in v.subject_after:
            return True
        if t.isalpha() and t not in v.pronoun_subjects and _finite_verb(g, t):
            return False
        j -= 1
    return False


def _finite_verb(g, word: str) -> bool:
    return word not in ("der", "det", "som") and g.may_be_finite(word)


def _passive(g, word: str) -> bool:
    """An s-passive ("meddeles", "sendes"): the dictionary knows the word as a passive form."""
    from rewriter.rules.morphology import VERB

    return any(a.pos == VERB and a.form == "passive" for a in g.morph.analyse(word))


def _nonfinite_verb(g, word: str) -> bool:
    """An infinitive, participle or passive ("give", "oplyse", "meddelt", "meddeles"): what follows is its object."""
    from rewriter.rules.morphology import VERB

    analyses = g.morph.analyse(word)
    forms = [a for a in analyses if a.pos == VERB]
    return bool(forms) and any(a.form in ("base", "imp", "pp", "passive") for a in forms) \
        and not any(a.form not in ("base", "imp", "pp", "passive") for a in forms)


def keeps_third_person(report: Report, rules_dir: Path, swapped: bool, other_sender: bool = False) -> bool:
    """True when the jobcentre sends the letter, its body calls the sender "jobcentret" and never "vi/os/vores", and
    the sender's voice is not swapped: then no change may bring in a single "vi" (the box that speaks as "vi").

    ``other_sender`` (the active-voice rewrites): also where the letter says "vi" somewhere already, as long as it keeps
    "jobcentret" (thirty-first panel, 5907: "Jobcentret har truffet afgørelse om, at vi trækker i din kontanthjælp"),
    and in a letter from someone else (below)."""
    if swapped:
        return False
    v = load_voice(Path(rules_dir))
    if v is None or v.first_person is None:
        return False
    if not _sent_by_jobcentre(report, v):
        # ``other_sender``: a letter whose letterhead or sign-off names someone else (a provider, the municipality's
        # Ydelsescenter with the jobcentre) gets no active "vi trækker" either: "vi" would be a sender that does not
        # decide, or an unclear one (thirty-first panel, 5908: "Der er truffet afgørelse om, at vi trækker", sent by
        # two offices); a letter that names no sender keeps it
        return other_sender and v.not_sender is not None and any(v.not_sender.search(t) for t in _frame(report))

    from rewriter.rewrite.restructure import is_summary

    text = report.letter.text
    # the "Kort fortalt" box is the tool's own addition ("Vi vil høre dig ..."): a box added by a first proposal made
    # the second one bring in the active "vi" (rewrite_heldout22 4604, unstable)
    body = [p.span.slice(text).lower() for p in report.letter.paragraphs
            if p.role not in ("letterhead", "date", "subject", "greeting", "closing")
            and not is_summary(p.span.slice(text))]
    names = any(m.group().lower() in v.nouns for b in body for m in _TOKEN.finditer(b))
    return names and (other_sender or not any(v.first_person.search(b) for b in body))
