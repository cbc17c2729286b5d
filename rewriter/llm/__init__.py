"""Optional rewriting with a local language model (``rewriter rewrite --mode llm``).

Requires the extra ``pip install -e ".[llm]"`` (transformers, torch, tokenizers)
only to load a real model; importing this package imports neither (they are
imported by :meth:`TransformersBackend.load`).  See :mod:`.rewrite` for the
steps and the safety rules, :mod:`.mask` for what the model never sees, and
:mod:`.backend` for the backend protocol.

::

    from rewriter.llm import GenerationSettings, TransformersBackend, propose_llm
    backend = TransformersBackend.load("/srv/modeller/min-model", GenerationSettings())
    proposal = propose_llm("brev.docx", backend)
    proposal.to_dict()["paragraphs"]     # which paragraphs the model wrote, which fell back and why
"""

from __future__ import annotations

from rewriter.llm.backend import (
           Backend,
           FakeBackend,
           GenerationSettings,
           TransformersBackend,
           require_packages,
)
from rewriter.llm.mask import Masked, RestoreError, mask, private_names, restore
from rewriter.llm.rewrite import LlmProposal, ParagraphResult, propose_llm

__all__ = ["Backend", "FakeBackend", "GenerationSettings", "LlmProposal", "Masked", "ParagraphResult",
           "RestoreError", "TransformersBackend", "mask", "private_names", "propose_llm", "require_packages",
           "restore"]
