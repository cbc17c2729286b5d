"""The law as read in December 2026 (issue 14): sanction kinds drive elements, citations and snippets; the rules
know when the law was read and which word it uses for the authority; every rule says where its law comes from."""

from __future__ import annotations

import pytest

from rewriter import check
from rewriter.cli import main
from rewriter.rules.rulebook import load_rulebook

HEAD = "Jobcenter Egholm\nTorvet 3, 4000 Egholm\nTlf. 46 31 00 00\n\n{date}\n\nKære Anna\n\n"
SIGN = "\n\nMed venlig hilsen\nJens Holm\nJobcenter Egholm"


def letter(body: str, date: str = "2. december 2026") -> str:
    return HEAD.format(date=date) + body + SIGN


KINDS = {
    "s37": ("indkaldelse", "Du skal til jobsamtale hos os mandag den 14. december 2026 kl. 10.00 på Torvet 3.\n\n"
                           "Kommer du ikke, trækker vi i din hjælp fra samtaledagen, indtil du kontakter os igen."),
    "s36": ("indkaldelse", "Du skal starte i virksomhedspraktik hos Egholm Bageri mandag den 14. december 2026 kl. 7.00.\n\n"
                           "Er du væk fra praktikken, trækker vi i din hjælp for de dage, du er væk."),
    "s39": ("afgoerelse_sanktion", "Vi har besluttet at nedsætte din kontanthjælp med 2.115 kr., fordi du sagde nej "
                                   "til et job som lagermedarbejder den 20. november 2026."),
    "ophoer": ("afgoerelse_sanktion", "Vi har besluttet, at din kontanthjælp ophører fra den 1. januar 2027. "
                                      "Vil du have hjælp igen, skal du søge om hjælp på ny."),
    "s40a": ("afgoerelse_sanktion", "Vi har besluttet at give dig en skærpet rådighedssanktion fra den 1. januar 2027, "
                                    "fordi du igen er udeblevet fra din praktik."),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_sanction_kind_is_detected(kind):
    letter_type, body = KINDS[kind]
    report = check(letter(body), letter_type)
    assert report.sanction_kind is not None and report.sanction_kind.id == kind
    assert report.to_dict()["sanction_kind"]["id"] == kind


def test_guidance_letters_have_no_single_sanction_kind():
    assert check(letter("Du skal stå til rådighed for et job."), "vejledning_raadighed").sanction_kind is None


def test_the_kind_chooses_the_snippet_and_the_legal_basis():
    """A summons without a consequence gets the consequence of its own kind; the restore text is the kind's."""
    tilbud = check(letter("Du skal starte i virksomhedspraktik hos Egholm Bageri mandag den 14. december 2026 "
                          "kl. 7.00."), "indkaldelse")
    samtale = check(letter("Du skal til jobsamtale hos os mandag den 14. december 2026 kl. 10.00 på Torvet 3."),
                    "indkaldelse")
    (ft,) = [f for f in tilbud.findings if f.code == "IND005"]
    (fs,) = [f for f in samtale.findings if f.code == "IND005"]
    assert "for de timer eller dage, du er væk" in ft.fix.edits[0].replacement and "§ 36" in ft.legal_basis
    assert "samtaledagen" in fs.fix.edits[0].replacement and "§ 37" in fs.legal_basis
    assert "samtaledagen" not in ft.fix.edits[0].replacement


def test_a_tilbud_letter_with_the_samtale_consequence_is_kon005():
    body = ("Du skal starte i virksomhedspraktik hos Egholm Bageri mandag den 14. december 2026 kl. 7.00.\n\n"
            "Møder du ikke op i praktikken, trækker vi i din hjælp fra den dag, du skulle være mødt, og indtil du "
            "kontakter os igen. Det står i § 37 i lov om aktiv socialpolitik.")
    (f,) = [f for f in check(letter(body), "indkaldelse").findings if f.code == "KON005"]
    assert f.level == "error" and "§ 36" in f.message and "§ 37" in f.message


def test_help_back_from_the_day_of_contact_is_wrong_outside_paragraph_37():
    body = ("Vi har besluttet at trække i din kontanthjælp for 2 dage, 7. og 8. december 2026, med 600 kr. pr. dag, "
            "fordi du var væk fra din virksomhedspraktik. Det står i § 36 i lov om aktiv socialpolitik.\n\n"
            "Du får fuld hjælp igen fra den dag, du kontakter os.")
    report = check(letter(body), "afgoerelse_sanktion")
    assert report.sanction_kind.id == "s36"
    (f,) = [f for f in report.findings if f.code == "GEN011"]
    assert f.values["status"] == "wrong" and "§ 36" in f.message
    s37 = body.replace("var væk fra din virksomhedspraktik", "ikke kom til samtalen").replace("§ 36", "§ 37, stk. 1")
    assert not [f for f in check(letter(s37), "afgoerelse_sanktion").findings if f.code == "GEN011"]


def test_a_hearing_on_stopping_the_help_is_an_ophoer_and_full_help_from_contact_is_wrong_there():
    """A hearing that says "at stoppe din kontanthjælp" and cites § 40 is about an ophør, also when it wrongly
    promises full help from the day of contact; its twin that tells the citizen to apply again is right
    (kept-back pairs_keep4 pair 121, fixed after its first run; the text here is written for the test)."""
    body = ("Vi overvejer at stoppe din kontanthjælp fra 1. februar 2027, fordi vi mener ikke, du står til rådighed "
            "for arbejde. Du har sagt nej til to job som chauffør. Det står i § 13 og § 40 i lov om aktiv "
            "socialpolitik.\n\nSvar os senest fredag den 18. december 2026 i Digital Post.\n\n"
            "Hvis vi stopper din hjælp, får du fuld hjælp igen fra den dag, du kontakter os.")
    report = check(letter(body), "partshoering")
    assert report.sanction_kind.id == "ophoer"
    (f,) = [f for f in report.findings if f.code == "GEN011"]
    assert f.values["status"] == "wrong"
    twin = body.replace("får du fuld hjælp igen fra den dag, du kontakter os.",
                        "starter den ikke igen af sig selv. Du skal søge om kontanthjælp på ny.")
    assert not [f for f in check(letter(twin), "partshoering").findings if f.code == "GEN011"]
    # the spouse's help that stops in a § 35, stk. 2 warning is no ophør of the citizen's own help
    warning = ("Vi har besluttet at trække i din hjælp for 1 dag, den 1. december 2026, fordi du ikke kom til din "
               "jobsamtale. Det står i § 37, stk. 1, i lov om aktiv socialpolitik.\n\n"
               "- Lukker vi din sag, lukker vi også Sannes sag, og hendes kontanthjælp stopper.")
    assert check(letter(warning), "afgoerelse_sanktion").sanction_kind.id == "s37"


def test_a_summons_subject_above_a_time_and_place_table_is_the_subject():
    """"Indkaldelse til jobsamtale" above a "| Hvornår | ... |" table is the subject line, so the sanction kind is read
    from it: a course mentioned in the purpose does not make the jobsamtale a tilbud (pairs_keep4 pair 122)."""
    text = ("Jobcenter Egholm\nTorvet 3, 4000 Egholm\n\nAnna Holm\nVejen 2\n4000 Egholm\n\n2. december 2026\n\n"
            "Indkaldelse til jobsamtale\n\n| Hvornår | mandag den 14. december 2026 kl. 10.00 |\n"
            "| Hvor | Torvet 3, lokale 2 |\n\nVed samtalen taler vi om dit job og om, et kursus kan hjælpe dig.\n\n"
            "Kommer du ikke uden rimelig grund, trækker vi i din hjælp fra samtaledagen, indtil du kontakter os igen, "
            "jf. § 37.\n\nMed venlig hilsen\nJens Holm")
    report = check(text, "indkaldelse")
    assert report.structure.roles[3] == "subject"
    assert report.sanction_kind.id == "s37" and not report.sanction_kind.mismatch
    assert not [f for f in report.findings if f.code == "KON005"]


def test_findings_on_letters_dated_after_the_law_was_read_are_not_confirmed(capsys, tmp_path):
    body = "Vi har besluttet at trække 2 dage i din kontanthjælp."
    before = check(letter(body, "2. december 2026"), "afgoerelse_sanktion")
    after = check(letter(body, "4. januar 2027"), "afgoerelse_sanktion")
    assert load_rulebook().law.verified_until.isoformat() == "2026-12-31"
    b = {f.code: f.values.get("confirmed") for f in before.findings if f.legal_basis}
    a = {f.code: f.values.get("confirmed") for f in after.findings if f.legal_basis}
    assert b["AFG005"] == "true" and a["AFG005"] == "false"
    path = tmp_path / "brev.txt"
    path.write_text(letter(body, "4. januar 2027"), encoding="utf-8")
    main(["check", str(path), "--type", "afgoerelse_sanktion"])
    assert "hjemmel ikke bekræftet" in capsys.readouterr().out


def test_the_authority_word_follows_the_letter_date():
    law = load_rulebook().law
    import datetime as dt

    assert law.authority_word(dt.date(2025, 11, 1)) == "jobcentret"
    assert law.authority_word(dt.date(2026, 12, 1)) == "kommunen"
    body = "Vi har besluttet at trække 2 dage i din kontanthjælp."
    new = check(letter(body, "2. december 2026"), "afgoerelse_sanktion")
    (f,) = [f for f in new.findings if f.code == "AFG008"] or [None]
    assert f is None or "{myndighed}" not in (f.legal_basis or "")
    report = check(letter("Du skal stå til rådighed for et job.", "2. december 2026"), "vejledning_raadighed")
    sender = next(e for e in report.elements if e.id == "sender")
    assert "fra kommunen" in sender.legal_basis


def test_every_rule_says_where_its_law_comes_from(capsys):
    rb = load_rulebook()
    for rule in rb.rules:
        assert rule.sources and rule.valid_from is not None, rule.code
        assert all(s.read and s.status in ("statute", "authority", "secondary", "practice") for s in rule.sources)
        if rule.confirmed and rule.legal_basis:
            # confirmed only when the statute or the authority's own text was read
            assert any(s.status in ("statute", "authority") for s in rule.sources), rule.code
    assert main(["rules", "explain", "AFG008"]) == 0
    out = capsys.readouterr().out
    assert "Kilde:" in out and "LBK nr. 354 af 02/04/2025" in out and "Forkert, hvis brevet:" in out


def test_a_summons_that_lets_someone_else_attend_is_wrong_in_de_form_too():
    """"De har mulighed for at give en anden person fuldmagt til at repræsentere Dem" in a summons is the same wrong
    statement as its du-form (the citizen must attend in person): it was found only in du-form, so the du-form
    proposal of such a letter "lost" its bisidder element (rewrite_heldout22 4603)."""
    body = ("De indkaldes til jobsamtale mandag den 14. december 2026 kl. 10.00 på Torvet 3.\n\n"
            "De har ret til at lade Dem ledsage af en bisidder, ligesom De har mulighed for at give en anden person "
            "fuldmagt til at repræsentere Dem.")
    de = {e.id: e.status for e in check(letter(body).replace("Kære Anna", "Kære Anna Berg"), "indkaldelse").elements}
    du = body.replace("De indkaldes", "Du indkaldes").replace("De har ret til at lade Dem", "Du har ret til at lade dig")
    du = du.replace("ligesom De", "ligesom du").replace("repræsentere Dem", "repræsentere dig")
    assert de["bisidder"] == "wrong"
    assert {e.id: e.status for e in check(letter(du), "indkaldelse").elements}["bisidder"] == "wrong"
