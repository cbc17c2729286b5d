from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "evaluation" / "corpus" / "dev"
sys.path.insert(0, str(Path(__file__).resolve().parent))
# the compiled-pattern cache (rewriter/analysis/folding.py) of the test run, not the user's ~/.cache
os.environ.setdefault("REWRITER_CACHE_DIR", tempfile.mkdtemp(prefix="rewriter-test-cache-"))


def corpus_letters() -> list[Path]:
    return sorted(CORPUS.glob("*.txt"))


def annotation(path: Path) -> dict:
    return yaml.safe_load(path.with_suffix(".yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    assert CORPUS.is_dir(), "evaluation/corpus/dev is part of the repository"
    return CORPUS
