"""``rewriter rewrite --mode llm``: settings from the command line, model loading, progress, report lines.

Thin: the work is in :mod:`.rewrite`; this module turns ``argparse`` options into
:class:`~.backend.GenerationSettings`, loads the backend (coded errors C320-C324
when the extra is missing or the model folder is wrong) and shows progress
("afsnit 3/9") on stderr, only when stderr is a terminal.
"""

from __future__ import annotations

import sys

from rewriter.llm.backend import (
    GenerationSettings,
    TransformersBackend,
    require_packages,
    resolve_model_dir,
)
from rewriter.llm.rewrite import LlmProposal, propose_llm


def settings_from_args(args) -> GenerationSettings:
    defaults = GenerationSettings()
    pick = lambda name: getattr(args, name, None) if getattr(args, name, None) is not None else getattr(defaults, name)
    return GenerationSettings(max_new_tokens=pick("max_new_tokens"), temperature=pick("temperature"),
                              num_beams=pick("num_beams"), time_limit=pick("time_limit"),
                              device=pick("device")).validate()


class _Progress:
    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.live = bool(getattr(self.stream, "isatty", lambda: False)())

    def say(self, text: str) -> None:
        if self.live:
            print(f"\r{text}\033[K", end="", file=self.stream, flush=True)

    def __call__(self, n: int, total: int) -> None:
        self.say(f"Sprogmodellen omskriver afsnit {n}/{total} …")

    def done(self) -> None:
        if self.live:
            print("\r\033[K", end="", file=self.stream, flush=True)


def propose_from_args(letter, args) -> LlmProposal:
    """The ``llm`` proposal for ``letter`` with the CLI's options (``--model`` or ``REWRITER_MODEL``)."""
    settings = settings_from_args(args)
    require_packages()  # C320 before anything else: how to enable the mode
    path = resolve_model_dir(getattr(args, "model", None))  # C321/C322
    progress = _Progress()
    progress.say(f"Indlæser sprogmodellen fra {path} …")
    try:
        backend = TransformersBackend.load(path, settings)
        return propose_llm(letter, backend, settings, letter_type=args.letter_type, rules=args.rules,
                           profile=args.profile, date=args.date, progress=progress)
    finally:
        progress.done()


def render_paragraphs(proposal: LlmProposal) -> str:
    """One line per paragraph given to the model: from the model, or the rule-based text and why."""
    src = proposal.report.letter.source
    info = proposal.llm or {}
    head = (f"{src}: sprogmodel {info.get('model', '?')} ({info.get('device', '?')}): "
            f"{info.get('paragraphs_from_model', 0)} af {info.get('paragraphs_sent', 0)} afsnit fra modellen, "
            f"{info.get('seconds', 0):.1f} s")
    lines = [head]
    for p in proposal.paragraphs:
        if not p.sent and p.reason and p.reason.startswith("sendes ikke"):
            continue
        line, _ = proposal.report.letter.line_col(proposal.report.letter.paragraphs[p.index].span.start)
        what = "sprogmodellens tekst (gennemse)" if p.source == "model" else f"regelbaseret tekst: {p.reason}"
        lines.append(f"{src}:{line}:1 afsnit {p.index + 1}: {what}")
    return "\n".join(lines)
