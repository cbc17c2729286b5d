"""Danish sentence segmentation: what ends a sentence and what does not."""

from __future__ import annotations

import pytest

from rewriter.io.reader import letter_from_text


def sentences(text: str) -> list[str]:
    letter = letter_from_text(text)
    return [s.span.slice(letter.text) for s in letter.sentences]


@pytest.mark.parametrize(
    "text",
    [
        "Du skal møde mandag den 7. december 2026 kl. 10.00 i jobcentret.",
        "Vi trækker i din hjælp, jf. § 37, stk. 2, i lov om aktiv socialpolitik.",
        "Fradraget er 1.234,50 kr. pr. dag for perioden 07.12.2026 til 9.12.2026.",
        "Ring f.eks. på tlf. 97 14 22 00 senest kl. 9.30 eller bl.a. via Digital Post.",
        "Du kan evt. tage en bisidder med, dvs. en ven, inkl. et familiemedlem, vedr. samtalen.",
        "Se pkt. 3 og nr. 4 mht. fradrag, iht. reglerne, pga. udeblivelse, ang. din sag.",
        "Samtalen varer ca. 45 minutter og holdes af A. Jensen på 1. sal.",
        "Det gælder fra den 7. Dec. 2026 og frem.",
        "Mødet er den 1. januar, 2. februar eller 3. marts.",
        "Du skal have dit MitID, pas, kørekort mv. med til mødet.",
        "Reglerne står i lov om aktiv socialpolitik §§ 36-40 a, hhv. stk. 1 og stk. 2.",
    ],
)
def test_one_sentence(text):
    assert sentences(text) == [text]


def test_sentence_ends_after_number_before_capital():
    assert sentences("Se § 37. Du skal ringe.") == ["Se § 37.", "Du skal ringe."]
    assert sentences("Mødet er 07.12.2026. Du skal komme kl. 10.00. Kom i god tid.") == [
        "Mødet er 07.12.2026.", "Du skal komme kl. 10.00.", "Kom i god tid."]


def test_may_be_final_abbreviations_end_before_capital_only():
    assert sentences("Du får 500 kr. Pengene kommer den 7. dec. 2026 osv. Tak.") == [
        "Du får 500 kr.", "Pengene kommer den 7. dec. 2026 osv.", "Tak."]
    assert sentences("Du får 500 kr. om måneden.") == ["Du får 500 kr. om måneden."]


def test_question_and_exclamation_marks():
    assert sentences("Hvad sker der nu? Du skal møde op! Husk det.") == [
        "Hvad sker der nu?", "Du skal møde op!", "Husk det."]


def test_colon_ends_sentence_only_at_line_end():
    assert sentences("Dato: 16. november 2026") == ["Dato: 16. november 2026"]
    assert sentences("Det skal du gøre:\n• Søge job.\n• Komme til samtaler") == [
        "Det skal du gøre:", "• Søge job.", "• Komme til samtaler"]


def test_numbered_list_items_but_not_dates_at_line_start():
    assert sentences("Du skal:\n1. Søge job\n2. Komme til samtaler") == ["Du skal:", "1. Søge job", "2. Komme til samtaler"]
    assert len(sentences("Mødet er om fire uger, mandag den\n7. december 2026 kl. 10.00.")) == 1


def test_heading_and_list_items_end_sentences():
    text = "Hvis du er syg\nRing til os før kl. 9 samme dag. Fortæl os, når du er rask.\n- Søg job hver uge\n- Kom til samtaler"
    assert sentences(text) == ["Hvis du er syg", "Ring til os før kl. 9 samme dag.", "Fortæl os, når du er rask.",
                               "- Søg job hver uge", "- Kom til samtaler"]


def test_letterhead_lines_are_separate_sentences():
    text = "Jobcenter Kildevang, Afdelingen for Kontant- og Uddannelseshjælp\nSkolevej 2, 9370 Kildevang\nTlf. 98 35 11 40\njobcenter@kildevang.dk"
    assert len(sentences(text)) == 4


def test_hard_wrapped_paragraph_is_not_split_at_line_ends():
    text = (
        "Du indkaldes hermed til jobsamtale i Jobcenter Skovlund mandag den\n"
        "7. december 2026 kl. 10.00. Samtalen finder sted på adressen\n"
        "Stationsvej 8, 7480 Skovlund, og du bedes møde op i god tid, jf.\n"
        "§ 13 i lov om aktiv socialpolitik."
    )
    got = sentences(text)
    assert len(got) == 2
    assert got[0].endswith("kl. 10.00.")
    assert got[1].endswith("socialpolitik.")


def test_sentence_spans_point_into_text():
    text = "Kære Mikkel\n\nDu skal møde kl. 10.00. Tag MitID med."
    letter = letter_from_text(text)
    assert [(s.span.start, s.span.end) for s in letter.sentences] == [(0, 11), (13, 36), (37, 51)]
    assert letter.text[37:51] == "Tag MitID med."


def test_merge_fields_are_atomic_and_count_as_one_word():
    letter = letter_from_text("Du skal møde [MØDEDATO]. kl. {{ moede.tid }} hos «Sagsbehandler».")
    assert len(letter.sentences) == 1
    # Du skal møde [F] kl. [F] hos [F] -> 8 words, no long words (field names are not scored)
    assert letter.sentences[0].words == 8
    assert letter.sentences[0].long_words == 0


def test_jinja_block_tags_are_not_words():
    letter = letter_from_text("{% if tolk %}Du kan få en tolk.{% endif %}")
    assert letter.sentences[0].words == 5


def test_paragraphs_are_maximal_runs_of_non_blank_lines():
    text = "Jobcenter Skovlund\nStationsvej 8\n\n \n\nDato: 16. november 2026\n\n\nKære Mikkel\n"
    letter = letter_from_text(text)
    assert [p.span.slice(letter.text) for p in letter.paragraphs] == [
        "Jobcenter Skovlund\nStationsvej 8", "Dato: 16. november 2026", "Kære Mikkel"]
    assert [p.index for p in letter.paragraphs] == [0, 1, 2]


@pytest.mark.parametrize("text,expected", [
    ("Du har disse pligter:\na) Du skal søge job.\nb) Du skal stå til rådighed.\nc) Du skal møde op.",
     ["Du har disse pligter:", "a) Du skal søge job.", "b) Du skal stå til rådighed.", "c) Du skal møde op."]),
    ("Vi har lagt vægt på:\n1) at du fik indkaldelsen i god tid,\n2) at du ikke ringede.\n3) at du ikke har oplyst en grund.",
     ["Vi har lagt vægt på:", "1) at du fik indkaldelsen i god tid,", "2) at du ikke ringede.",
      "3) at du ikke har oplyst en grund."]),
    ("i. Du skal søge job\nii. Du skal møde op\niii. Du skal give besked",
     ["i. Du skal søge job", "ii. Du skal møde op", "iii. Du skal give besked"]),
    ("a. Søg job hver uge.\nb. Mød op til samtaler.\nc. Giv besked om ændringer.",
     ["a. Søg job hver uge.", "b. Mød op til samtaler.", "c. Giv besked om ændringer."]),
])
def test_lettered_numbered_and_roman_list_items_end_sentences(text, expected):
    """Issue 15: a three-item list is three sentences (LIX of a list is not one long sentence)."""
    letter = letter_from_text(text)
    assert [s.span.slice(letter.text) for s in letter.sentences] == expected


def test_a_date_on_the_next_line_is_no_list_item():
    letter = letter_from_text("Du skal til samtale\n8. december kl. 10.00 hos os.")
    assert [s.span.slice(letter.text) for s in letter.sentences] == ["Du skal til samtale", "8. december kl. 10.00 hos os."]


def test_a_preposition_that_ends_a_sentence_is_no_initial():
    """"..., som De deltager i. De anmodes derfor ..." is two sentences; "A. Jensen" is one name (ninth editor
    panel: the sentence after "i." was taken as the same sentence, and its "De" became a lower-case "du")."""
    from rewriter.analysis.pipeline import check

    text = ("Kære Anna\n\nVi vil høre Dem om Deres fravær fra den praktik, som De deltager i. De anmodes derfor om at "
            "sende Deres bemærkninger senest den 4. januar 2027. Brevet er underskrevet af A. Jensen.\n\nMed venlig "
            "hilsen\nJens")
    report = check(text)
    body = [s.span.slice(report.letter.text) for s in report.letter.paragraphs[1].sentences]
    assert body == ["Vi vil høre Dem om Deres fravær fra den praktik, som De deltager i.",
                    "De anmodes derfor om at sende Deres bemærkninger senest den 4. januar 2027.",
                    "Brevet er underskrevet af A. Jensen."]
