"""``--mode llm`` through the real transformers path, with tiny random models built offline in seconds.

The models (GPT-2 causal with a chat template, T5 seq2seq) have random weights: their
output is garbage, and the point is that it is rejected paragraph by paragraph and
the letter falls back cleanly to the rule-based proposal, which still passes the check.
"""

from __future__ import annotations

import json
import os

import pytest

pytestmark = pytest.mark.slow

pytest.importorskip("transformers")
pytest.importorskip("torch")
pytest.importorskip("tokenizers")

from test_llm_rewrite import DECISION, SUMMONS

from rewriter.cli import main
from rewriter.analysis.pipeline import check
from rewriter.llm import GenerationSettings, TransformersBackend, propose_llm
from rewriter.llm.mask import CPR_LIKE
from rewriter.llm.tiny import build_tiny_model
from rewriter.rewrite import propose

FAST = GenerationSettings(max_new_tokens=12)


@pytest.fixture(scope="module")
def causal_dir(tmp_path_factory):
    return build_tiny_model(tmp_path_factory.mktemp("tiny-gpt2"))


@pytest.fixture(scope="module")
def seq2seq_dir(tmp_path_factory):
    return build_tiny_model(tmp_path_factory.mktemp("tiny-t5"), seq2seq=True)


@pytest.fixture(scope="module")
def causal(causal_dir):
    return TransformersBackend.load(causal_dir, FAST)


def test_cli_end_to_end_garbage_is_rejected_and_the_letter_falls_back(causal_dir, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")  # restored afterwards; the backend must force it
    src = tmp_path / "brev.txt"
    src.write_text(SUMMONS, encoding="utf-8")
    rc = main(["rewrite", str(src), "--mode", "llm", "--model", str(causal_dir), "--max-new-tokens", "12",
               "--time-limit", "60", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert os.environ["HF_HUB_OFFLINE"] == "1" and os.environ["TRANSFORMERS_OFFLINE"] == "1"
    rule = propose(check(SUMMONS))
    assert rc == 0 and data["mode"] == "llm" and data["guard"]["passed"]
    assert data["text"] == rule.text  # every paragraph fell back to the rule-based text
    sent = [p for p in data["paragraphs"] if p["sent_to_model"]]
    assert len(sent) >= 3 and all(p["source"] == "rule" and p["reason"] for p in sent)
    assert not any(f["origin"].startswith("model") for f in data["fixes"])
    assert data["llm"]["device"] == "cpu" and data["llm"]["architecture"] == "causal"
    assert data["llm"]["new_tokens"] > 0 and data["llm"]["tokens_per_second"] > 0
    assert data["llm"]["paragraphs_from_model"] == 0


def test_text_output_lists_each_paragraph_and_why(causal_dir, tmp_path, monkeypatch, capsys):
    src = tmp_path / "brev.txt"
    src.write_text(DECISION, encoding="utf-8")
    monkeypatch.setenv("REWRITER_MODEL", str(causal_dir))  # no --model: the environment variable
    assert main(["rewrite", str(src), "--mode", "llm", "--max-new-tokens", "8", "--temperature", "0.8"]) == 0
    out, err = capsys.readouterr()
    assert out.strip() == propose(check(DECISION)).text.strip()
    assert "sprogmodel" in err and "0 af" in err and "regelbaseret tekst:" in err
    assert "\r" not in err and "omskriver afsnit" not in err  # no progress line: stderr is not a terminal


def test_the_real_backend_never_sees_a_cpr_number_or_a_name(causal):
    prompts = []
    generate = causal.generate

    def recording(prompt, settings):
        prompts.append(prompt)
        return generate(prompt, settings)

    causal.generate = recording
    try:
        p = propose_llm(check(SUMMONS), causal, FAST)
    finally:
        del causal.generate
    assert prompts and p.guard.passed
    assert all(pr.startswith("<|user|>") for pr in prompts)  # the model's chat template was applied
    joined = "\n".join(prompts)
    assert "⟦F" in joined and not CPR_LIKE.search(joined)
    for name in ("Jens", "Holm", "Anna", "Berg"):
        assert name not in joined


def test_seq2seq_model_is_loaded_by_its_config_and_falls_back_too(seq2seq_dir):
    backend = TransformersBackend.load(seq2seq_dir, FAST)
    assert backend.encoder_decoder and backend.info()["architecture"] == "seq2seq"
    report = check(DECISION)
    p = propose_llm(report, backend, FAST)
    assert p.text == propose(report).text and p.guard.passed
    assert any(r.sent for r in p.paragraphs) and all(r.source == "rule" for r in p.paragraphs)
    assert p.llm["new_tokens"] > 0


def test_a_broken_model_folder_is_a_coded_error(causal_dir, tmp_path, capsys):
    src = tmp_path / "brev.txt"
    src.write_text(SUMMONS, encoding="utf-8")
    broken = tmp_path / "model"
    broken.mkdir()
    (broken / "config.json").write_text((causal_dir / "config.json").read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["rewrite", str(src), "--mode", "llm", "--model", str(broken)]) == 2  # no tokenizer, no weights
    err = capsys.readouterr().err
    assert err.startswith("C323") and str(broken) in err and "--local-dir" in err
    (broken / "config.json").write_text("{ ikke json", encoding="utf-8")
    assert main(["rewrite", str(src), "--mode", "llm", "--model", str(broken)]) == 2
    assert capsys.readouterr().err.startswith("C323")


def test_time_limit_with_the_real_backend(causal):
    p = propose_llm(check(SUMMONS), causal, GenerationSettings(max_new_tokens=12, time_limit=1e-9))
    sent = [r for r in p.paragraphs if r.sent]
    assert len(sent) <= 1 and any((r.reason or "").startswith("tidsgrænse") for r in p.paragraphs)
