"""LIX and counts on tiny Danish texts, computed by hand (see the comments)."""

from __future__ import annotations

import pytest

from rewriter import check
from rewriter.analysis.readability import lix, lix_band, text_lix
from rewriter.analysis.segment import count_words


def test_lix_formula():
    assert lix(10, 2, 1) == pytest.approx(15.0)
    assert lix(0, 0, 0) == 0.0


def test_counting_rules_for_words():
    # "§" and "–" are not words; "37," and "10.00" are; letters only count toward "long"
    assert count_words("jf. § 37, stk. 2 – kl. 10.00").words == 6
    assert count_words("mandag-torsdag 97 14 22 00").long_words == 1  # 13 letters; digits are not letters
    assert count_words("arbejde").long_words == 1  # 7 letters: long
    assert count_words("samtale").long_words == 1
    assert count_words("hjælpen").long_words == 1
    assert count_words("sygdom").long_words == 0  # 6 letters: not long


def test_lix_two_short_sentences():
    # Du skal møde kl. 10.00 i jobcentret. | Husk dit MitID.
    # words 7 + 3 = 10, sentences 2, long: jobcentret (10) = 1
    # LIX = 10/2 + 100*1/10 = 15.0
    assert text_lix("Du skal møde kl. 10.00 i jobcentret. Husk dit MitID.") == pytest.approx(15.0)


def test_lix_with_paragraph_reference_amount_and_ordinal_date():
    # S1: Vi trækker i din hjælp, jf. 37, stk. 2, i lov om aktiv socialpolitik. -> 14 words ("§" is not)
    #     long: trækker (7), socialpolitik (13) -> 2
    # S2: Fradraget er 1.234,50 kr. pr. dag fra den 7. december 2026. -> 11 words
    #     long: Fradraget (9), december (8) -> 2
    # LIX = 25/2 + 100*4/25 = 12.5 + 16 = 28.5
    text = ("Vi trækker i din hjælp, jf. § 37, stk. 2, i lov om aktiv socialpolitik. "
            "Fradraget er 1.234,50 kr. pr. dag fra den 7. december 2026.")
    assert text_lix(text) == pytest.approx(28.5)


def test_lix_heading_colon_list_and_signature():
    # sentences: "Det skal du gøre:" 4 | "• Søge job hver uge." 4 | "• Komme til samtaler" 3 |
    #            "• Ringe ved sygdom" 3 | "Med venlig hilsen" 3 | "Mette Kjærgaard" 2  -> 19 words, 6 sentences
    # long: samtaler (8), Kjærgaard (9) -> 2
    # LIX = 19/6 + 100*2/19 = 3.1667 + 10.5263 = 13.693
    text = ("Det skal du gøre:\n• Søge job hver uge.\n• Komme til samtaler\n• Ringe ved sygdom\n\n"
            "Med venlig hilsen\nMette Kjærgaard")
    assert text_lix(text) == pytest.approx(13.7)


def test_lix_kr_abbreviation_and_dates():
    # "Du får 500 kr." 4 | "Pengene kommer den 7. dec. 2026 osv." 7 | "Tak." 1 -> 12 words, 3 sentences
    # long: Pengene (7) -> 1.  LIX = 12/3 + 100/12 = 4 + 8.333 = 12.3
    assert text_lix("Du får 500 kr. Pengene kommer den 7. dec. 2026 osv. Tak.") == pytest.approx(12.3)
    # "Mødet er 07.12.2026." 3 | "Du skal komme kl. 9.30 til Jobcenter Fjordby." 8 -> 11 words, 2 sentences
    # long: Jobcenter (9), Fjordby (7) -> 2.  LIX = 5.5 + 18.18 = 23.7
    assert text_lix("Mødet er 07.12.2026. Du skal komme kl. 9.30 til Jobcenter Fjordby.") == pytest.approx(23.7)


@pytest.mark.parametrize("value,band", [(0, "meget let"), (24.4, "meget let"), (24.5, "let"), (34, "let"),
                                        (35, "middel"), (44.49, "middel"), (45, "svær"), (54.4, "svær"),
                                        (54.5, "meget svær"), (70, "meget svær")])
def test_lix_bands(value, band):
    assert lix_band(value) == band


def test_metrics_report_raw_counts_and_per_paragraph_lix():
    text = ("Kære Mikkel\n\nDu indkaldes hermed til samtale. Såfremt De udebliver, vil der blive foretaget "
            "fradrag i Deres hjælp.\n\nMed venlig hilsen\nMette")
    r = check(text)
    m = r.metrics
    assert m.lix == pytest.approx(round(lix(m.words, m.sentences, m.long_words), 1))
    assert (m.words, m.sentences) == (2 + 5 + 11 + 3 + 1, 5)
    # paragraph 1: 16 words, 2 sentences, long: indkaldes, samtale, Såfremt, udebliver, foretaget, fradrag = 6
    p1 = r.paragraph_metrics[1]
    assert (p1.words, p1.sentences, p1.long_words) == (16, 2, 6)
    assert p1.lix == pytest.approx(16 / 2 + 600 / 16, abs=0.05)
    assert m.formal_address == 2  # De, Deres
    assert m.s_passive == 1  # indkaldes
    assert m.blive_passive == 1  # blive foretaget
    assert m.officialese >= 3  # hermed, såfremt, udebliver
    assert m.longest_sentence_words == 11
    assert m.sentences_over_25_words == 0


def test_sentence_initial_de_alone_is_not_formal_address():
    r = check("De andre deltagere kommer også. Du skal møde kl. 10.")
    assert r.metrics.formal_address == 0
    r = check("Dem, der ikke kommer, får fradrag. Vi ser frem til at møde Dem.")
    assert r.metrics.formal_address == 2


def test_long_sentence_share():
    long = " ".join(["ord"] * 30) + "."
    r = check(long + " Kort sætning her.")
    assert r.metrics.sentences_over_25_words == 1
    assert r.metrics.share_sentences_over_25_words == 0.5
    assert r.metrics.longest_sentence_words == 30
