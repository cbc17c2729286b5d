"""The defect classes the editor panel found in rewrite proposals (issue 16), one test per class on real
Danish sentences: each fails on the code before the fix and passes after it."""

from __future__ import annotations

from pathlib import Path

import pytest

from rewriter.analysis.pipeline import check
from rewriter.io.reader import letter_from_text
from rewriter.model import Applicability
from rewriter.rewrite import propose
from rewriter.rewrite.grammar import address_forms, grammar, mixed_address_introduced
from rewriter.rewrite.plain import plain_fixes
from rewriter.rewrite.safety import guard
from rewriter.rewrite.split import split_fixes
from rewriter.rules.resources import rules_dir

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "evaluation" / "corpus"


def _letter(*paragraphs: str) -> str:
    return "Kære Anna Berg\n\n" + "\n\n".join(paragraphs) + "\n\nMed venlig hilsen\nJens Holm\nJobcenter Egholm\n"


def _applied(text: str, mode: str) -> str:
    """The text ``mode`` proposes (the plan, before the guard: what the transformations themselves do)."""
    return propose(text, mode, verify=False).text


# ----------------------------------------------------------- 1. at-clause lists are display only

AT_LIST = ("Det fremgår af sagens oplysninger, at du ikke mødte op til samtalen den 3. november 2026, at du "
           "ikke meldte afbud, og at du tidligere har fået en skriftlig vejledning om reglerne. Du har derfor "
           "ikke haft en rimelig grund.")


@pytest.mark.parametrize("mode", ["default", "plain"])
def test_words_at_clause_list_is_never_applied(mode):
    text = _letter(AT_LIST)
    out = _applied(text, mode)
    assert "\n- at" not in out and "\n- og at" not in out
    fixes = propose(text, mode).fixes
    lists = [f for f in fixes if f.origin == "plain:liste"]
    assert lists and all(f.applicability == Applicability.DISPLAY_ONLY for f in lists)


# ----------------------------------------------------------- 2. jf. splits and clause heads

def _split_text(sentence: str) -> str:
    from rewriter.rewrite.edits import apply

    report = check(letter_from_text(sentence))
    fixes = [f for f in split_fixes(report, rules_dir()) if f.applicability != Applicability.DISPLAY_ONLY]
    return apply(report.letter.text, sorted((e for f in fixes for e in f.edits), key=lambda e: e.span.start))


@pytest.mark.parametrize("sentence", [
    # the reference sits inside the sentence: the split would leave a fragment and "Se §..., har jobcentret"
    "Ved vurderingen af, om du har haft en rimelig grund, jf. § 13, stk. 7, har jobcentret lagt vægt på dine "
    "oplysninger om din sygdom.",
    # something follows the reference: "I så fald" would be stranded after it
    "Du skal give os besked, hvis du ikke kan deltage i tilbuddet, jf. § 13, stk. 7, i så fald vil vi "
    "undersøge sagen nærmere.",
    "Du har pligt til at stå til rådighed for arbejde hele tiden, jf. § 13 i lov om aktiv socialpolitik, og "
    "derfor skal du søge job.",
])
def test_words_jf_split_only_when_the_reference_ends_the_sentence(sentence):
    assert ". Se " not in _split_text(sentence)


def test_words_jf_split_still_made_for_a_closing_reference():
    sentence = ("Du skal stå til rådighed for arbejde og søge job hver uge, jf. § 13, stk. 7, i lov om aktiv "
                "socialpolitik.")
    assert _split_text(sentence) == ("Du skal stå til rådighed for arbejde og søge job hver uge. Se § 13, stk. 7, "
                                     "i lov om aktiv socialpolitik.")


@pytest.mark.parametrize("sentence", [
    "Vi har nedsat din kontanthjælp med den begrundelse, at du ikke mødte op til samtalen på jobcentret den "
    "3. november 2026, og vi har ikke hørt fra dig siden.",
    "Vi har lagt vægt på den omstændighed, at du ikke mødte op til samtalen på jobcentret den 3. november "
    "2026, og du har ikke meldt afbud til os.",
    "Dit fravær har været af et sådant omfang, at du ikke har kunnet følge undervisningen på skolen i "
    "oktober 2026, og vi vil derfor tale med dig om det.",
    "Vi skal tage stilling til spørgsmålet af, om du har haft en rimelig grund til at blive væk fra "
    "praktikken, og vi har derfor brug for dine oplysninger.",
])
def test_words_no_split_after_a_noun_or_preposition_clause_head(sentence):
    assert _split_text(sentence) == sentence


# ----------------------------------------------------------- 3. De and du never mixed in one letter

MIXED = _letter(
    "De skal møde op til samtale på jobcentret mandag den 7. december 2026 kl. 10.00.",
    "Vi har brug for Deres lønsedler fra Skovlund Bageri for oktober 2026.",
    "De sender os lønsedlerne i Digital Post, når vi beder om dem.",
    "Såfremt De er forhindret i at komme, skal De ringe til os på tlf. 46 31 00 12.",
)


@pytest.mark.parametrize("mode", ["default", "plain", "restructure"])
def test_words_a_proposal_never_mixes_de_and_du(mode):
    g = grammar(rules_dir())
    p = propose(MIXED, mode)
    assert len(address_forms(p.text, g)) < 2
    if mode == "plain":  # the word swaps alone (the du-form "Kort fortalt" box is refused by the guard)
        assert len(address_forms(_applied(MIXED, mode), g)) < 2


def test_words_du_form_is_all_or_nothing_for_the_letter():
    report = check(letter_from_text(MIXED))
    swaps = [f for f in plain_fixes(report, rules_dir()) if f.origin == "plain:tiltale"]
    # "De sender" first in a sentence (not in initial_de_verbs) is a review swap (it can be "they"): every
    # swap of the letter is review
    assert len(swaps) == 4 and {f.applicability for f in swaps} == {Applicability.REVIEW}
    assert "De skal" in _applied(MIXED, "default") and "Du skal" in _applied(MIXED, "plain")


def test_words_guard_refuses_a_mixed_address():
    g = grammar(rules_dir())
    original = _letter("De skal møde op til samtalen mandag den 7. december 2026 kl. 10.00.",
                       "Tag Deres pas med til samtalen.")
    mixed = _letter("Du skal møde op til samtalen mandag den 7. december 2026 kl. 10.00.",
                    "Tag Deres pas med til samtalen.")
    assert mixed_address_introduced(original, mixed, g)
    before = check(letter_from_text(original))
    after = check(letter_from_text(mixed))
    verdict = guard(before, after)
    assert not verdict.passed and any("blander De og du" in r for r in verdict.reasons)
    # a letter that was in du-form with an article "De" first in a sentence is no mix
    assert not mixed_address_introduced("", _letter("De nærmere vilkår står i aftalen. Du skal møde op."), g)


# ----------------------------------------------------------- 4. "De" as an article is not the reader

@pytest.mark.parametrize("mode", ["default", "plain"])
def test_words_article_de_is_never_swapped(mode):
    text = _letter("De skal møde op til samtalen mandag den 7. december 2026 kl. 10.00.",
                   "De nærmere vilkår for tilbuddet fremgår af den vedlagte aftale.",
                   "De oplysninger, vi har, viser, at De har arbejdet hos Skovlund Bageri.")
    out = _applied(text, mode)
    assert "Du nærmere" not in out and "Du mere" not in out and "Du oplysninger" not in out
    assert "De nærmere vilkår" in out and "De oplysninger" in out


# ----------------------------------------------------------- 5. swaps that change the meaning

@pytest.mark.parametrize("sentence, wrong", [
    ("Du kan læse nærmere om reglerne for tilbuddet på borger.dk.", "læse mere om"),
    ("Du skal melde afbud til os forinden, hvis du ikke kan komme.", "afbud til os før"),
    ("Du er velkommen til at kontakte undertegnede sagsbehandler på telefon 46 31 00 12.",
     "mig sagsbehandler"),
    ("Du skal overholde reglerne, herunder reglerne om rådighed og jobsøgning.", "blandt andet"),
    ("Endvidere vil vi kontakte din tidligere arbejdsgiver om din ansættelse.", "Også vil"),
    ("Du har ret til at udtale dig, inden der træffes afgørelse i din sag hos Ankestyrelsen.", "vi træffer"),
    ("Du kan i øvrigt ikke få hjælp til transport, fordi du bor tæt på jobcentret.", "også ikke"),
    ("Du kan henvende dig til din a-kasse, hvis du har spørgsmål om dagpenge.", "komme til din a-kasse"),
    ("Du får yderligere 14 dage til at sende os dine oplysninger.", "flere 14"),
    ("Du skal møde op til samtalen, uagtet din sygdom.", "selv om din"),
])
@pytest.mark.parametrize("mode", ["default", "plain"])
def test_words_meaning_changing_swaps_are_not_applied(sentence, wrong, mode):
    out = _applied(_letter(sentence), mode)
    assert wrong not in out


def test_words_no_introduced_mixed_address_on_the_dev_corpus():
    g = grammar(rules_dir())
    for path in sorted((CORPUS / "dev").glob("*.txt"))[:25]:
        text = path.read_text(encoding="utf-8")
        for mode in ("default", "plain"):
            p = propose(text, mode)
            assert not mixed_address_introduced(text, p.text, g), (path.name, mode)


def test_words_every_applied_jf_split_leaves_only_the_reference_on_the_dev_corpus():
    """Over the dev letters: a "Se ..." sentence the proposal makes is the reference alone (no clause after it)."""
    import re

    after_ref = re.compile(r"^Se [^.\n]*?,\s+(?:og|men|har|er|skal|vil|kan|i så fald|derfor|hvis|når|så)\b")
    for path in sorted((CORPUS / "dev").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        p = propose(text, "default")
        new = [s.span.slice(p.text) for s in p.after.letter.sentences if s.span.slice(p.text).startswith("Se ")] \
            if p.after is not None else []
        for sentence in new:
            assert not after_ref.search(sentence), (path.name, sentence)
