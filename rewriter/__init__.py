"""rewriter: check and rewrite Danish jobcentre letters.

Public API::

    import rewriter
    report = rewriter.check("brev.docx")          # or the letter text itself
    report.to_dict()                               # JSON wire format rewriter.report/1

Importing this package loads no heavy dependency (no torch, transformers or
gradio); the pipeline modules are imported on first use.
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__", "check", "read_letter"]


def check(source, letter_type=None, **kwargs):
    """Check a letter (text, path or Letter); see :func:`rewriter.analysis.pipeline.check`."""
    from rewriter.analysis.pipeline import check as _check

    return _check(source, letter_type, **kwargs)


def read_letter(path, **kwargs):
    """Read a .txt/.md/.docx letter; see :func:`rewriter.io.reader.read_letter`."""
    from rewriter.io.reader import read_letter as _read

    return _read(path, **kwargs)
