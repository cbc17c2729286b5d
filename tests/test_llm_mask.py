"""Masking facts before a language model sees a paragraph, and restoring them after (rewriter.llm.mask)."""

from __future__ import annotations

import datetime as dt

import pytest

from rewriter.analysis.pipeline import check
from rewriter.analysis.facts import FACT_KINDS
from rewriter.llm.backend import parse_paragraph
from rewriter.llm.mask import CPR_LIKE, RestoreError, mask, private_names, restore

DATE = dt.date(2026, 11, 20)
# One example of every fact kind, as written in a letter.
EXAMPLES = {
    "date": "7. december 2026",
    "time": "kl. 10.00",
    "amount": "1.234,50 kr.",
    "deadline": "senest den 14. december 2026",
    "section": "§ 13, stk. 7",
    "phone": "46 31 00 12",
    "email": "jobcenter@egholm.dk",
    "address": "Torvet 3, 4000 Egholm",
    "case_number": "2026-0412",
    "name": "Jens Holm",
    "cpr": "010190-1234",
    "merge_field": "«Fornavn»",
}
PARAGRAPH = (
    "Hej «Fornavn». Du skal møde 7. december 2026 kl. 10.00 på Torvet 3, 4000 Egholm hos Jens Holm. "
    "Vi trækker 1.234,50 kr. efter § 13, stk. 7. Svar senest den 14. december 2026 på tlf. 46 31 00 12 "
    "eller til jobcenter@egholm.dk og skriv Sagsnr.: 2026-0412. Skriv ikke dit cpr-nummer 010190-1234."
)


@pytest.fixture(scope="module")
def masked():
    return mask(PARAGRAPH, names=("Jens Holm", "Jens", "Holm"), letter_date=DATE)


def test_every_fact_kind_is_masked_and_never_left_in_clear_text(masked):
    assert set(EXAMPLES) == set(FACT_KINDS)
    kinds = {s.kind for s in masked.slots}
    for kind, written in EXAMPLES.items():
        assert kind in kinds, kind
        assert written not in masked.text, kind
        assert any(s.kind == kind and s.text.endswith(written.split(": ")[-1]) for s in masked.slots), kind
    assert "⟦F1⟧" in masked.text and not CPR_LIKE.search(masked.text)
    assert not any(ch.isdigit() for ch in masked.text.replace("⟦F", "").split("⟧")[-1])


def test_restore_puts_every_fact_back_from_the_original(masked):
    assert restore(masked, masked.text) == PARAGRAPH
    tokens = [s.token for s in masked.slots]
    rewritten = "Kort sagt: " + " og ".join(reversed(tokens)) + "."
    out = restore(masked, rewritten)
    for kind, written in EXAMPLES.items():
        assert written.split(": ")[-1] in out, kind
    assert out.index("010190-1234") < out.index("«Fornavn»")  # the model's order, the original's values


def test_the_same_fact_twice_is_one_token_and_may_appear_at_most_as_often():
    m = mask("Ring på 46 31 00 12. Husk: 46 31 00 12 er åben hver dag.", letter_date=DATE)
    assert len(m.slots) == 1 and m.slots[0].count == 2
    assert restore(m, "Ring på ⟦F1⟧, der er åben hver dag.") == "Ring på 46 31 00 12, der er åben hver dag."
    with pytest.raises(RestoreError, match="gentog"):
        restore(m, "⟦F1⟧ ⟦F1⟧ ⟦F1⟧")


@pytest.mark.parametrize("output,why", [
    ("Du skal møde ⟦F2⟧.", "udelod en dato"),  # dropped the date token
    ("Du skal møde ⟦F1⟧ ⟦F2⟧ og igen ⟦F1⟧.", "gentog en dato"),  # one date now means two meetings
    ("Du skal møde ⟦F1⟧ ⟦F2⟧ ⟦F9⟧.", "fandt på"),  # invented a token
    ("Du skal møde ⟦F1⟧ ⟦F2 i huset.", "ødelagde"),
    ("Du skal møde ⟦F1⟧ ⟦F2⟧, cpr 010190-1234.", "cpr-nummer"),
    ("Du skal møde ⟦F1⟧ ⟦F2⟧, cpr 311399-0000.", "cpr-nummer"),  # CPR-like, even with an impossible date
    ("Du skal møde ⟦F1⟧ ⟦F2⟧ eller 8. december 2026.", "ny dato"),
    ("Du skal møde ⟦F1⟧ ⟦F2⟧ og tage 500 kr. med.", "nyt beløb"),
    ("Du skal møde ⟦F1⟧ ⟦F2⟧. Ring på 70 20 30 40.", "nyt telefonnummer"),
    ("Du skal møde ⟦F1⟧ ⟦F2⟧ efter § 38.", "ny §-henvisning"),
    ("Du skal møde ⟦F1⟧ ⟦F2⟧ i 3 timer.", "tal"),
    ("Du skal møde ⟦F1⟧ ⟦F2⟧ hos Jens Holm.", "navn"),
])
def test_restore_refuses_an_unsafe_output(output, why):
    m = mask("Du skal møde mandag den 7. december 2026 kl. 10.00 hos Jens Holm på jobcentret.",
             names=("Jens Holm", "Jens", "Holm"), letter_date=DATE)
    assert [s.kind for s in m.slots] == ["date", "time", "name"]
    with pytest.raises(RestoreError, match=why):
        restore(m, output + " ⟦F3⟧")


def test_numbers_the_paragraph_already_has_may_stay():
    m = mask("Mød op 5 minutter før, i lokale 1.14, den 7. december 2026.", letter_date=DATE)
    assert restore(m, "Kom 5 minutter før til lokale 1.14 ⟦F1⟧.").endswith("1.14 den 7. december 2026.")


def test_private_names_come_from_greeting_letterhead_signature_and_titles():
    text = ("Jobcenter Egholm\nTorvet 3, 4000 Egholm\n\nAnna Berg\nMøllevej 2\n4000 Egholm\n\n"
            "Egholm, den 20. november 2026\n\nKære Anna Berg\n\nDu skal til samtale med din rådgiver Lise Dahl "
            "mandag den 7. december 2026 kl. 10.00.\n\nMed venlig hilsen\nJens Holm\nJobcenter Egholm\n")
    names = private_names(check(text))
    for name in ("Anna Berg", "Anna", "Berg", "Jens Holm", "Holm", "Lise Dahl", "Dahl"):
        assert name in names, name
    assert not any("Jobcenter" in n or "Egholm" in n for n in names)
    m = mask("Din rådgiver Lise Dahl og Anna ses kl. 10.00.", names=names, letter_date=DATE)
    assert "Lise" not in m.text and "Anna" not in m.text and "Dahl" not in m.text


@pytest.mark.parametrize("raw,expected", [
    ("Omskrevet afsnit: Du skal komme.", "Du skal komme."),
    ("```\nDu skal komme.\n```", "Du skal komme."),
    ('"Du skal komme."', "Du skal komme."),
    ("Du skal komme.\n\nHer er en forklaring, som ikke hører til.", "Du skal komme."),
    ("**Omskrevet afsnit:** Du skal komme.\n- tag ⟦F1⟧ med", "Du skal komme.\n- tag ⟦F1⟧ med"),
])
def test_parse_takes_the_paragraph_out_of_the_answer(raw, expected):
    assert parse_paragraph(raw) == expected


def test_a_merge_field_in_the_greeting_is_not_taken_for_a_name():
    text = "Kære «Fornavn» «Efternavn»\n\nDu skal til samtale den 7. december 2026.\n\nMed venlig hilsen\nJens Holm\n"
    names = private_names(check(text))
    assert "Fornavn" not in names and "Efternavn" not in names and "Jens Holm" in names
