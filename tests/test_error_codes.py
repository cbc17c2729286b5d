"""docs/wire-format.md lists every error code the code can raise, and no code the code does not know."""

from __future__ import annotations

import re

from conftest import ROOT

CODE = re.compile(r"""["'\s(]([LRCA][1-4]\d\d)\b""")


def _codes_in_code() -> set[str]:
    out: set[str] = set()
    for path in (ROOT / "rewriter").rglob("*.py"):
        out.update(CODE.findall(path.read_text(encoding="utf-8")))
    return out


def _documented() -> set[str]:
    doc = (ROOT / "docs" / "wire-format.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\| ([LRCA][1-4]\d\d) \|", doc, re.MULTILINE))


def test_every_error_code_is_documented_with_its_meaning():
    in_code, documented = _codes_in_code(), _documented()
    assert len(in_code) >= 60
    assert sorted(in_code - documented) == []
    assert sorted(documented - in_code) == []
