"""The checker on real Danish letters: types, elements, findings, fixes, profiles, dates, consistency."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import CORPUS, annotation, corpus_letters

from rewriter import check
from rewriter.rewrite.edits import apply, apply_fixes
from rewriter.rules.rulebook import load_rulebook

LETTERS = corpus_letters()
RB = load_rulebook()


def letter(prefix: str) -> str:
    return next(CORPUS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


@pytest.mark.parametrize("path", LETTERS, ids=lambda p: p.stem)
def test_every_corpus_letter_gets_type_elements_and_grounded_findings(path):
    ann = annotation(path)
    report = check(path)
    assert report.letter_type == ann["letter_type"]
    assert report.letter_type_confidence >= 0.45
    statuses = {e.id: e for e in report.elements}
    for element_id in ann["elements"]:
        assert element_id in statuses
    for f in report.findings:
        assert f.message and f.level in ("error", "warning", "suggestion")
        if f.code[:3] in ("GEN", "IND", "PAR", "AFG", "VEJ"):
            assert f.legal_basis
    # every annotated missing element is reported, by its own code or its parent's
    codes = {f.code for f in report.findings}
    for element_id, paras in ann["elements"].items():
        if paras:
            continue
        element = RB.element(element_id)
        parent = RB.element(element.part_of) if element.part_of else None
        assert element.rule.code in codes or (parent and parent.rule.code in codes), element_id
        assert statuses[element_id].status == "missing"


def test_missing_element_finding_is_an_insertion_whose_fix_restores_the_element():
    report = check(letter("02"))  # CUBB summons without sanction warning and legal basis
    ind005 = next(f for f in report.findings if f.code == "IND005")
    assert ind005.level == "warning" and len(ind005.span) == 0
    assert ind005.fix and ind005.fix.applicability == "review"
    assert "Lov om aktiv socialpolitik § 37" in ind005.legal_basis
    closing = report.letter.paragraphs[-1]
    assert ind005.span.start == closing.span.start  # "before_closing"
    fixed = apply(report.letter.text, ind005.fix.edits)
    again = {e.id: e.status for e in check(fixed, "indkaldelse").elements}
    assert again["sanction_warning"] == "present"
    assert again["legal_basis"] == "present"  # the snippet cites § 37


def test_all_fixes_together_leave_no_missing_required_element():
    report = check(letter("16"))  # decision template without assessment and hearing reference
    fixes = [f.fix for f in report.findings if f.fix]
    fixed, skipped = apply_fixes(report.letter.text, fixes)
    assert not skipped
    again = check(fixed, "afgoerelse_sanktion")
    missing = [e.id for e in again.elements if e.status == "missing" and e.level == "error"]
    assert missing == []


def test_template_merge_fields_count_as_placeholders():
    report = check(letter("04"))
    status = {e.id: e.status for e in report.elements}
    assert status["meeting_datetime"] == "placeholder"  # «Dato_samtale» kl. «Tidspunkt»
    assert status["letter_date"] == "placeholder"  # Dato: «Brevdato»
    assert status["cancellation_procedure"] == "present"


def test_partial_klagevejledning_gets_precise_codes():
    report = check(letter("18"))  # klagevejledning without deadline and without Ankestyrelsen
    codes = {f.code for f in report.findings}
    assert {"AFG006", "AFG007"} <= codes and "AFG005" not in codes
    guidance = report.letter.paragraphs[next(e for e in report.elements if e.id == "complaint_guidance").paragraphs[0]]
    afg006 = next(f for f in report.findings if f.code == "AFG006")
    assert afg006.span.start == guidance.span.end  # the part goes right after the klagevejledning
    no_guidance = check("Kære Mikkel\n\nVi har besluttet at trække 2 dage i din hjælp.", "afgoerelse_sanktion")
    codes = {f.code for f in no_guidance.findings}
    assert "AFG005" in codes and not {"AFG006", "AFG007", "AFG008"} & codes


def test_partshoering_without_reply_deadline():
    """Forvaltningsloven § 19, stk. 1: the kommune *may* set a deadline (legal review, December 2026): a
    warning that the hearing has none, not an error."""
    report = check(letter("13"))
    assert any(f.code == "PAR002" and f.level == "warning" for f in report.findings)
    assert not any(f.code == "PAR002" and f.level == "error" for f in report.findings)


def test_type_override_and_unknown_type_runs_only_general_checks():
    text = letter("02")
    assert check(text, "partshoering").letter_type == "partshoering"
    unknown = check("Kære Anna\n\nTak for sidst. Vi ses mandag den 8. december 2026 kl. 18.\n\nKh Mette")
    # never a silent unknown: a notice, and the checks every letter to a citizen has (as warnings)
    assert unknown.letter_type == "unknown" and [n.code for n in unknown.notices] == ["N001"]
    assert {e.id for e in unknown.elements} == {"sender", "letter_date", "contact"}
    assert {str(f.level) for f in unknown.findings if f.code != "KON001"} == {"warning"}
    assert "KON001" in {f.code for f in unknown.findings}  # 8 December 2026 is a Tuesday
    assert not any(f.code.startswith(("IND", "PAR", "AFG", "VEJ")) for f in unknown.findings)
    decides = check("Kære Anna\n\nVi har besluttet, at du ikke kan få hjælp til tandlæge.\n\nKh Mette", "unknown")
    assert decides.letter_type == "unknown" and "complaint_guidance" in {e.id for e in decides.elements}


def test_weekday_that_does_not_match_the_date():
    text = letter("01").replace("mandag den 7. december 2026", "mandag den 8. december 2026")
    report = check(text)
    f = next(f for f in report.findings if f.code == "KON001")
    assert f.level == "error" and f.span.slice(report.letter.text) == "mandag den 8. december 2026"
    assert "tirsdag" in f.message
    assert not any(f.code == "KON001" for f in check(letter("01")).findings)


def test_meeting_and_reply_deadline_before_the_letter_date():
    summons = letter("01").replace("Dato: 16. november 2026", "Dato: 16. december 2026")
    f = next(f for f in check(summons).findings if f.code == "KON002")
    assert "mandag den 7. december 2026" in f.span.slice(summons) or f.span.slice(summons) == "mandag den 7. december 2026"
    hearing = letter("10").replace("Dato: 10. december 2026", "Dato: 21. december 2026")
    assert any(f.code == "KON002" for f in check(hearing).findings)
    assert not any(f.code == "KON002" for f in check(letter("10")).findings)


def test_complaint_deadline_other_than_four_weeks():
    text = letter("14").replace("inden 4 uger", "inden 8 uger")
    f = next(f for f in check(text).findings if f.code == "KON003")
    assert f.span.slice(text) == "8 uger" and f.level == "error"


def test_abolished_benefit_names_depend_on_the_date():
    text = letter("24")  # dated 9 November 2026, says "uddannelseshjælp"
    report = check(text)
    assert report.rules_date == "2026-11-09"
    assert any(f.code == "KON004" for f in report.findings)
    before_reform = check(text, date="2025-03-01")
    assert before_reform.rules_date == "2025-03-01"
    assert not any(f.code == "KON004" for f in before_reform.findings)


def test_rules_date_defaults_to_today_without_a_letter_date():
    report = check("Kære Mikkel\n\nDu skal til samtale.")
    assert report.letter_date is None and report.rules_date == dt.date.today().isoformat()


def test_element_validity_dates(tmp_path):
    # the skærpet-sanktion varsling rule is valid from 2020: not applied to a 2019 letter
    text = letter("23")
    assert any(e.id == "skaerpet_warning" for e in check(text).elements)
    assert not any(e.id == "skaerpet_warning" for e in check(text, date="2019-06-01").elements)


def test_formal_address_findings_with_fix():
    text = "Kære Hans Jensen\n\nVi beder Dem møde til samtale. Tag Deres pas med, når De kommer."
    report = check(text)
    hits = [f for f in report.findings if f.code == "SPR001"]
    # one finding per letter (issue 15), at the first place, with the count and one fix for every place
    assert len(hits) == 1 and hits[0].span.slice(text) == "Dem"
    assert "3 steder" in hits[0].message and '"Dem", "Deres", "De"' in hits[0].message
    assert [e.span.slice(text) for e in hits[0].fix.edits] == ["Dem", "Deres", "De"]
    assert hits[0].fix.title == "Skriv du-form alle 3 steder"
    # "Deres" agrees with its noun: "pas" (passport) is neuter
    assert apply(text, list(hits[0].fix.edits)).endswith("Vi beder dig møde til samtale. Tag dit pas med, når du kommer.")
    one = [f for f in check("Kære Hans\n\nTag Deres pas med.").findings if f.code == "SPR001"]
    assert len(one) == 1 and 'Skriv "dit"' in one[0].message and "steder" not in one[0].message
    nouns = {"udeblivelse": "din", "nyttejob": "dit", "egne ønsker": "dine", "ydelser": "dine"}
    for noun, form in nouns.items():
        deres = [f for f in check(f"Kære Hans\n\nVi har registreret Deres {noun} i dag.").findings if f.code == "SPR001"]
        assert deres[0].fix.edits[0].replacement == form, noun


def test_trust_first_profile_accepts_a_summons_without_warning():
    text = letter("02")
    assert any(f.code == "IND005" for f in check(text).findings)
    report = check(text, profile="tillid-foerst")
    assert report.profile == "tillid-foerst"
    assert not any(f.code == "IND005" for f in report.findings)
    assert next(e for e in report.elements if e.id == "sanction_warning").level == "off"


def test_warning_after_contact_profile():
    assert any(f.code == "PRF001" for f in check(letter("03"), profile="advarsel-efter-kontakt").findings)
    assert not any(f.code == "PRF001" for f in check(letter("04"), profile="advarsel-efter-kontakt").findings)
    assert not any(f.code == "PRF001" for f in check(letter("03")).findings)


def test_unknown_profile_and_bad_date_are_usage_errors():
    from rewriter.errors import UsageError

    with pytest.raises(UsageError) as info:
        check(letter("01"), profile="findes-ikke")
    assert info.value.code == "C304" and "tillid-foerst" in str(info.value)
    with pytest.raises(UsageError) as info:
        check(letter("01"), date="7. december")
    assert info.value.code == "C305"


def test_confidence_never_exceeds_one_with_negative_evidence():
    from rewriter.analysis.lettertype import _confidence

    assert _confidence({"a": 6.0, "b": -4.0, "c": -4.0}) == 1.0
    assert _confidence({"a": 3.0, "b": -4.0}) == pytest.approx(0.5)
    assert _confidence({"a": -1.0, "b": -4.0}) == 0.0


def test_word_field_codes_stand_in_for_dates_and_times():
    text = ("Jobcenter Snogeeng\nEngvej 2, 4400 Snogeeng\n\nDato: { MERGEFIELD Udskriftsdato }\n\nIndkaldelse til samtale\n\n"
            "Kære { MERGEFIELD Fornavn }\n\nVi har booket en videosamtale til dig { MERGEFIELD Samtaledato } kl. "
            "{ MERGEFIELD Klokkeslaet }. Du deltager via linket herunder.\n\nMed venlig hilsen\nJobcenter Snogeeng")
    status = {e.id: e.status for e in check(text, "indkaldelse").elements}
    assert status["letter_date"] == "placeholder" and status["meeting_datetime"] == "placeholder"


def test_a_sent_line_gives_the_letter_date():
    text = ("Jobcenter Egernlund · Savværksvej 12 · 4190 Egernlund\n\nTil: Amira Haddad\nSendt med Digital Post den "
            "16. november 2026\n\nKære Amira\n\nDu skal til samtale mandag den 30. november 2026 kl. 10.00 på "
            "Savværksvej 12.\n\nMed venlig hilsen\nJobcenter Egernlund")
    r = check(text, "indkaldelse")
    assert str(r.letter_date) == "2026-11-16"
    assert {e.id: e.status for e in r.elements}["letter_date"] == "present"
    below = text.replace("Sendt med Digital Post den 16. november 2026", "").rstrip() + "\nSendt 16.11.2026"
    assert str(check(below, "indkaldelse").letter_date) == "2026-11-16"


def test_a_sent_line_with_a_clock_time_and_a_guidance_letter_in_everyday_words():
    text = ("Lyngkilde Kommune – Jobcenter | Digital Post\n\nEmne: Kort om dine pligter som kontanthjælpsmodtager\n\n"
            "Kære Jesper\n\nDu skal søge job, møde op, når vi indkalder dig, og melde dig syg, før en aftale begynder.\n\n"
            "Rimelig grund er fx, at du er syg, eller at du skal til samtale hos en arbejdsgiver.\n\n"
            "Hilsen\nLaura Friis Munk\nJobcenter Lyngkilde\n\nSendt: 27.01.2027 kl. 14:05")
    r = check(text)
    assert r.letter_type == "vejledning_raadighed"
    assert str(r.letter_date) == "2027-01-27"


def test_a_general_notice_is_not_checked_as_a_summons():
    """A notice to everyone (opening hours, a move) is recognised and gets only the general checks (issue 15)."""
    notice = ("Jobcenter Egholm · Torvet 3 · 4000 Egholm\n\nNyhed · 1. december 2026\n\nÅbningstider i julen\n\n"
              "Jobcentret holder lukket fra torsdag den 24. december til søndag den 27. december 2026. Mandag den "
              "28. december 2026 har vi åbent kl. 10.00-13.00 på Torvet 3.\n\nDu kan altid skrive til os via Digital "
              "Post eller ringe på 46 31 00 00.\n\nGlædelig jul\nJobcenter Egholm")
    report = check(notice)
    assert report.letter_type == "generel_meddelelse" and [n.code for n in report.notices] == ["N002"]
    assert not any(f.code.startswith(("IND", "PAR", "AFG")) for f in report.findings)
    assert {e.id for e in report.elements} == {"sender", "letter_date", "contact"}
    from rewriter.web import render

    assert 'id="rw-type-notice"' in render.summary_html(report) and "generel meddelelse" in render.summary_html(report)


def test_a_notice_that_mentions_summonses_already_sent_is_no_summons():
    """A newsletter about a move that tells readers what to do with an indkaldelse they have already had, and
    a web page that says when the jobcentre will call people in, are not summonses (kept-back outside6 first
    run: both were taken for one; these texts are written for the test)."""
    move = ("JOBCENTER LINDEVIG\n\nNyt til borgere, der får kontanthjælp\n2. december 2026\n\n"
            "Vi flytter til Havnevej 8\n\nFra mandag den 4. januar 2027 har Jobcenter Lindevig ny adresse: Havnevej 8, "
            "5210 Lindevig. Alle samtaler og kurser holdes herefter på Havnevej. Stationsvej 2 lukker torsdag den "
            "31. december 2026 kl. 12.00.\n\nHar du fået en indkaldelse til en samtale efter den 4. januar 2027, "
            "skal du møde på Havnevej 8, også selv om dit brev nævner Stationsvej. Vi sender ikke nye indkaldelser."
            "\n\nTelefonen er 63 21 40 00 som før.\n\nVenlig hilsen\nJobcenter Lindevig")
    report = check(move)
    assert report.letter_type == "generel_meddelelse"
    assert not any(f.code.startswith("IND") for f in report.findings)
    page = ("Lindevig Kommune › Borger › Kontanthjælp › Sygdom\n\nNår du er syg\n\nBliver du syg, skal du ringe til "
            "jobcentret på 63 21 40 00 inden kl. 8.30.\n\nEr du syg i mere end tre uger, indkalder vi dig til en "
            "samtale om, hvordan det går, og om du kan deltage i noget.\n\nRing til os, den dag du er rask igen.")
    assert check(page).letter_type != "indkaldelse"
    # a real summons still is one, also when it says that no new summons will come if this one is missed
    summons = ("Kære Lone\n\nVi indkalder dig til en jobsamtale tirsdag den 5. januar 2027 kl. 10.00 på Havnevej 8, "
               "5210 Lindevig. Vi skal tale om dine ønsker til job.\n\nKan du ikke komme, så ring på 63 21 40 00.\n\n"
               "Venlig hilsen\nJobcenter Lindevig")
    assert check(summons).letter_type == "indkaldelse"


def test_a_summons_in_questions_and_answers_is_a_summons():
    """A summons written as questions in the first person ("Hvad skal jeg?", "Hvad gør jeg, hvis jeg ikke kan
    komme?"), whose meeting will tell the reader about rights and duties, is a summons, not the § 35 guidance."""
    summons = ("Jobcenter Lindevig\nHavnevej 8, 5210 Lindevig\n\nLindevig, den 2. december 2026\n\nDu skal til din "
               "første jobsamtale\n\nHej Anton\n\nDu har søgt om kontanthjælp, og derfor skal du til en første "
               "samtale hos os.\n\nHvad skal jeg?\nDu skal møde til en jobsamtale mandag den 14. december 2026 kl. "
               "9.30. Du får også at vide, hvilke rettigheder og pligter du har, mens du får kontanthjælp.\n\n"
               "Hvor skal jeg møde?\nHavnevej 8, stuen.\n\nHvad gør jeg, hvis jeg ikke kan komme?\nRing til os på "
               "63 21 40 00, før samtalen begynder.\n\nHvad sker der, hvis jeg bliver væk?\nKommer du ikke, og har "
               "du ikke en rimelig grund, trækker vi i din kontanthjælp.\n\nVenlig hilsen\nJobcenter Lindevig")
    assert check(summons).letter_type == "indkaldelse"
    # the guidance itself still is guidance
    guidance = ("Jobcenter Lindevig\n\nLindevig, den 2. december 2026\n\nDine rettigheder og pligter\n\nHej Anton"
                "\n\nMens du får kontanthjælp, skal du stå til rådighed for arbejde. Det betyder, at du skal søge job "
                "og møde op til de samtaler, vi indkalder dig til.\n\nHvad sker der, hvis jeg ikke møder op?\n"
                "Kommer du ikke til en samtale uden en rimelig grund, trækker vi i din kontanthjælp.\n\n"
                "Venlig hilsen\nJobcenter Lindevig")
    assert check(guidance).letter_type == "vejledning_raadighed"


@pytest.mark.parametrize("text", [
    # an open event with a date, a time and a place that nobody is called to
    ("Lindevig Kommune – Nyheder\n\nJobdag på biblioteket\n\nTirsdag den 9. marts 2027 kl. 10.00-13.00 kan du møde "
     "20 virksomheder på Lindevig Bibliotek, Torvet 1.\n\nAlle er velkomne. Du skal ikke have en indkaldelse, og du "
     "behøver ikke at tilmelde dig.\n\nSpørgsmål? Ring på 63 21 40 00."),
    # a web page on meetings in general, with a breadcrumb trail and questions in the first person
    ("Lindevig Kommune > Borger > Jobsamtaler\n\nDin samtale i jobcentret\n\nHer kan du læse, hvordan en samtale "
     "foregår. Hvornår og hvor din samtale er, står i din indkaldelse.\n\nHvad handler samtalen om?\nVi taler om dit "
     "job og dine ønsker, og jobkonsulenten ringer til dig, hvis samtalen er på telefon.\n\nMå jeg tage nogen med?\n"
     "Ja, du må gerne tage en bisidder med.\n\nKontakt\nJobcenter Lindevig, Havnevej 8, 5210 Lindevig"),
    # a leaflet on complaints with a worked example
    ("Jobcenter Lindevig · Informationsfolder\n\nKlag over din sag – sådan gør du\n\nEr du uenig i en afgørelse fra "
     "jobcentret, kan du klage. Send klagen til os senest 4 uger efter, at du har fået afgørelsen.\n\nEt eksempel: "
     "Får du afgørelsen torsdag den 7. januar 2027, skal vi have din klage senest torsdag den 4. februar 2027.\n\n"
     "Du kan klage i Digital Post. Du har også ret til aktindsigt."),
    # a leaflet that says it is about no particular case
    ("LINDEVIG KOMMUNE\nFolder til borgere\n\nDine rettigheder, når du får en afgørelse\n\nDenne folder handler ikke om "
     "en bestemt sag. Den fortæller, hvilke rettigheder du har, når du får en afgørelse fra kommunen.\n\nDu kan "
     "klage over en afgørelse inden 4 uger. Du har ret til aktindsigt, og vi har vurderet din sag, før vi træffer "
     "en afgørelse."),
    # a web page that explains a word, under a breadcrumb trail with "/"
    ("Forside / Borger / Dine rettigheder / Tolk\n\nTolk til din samtale – hvad er det?\n\nHar du brug for en tolk "
     "til en samtale i jobcentret, så sig det, når du får din indkaldelse. Vi bestiller tolken.\n\nKontakt "
     "Borgerservice på 63 21 40 00."),
    # a group message about a booking system: the meetings "du er indkaldt til," are not this text's meeting
    ("Til: Alle borgere på kontanthjælp\nDato: 3. februar 2027\n\nKære borger\n\nFra 1. marts 2027 kan du selv booke "
     "dine samtaler i et nyt system. Samtaler, du allerede har booket eller er indkaldt til, bliver flyttet med.\n\n"
     "Venlig hilsen\nJobcenter Lindevig"),
])
def test_general_texts_that_speak_of_meetings_are_not_summonses(text):
    """Texts for everyone that mention meetings, summonses or a date and place (kept-back outside7: four of eight
    such texts were taken for a summons or a decision in its first run; these texts are written for the test)."""
    report = check(text)
    assert report.letter_type in ("generel_meddelelse", "unknown")
    assert not any(f.code.startswith(("IND", "PAR", "AFG")) for f in report.findings)


def test_a_page_on_rights_or_meetings_is_neither_hearing_nor_guidance():
    """Kept-back outside12, first run: a page on the right to a bisidder (it explains that a partsrepræsentant
    can answer a partshøring) was taken for a partshøring, and a page on how a jobsamtale goes (it points to "the
    guidance on rådighed and sanctions you have had") for the guidance itself.  A hearing proposes a decision or
    sets a deadline; a text that points to guidance the reader has had is not that guidance.  Texts written for
    the test."""
    rights = ("Lindevig Kommune · Borger · Rettigheder\n\nDin ret til at have nogen med\n\nDu må tage en anden "
              "person med til alle møder med kommunen.\n\nHvad er forskellen på en bisidder og en fuldmagtshaver?\n"
              "En bisidder sidder med ved mødet. Den, du giver fuldmagt, kan komme med bemærkninger i en partshøring "
              "eller klage over en afgørelse for dig.\n\nSpørgsmål? Ring til Borgerservice på 63 21 40 00.")
    report = check(rights)
    assert report.letter_type in ("generel_meddelelse", "unknown")
    assert not any(f.code.startswith(("PAR", "VEJ")) for f in report.findings)
    page = ("Lindevig Kommune › Jobcenter › Kontanthjælp\n\nDin samtale med jobkonsulenten\n\nOpdateret 2. "
            "december 2026\n\nNår du får kontanthjælp, skal du til samtaler i jobcentret. Her kan du læse, hvordan en "
            "samtale foregår.\n\nMå jeg tage nogen med?\nJa, du må have en bisidder med.\n\nKan du ikke komme, så "
            "meld afbud senest dagen før. Bliver du væk uden en rimelig grund, kan det give fradrag i din "
            "kontanthjælp. Læs mere i den vejledning om rådighed og sanktioner, du har fået af os.\n\nKontakt\n"
            "Jobcenter Lindevig, tlf. 63 21 40 00")
    assert check(page).letter_type in ("generel_meddelelse", "unknown")
    # a real hearing without a heading word for it still is one: it proposes a decision and sets a deadline
    hearing = ("Kære Lone\n\nDu kom ikke til din samtale den 3. februar 2027. Vi overvejer derfor at trække 1 dag i "
               "din kontanthjælp.\n\nHar du en rimelig grund, så fortæl os det. Svar os senest den 17. februar 2027 "
               "i Digital Post eller på 63 21 40 00.\n\nVenlig hilsen\nJobcenter Lindevig")
    assert check(hearing).letter_type == "partshoering"


def test_a_worked_example_on_a_page_summons_nobody():
    """Kept-back outside15, first run: a web page on meetings and afbud with a worked example ("Eksempel\nDu er
    indkaldt til samtale tirsdag den 9. februar 2027 kl. 10.00 ...") was taken for a summons, and a leaflet
    "Hvad er en partshøring?" (the word explained, "Det kaldes en partshøring", an imprint "Udgivet af ... · Januar
    2027") for a hearing.  A paragraph that letter_types.yml's ``worked_example`` names is not read for the signals
    of a letter to one citizen.  Texts written for the test."""
    example = ("Eksempel\nDu er indkaldt til samtale tirsdag den 9. februar 2027 kl. 10.00. Du vågner med feber. "
               "Så ringer du senest kl. 8.30 samme dag, og du får en ny tid.")
    page = ("Lindevig Kommune\n\nForside > Borger > Kontanthjælp > Samtaler\n\nSamtaler i jobcentret\n\n"
            "Når du får kontanthjælp, skal du til samtaler i jobcentret. Her kan du læse, hvordan du melder afbud."
            "\n\nSådan melder du afbud\nKan du ikke komme, skal du melde afbud senest kl. 8.30 på dagen. Ring på "
            "63 21 40 00.\n\n" + example + "\n\nSidst opdateret: 14. januar 2027")
    report = check(page)
    assert report.letter_type in ("generel_meddelelse", "unknown")
    assert not any(f.code.startswith("IND") for f in report.findings)
    # the same sentence as the letter itself is a summons: only the example heading takes it out
    letter = ("Kære Lone\n\nDu er indkaldt til samtale tirsdag den 9. februar 2027 kl. 10.00 i Jobcenter "
              "Lindevig, Torvet 2.\n\nKan du ikke komme, skal du melde afbud senest kl. 8.30 på dagen. Ring på "
              "63 21 40 00.\n\nVenlig hilsen\nJobcenter Lindevig")
    plain = check(letter)
    assert plain.letter_type == "indkaldelse"
    framed = check(letter.replace("Kære Lone\n\n", "Kære Lone\n\nEksempel på en samtale\n"))
    assert framed.letter_type_scores["indkaldelse"] < plain.letter_type_scores["indkaldelse"]
    leaflet = ("LINDEVIG KOMMUNE\nBorgerinformation fra Jobcenter Lindevig\n\nHvad er en partshøring?\n\nNår "
               "jobcentret overvejer at træffe en afgørelse, der kan gå dig imod, skal du have mulighed for at udtale "
               "dig først. Det kaldes en partshøring.\n\nSådan kan du svare\nDu kan skrive via Digital Post eller "
               "ringe til den sagsbehandler, der står i brevet.\n\nUdgivet af Lindevig Kommune · Januar 2027")
    report = check(leaflet)
    assert report.letter_type in ("generel_meddelelse", "unknown")
    assert not any(f.code.startswith("PAR") for f in report.findings)


def test_a_line_of_merge_fields_is_no_heading_and_a_heading_gives_its_paragraph_the_topic():
    """Kept-back outside8, after its first run (texts written for the test): "«Mødedato» kl. «Mødetid»" under
    "Hvornår?" is the meeting time, not a heading; "Er du syg?" above "Ring til os ... inden kl. 8.30" is how to
    report sickness, and "Det skal du" above a list is the duties."""
    summons = ("Jobcenter Lindevig\n\n«Fornavn» «Efternavn»\n«Adresse»\n\n«Brevdato»\n\nDu skal til jobsamtale\n\n"
               "Hej «Fornavn»\n\nVi har booket en samtale med dig om dit job og dine ønsker.\n\nHvornår?\n\n"
               "«Mødedato» kl. «Mødetid»\n\nHvor?\n\nSamtalen er en videosamtale. Du får et link på sms.\n\n"
               "Venlig hilsen\nJobcenter Lindevig")
    (dt,) = [e for e in check(summons, "indkaldelse").elements if e.id == "meeting_datetime"]
    assert dt.status == "placeholder"
    guidance = ("Kære Lone\n\nI dette brev kan du læse, hvad vi forventer af dig, mens du får kontanthjælp.\n\n"
                "Det skal du\n\n• Kom på Værkstedet de dage, der står i din plan.\n• Kom til de samtaler, vi aftaler "
                "med dig.\n\nEr du syg?\n\nRing til Værkstedet på 98 17 45 30 inden kl. 8.30 samme dag.\n\n"
                "Venlig hilsen\nJobcenter Lindevig")
    status = {e.id: e.status for e in check(guidance, "vejledning_raadighed").elements}
    assert status["duties"] == "present" and status["how_to_report"] == "present"


def test_facts_told_in_the_formal_form_and_an_amount_that_ends_its_sentence():
    decision = ("Kære Anders Holm\n\nKommunen har besluttet at nedsætte Deres kontanthjælp med 1.410 kr.\n\n"
                "Nedsættelsen svarer til tre gange den daglige sanktionssats, som for Dem er 470 kr.\n\n"
                "Jobcentret henviste Dem mandag den 8. februar 2027 til et job som lagermedarbejder. Onsdag den "
                "10. februar 2027 oplyste De, at De ikke ønskede jobbet.\n\nMed venlig hilsen\nJobcenter Lindevig")
    status = {e.id: e.status for e in check(decision, "afgoerelse_sanktion").elements}
    assert status["facts_basis"] == "present" and status["amount_period"] == "present"


def test_a_web_page_on_how_to_complain_is_no_decision():
    page = ("Lindevig Kommune\nSøg | Menu | Kontakt\n\nForside › Borger › Klage over en afgørelse\n\nSådan klager du over "
            "en afgørelse\n\nEr du uenig i en afgørelse fra jobcentret, kan du klage. Du kan klage over en afgørelse, "
            "der handler om dig.\n\nSend klagen til den afdeling, der har truffet afgørelsen, senest 4 uger efter, at "
            "du har fået den. Du har også ret til aktindsigt.\n\nKontakt\nJobcenter Lindevig, Havnevej 8")
    report = check(page)
    assert report.letter_type in ("generel_meddelelse", "unknown")
    assert not any(f.code.startswith("AFG") for f in report.findings)


def test_a_notice_s_sender_date_and_contact_in_web_and_leaflet_form():
    """A group message opening "Til alle ..." with "By, 26. februar 2027" under it, a footer line "Jobcenter X · ...",
    a "Sidst opdateret" or "Opdateret" date and a "Kontakt" block that also lists the sick line (outside10, after
    its first run; the texts are written for the test)."""
    notice = ("Til alle borgere, der får kontanthjælp fra Lindevig Kommune\n\nLindevig, 26. februar 2027\n\n"
              "Vores postkasse i Digital Post skifter navn den 15. marts 2027. Du skal ikke gøre noget.\n\n"
              "Kontakt\nJobcenter Lindevig\nSygelinje: 63 21 40 10\nØvrige henvendelser: 63 21 40 00\n\n"
              "Jobcenter Lindevig · Havnevej 8 · 5210 Lindevig")
    report = check(notice)
    assert report.letter_type in ("generel_meddelelse", "unknown")
    status = {e.id: e.status for e in report.elements}
    assert status["letter_date"] == "present" and status["contact"] == "present" and status["sender"] == "present"
    page = "Aktindsigt – se din sag\n\nOpdateret 20. januar 2027\n\nDu kan bede om at se din sag.\n\nJobcenter Lindevig"
    assert {e.id: e.status for e in check(page).elements}["letter_date"] == "present"


def test_a_warning_above_the_letterhead_leaves_the_head_a_head():
    """Kept-back outside12, first run: a summons that opens with a warning above the letterhead and has no
    greeting had its sender, recipient and "Dato: ..." line read as body, so the letter date was missing (text
    written for the test)."""
    text = ("VIGTIGT: Mød op, ellers kan du blive trukket i din kontanthjælp\n\n"
            "Kommer du ikke til mødet og har du ikke en rimelig grund, trækker vi i din kontanthjælp for hver dag, du "
            "er væk. Det følger af § 36 i lov om aktiv socialpolitik.\n\n"
            "Jobcenter Lindevig\nHavnevej 8, 5210 Lindevig\nTlf. 63 21 40 00\n\n"
            "Lone Berg\nSkovvej 3\n5210 Lindevig\n\nDato: 11. januar 2027\nSagsnr.: 27-0031\n\n"
            "Indkaldelse til opstart i virksomhedspraktik\n\n"
            "Dato: mandag den 18. januar 2027\nTidspunkt: kl. 8.30\nSted: Brugsen, Nørregade 40, 5210 Lindevig\n\n"
            "Du skal starte i virksomhedspraktik som butiksmedhjælper. Kan du ikke komme, så ring på 63 21 40 00.\n\n"
            "Med venlig hilsen\nRikke Dam\nJobcenter Lindevig")
    report = check(text)
    assert report.letter_type == "indkaldelse" and report.letter_date == "2027-01-11"
    status = {e.id: (e.status, e.paragraphs) for e in report.elements}
    assert status["letter_date"] == ("present", (4,)) and status["meeting_datetime"][0] == "present"
    assert 2 in status["sender"][1]


@pytest.mark.parametrize("text", [
    # a web page with a skip link that points to "your summons" as another document
    ("Hop til hovedindhold\n\nLindevig Kommune › Borger › Samtaler\n\nNår du skal til samtale\n\nHer kan du læse, "
     "hvordan en samtale foregår.\n\nHvordan foregår samtalen?\nI din indkaldelse står der, hvor og hvornår din "
     "samtale er. Vi taler om din jobsøgning og dine ønsker.\n\nHvor ligger jobcentret?\nJobcenter Lindevig, "
     "Havnevej 8, 5210 Lindevig.\n\nHvis du ikke kan komme\nMeld afbud senest kl. 8.30 samme dag på tlf. 63 21 40 00."
     "\n\nMå jeg tage nogen med?\nJa, du må altid tage en bisidder med til samtalen.\n\nUdebliver du fra en samtale "
     "uden rimelig grund, kan det betyde fradrag i din kontanthjælp. Du får altid et brev, før kommunen træffer en "
     "afgørelse.\n\nSidst opdateret: 9. december 2026"),
    # a page on how to complain about any decision
    ("lindevig.dk › Borger › Klage\n\nKlag over en afgørelse\n\nEr du uenig i en afgørelse, kan du klage. Send din "
     "klage til os senest 4 uger efter, at du har fået afgørelsen. Vi ser på sagen igen, og giver vi dig ikke ret, "
     "sender vi klagen til Ankestyrelsen.\n\nDu kan bede om aktindsigt. Som regel er du blevet partshørt, før "
     "afgørelsen blev truffet.\n\nRing til Borgerservice på 63 21 40 00."),
    # a leaflet that says it is not the personal guidance
    ("LINDEVIG KOMMUNE · JOBCENTRET\n\nDine rettigheder og pligter som ledig\n\nFolder til alle, der får "
     "kontanthjælp\n\nDenne folder giver et overblik. Den erstatter ikke den personlige, skriftlige vejledning om "
     "rådighed og sanktioner, som du får af din jobkonsulent.\n\nDine pligter\nDu skal stå til rådighed for "
     "arbejde og søge job.\n\nDine rettigheder\nDu har ret til en bisidder og til aktindsigt."),
])
def test_pages_on_meetings_complaints_and_rights_are_general_texts(text):
    """Kept-back outside13, first run: a page on meetings was taken for a summons, a page on complaints for a
    decision and a rights leaflet for the guidance (texts written for the test)."""
    report = check(text)
    assert report.letter_type in ("generel_meddelelse", "unknown"), report.letter_type_scores
    assert not any(f.code.startswith(("IND", "PAR", "AFG", "VEJ")) for f in report.findings)


@pytest.mark.parametrize("name", ["2514_", "2515_"])
def test_a_phone_hours_notice_and_a_sanctions_glossary_are_general_texts(name):
    """Kept-back outside14, first run: a notice of new phone hours that names "en frist for at svare på en
    partshøring" in passing was taken for a hearing, and a glossary page on sanctions ("Siden er generel", "når en
    borger er udeblevet ...") for a decision."""
    f = next((Path(__file__).resolve().parent.parent / "evaluation" / "keptback" / "outside14").glob(name + "*.txt"))
    report = check(f)
    assert report.letter_type in ("generel_meddelelse", "unknown"), report.letter_type_scores
    assert not any(x.code.startswith(("IND", "PAR", "AFG")) for x in report.findings)


def test_a_form_of_tick_boxes_is_read_as_body_from_its_first_lead_in():
    """Kept-back outside16, first run: a § 35 guidance form whose duties and consequences stand as tick-box lists
    under lead-ins ending in a colon was read as letterhead down to its first full stop, so duties and
    consequences were reported missing.  Text written for the test."""
    form = ("Lindevig Kommune – Jobcenter\nTorvet 2, 4000 Lindevig\n\nSKRIFTLIG VEJLEDNING OM RÅDIGHED OG "
            "SANKTIONER\n(lov om aktiv socialpolitik § 35)\n\nNavn: Ole Berg\nSendt i Digital Post den: 15. januar "
            "2027\n\nDu har pligt til at (kryds ved det, der gælder for dig):\n☒ møde til samtaler i jobcentret\n"
            "☒ søge job og registrere din jobsøgning i joblog\n☒ tage imod rimeligt arbejde\n\nHvis du udebliver "
            "eller ikke overholder aftalerne uden rimelig grund, kan det betyde:\n☒ fradrag i hjælpen for hver dag, "
            "du udebliver fra et tilbud (§ 36)\n☒ fradrag i hjælpen fra den dag, du udebliver fra en samtale, til "
            "du kontakter jobcentret igen (§ 37)\n\nRimelig grund – du bliver ikke trukket, hvis du fx:\n☒ er syg\n"
            "☒ har et barn, der er akut sygt\nDu skal melde sygdom til jobcentret på 63 21 40 00 senest kl. 9.00."
            "\n\nDin kontaktperson: Marianne Glud, tlf. 63 21 40 47")
    report = check(form, "vejledning_raadighed")
    status = {e.id: e.status for e in report.elements}
    assert status["duties"] == "present"
    assert status["consequences"] in ("present", "partial")
    assert report.structure.roles[3] != "letterhead"


def test_a_notice_with_a_phone_menu_or_a_meeting_named_in_a_relative_clause_is_no_summons():
    """Kept-back outside18, first run: a news item on a new phone system ("Tast 1: afbud til samtale ...") and an
    invitation to a voluntary CV workshop ("Værkstedet erstatter ikke de samtaler og møder, du er indkaldt til.")
    were taken for summonses.  Texts written for the test."""
    news = ("Lindevig Kommune · Job & Ydelse\nNyheder\n\nOffentliggjort mandag den 30. november 2026\n\nNyt "
            "telefonsystem fra 4. januar 2027\n\nFra mandag den 4. januar 2027 kl. 8.00 tager vi et nyt telefonsystem "
            "i brug. Du ringer stadig til 63 21 40 00.\n\nSådan kommer du hurtigst frem\nTast 1: afbud til samtale "
            "eller møde\nTast 2: udbetaling\n\nHusk at melde afbud\nKan du ikke komme til en samtale, skal du stadig "
            "melde afbud, før samtalen begynder.")
    report = check(news)
    assert report.letter_type in ("generel_meddelelse", "unknown")
    assert not any(f.code.startswith("IND") for f in report.findings)
    workshop = ("Lindevig Kommune\n\nCV-værksted i januar\n\nVi holder CV-værksted tirsdag den 12. januar 2027 kl. "
                "10.00-12.00 på Torvet 2.\n\nDet er frivilligt\nDet er frivilligt, om du vil deltage. Værkstedet "
                "erstatter ikke de samtaler og møder, du er indkaldt til.\n\nTilmeld dig på 63 21 40 00.")
    assert check(workshop).letter_type in ("generel_meddelelse", "unknown")
    # a summons that says so is still one
    summons = ("Kære Lone\n\nDu er indkaldt til samtale tirsdag den 12. januar 2027 kl. 10.00 på Torvet 2, 4000 "
               "Lindevig.\n\nKan du ikke komme, så meld afbud på 63 21 40 00.\n\nVenlig hilsen\nJobcenter Lindevig")
    assert check(summons).letter_type == "indkaldelse"
