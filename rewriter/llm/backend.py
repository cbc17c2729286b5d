"""Model backends: a small protocol (build the prompt, call the model, parse the answer).

Requires: a masked paragraph and its context (:mod:`.rewrite`).  Produces: the
model's rewrite of the paragraph, still masked.

* :class:`Backend` is the protocol: ``build_prompt`` (pure: renders
  ``letter_templates/prompts/paragraph.j2`` through the sandboxed Jinja2
  environment, then the model's own chat template if it has one), ``generate``
  (the only call into an engine) and ``parse`` (pure: the paragraph out of the
  model's answer).  Another local engine (llama.cpp, vLLM on the same server)
  is one more class with these three methods.
* :class:`FakeBackend` answers with a Python function: tests of the safety logic.
* :class:`TransformersBackend` runs a causal or seq2seq model from a LOCAL
  directory with Hugging Face transformers.  transformers and torch are imported
  only here, only when a model is loaded (``pip install -e ".[llm]"``); before
  the import ``HF_HUB_OFFLINE=1`` and ``TRANSFORMERS_OFFLINE=1`` are set, and
  every ``from_pretrained`` call has ``local_files_only=True`` and
  ``trust_remote_code=False``: nothing is downloaded, no code from the model
  folder runs, no text leaves the machine.
"""

from __future__ import annotations

import importlib.util
import os
import re
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from rewriter.errors import UsageError
from rewriter.rules.language import language
from rewriter.rules.templates import render_template

PROMPT_FOLDER = "prompts"
PROMPT_TEMPLATE = "paragraph.j2"
INSTALL_HINT = 'Installer dem med: pip install -e ".[llm]" (se README, afsnittet "Lokal sprogmodel").'
MODEL_HINT = ("Læg modellen (config.json, tokenizer og vægte) i en lokal mappe og angiv den med --model MAPPE "
              "eller miljøvariablen REWRITER_MODEL (se README, afsnittet \"Lokal sprogmodel\").")


@dataclass(frozen=True)
class GenerationSettings:
    """How the model generates; ``time_limit`` is per letter, ``max_time`` per call (set by the driver)."""

    max_new_tokens: int = 320
    temperature: float = 0.0  # 0: greedy, deterministic
    top_p: float = 0.9  # with temperature > 0
    num_beams: int = 1
    repetition_penalty: float = 1.05
    time_limit: float = 300.0  # seconds of generation per letter; later paragraphs fall back
    device: str = "auto"  # auto (cuda when available, else cpu) | cpu | cuda
    max_time: float | None = None

    def validate(self) -> GenerationSettings:
        problems = []
        if self.max_new_tokens < 1:
            problems.append("--max-new-tokens skal være mindst 1")
        if self.temperature < 0:
            problems.append("--temperature må ikke være negativ")
        if self.num_beams < 1:
            problems.append("--num-beams skal være mindst 1")
        if not self.time_limit > 0:
            problems.append("--time-limit skal være et positivt antal sekunder")
        if self.device not in ("auto", "cpu", "cuda"):
            problems.append("--device skal være auto, cpu eller cuda")
        if problems:
            raise UsageError(f"Ugyldig indstilling for sprogmodellen: {'; '.join(problems)}.", code="C324",
                             hint="Ret værdien og prøv igen.")
        return self


@runtime_checkable
class Backend(Protocol):
    name: str  # shown in the report and in Fix.origin ("model:<name>")

    def build_prompt(self, paragraph: str, context: Mapping[str, Any]) -> str: ...

    def generate(self, prompt: str, settings: GenerationSettings) -> str: ...

    def parse(self, output: str) -> str: ...


class PromptTooLong(ValueError):
    """The prompt and the answer do not fit in the model's context window."""


def render_prompt(paragraph: str, context: Mapping[str, Any]) -> str:
    """The instruction for one masked paragraph (``letter_templates/prompts/paragraph.j2``)."""
    return render_template(PROMPT_FOLDER, PROMPT_TEMPLATE, {**context, "afsnit": paragraph})


_FENCE = re.compile(r"^```[^\n]*\n(.*?)\n?```\s*$", re.DOTALL)


def parse_paragraph(output: str) -> str:
    """The rewritten paragraph out of a model's answer: labels, code fences and quotes removed,
    cut at the first blank line (a paragraph never contains one)."""
    text = output.replace("\r\n", "\n").strip()
    m = _FENCE.match(text)
    if m:
        text = m.group(1).strip()
    text = language()["model_answer_label"].sub("", text, count=1).strip()  # rules/language/da.yml
    text = re.split(r"\n[ \t]*\n", text, maxsplit=1)[0].strip()
    if len(text) >= 2 and text[0] in "\"“»'" and text[-1] in "\"”«'":
        text = text[1:-1].strip()
    return text


class FakeBackend:
    """A backend that answers with ``rewrite(masked_paragraph) -> str``; every prompt is kept in ``prompts``."""

    engine = "fake"

    def __init__(self, rewrite: Callable[[str], str], name: str = "fake"):
        self.rewrite = rewrite
        self.name = name
        self.prompts: list[str] = []
        self.context: Mapping[str, Any] = {}  # of the last prompt: lets a test's function see what tokens stand for
        self.stats: list[dict[str, float]] = []
        self._paragraph_of: dict[str, str] = {}

    def build_prompt(self, paragraph: str, context: Mapping[str, Any]) -> str:
        prompt = render_prompt(paragraph, context)
        self._paragraph_of[prompt] = paragraph
        self.context = context
        return prompt

    def generate(self, prompt: str, settings: GenerationSettings) -> str:
        self.prompts.append(prompt)
        return self.rewrite(self._paragraph_of.pop(prompt, prompt))

    def parse(self, output: str) -> str:
        return parse_paragraph(output)

    def info(self) -> dict[str, Any]:
        return {"engine": self.engine, "model": self.name, "device": "none"}


def _importable(name: str) -> bool:
    if name in sys.modules:
        return sys.modules[name] is not None
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def require_packages() -> None:
    """Raise the coded usage error C320 when transformers or torch is not installed (nothing is imported)."""
    missing = [n for n in ("transformers", "torch", "tokenizers") if not _importable(n)]
    if missing:
        raise UsageError(f"Omskrivning med sprogmodel (--mode llm) kræver de valgfrie pakker "
                         f"{', '.join(missing)}, som ikke er installeret.", code="C320", hint=INSTALL_HINT)


def resolve_model_dir(model_dir: str | os.PathLike | None) -> Path:
    """The model folder from ``--model`` or ``REWRITER_MODEL``, checked without loading anything."""
    raw = model_dir or os.environ.get("REWRITER_MODEL")
    if not raw:
        raise UsageError("Der er ikke angivet nogen sprogmodel.", code="C321", hint=MODEL_HINT)
    path = Path(raw).expanduser()
    if not path.is_dir():
        raise UsageError("Mappen med sprogmodellen findes ikke.", where=str(path), code="C322", hint=MODEL_HINT)
    if not (path / "config.json").is_file():
        raise UsageError("Mappen indeholder ingen sprogmodel (config.json mangler).", where=str(path), code="C322",
                         hint=MODEL_HINT)
    return path


def _offline_environment() -> None:
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


@dataclass
class TransformersBackend:
    """A causal (``AutoModelForCausalLM``) or seq2seq (``AutoModelForSeq2SeqLM``, when
    ``config.is_encoder_decoder``) model and its tokenizer, loaded from a local folder."""

    model: Any
    tokenizer: Any
    name: str
    device: str
    encoder_decoder: bool
    max_positions: int | None = None
    stats: list[dict[str, float]] = field(default_factory=list)
    engine: str = "transformers"

    @classmethod
    def load(cls, model_dir: str | os.PathLike | None, settings: GenerationSettings | None = None
             ) -> TransformersBackend:
        settings = (settings or GenerationSettings()).validate()
        require_packages()
        path = resolve_model_dir(model_dir)
        _offline_environment()
        import torch
        import transformers
        from transformers import (
            AutoConfig,
            AutoModelForCausalLM,
            AutoModelForSeq2SeqLM,
            AutoTokenizer,
        )

        transformers.utils.logging.set_verbosity_error()
        transformers.utils.logging.disable_progress_bar()
        device = settings.device
        if device == "auto":
            device = "cuda" if torch.cuda.is_available() else "cpu"
        elif device == "cuda" and not torch.cuda.is_available():
            raise UsageError("Der er ikke noget CUDA-grafikkort til rådighed.", code="C324",
                             hint="Brug --device cpu eller --device auto.")
        local = {"local_files_only": True, "trust_remote_code": False}
        major = int(transformers.__version__.split(".")[0])
        dtype_kw = {"dtype": "auto"} if major >= 5 else {"torch_dtype": "auto"}
        try:
            config = AutoConfig.from_pretrained(path, **local)
            tokenizer = AutoTokenizer.from_pretrained(path, **local)
            encoder_decoder = bool(getattr(config, "is_encoder_decoder", False))
            auto = AutoModelForSeq2SeqLM if encoder_decoder else AutoModelForCausalLM
            model = auto.from_pretrained(path, config=config, **local, **dtype_kw)
            model.to(device)
            model.eval()
        except Exception as exc:  # noqa: BLE001 - a broken folder fails in many ways (OSError, KeyError, ...)
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]
            raise UsageError(f"Sprogmodellen kunne ikke indlæses: {first}", where=str(path), code="C323",
                             hint="Kontrollér, at mappen indeholder en komplet model til transformers "
                                  "(config.json, tokenizer-filer og vægte), hentet med 'huggingface-cli download "
                                  "... --local-dir'.") from None
        max_positions = None
        if not encoder_decoder:
            max_positions = getattr(config, "max_position_embeddings", None) or getattr(config, "n_positions", None)
        return cls(model, tokenizer, path.name, device, encoder_decoder, max_positions)

    # -- the protocol

    def build_prompt(self, paragraph: str, context: Mapping[str, Any]) -> str:
        instruction = render_prompt(paragraph, context)
        if not self.encoder_decoder and getattr(self.tokenizer, "chat_template", None):
            return self.tokenizer.apply_chat_template([{"role": "user", "content": instruction}], tokenize=False,
                                                      add_generation_prompt=True)
        return instruction

    def generate(self, prompt: str, settings: GenerationSettings) -> str:
        import torch

        chat = not self.encoder_decoder and bool(getattr(self.tokenizer, "chat_template", None))
        inputs = self.tokenizer(prompt, return_tensors="pt", add_special_tokens=not chat).to(self.device)
        n_in = int(inputs["input_ids"].shape[1])
        budget = settings.max_new_tokens
        if self.max_positions is not None:
            if n_in + 8 > self.max_positions:
                raise PromptTooLong(f"{n_in} tokens")
            budget = min(budget, self.max_positions - n_in)
        kwargs: dict[str, Any] = {"max_new_tokens": budget, "num_beams": settings.num_beams,
                                  "repetition_penalty": settings.repetition_penalty}
        if settings.temperature > 0:
            kwargs.update(do_sample=True, temperature=settings.temperature, top_p=settings.top_p)
        else:
            kwargs["do_sample"] = False
        if settings.max_time is not None:
            kwargs["max_time"] = max(0.01, settings.max_time)
        pad = self.tokenizer.pad_token_id if self.tokenizer.pad_token_id is not None else self.tokenizer.eos_token_id
        if pad is not None:
            kwargs["pad_token_id"] = pad
        t0 = time.perf_counter()
        with torch.inference_mode():
            out = self.model.generate(**inputs, **kwargs)
        seconds = time.perf_counter() - t0
        ids = out[0] if self.encoder_decoder else out[0][n_in:]
        new_tokens = max(0, int(ids.shape[0]) - (1 if self.encoder_decoder else 0))
        self.stats.append({"prompt_tokens": n_in, "new_tokens": new_tokens, "seconds": seconds})
        return self.tokenizer.decode(ids, skip_special_tokens=True)

    def parse(self, output: str) -> str:
        return parse_paragraph(output)

    def info(self) -> dict[str, Any]:
        return {"engine": self.engine, "model": self.name, "device": self.device,
                "architecture": "seq2seq" if self.encoder_decoder else "causal"}
