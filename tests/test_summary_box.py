"""The "Kort fortalt" box (issue 16, item 5): each fact from the sentence of its role, no table labels, at
least three lines, no box on general notices, unknown types or ``box: false``, nothing the letter does not say."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from rewriter.analysis.pipeline import check
from rewriter.errors import RuleError
from rewriter.rewrite import propose
from rewriter.rewrite.summary import MIN_LINES, clean, summary_block
from rewriter.rules.resources import rules_dir
from rewriter.rules.rulebook import load_rulebook

CORPUS = Path(__file__).resolve().parent.parent / "evaluation" / "corpus"

HEAD = ("Jobcenter Egholm\nTorvet 3, 4000 Egholm\nTlf. 46 31 00 00\n\nAnna Berg\nMøllevej 2\n4000 Egholm\n\n"
        "Egholm, den 20. november 2026\n\n")

# a summons with the meeting in a table, cancelling on the main number or in Digital Post, and the
# caseworker's direct line in the contact paragraph
TABLE_SUMMONS = HEAD + """Indkaldelse til jobsamtale

Kære Anna

Du skal til jobsamtale hos os. Her er tid og sted:

Hvornår\tmandag den 7. december 2026 kl. 10.00
Hvor       Rådhuspladsen 1, 4000 Egholm

Kan du ikke komme, skal du melde afbud på vores hovednummer 46 31 00 00 eller i Digital Post senest kl. 9.00 samme dag.

Kommer du ikke, og har du ikke en rimelig grund, trækker vi i din kontanthjælp, jf. § 37 i lov om aktiv socialpolitik.

Har du spørgsmål, kan du ringe direkte til mig på 46 31 00 12.

Med venlig hilsen
Jens Holm
"""

# a decision whose decided amount ends in "kr." and whose example table holds other amounts
DECISION = """Egholm Kommune
Jobcenter Egholm, Torvet 3, 4000 Egholm

Egholm, den 2. december 2026

Afgørelse om fradrag i din kontanthjælp

Kære Anna Berg

Vi har besluttet at trække 1.826,31 kr. i din kontanthjælp, fordi du ikke mødte op til samtalen den 7. december 2026. Afgørelsen er truffet efter § 37 i lov om aktiv socialpolitik.

Sådan regner vi et fradrag ud, for eksempel: Et fradrag for én dag er 745 kr. pr. dag. For 3 dage er det 3 x 745 kr. = 2.235 kr.

Du kan klage over afgørelsen. Klagen skal være modtaget hos Egholm Kommune inden 4 uger efter, at du har fået afgørelsen. Hvis vi fastholder afgørelsen, sender vi klagen videre til Ankestyrelsen.

Har du spørgsmål, kan du ringe til mig på tlf. 46 31 00 12.

Med venlig hilsen
Jens Holm
"""

# a hearing whose first "senest" is the missed afbud deadline, not the reply deadline
HEARING = HEAD.replace("20. november", "2. december") + """Partshøring: Vi overvejer at trække i din kontanthjælp

Kære Anna

Du skulle have meldt afbud senest kl. 9.00 den 30. november 2026, men det gjorde du ikke, og du kom ikke til samtalen.

Vi overvejer derfor at trække 1.380 kr. i din kontanthjælp efter § 37 i lov om aktiv socialpolitik. Før vi træffer en afgørelse, vil vi gerne høre din forklaring.

Du kan give os din forklaring senest fredag den 11. december 2026. Skriv til os i Digital Post, eller ring til mig på 46 31 00 12.

Hører vi ikke fra dig, træffer vi afgørelsen ud fra de oplysninger, vi har.

Med venlig hilsen
Jens Holm
"""


def _box(text: str, letter_type: str | None = None) -> str | None:
    block = summary_block(check(text, letter_type))
    return block.text if block is not None else None


def _lines(box: str) -> dict[str, str]:
    return dict(re.match(r"- ([^:]+): (.*)$", x).groups() for x in box.splitlines()[1:])


def test_the_cancel_number_is_the_afbud_sentences_not_the_caseworkers_direct_line():
    lines = _lines(_box(TABLE_SUMMONS))
    assert lines["Kan du ikke komme"] == "Giv besked på tlf. 46 31 00 00 eller i Digital Post senest kl. 9.00 samme dag."
    assert "46 31 00 12" not in _box(TABLE_SUMMONS)  # the direct line is for questions, not for cancelling


def test_the_cancel_number_of_a_corpus_letter_with_a_direct_line_for_questions():
    """holdout/31: "Passer tiden dig ikke? Skriv til os i Digital Post eller ring på 74 55 20 00 ..." and
    "Har du spørgsmål, kan du fange mig direkte på 74 55 20 46"."""
    box = _box(CORPUS / "holdout" / "31_indkaldelse-booket-tid-lyngmose.txt")
    # with the letter's own deadline (twenty-second panel: a line without it misled)
    assert _lines(box)["Kan du ikke komme"] == \
        "Giv besked i Digital Post eller på tlf. 74 55 20 00 senest mandag den 14. december kl. 12."
    assert "74 55 20 46" not in box


def test_a_summons_to_start_in_a_tilbud_is_not_called_a_meeting():
    tilbud = HEAD + ("Kære Anna\n\nDu skal starte i virksomhedspraktik hos Egholm Bageri, Bagergade 4, 4000 Egholm, "
                     "mandag den 7. december 2026 kl. 7.00.\n\nKan du ikke komme, skal du ringe til os på 46 31 00 00."
                     "\n\nEr du væk fra praktikken uden en rimelig grund, trækker vi i din kontanthjælp for de dage, "
                     "du er væk (§ 36).\n\nHilsen\nJens Holm\n")
    lines = _lines(_box(tilbud, "indkaldelse"))
    assert "Hvad" not in lines  # the meeting sentence names no meeting: no "Hvad" line (issue 16)
    assert lines["Tid"] == "mandag den 7. december 2026 kl. 7.00."
    assert lines["Sted"] == "Bagergade 4, 4000 Egholm."
    caps = TABLE_SUMMONS.replace("Indkaldelse til jobsamtale", "INDKALDELSE TIL JOBSAMTALE")
    assert _lines(_box(caps))["Hvad"] == "Du skal til jobsamtale."  # copied from the lead-in, in lower case


def test_a_phone_or_video_meeting_gets_no_place_from_another_sentence():
    # holdout/34: "Din rådgiver ... ringer til dig {{ samtaledato }} ..."; the praktik place is no meeting place
    # (its meeting sentence names no meeting: no "Hvad" line, and two lines make no box, issue 16)
    box = _box(CORPUS / "holdout" / "34_indkaldelse-skabelon-telefon-brinkhoej.txt")
    assert box is None
    # holdout23/481: "Så kan du i stedet møde op i jobcentret på Granbakken 5": not the video meeting's place
    box = _box(CORPUS / "holdout23" / "481_indkaldelse-skabelon-video-kogleaas.txt")
    assert "Granbakken" not in box
    # holdout4/92: "Spørgsmål er velkomne på «Direkte_telefon» eller «Mailadresse»": an e-mail field is no place
    box = _box(CORPUS / "holdout4" / "92_indkaldelse-skabelon-video-stenlund.txt")
    assert "Mailadresse" not in box and _lines(box)["Tid"] == "«Mødedato» «Starttid»."


def test_no_table_label_or_row_layout_in_a_value():
    box = _box(TABLE_SUMMONS)
    lines = _lines(box)
    assert lines["Tid"] == "mandag den 7. december 2026 kl. 10.00."
    assert lines["Sted"] == "Rådhuspladsen 1, 4000 Egholm."  # not "Hvor       Rådhuspladsen 1"
    assert lines["Hvad"] == "Du skal til jobsamtale."
    assert "Hvor" not in box and "\t" not in box and "  " not in box
    assert clean("Sted: Torvet 3, 4000 Egholm") == "Torvet 3, 4000 Egholm"
    assert clean("Tid:\tkl. 10.00") == "kl. 10.00"
    assert clean("Adresse «Mødested»") == "«Mødested»"
    assert clean("Stedvej 4, 4000 Egholm") == "Stedvej 4, 4000 Egholm"  # a street, not a label


def test_the_amount_is_the_decision_sentences_never_an_example_and_ends_in_one_full_stop():
    box = _box(DECISION)
    lines = _lines(box)
    assert lines["Fradrag"] == "1.826,31 kr."  # one full stop after "kr."; a deduction (issue 16)
    assert "kr.." not in box and "745" not in box and "2.235" not in box
    assert lines["Frist for klage"] == "inden 4 uger efter, at du har fået afgørelsen."  # what it counts from
    assert lines["Spørgsmål"] == "Ring på tlf. 46 31 00 12."
    # the decision sentence without an amount: not the example's amount, and no box at all (tenth editor panel:
    # "Hvad: Vi har truffet en afgørelse om din hjælp" beside the deadline and the phone says nothing of the result)
    assert _box(DECISION.replace("at trække 1.826,31 kr. i din kontanthjælp", "at trække i din kontanthjælp")) is None


def test_the_reply_deadline_is_the_hearings_deadline_sentence():
    lines = _lines(_box(HEARING))
    assert lines["Svar senest"] == "fredag den 11. december 2026."  # not the missed afbud deadline of 30 November
    assert lines["Sådan svarer du"] == "i Digital Post eller på tlf. 46 31 00 12."
    assert "Spørgsmål" not in lines  # the same number is already the line for replying


def test_a_box_of_fewer_than_three_lines_is_left_out():
    start = HEARING.index("Du kan give os din forklaring")
    end = HEARING.index("Hører vi ikke")
    short = HEARING[:start] + HEARING[end:]  # no deadline, no way to reply, no phone: "Hvad" alone
    report = check(short)
    assert report.letter_type == "partshoering" and summary_block(report) is None
    assert MIN_LINES == 3
    p = propose(short, "restructure")
    assert "Kort fortalt" not in p.text


def test_no_box_on_a_general_notice_an_unknown_letter_or_a_type_without_a_box():
    general = check(CORPUS / "outside1" / "614_nyhed-flytning-julelukning.txt")
    assert general.letter_type == "generel_meddelelse" and summary_block(general) is None
    assert _box(TABLE_SUMMONS, "generel_meddelelse") is None  # the type decides, not the facts
    guidance = check(CORPUS / "dev" / "20_vejledning-raadighed-kontanthjaelp.txt")
    assert guidance.letter_type == "vejledning_raadighed" and summary_block(guidance) is None  # box: false
    assert load_rulebook().type_config("vejledning_raadighed").box == ()
    unknown = check("Kære Anna\n\nTak for en god snak i går. Vi ses igen.\n\nMed venlig hilsen\nJens Holm\n")
    assert unknown.letter_type == "unknown" and summary_block(unknown) is None


def test_box_true_in_letter_types_is_a_located_rules_error(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(rules_dir(), rules)
    path = rules / "letter_types.yml"
    text = path.read_text(encoding="utf-8")
    assert "box: [forslag, frist, svar, telefon]" in text
    path.write_text(text.replace("box: [forslag, frist, svar, telefon]", "box: true"), encoding="utf-8")
    with pytest.raises(RuleError) as exc:
        load_rulebook(rules)
    assert exc.value.code == "R203" and "box" in str(exc.value)


_DIGITS = re.compile(r"\d[\d .,:]*\d|\d")


@pytest.mark.parametrize("folder", ["dev", "holdout"])
def test_every_box_value_of_the_corpus_is_copied_text_of_the_letter(folder):
    """The mechanical check (evaluation/box_check.py) on two annotated corpora, and every value's
    numbers, addresses and merge fields are in the letter."""
    from evaluation.box_check import annotated_afbud, findings

    boxes = 0
    for path in sorted((CORPUS / folder).glob("*.txt")):
        report = check(path)
        block = summary_block(report)
        if block is None:
            continue
        boxes += 1
        f = findings(report, block.text, annotated_afbud(path))
        assert not f["labels"] and f["lines"] >= 3 and not f["general"] and not f["wrong_cancel"], (path.name, f)
        flat = re.sub(r"\s+", " ", report.letter.text)
        for label, value in _lines(block.text).items():
            if label == "Hvad":
                continue
            for piece in re.split(r" eller |Giv besked |Ring på tlf\. |på tlf\. | på |^i |^på | (?=senest )",
                                  value.rstrip(".")):
                piece = piece.strip()
                if piece and piece not in ("i Digital Post", "Digital Post"):
                    if label == "Tid":  # date and time, each copied
                        assert all(d in flat for d in _DIGITS.findall(piece)), (path.name, label, piece)
                    else:
                        assert piece in flat or piece.rstrip(".") in flat, (path.name, label, piece)
    assert boxes >= 5


def test_a_hearings_box_says_how_much_the_proposed_sanction_would_take():
    """Tenth editor panel: the hearing's box ("Vi vil høre dig, før vi træffer en afgørelse") did not say what the
    hearing is about.  The amount comes from the sentence that proposes the sanction; a rate is not the amount."""
    box = _box(HEARING)
    lines = _lines(box)
    assert "Vi overvejer at trække" not in lines or lines["Vi overvejer at trække"] in HEARING
    text = ("Jobcenter Egholm\nTorvet 3, 4000 Egholm\n\n2. december 2026\n\nPartshøring\n\nKære Anna\n\nDu mødte ikke "
            "op til samtalen den 30. november 2026. Vi overvejer derfor at trække 1.217,54 kr. i din kontanthjælp, "
            "svarende til 2 dage med 608,77 kr. pr. dag.\n\nSvar os senest fredag den 18. december 2026 i Digital Post "
            "eller på tlf. 97 14 22 37.\n\nHar du spørgsmål, så ring på tlf. 97 14 22 37.\n\nMed venlig hilsen\nJens Holm")
    lines = _lines(_box(text))
    assert lines["Vi overvejer at trække"] == "1.217,54 kr."


def test_the_first_day_of_a_course_is_not_one_meeting():
    """Sixteenth editor panel: a six-week course's box said "Tid: mandag den 18. januar 2027 kl. 8.30." as if it
    were one meeting; the letter says "Første mødedag" and gives the course's length."""
    text = ("Jobcenter Egholm\nTorvet 3, 4000 Egholm\n\n2. december 2026\n\nIndkaldelse til opstart i tilbud\n\nKære "
            "Anna\n\nDu skal starte i et jobsøgningsforløb på Egholm Jobværksted.\n\nFørste mødedag: mandag den 18. "
            "januar 2027 kl. 8.30\nMødested: Industrivej 9, 4000 Egholm\nForløbets varighed: 6 uger\n\nEr du syg, "
            "skal du give besked på tlf. 74 62 18 51 senest kl. 8.30 på den pågældende mødedag.\n\nKommer du ikke "
            "uden rimelig grund, trækker vi i din hjælp for hver dag, du er væk.\n\nMed venlig hilsen\nJens Holm")
    lines = _lines(_box(text))
    assert lines["Første dag"] == "mandag den 18. januar 2027 kl. 8.30." and "Tid" not in lines
    # "på den pågældende mødedag" points at no day in the box: "samme dag" (twenty-fourth panel, 4903)
    assert lines["Kan du ikke komme"].endswith("senest kl. 8.30 samme dag.")


DE_SUMMONS = HEAD + """Indkaldelse til jobsamtale

Kære Anna Berg

Såfremt De uden rimelig grund udebliver fra samtalen, vil der blive foretaget fradrag i Deres kontanthjælp, jf. § 37 i lov om aktiv socialpolitik.

De indkaldes hermed til jobsamtale mandag den 7. december 2026 kl. 10.00 i Jobcenter Egholm, Torvet 3, 4000 Egholm.

Er De forhindret i at møde, skal De melde afbud på tlf. 46 31 00 00 senest kl. 9.00 samme dag.

Med venlig hilsen
Jens Holm
"""


def test_a_de_form_letter_gets_the_box_where_the_proposal_turns_it_to_du():
    """The box says "du": a De-form letter got none, also where default turns the whole letter to du (twenty-second
    panel: the De-form letters gained least). It gets one there, and still none in restructure, which keeps "De"."""
    report = check(DE_SUMMONS)
    assert summary_block(report) is None and summary_block(report, du_form=True) is not None
    default = propose(DE_SUMMONS, "default")
    assert default.guard.passed and "Kort fortalt" in default.text and " De " not in default.text
    assert "- Kan du ikke komme: Giv besked på tlf. 46 31 00 00 senest kl. 9.00 samme dag." in default.text
    restructured = propose(DE_SUMMONS, "restructure")
    assert "Kort fortalt" not in restructured.text
