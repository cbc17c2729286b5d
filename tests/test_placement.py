"""Roles, threat and key-message placement, the score formula and the citizen's questions."""

from __future__ import annotations

import pytest
from conftest import CORPUS

from rewriter import check

HEAD = "Jobcenter Skovlund\nStationsvej 8, 7480 Skovlund\nTlf. 97 14 22 00\n\nDato: 16. november 2026\n\nIndkaldelse til samtale\n\nKære Mikkel\n\n"
KEY = ("Du skal til samtale mandag den 7. december 2026 kl. 10.00 på Stationsvej 8, 1. sal. "
       "Vi skal tale om din jobsøgning og om, hvad der skal ske nu.")
HELP = "Kan du ikke komme, skal du ringe til os på tlf. 97 14 22 00 senest kl. 9 samme dag."
CONTACT = "Har du spørgsmål, er du velkommen til at ringe til mig på tlf. 97 14 22 37."
THREAT = "Hvis du ikke kommer og ikke har en god grund, trækker vi penge i din hjælp, til du ringer til os."
END = "\n\nMed venlig hilsen\nMette Kjærgaard\nJobkonsulent"


def letter(*paragraphs: str) -> str:
    return HEAD + "\n\n".join(paragraphs) + END


def codes(report) -> list[str]:
    return [f.code for f in report.findings if f.code.startswith("PLC")]


def test_threat_last_scores_full_marks():
    r = check(letter(KEY, HELP, CONTACT, THREAT))
    pl = r.placement
    assert pl.key_message_first and pl.threat_paragraphs == (7,)
    assert not pl.threat_before_key_message and not pl.threat_in_preview
    assert pl.first_screen.passed and pl.score == 100.0 and pl.verdict == "god"
    assert codes(r) == []
    roles = [p.role for p in r.letter.paragraphs]
    assert roles == ["letterhead", "date", "subject", "greeting", "key_message", "help", "contact", "threat",
                     "closing"]


def test_threat_first_is_found_and_scored_by_the_formula():
    r = check(letter(THREAT, KEY, HELP, CONTACT))
    pl = r.placement
    assert pl.threat_paragraphs == (4,) and pl.key_message_paragraph == 5 and pl.key_message_position == 1
    assert pl.threat_before_key_message and pl.threat_before_practical and pl.threat_before_help
    assert pl.threat_in_preview and pl.first_threat_position == 0.0
    # 100 - 25*(1/3) key not first - 20 before key - 10 before practical - 5 before help - 15 preview
    assert pl.score == pytest.approx(100 - 25 / 3 - 20 - 10 - 5 - 15, abs=0.1)
    assert set(codes(r)) == {"PLC001", "PLC002", "PLC003"}
    plc2 = next(f for f in r.findings if f.code == "PLC002")
    assert plc2.span.slice(r.letter.text) == THREAT


def test_threat_twice_is_a_repetition():
    r = check(letter(KEY, THREAT, HELP, CONTACT, "Husk: Kommer du ikke, og har du ikke givet besked, "
                                                   "bliver der trukket penge i din kontanthjælp."))
    pl = r.placement
    assert pl.threat_paragraphs == (5, 8) and pl.threat_repeated and pl.threat_count == 2
    repeated = [f for f in r.findings if f.code == "PLC004"]
    assert len(repeated) == 1 and repeated[0].span.slice(r.letter.text).startswith("Husk")
    assert "2 gange" in repeated[0].message


def test_no_threat_and_trust_first_profile():
    text = letter(KEY, HELP, CONTACT)
    r = check(text)
    assert r.placement.threat_paragraphs == () and r.placement.first_threat_position is None
    assert "IND005" in {f.code for f in r.findings}
    trusting = check(text, profile="tillid-foerst")
    assert "IND005" not in {f.code for f in trusting.findings} and codes(trusting) == []
    assert trusting.placement.score == 100.0


def test_buried_key_message():
    intro = ("Vi har gennemgået din sag og vil gerne følge op på din plan. Det er vigtigt for os, at vi ses. "
             "Du har nu været ledig i et stykke tid, og vi vil gerne finde ud af, hvad der kan hjælpe dig.")
    more = "Vi har også brug for at høre, hvordan det går med dit helbred, og om du har brug for hjælp."
    r = check(letter(intro, more, KEY, HELP, CONTACT, THREAT))
    pl = r.placement
    assert pl.key_message_paragraph == 6 and pl.key_message_position == 2
    assert pl.score == pytest.approx(100 - 25 * 2 / 3 - 10, abs=0.1)  # and the time is off the first screen
    assert not pl.first_screen.passed
    assert codes(r) == ["PLC001"]


def test_threat_harder_to_read_than_the_rest():
    hard = ("Det bemærkes, at såfremt De udebliver fra samtalen uden rimelig grund, vil jobcentret foretage fradrag "
            "i Deres kontanthjælp for den dag, hvor samtalen skulle have fundet sted, samt for hver efterfølgende "
            "dag, indtil De har genoprettet kontakten til jobcentret, jf. § 37, stk. 1, i lov om aktiv socialpolitik.")
    r = check(letter(KEY, HELP, CONTACT, hard))
    pl = r.placement
    assert pl.threat_lix - pl.rest_lix >= 10 and pl.threat_harder_to_read
    assert "PLC005" in codes(r) and "bemærkes" in pl.threat_tone_words


def test_emphasised_threat_in_capitals():
    r = check(letter(KEY, HELP, CONTACT, "VIGTIGT: " + THREAT))
    assert r.placement.threat_emphasised_paragraphs == (7,)


def test_citizens_questions_with_answers_or_not_answered():
    r = check(letter(KEY, CONTACT))
    qs = {q.id: q for q in r.questions}
    assert list(qs) == ["hvad", "goere", "hvor", "konsekvens", "hjaelp"]  # no "klage" for a summons
    assert qs["goere"].answered and "7. december 2026 kl. 10.00" in qs["goere"].answer
    assert qs["hvor"].answer.startswith("Du skal til samtale")
    assert not qs["konsekvens"].answered and qs["konsekvens"].answer == "ikke besvaret"
    assert qs["hjaelp"].answer == CONTACT
    text = r.letter.text
    assert text[qs["goere"].start:qs["goere"].end] == qs["goere"].answer


def test_decision_questions_include_complaint():
    r = check(next(CORPUS.glob("14_*.txt")))
    qs = {q.id: q for q in r.questions}
    assert "klage" in qs and qs["klage"].answered and "klage" in qs["klage"].answer.lower()
    assert "hvor" not in qs


def test_decision_paragraph_is_not_a_threat_but_a_future_warning_is():
    r = check(next(CORPUS.glob("14_*.txt")))
    assert r.placement.key_message_paragraph == 5 and r.placement.threat_paragraphs == (10,)


GUIDE_HEAD = "Jobcenter Skovlund\nStationsvej 8, 7480 Skovlund\n\n16. november 2026\n\n"
GUIDE_BODY = ("Her er et overblik over de regler, der gælder for dig, mens du får kontanthjælp. Vi talte om dem på "
              "din første samtale, og nu får du dem også på skrift.\n\n"
              "Du skal søge job hver uge, komme til dine samtaler og deltage i dine tilbud.\n\n"
              "Hvis du ikke kommer til en samtale og ikke har en god grund, trækker vi i din kontanthjælp.")


def test_a_warning_put_before_the_greeting_is_a_threat_but_not_the_key_message():
    r = check(GUIDE_HEAD + "HUSK! Overholder du ikke reglerne, kan du miste penge fra din kontanthjælp.\n\nHej Freja\n\n"
              + GUIDE_BODY + END, letter_type="vejledning_raadighed")
    pl = r.placement
    assert 2 in pl.threat_paragraphs and pl.key_message_paragraph == 4


def test_a_kort_fortalt_box_before_the_greeting_is_body_text():
    box = ("Kort fortalt\n• Hvornår: mandag den 14. december 2026 kl. 9.15\n• Hvor: på video – du får et link\n"
           "• Kan du ikke? Giv besked senest fredag den 11. december 2026")
    r = check("Jobcenter Skovlund\nStationsvej 8, 7480 Skovlund\n\n2. december 2026\n\nVi har booket et videomøde med dig\n\n"
              + box + "\n\nHej Yasmin\n\nVi skal tale om din jobsøgning." + END, letter_type="indkaldelse")
    assert {e.id: e for e in r.elements}["meeting_datetime"].paragraphs == (3,)
    assert r.placement.key_message_paragraph == 3


def test_a_question_heading_carries_the_condition_of_its_answer():
    r = check(letter(KEY, "Hvad hvis jeg ikke tager telefonen?\nSå er det det samme, som når man udebliver. "
                          "Vi trækker i din kontanthjælp for den dag.", CONTACT))
    assert r.placement.threat_paragraphs == (5,)


def test_a_name_with_a_comma_is_a_greeting_and_the_subject_above_it_can_carry_the_threat():
    text = ("Jobcenter Skovlund\nStationsvej 8, 7480 Skovlund\n\nDato: 1. februar 2027\n\n"
            "Du kan miste retten til kontanthjælp for de dage, du ikke deltager – partshøring\n\nKasper,\n\n"
            "Vi overvejer at give dig en skærpet rådighedssanktion. Svar os senest den 9. februar 2027." + END)
    r = check(text, letter_type="partshoering")
    assert [p.role for p in r.letter.paragraphs][:4] == ["letterhead", "date", "subject", "greeting"]
    assert 2 in r.placement.threat_paragraphs


def test_every_corpus_letter_has_roles_placement_and_questions():
    for path in sorted(CORPUS.glob("*.txt")):
        r = check(path)
        assert all(p.role for p in r.letter.paragraphs)
        assert 0 <= r.placement.score <= 100
        assert r.questions and all(q.answer for q in r.questions)
        assert r.to_dict()["paragraphs"][0]["role"] == "letterhead"


def test_a_retold_warning_in_a_decision_is_not_a_new_threat():
    text = ("Jobcenter Skovlund\nStationsvej 8, 7480 Skovlund\n\n3. marts 2027\n\nAfgørelse om skærpet rådighedssanktion\n\n"
            "Kære Mikkel\n\nVi har besluttet, at du fra den 1. april 2027 kun får kontanthjælp for de dage, du deltager.\n\n"
            "Hvad er der sket?\nDu fik fradrag den 30. november 2026, fordi du ikke mødte op til en jobsamtale. I det brev "
            "skrev vi også, at vi næste gang kunne give dig en skærpet sanktion. Derefter blev du væk fra din praktik "
            "den 1. februar 2027.\n\n"
            "Hvis du igen bliver væk en hel kalendermåned, stopper din kontanthjælp, og vi lukker din sag." + END)
    r = check(text, letter_type="afgoerelse_sanktion")
    assert r.placement.threat_paragraphs == (6,)


def test_emne_subject_first_and_a_slash_signature():
    text = ("Emne: Mød op tirsdag – ellers trækker vi i din kontanthjælp\n\nJobcenter Gøgeskov, 25. januar 2027\n\n"
            "Hej Kasper\n\nDu skal til jobsamtale tirsdag den 2. februar 2027 kl. 9.00 hos Jobcenter Gøgeskov, Torvegade 31.\n\n"
            "/Nadia, Jobcenter Gøgeskov")
    r = check(text, letter_type="indkaldelse")
    assert 0 in r.placement.threat_paragraphs
    assert r.letter.paragraphs[-1].role == "closing"
    assert 4 in {e.id: e for e in r.elements}["sender"].paragraphs


def test_a_subject_above_the_recipient_block_and_a_sanction_only_reported_as_past():
    text = ("DUNHAMMERVIG KOMMUNE\nStrandengen 2, 4592 Dunhammervig\n\n"
            "Indkaldelse – manglende fremmøde giver fradrag i kontanthjælpen\n\n"
            "Modtager:\nSabine Ørum Kjeldsen\nRørsangervej 9, st.\n4592 Dunhammervig\n\nKære Sabine\n\n"
            "Du er indkaldt til samtale tirsdag den 15. december 2026 kl. 8.45 på Havnekajen 14.\n\n"
            "Sabine har den 2. november 2026 fået fradrag i hjælpen efter lovens § 37 på grund af udeblivelse." + END)
    r = check(text, letter_type="indkaldelse")
    assert r.placement.threat_paragraphs == (1,)


def test_what_is_the_letter_about_is_the_key_message_never_a_lead_in_or_the_legal_basis():
    """Issue 15: "Hvad handler brevet om?" was answered with "På samtalen vil vi:" or the legal-basis sentence."""
    text = ("Jobcenter Egholm\nTorvet 3, 4000 Egholm\n\n2. december 2026\n\nSamtale om dit forløb\n\nKære Anna\n\n"
            "Du skal til en samtale hos os mandag den 14. december 2026 kl. 10.00 på Torvet 3.\n\n"
            "På samtalen vil vi:\n- tale om din jobsøgning\n- lægge en plan for de næste tre måneder\n\n"
            "Samtalen holdes efter lov om en aktiv beskæftigelsesindsats § 16.\n\nMed venlig hilsen\nJens Holm")
    r = check(text, "indkaldelse")
    qs = {q.id: q for q in r.questions}
    assert qs["hvad"].answer == "Du skal til en samtale hos os mandag den 14. december 2026 kl. 10.00 på Torvet 3."
    for q in r.questions:
        assert not q.answer.rstrip().endswith(":") and "§ 16" not in q.answer and q.answer != "Samtale om dit forløb"


def test_a_list_lead_in_is_answered_with_its_list():
    from rewriter.analysis.questions import _answer

    text = ("Kære Anna\n\nVi har brug for at tale med dig.\n\nPå samtalen vil vi:\n- tale om din jobsøgning\n"
            "- lægge en plan\n\nSamtalen er mandag den 14. december 2026 kl. 10.00 på Torvet 3.")
    r = check(text, "indkaldelse")
    span = _answer(r.letter, r.structure, text.index("På samtalen"))
    assert span.slice(r.letter.text) == "På samtalen vil vi:\n- tale om din jobsøgning\n- lægge en plan"
    assert all(q.answered and not q.answer.rstrip().endswith(":") for q in r.questions if q.id in ("hvad", "hvor"))
