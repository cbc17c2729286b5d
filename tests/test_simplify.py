"""Real simplification in the rule-based rewrite (issue 16 item 4): sentence splits with the verb
second, lists of at-clauses, ``default`` applying the review-level splits, and the body LIX of hard
corpus letters (the proposal without the added "Kort fortalt" box)."""

from __future__ import annotations

import statistics
from pathlib import Path

from rewriter.model import Applicability
from rewriter.rewrite import propose
from rewriter.rewrite.grammar import grammar, letter_introduced
from rewriter.rules.resources import rules_dir
from evaluation.evaluate_rewrite import body_lix, body_text

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "evaluation" / "corpus"


def _letter(body: str) -> str:
    return f"Kære Anna\n\n{body}\n\nMed venlig hilsen\nJens Holm"


def _no_new_errors(p) -> None:
    assert p.offered
    assert letter_introduced(p.report.letter.text, p.text, grammar(rules_dir())) == []
    assert all(s.kind != "untraced" for s in p.sources)


def test_ligesom_becomes_desuden_with_the_verb_second():
    p = propose(_letter("Du har ret til at lade dig bistå af en bisidder under samtaler med kommunen, jf. "
                        "forvaltningslovens § 8, ligesom du har ret til aktindsigt i din sag."), "plain")
    assert "med kommunen. Se forvaltningslovens § 8. Desuden har du ret til aktindsigt i din sag." in p.text
    _no_new_errors(p)


def test_a_comparison_with_ligesom_stays_whole():
    text = ("Du skal sende dine lønsedler til jobcentret hver måned i hele perioden, ligesom du har gjort "
            "hidtil.")
    assert "i hele perioden, ligesom du har gjort" in propose(_letter(text), "plain").text


def test_hvorfra_and_the_postal_address_hvor_put_the_verb_second():
    p = propose(_letter(
        "Spørgsmål til brevet kan rettes til jobcentrets hovednummer på telefon 98 35 11 40 alle hverdage "
        "kl. 9-14, hvorfra du vil blive viderestillet til din sagsbehandler i Jobcenter Kildevang.\n\n"
        "Samtalen afholdes onsdag den 2. december 2026 kl. 9.00 på adressen Fabriksvej 31, 4591 Mjødurtvig, "
        "hvor du bedes henvende dig i receptionen og oplyse dit navn."), "plain")
    assert "kl. 9-14. Derfra vil du blive viderestillet" in p.text
    assert "4591 Mjødurtvig. Her bedes du " in p.text
    _no_new_errors(p)


def test_hvor_after_a_time_is_no_place():
    text = ("Jobcentret påtænker at træffe afgørelse om fradrag i din kontanthjælp for de 3 dage i november "
            "2026, hvor du var udeblevet fra praktikken hos Egholm Bageri.")
    assert text in propose(_letter(text), "plain").text


def test_inversion_leaves_the_formal_subject_to_the_du_form_swap():
    """", hvorfor De anmodes" -> ". Derfor anmodes du": the split moves the verb, the du-form swap
    changes "De"; the two edits do not overlap, so proposing again changes nothing (stable)."""
    p = propose(_letter("De mødte ikke op til samtalen på jobcentret den 3. november 2026 og meldte ikke "
                        "afbud, hvorfor De anmodes om at kontakte Deres sagsbehandler inden fredag den 6. "
                        "november 2026."), "plain")
    assert "meldte ikke afbud. Derfor anmodes du om at kontakte din sagsbehandler" in p.text
    assert p.guard.idempotent
    _no_new_errors(p)


def test_og_before_a_formal_de_splits_and_gets_its_capital():
    p = propose(_letter("Vi har modtaget Deres ansøgning om hjælp til tandbehandling den 2. november 2026, og De "
                        "vil få svar fra os inden for fire uger i Digital Post."), "plain")
    assert "den 2. november 2026. Du vil få svar fra os" in p.text
    assert p.guard.idempotent
    _no_new_errors(p)


def test_a_second_clause_with_its_own_condition_splits_and_its_conditional_is_swapped():
    """"..., og såfremt du ..., vil der ..." -> ". Hvis du ..., vil der ...": the split's capital gives way to the
    safe swap of "såfremt", which gets the capital; proposing again changes nothing (rewrite_heldout 707 was
    unstable before)."""
    p = propose(_letter("Du kan svare os i Digital Post eller ringe til din sagsbehandler på telefon 46 18 92 71, og "
                        "såfremt du vælger at svare mundtligt, vil vi skrive et notat om det, du fortæller os."),
                "default")
    assert "på telefon 46 18 92 71. Hvis du vælger at svare mundtligt, vil vi skrive" in p.text
    assert p.guard.idempotent
    _no_new_errors(p)


def test_a_definite_noun_subject_and_hvilket_with_an_adverbial_split_with_the_verb_second():
    p = propose(_letter("Ved jobsamtalen den 29. oktober 2026 fik du tilbud om virksomhedspraktik hos Hedeskov "
                        "Genbrugscenter, og tilbuddet blev samme dag sendt til dig skriftligt i Digital Post.\n\n"
                        "Vi trækker én sanktionssats for hver dag, du er væk fra praktikken uden en rimelig grund, "
                        "hvilket i dit tilfælde udgør 485 kr. for hver hele eller halve dag."), "default")
    assert "Hedeskov Genbrugscenter. Tilbuddet blev samme dag sendt" in p.text
    assert "uden en rimelig grund. Det udgør i dit tilfælde 485 kr." in p.text
    _no_new_errors(p)


def test_two_at_clauses_are_a_list_suggested_only_whose_lead_is_split_too():
    """Issue 16: an at-clause list is display only (its last item swallowed the sentences after it); the
    suggestion still shows the list with its lead split."""
    from rewriter.rewrite.edits import apply

    p = propose(_letter("Jobcentret har ved brev af 28. december 2026 partshørt dig om sagen, og du har i dit "
                        "svar, som blev modtaget den 4. januar 2027, anført, at du var syg på dagen for samtalen, "
                        "og at du ikke kunne ringe til os, fordi din telefon var i stykker."), "plain")
    assert "\n- at" not in p.text
    listed = next(f for f in p.fixes if f.origin == "plain:liste")
    assert listed.applicability == Applicability.DISPLAY_ONLY
    shown = apply(p.report.letter.text, sorted(listed.edits, key=lambda e: e.span.start))
    assert ("partshørt dig om sagen. Du har i dit svar, som blev modtaget den 4. januar 2027, anført:\n"
            "- at du var syg på dagen for samtalen\n- og at du ikke kunne ringe til os") in shown
    assert p.guard.idempotent


def test_default_applies_the_review_splits_but_not_the_review_swaps():
    text = _letter("Du mødte ikke op til samtalen på jobcentret den 3. november 2026 og meldte ikke afbud, "
                   "hvorfor vi trækker 412 kr. i din kontanthjælp for den dag.\n\nOplysningerne fremgår af din "
                   "jobplan.")
    p = propose(text, "default")
    split = [f for f in p.fixes if f.origin.startswith("plain:split")]
    assert split and all(f.applicability == Applicability.REVIEW for f in split)  # the label stays honest
    assert "meldte ikke afbud. Derfor trækker vi 412 kr." in p.text
    assert "fremgår af din jobplan" in p.text  # "fremgår" -> "står" is a review swap: plain mode only
    assert "står" in propose(text, "plain").text


def test_body_text_leaves_out_only_the_added_box():
    p = propose(CORPUS / "dev" / "01_indkaldelse-jobsamtale-skovlund.txt", "default")
    assert "Kort fortalt" in p.text and "Kort fortalt" not in p.report.letter.text
    body = body_text(p.report.letter.text, p.text)
    assert "Kort fortalt" not in body
    paragraphs = [x for x in body.split("\n\n") if x.strip()]
    assert all(x in p.text for x in paragraphs)  # only the box is left out
    assert len([x for x in p.text.split("\n\n") if x.strip()]) == len(paragraphs) + 1
    assert body_lix(p.report.letter.text, p.text) < p.guard.lix_before


HARD = ["holdout5/124_partshoering-kancelli-kalvhoej", "holdout9/213_vejledning-kancelli-loevskov",
        "holdout12/273_vejledning-kancellisprog-lyngbrink", "holdout22/473_vejledning-kancelli-tangsoe",
        "holdout10/233_vejledning-kancelli-noeddekaer", "dev/24_vejledning-uddannelseshjaelp",
        "holdout23/489_afgoerelse-fradrag-praktik-mjoedurtvig"]


def test_body_lix_drops_on_hard_letters_without_grammar_errors():
    """The body of hard letters (LIX >= 45) reads easier in default and plain mode, with no introduced
    grammar error and no untraced sentence.  Measured on these seven: median drop about 5-6 (about 3 since
    the panel fixes of issue 16: at-clause lists display only, fewer splits); over all
    82 hard corpus letters see evaluation/results.md ("Simplification (issue 16 item 4)")."""
    g = grammar(rules_dir())
    # default: 124's key message refers back ("På baggrund af ovennævnte oplysninger"), so since the order
    # fixes of issue 16 it is not moved and gets no box or subject fix: its drop is the plain part's alone
    for mode, least in (("default", 1.5), ("plain", 3.0)):
        drops = []
        for name in HARD:
            p = propose(CORPUS / f"{name}.txt", mode)
            assert p.guard.lix_before >= 45 and p.offered, name
            assert letter_introduced(p.report.letter.text, p.text, g) == [], name
            assert all(s.kind != "untraced" for s in p.sources), name
            drops.append(p.guard.lix_before - body_lix(p.report.letter.text, p.text))
        assert statistics.median(drops) >= least, (mode, drops)


def _paragraphs(p) -> list[str]:
    return [x for x in p.text.split("\n\n") if x.strip()]


def test_a_paragraph_that_refers_back_stays_with_its_referent():
    """"Såfremt De ... undlader at opfylde ovennævnte pligter, ..." (a threat) refers to the duties in the
    paragraph before it: the restructure keeps the two together (before: the threat moved to the end,
    away from "ovennævnte"), and the box never comes between them."""
    p = propose(CORPUS / "holdout22" / "473_vejledning-kancelli-tangsoe.txt", "restructure")
    assert not p.offered  # guidance keeps its order since issue 16: nothing moves, the pair stays together
    letter = p.report.letter
    duties, threat = (letter.paragraphs[k].span.slice(letter.text) for k in (6, 7))
    assert "ovennævnte pligter" in threat
    assert duties + "\n\n" + threat in p.text
    assert "Kort fortalt" not in p.text or p.text.index("Kort fortalt") > p.text.index(threat)


def test_numbered_sections_keep_their_order():
    """A letter in numbered sections (1. pligter, 2. konsekvenser, 3. rimelig grund ...): the restructure
    used to give 1, 3, 4, 5, 2 (the consequence after the help); the sections now keep 1-5."""
    p = propose(CORPUS / "holdout8" / "192_vejledning-kancelli-spangsholm.txt", "restructure")
    assert p.guard.passed and p.guard.key_message_first  # (nothing left to move: the letter stays as it is)
    numbers = [int(x.split(".")[0]) for x in _paragraphs(p) if x[:1].isdigit() and x[1:3] == ". "]
    assert numbers == [1, 2, 3, 4, 5]


def test_a_reference_inside_its_own_sentence_does_not_tie_paragraphs():
    """"Du får uddannelseshjælp, og derfor har du pligt ..." refers inside its sentence: no tie."""
    from rewriter.analysis.pipeline import check
    from rewriter.rewrite.restructure import refers_back

    r = check(CORPUS / "holdout22" / "473_vejledning-kancelli-tangsoe.txt")
    assert refers_back(r, 7)
    r2 = check(_letter("Du skal til en samtale med os mandag den 7. december 2026 kl. 10.00.\n\n"
                       "Du får uddannelseshjælp, og derfor har du pligt til at deltage i samtaler med os."))
    k = next(i for i, q in enumerate(r2.letter.paragraphs) if "derfor" in q.span.slice(r2.letter.text))
    assert not refers_back(r2, k)


def test_passive_to_active_where_the_sender_acts_with_the_word_order_kept():
    p = propose(_letter("Du skal møde op til samtalen på jobcentret mandag den 7. december 2026 kl. 10.00.\n\n"
                        "Hvis du udebliver fra samtalen uden rimelig grund, vil der blive foretaget fradrag i din "
                        "kontanthjælp.\n\nDu har ret til at udtale dig, inden der træffes afgørelse i din sag.\n\n"
                        "Der foretages ikke fradrag i din kontanthjælp, hvis du havde en rimelig grund."), "default")
    assert "uden rimelig grund, vil vi trække i din kontanthjælp." in p.text  # verb first after the condition
    # "vi træffer afgørelse" only as a suggestion (issue 16): the sender is not always the one who decides
    assert "inden der træffes afgørelse i din sag" in p.text
    assert any(f.origin == "plain:aktiv:traeffes-afgoerelse" and f.applicability == Applicability.DISPLAY_ONLY
               for f in p.fixes)
    assert "Vi trækker ikke i din kontanthjælp, hvis du havde en rimelig grund." in p.text
    active = [f for f in p.fixes if f.origin.startswith("plain:aktiv")]
    # (the third travels with its moved paragraph inside the restructure fix)
    assert len([f for f in active if f.applicability == Applicability.REVIEW]) >= 1
    _no_new_errors(p)


def test_passive_stays_where_trække_would_have_no_object():
    text = ("Udebliver du fra tilbuddet, vil der blive foretaget fradrag i eller nedsættelse af hjælpen. Der "
            "foretages fradrag for hver dag, du udebliver.")
    p = propose(_letter(text), "plain")
    assert "foretaget fradrag i eller nedsættelse af hjælpen" in p.text
    assert "foretages fradrag for hver dag" in p.text


def test_a_question_heading_keeps_its_answer_under_it():
    """"Hvorfor får du dette brev?" is a heading for the paragraph under it: the restructure never parts them
    (corpus outside2/625: the answer went down below the key message while its question stayed; proposing
    again moved them once more)."""
    path = CORPUS / "outside2" / "625_qa-partshoering-praktik.txt"
    original = path.read_text(encoding="utf-8").rstrip("\n").split("\n\n")
    questions = {q: original[k + 1][:25] for k, q in enumerate(original[:-1]) if q.endswith("?") and "\n" not in q}
    assert len(questions) >= 5
    for mode in ("default", "restructure"):
        p = propose(path, mode)
        paragraphs = p.text.split("\n\n")
        for question, answer in questions.items():
            i = paragraphs.index(question)
            assert paragraphs[i + 1][:25] == answer, (mode, question)
        assert p.guard.idempotent


def test_a_split_after_an_abbreviation_keeps_one_full_stop():
    """"645 kr., og det samlede fradrag" -> "645 kr. Det samlede fradrag", never "kr.." (the split used to be
    refused by the grammar guard for the doubled full stop)."""
    p = propose(_letter("Fradraget udgør én sanktionssats pr. dag, jf. § 35, stk. 4, som for dig udgør 645 kr., og det "
                        "samlede fradrag vil således udgøre 1.290 kr., som vil blive trukket i din næste udbetaling."),
                "default")
    assert "som for dig udgør 645 kr. Det samlede fradrag vil således udgøre 1.290 kr." in p.text
    assert "kr.." not in p.text
    _no_new_errors(p)
