"""``llm`` mode with a fake backend: what the model may and may not do, privacy, fallbacks (rewriter.llm)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from rewriter.cli import main
from rewriter.rewrite.edits import apply
from rewriter.analysis.pipeline import check
from rewriter.llm import FakeBackend, GenerationSettings, propose_llm
from rewriter.llm.mask import CPR_LIKE
from rewriter.model import Applicability, Edit, Span
from rewriter.rewrite import propose

ROOT = Path(__file__).resolve().parent.parent

SUMMONS = """Jobcenter Egholm
Torvet 3, 4000 Egholm
Tlf. 46 31 00 00

Anna Berg
Møllevej 2
4000 Egholm

Egholm, den 20. november 2026

Indkaldelse til samtale

Kære Anna Berg

Vi gør opmærksom på, at hvis du udebliver fra samtalen uden rimelig grund, vil der blive foretaget fradrag i din kontanthjælp, jf. § 37 i lov om aktiv socialpolitik.

Du indkaldes hermed til samtale med din sagsbehandler Jens Holm mandag den 7. december 2026 kl. 10.00 i Jobcenter Egholm, Torvet 3, 4000 Egholm.

Såfremt du er forhindret i at komme, skal du melde afbud på tlf. 46 31 00 12 senest kl. 9.00 samme dag. Oplys dit cpr-nummer 010190-1234, når du ringer til os.

Du har ret til at tage en bisidder med til samtalen, for eksempel et familiemedlem eller en god ven.

Med venlig hilsen
Jens Holm
Jobcenter Egholm
"""

DECISION = """Egholm Kommune
Jobcenter Egholm, Torvet 3, 4000 Egholm

Egholm, den 2. december 2026

Afgørelse om fradrag i din kontanthjælp

Kære Anna Berg

Vi har besluttet at foretage fradrag i din kontanthjælp med 1.234,50 kr., fordi du ikke mødte op til samtalen den 7. december 2026. Afgørelsen er truffet efter § 37 i lov om aktiv socialpolitik.

Vi har lagt vægt på, at du ikke har oplyst en rimelig grund til, at du ikke kom til samtalen.

Du kan klage over afgørelsen. Klagen skal være modtaget hos Egholm Kommune inden 4 uger efter, at du har fået afgørelsen. Hvis vi fastholder afgørelsen, sender vi klagen videre til Ankestyrelsen.

Har du spørgsmål, kan du ringe til mig på tlf. 46 31 00 12.

Med venlig hilsen
Jens Holm
"""

BISIDDER_NEW = "Du må gerne tage en bisidder med, for eksempel et familiemedlem eller en god ven."


def _by_role(report, role: str) -> int:
    return next(p.index for p in report.letter.paragraphs if p.role == role)


def _result(proposal, index: int):
    return next(p for p in proposal.paragraphs if p.index == index)


def _when(marker: str, answer):
    """A fake model that rewrites only the paragraph containing ``marker`` and echoes every other one."""
    return lambda masked: (answer(masked) if callable(answer) else answer) if marker in masked else masked


def test_a_good_rewrite_is_used_for_review_and_never_marked_safe():
    report = check(SUMMONS)
    p = propose_llm(report, FakeBackend(_when("bisidder", BISIDDER_NEW)))
    rights = _by_role(report, "rights")
    assert _result(p, rights).source == "model" and _result(p, rights).reason is None
    assert BISIDDER_NEW in p.text and p.guard.passed and p.offered
    model_fixes = [f for f in p.fixes if f.origin == "model:fake"]
    assert model_fixes and all(f.applicability == Applicability.REVIEW for f in model_fixes)
    assert not any(f.applicability == Applicability.SAFE and f.origin.startswith("model") for f in p.fixes)
    edits = [e for f in p.fixes if f.applicability != Applicability.DISPLAY_ONLY for e in f.edits]
    assert apply(SUMMONS, edits) == p.text  # edits against the original, like every proposal
    echoed = [r for r in p.paragraphs if r.sent and r.index != rights]
    assert echoed and all(r.source == "rule" and r.reason == "modellen ændrede ikke afsnittet" for r in echoed)
    rule = propose(report)  # everything the model did not write is the rule-based proposal
    assert p.text.replace(BISIDDER_NEW, "Du har ret til at tage en bisidder med til samtalen, for eksempel et "
                          "familiemedlem eller en god ven.") == rule.text
    data = p.to_dict()
    assert data["mode"] == "llm" and data["llm"]["paragraphs_from_model"] == 1
    assert {"index", "role", "source", "sent_to_model", "reason"} <= set(data["paragraphs"][0])


def _drop(kind: str):
    """A model answer that leaves out the token of ``kind`` ("en dato"), known from the prompt's context."""
    def answer(masked: str, context) -> str:
        token = next(p["token"] for p in context["pladsholdere"] if p["art"] == kind)
        return masked.replace(token, "").replace("  ", " ")
    return answer


@pytest.mark.parametrize("letter,marker,answer,why", [
    (SUMMONS, "indkaldes", _drop("en dato"), "udelod en dato"),
    (DECISION, "besluttet", lambda m, _: re.sub(r"⟦F\d+⟧", "1.243,50 kr.", m, count=1), "udelod et beløb"),
    (DECISION, "besluttet", lambda m, _: m.replace("fradrag", "fradrag (1.243,50 kr. i alt)"), "nyt beløb"),
    (SUMMONS, "bisidder", BISIDDER_NEW + " Ring på 70 20 30 40.", "nyt telefonnummer"),
    (SUMMONS, "bisidder", BISIDDER_NEW + " Oplys cpr-nummer 010190-1234.", "cpr-nummer"),
    (SUMMONS, "bisidder", "ÆØÅ ⟧⟧⟧ ##### 0x0x0x", "ødelagde"),
    (SUMMONS, "bisidder", "qqq zzz xxx vvv bbb nnn", "ikke forståelig dansk"),
    (SUMMONS, "bisidder", "Du må.", "for kort"),
])
def test_an_unsafe_rewrite_falls_back_to_the_rule_based_paragraph(letter, marker, answer, why):
    report = check(letter)
    backend = FakeBackend(lambda m: m)

    def reply(masked: str) -> str:
        if marker not in masked:
            return masked
        return answer if isinstance(answer, str) else answer(masked, backend.context)

    backend.rewrite = reply
    p = propose_llm(report, backend)
    rule = propose(report)
    assert p.text == rule.text and p.guard.passed == rule.guard.passed
    assert not any(f.origin.startswith("model") for f in p.fixes)
    sent = [r for r in p.paragraphs if r.sent]
    assert sent and all(r.source == "rule" for r in sent)
    assert any(why in (r.reason or "") for r in sent), [r.reason for r in sent]


def test_no_prompt_ever_contains_a_cpr_number_or_a_name():
    backend = FakeBackend(lambda masked: masked)
    p = propose_llm(check(SUMMONS), backend)
    assert backend.prompts and len(backend.prompts) == sum(r.sent for r in p.paragraphs)
    joined = "\n".join(backend.prompts)
    assert "⟦F" in joined and "cpr-nummer" in joined  # the CPR paragraph was sent, masked
    assert not CPR_LIKE.search(joined) and "0101901234" not in joined.replace("-", "")
    for name in ("Jens", "Holm", "Anna", "Berg"):
        assert name not in joined, name
    assert "7. december" not in joined and "46 31 00 12" not in joined  # facts are masked too


def test_a_rewrite_that_passes_per_paragraph_but_fails_the_letter_check_is_dropped():
    report = check(SUMMONS)
    threat = _by_role(report, "threat")
    # keeps the § token and reads easily, but the consequence (a legal element) is gone
    soft = ("Det er vigtigt, at du kommer til samtalen. Så kan vi tale om dine planer. Læs mere i ⟦F1⟧ i lov om "
            "aktiv socialpolitik.")
    p = propose_llm(report, FakeBackend(_when("udebliver", soft)))
    r = _result(p, threat)
    assert r.sent and r.source == "rule" and r.reason.startswith("sikkerhedstjekket af hele brevet"), r.reason
    assert p.text == propose(report).text and p.guard.passed


def test_a_rewrite_the_rules_would_change_again_is_dropped():
    report = check(SUMMONS)
    rights = _by_role(report, "rights")
    unstable = "Såfremt du vil, må du tage en bisidder med, for eksempel en ven."  # "Såfremt" -> "Hvis" is safe
    p = propose_llm(report, FakeBackend(_when("bisidder", unstable)))
    r = _result(p, rights)
    assert r.source == "rule" and "stabilt" in r.reason, r.reason


def test_the_time_limit_stops_calling_the_model():
    ticks = iter(range(1000))
    backend = FakeBackend(lambda m: m)
    p = propose_llm(check(SUMMONS), backend, GenerationSettings(time_limit=3.5), clock=lambda: next(ticks))
    sent = [r for r in p.paragraphs if r.sent]
    late = [r for r in p.paragraphs if r.reason and r.reason.startswith("tidsgrænse")]
    assert len(backend.prompts) == 1 and len(sent) == 1 and late
    assert p.text == propose(check(SUMMONS)).text


def test_settings_are_validated_with_coded_errors():
    from rewriter.errors import UsageError

    with pytest.raises(UsageError) as exc:
        GenerationSettings(max_new_tokens=0, time_limit=-1).validate()
    assert exc.value.code == "C324" and "--time-limit" in exc.value.message


def test_without_the_extra_llm_mode_says_how_to_enable_it(tmp_path, monkeypatch, capsys):
    src = tmp_path / "brev.txt"
    src.write_text(SUMMONS, encoding="utf-8")
    monkeypatch.setitem(sys.modules, "transformers", None)  # as if not installed
    assert main(["rewrite", str(src), "--mode", "llm", "--model", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("C320") and 'pip install -e ".[llm]"' in err
    assert main(["rewrite", str(src)]) == 0  # every other mode still works
    assert main(["check", str(src)]) in (0, 1)


def test_missing_model_folder_is_a_coded_error(tmp_path, monkeypatch, capsys):
    src = tmp_path / "brev.txt"
    src.write_text(SUMMONS, encoding="utf-8")
    monkeypatch.delenv("REWRITER_MODEL", raising=False)
    assert main(["rewrite", str(src), "--mode", "llm"]) == 2
    assert capsys.readouterr().err.startswith("C321")
    monkeypatch.setenv("REWRITER_MODEL", str(tmp_path / "findes-ikke"))
    assert main(["rewrite", str(src), "--mode", "llm"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("C322") and "findes-ikke" in err and "REWRITER_MODEL" in err
    assert main(["rewrite", str(src), "--mode", "llm", "--model", str(tmp_path)]) == 2  # no config.json
    assert "config.json" in capsys.readouterr().err


def test_importing_the_package_and_checking_a_letter_loads_no_torch_or_transformers():
    letter = ROOT / "evaluation" / "corpus" / "dev" / "01_indkaldelse-jobsamtale-skovlund.txt"
    code = ("import rewriter, sys; import rewriter.cli; import rewriter.llm; from rewriter.cli import main; "
            f"main(['check', {str(letter)!r}, '--format', 'json']); "
            "assert 'torch' not in sys.modules and 'transformers' not in sys.modules, 'heavy import'")
    res = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 0, res.stderr[-2000:]
    assert json.loads(res.stdout)["schema"] == "rewriter.report/1"


def test_a_model_fix_replaces_exactly_one_paragraph_span_and_a_moved_paragraph_travels_with_the_move():
    report = check(SUMMONS)
    new_help = "Kan du ikke komme, skal du melde afbud på tlf. ⟦F1⟧ senest ⟦F2⟧ samme dag. Sig dit cpr-nummer ⟦F3⟧."
    p = propose_llm(report, FakeBackend(_when("forhindret", new_help)))
    help_ = report.letter.paragraphs[_by_role(report, "help")]
    assert _result(p, help_.index).source == "model", _result(p, help_.index).reason
    restored = "Kan du ikke komme, skal du melde afbud på tlf. 46 31 00 12 senest kl. 9.00 samme dag. Sig dit " \
               "cpr-nummer 010190-1234."
    own = [f for f in p.fixes if f.origin == "model:fake" and len(f.edits) == 1]
    assert own and own[0].edits == (Edit(Span(help_.span.start, help_.span.end), restored),)
    assert own[0].applicability == Applicability.REVIEW and p.guard.passed
    moved = propose_llm(report, FakeBackend(_when("bisidder", BISIDDER_NEW)))  # rights moves before the threat
    carrier = [f for f in moved.fixes if any(BISIDDER_NEW in e.replacement for e in f.edits)]
    assert len(carrier) == 1 and carrier[0].origin == "model:fake" and "sprogmodellens" in carrier[0].title


def test_a_docx_letter_keeps_its_formatting_and_merge_fields_around_model_paragraphs():
    from test_rewrite import _template_docx

    from rewriter.io.reader import letter_from_bytes
    from rewriter.io.docx_out import check_roundtrip, write_docx

    data = _template_docx()
    letter = letter_from_bytes(data, "skabelon.docx", ".docx")
    p = propose_llm(letter, FakeBackend(_when("forhindret", "Kan du ikke komme, skal du melde afbud på tlf. ⟦F1⟧ "
                                                            "senest ⟦F2⟧.")))
    assert any(r.source == "model" for r in p.paragraphs) and p.guard.passed
    out = write_docx(p, data)
    assert check_roundtrip(p, out)
    back = letter_from_bytes(out, "ny.docx", ".docx")
    assert "Kan du ikke komme, skal du melde afbud på tlf. 46 31 00 12 senest kl. 9.00." in back.text
    assert [ph.name for ph in back.placeholders] == ["Fornavn"]


def test_progress_is_shown_only_on_a_terminal():
    import io

    from rewriter.llm.command import _Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    term, pipe = Terminal(), io.StringIO()
    for stream in (term, pipe):
        progress = _Progress(stream)
        progress(3, 9)
        progress.done()
    assert "afsnit 3/9" in term.getvalue() and pipe.getvalue() == ""
