"""Evidence for missing elements and the learned element signal (rewriter/analysis/learned.py), on Danish
summonses written for these tests in wording the element patterns do not have."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rewriter import check
from rewriter.analysis import learned
from rewriter.cli.render import render_text
from rewriter.web.render import findings_rows, findings_table_html

ROOT = Path(__file__).resolve().parent.parent

SUMMONS = """Solbjerg Kommune
Jobcenter Solbjerg
Torvet 3, 8355 Solbjerg
Telefon 86 92 10 00

Anne Holm
Bøgevej 12
8355 Solbjerg

Dato: 3. november 2026

Samtale om dit forløb

Kære Anne

Du skal til samtale hos os tirsdag den 17. november 2026 kl. 10.30 i Jobcenter Solbjerg, Torvet 3, 8355 Solbjerg, lokale 2.

På samtalen skal vi tale om, hvordan det går med din jobsøgning, og hvad næste skridt kan være.

{extra}

Husk at møde op. Kommer du ikke, og har du ikke en rimelig grund, trækker vi i din kontanthjælp, jf. lov om aktiv socialpolitik § 37. En rimelig grund kan fx være sygdom.

Har du spørgsmål, kan du ringe til mig på 86 92 10 47.

Med venlig hilsen
Jens Mikkelsen
Jobkonsulent
"""

# No pattern of cancellation_procedure (IND004, required in a summons) or bisidder (GEN005) matches these.
SUPPORT_PERSON = "Du må gerne have en støtteperson med til samtalen."
MELDE_FRA = "Hvis du må melde fra, så ring til os på 86 92 10 00 inden kl. 9 samme dag."
ANDEN_DAG = "Skal du have en anden dag, så ring til os på 86 92 10 00 senest dagen før."


def _letter(extra: str) -> str:
    return SUMMONS.format(extra=extra)


def _finding(report, element_id):
    return next(f for f in report.findings if f.values.get("element") == element_id)


def _status(report, element_id):
    return next(e for e in report.elements if e.id == element_id)


@pytest.fixture(autouse=True)
def shipped_model():
    learned.use_model(None)
    yield
    learned.use_model(None)


def test_clear_miss_stays_an_error_and_shows_that_no_sentence_is_like_the_element():
    report = check(_letter(SUPPORT_PERSON), "indkaldelse")
    f = _finding(report, "cancellation_procedure")
    assert f.code == "IND004" and f.level == "error" and f.values["miss"] == "clear"
    assert f.message == "Indkaldelsen siger ikke, hvordan og hvornår borgeren melder afbud eller sig syg."
    assert f.values["similarity"] < learned.models()["cancellation_procedure"].weak_at
    # the candidate is a real sentence of the letter, with its span
    text = report.letter.text
    assert text[f.values["candidate_start"]:f.values["candidate_end"]] == f.values["candidate"]
    out = render_text(report)
    assert "IND004 error" in out and "~ ingen sætning ligner elementet (nærmeste: linje" in out


def test_weak_miss_is_a_warning_that_quotes_the_sentence_to_verify():
    report = check(_letter(SUPPORT_PERSON + "\n\n" + MELDE_FRA), "indkaldelse")
    assert _status(report, "cancellation_procedure").status == "missing"  # no pattern, not sure enough to count
    f = _finding(report, "cancellation_procedure")
    model = learned.models()["cancellation_procedure"]
    assert f.level == "warning" and f.values["miss"] == "weak"
    assert model.weak_at <= f.values["similarity"] < model.present_at
    assert f.values["candidate"] == MELDE_FRA
    para = report.letter.paragraphs[f.values["candidate_paragraph"]]
    assert para.span.slice(report.letter.text) == MELDE_FRA
    line = report.letter.line_col(f.values["candidate_start"])[0]
    assert f.message.startswith("Tjek: elementet ser ud til at mangle (Sådan melder borgeren afbud eller sig syg), men "
                                f"sætningen i linje {line} ligner det (lighed {f.values['similarity']:.2f}).")
    assert MELDE_FRA not in f.message  # messages go to the audit store; the letter's text does not
    assert f.fix is not None  # the snippet is still offered, for review
    out = render_text(report)
    assert "IND004 warning Tjek:" in out and f'~ nærmeste sætning, linje' in out and MELDE_FRA in out
    # the same in the web UI's findings table: a sixth column with the sentence and its similarity
    row = next(r for r in findings_rows(report) if r[0] == "IND004")
    assert len(row) == 6 and row[5] == f"»{MELDE_FRA}« (lighed {f.values['similarity']:.2f} · tjek: ligner elementet)"
    assert "Nærmeste sætning i brevet" in findings_table_html(report)


def test_learned_signal_finds_elements_in_wording_no_pattern_has():
    report = check(_letter(SUPPORT_PERSON + "\n\n" + ANDEN_DAG), "indkaldelse")
    for element_id, sentence in (("bisidder", SUPPORT_PERSON), ("cancellation_procedure", ANDEN_DAG)):
        e = _status(report, element_id)
        assert e.status == "present" and e.similarity >= learned.models()[element_id].present_at
        assert report.letter.paragraphs[e.paragraphs[0]].span.slice(report.letter.text) == sentence
        assert e.to_dict()["source"] == "learned"
        assert not any(f.values.get("element") == element_id for f in report.findings)
    assert "fundet af den lærte model: bisidder" in render_text(report).splitlines()[-1]
    # with the learned signal off (evaluate --no-learned), the patterns alone miss both: clear errors, no evidence
    learned.use_model(False)
    alone = check(_letter(SUPPORT_PERSON + "\n\n" + ANDEN_DAG), "indkaldelse")
    assert _status(alone, "bisidder").status == "missing" and _status(alone, "bisidder").similarity is None
    f = _finding(alone, "cancellation_procedure")
    assert f.level == "error" and "candidate" not in f.values and "miss" not in f.values


def test_a_pattern_find_is_untouched_and_a_fact_is_never_learned():
    # the pattern finds "melde afbud": present without a learned source
    report = check(_letter("Kan du ikke komme, skal du melde afbud på 86 92 10 00."), "indkaldelse")
    assert _status(report, "cancellation_procedure").similarity is None
    assert _status(report, "cancellation_procedure").status == "present"
    # a letterhead without phone or e-mail reads like contact information, but contact is a fact: never learned
    model = json.loads(learned.MODEL_PATH.read_text(encoding="utf-8"))["elements"]
    for fact in ("letter_date", "sender", "contact", "meeting_datetime", "meeting_place", "response_deadline"):
        assert model[fact]["present_at"] is None, fact
    assert model["complaint_body"]["weak_at"] is None  # a part of the klagevejledning: never a weak miss


def test_partial_element_shows_the_sentence_it_was_found_in():
    text = ("Jobcenter Skovlund\n\nDato: 1. december 2026\n\nKære Mikkel\n\nVi har besluttet at trække i din "
            "kontanthjælp. Vi trækker 1.340 kr. i din hjælp.\n\nMed venlig hilsen\nJobcenter Skovlund")
    report = check(text, "afgoerelse_sanktion")
    f = next(f for f in report.findings if f.code == "AFG002")
    assert f.values["missing_parts"] and f.values["candidate"] == "Vi trækker 1.340 kr. i din hjælp."
    assert "miss" not in f.values and f.level == "error"
    assert '~ fundet i sætningen, linje 7' in render_text(report)


def test_wire_format_documents_every_evidence_value():
    report = check(_letter(SUPPORT_PERSON + "\n\n" + MELDE_FRA), "indkaldelse")
    doc = (ROOT / "docs" / "wire-format.md").read_text(encoding="utf-8")
    f = _finding(report, "cancellation_procedure").to_dict()
    json.dumps(f)  # plain JSON values
    for key in ("candidate_start", "candidate_end", "candidate", "candidate_paragraph", "similarity", "miss"):
        assert key in f["values"] and f"`{key}`" in doc, key
    assert '"source": "learned"' in doc and "`weak`" in doc and "`clear`" in doc


def test_no_model_file_means_patterns_alone(tmp_path):
    learned.use_model(tmp_path / "absent.json")
    report = check(_letter(SUPPORT_PERSON + "\n\n" + MELDE_FRA), "indkaldelse")
    f = _finding(report, "cancellation_procedure")
    assert f.level == "error" and "candidate" not in f.values


@pytest.mark.slow
def test_the_shipped_model_is_reproducible_from_the_training_script():
    """``python -m evaluation.train_elements`` gives the shipped file; one annotated element retrained from the
    same letters gives the same entry, byte for byte (the whole file takes minutes)."""
    from evaluation.train_elements import default_folders, dumps, train

    shipped = json.loads(learned.MODEL_PATH.read_text(encoding="utf-8"))
    assert shipped["trained_on"] == default_folders()
    assert not any(f.startswith(("outside", "pairs")) for f in shipped["trained_on"])
    again = train(default_folders(), ["how_to_respond"])
    assert dumps(again["elements"]["how_to_respond"]) == dumps(shipped["elements"]["how_to_respond"])
