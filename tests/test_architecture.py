"""The package's shape: no import cycles, Danish language knowledge in rules/ rather than in Python."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PKG = Path(__file__).resolve().parent.parent / "rewriter"
RE_FUNCS = {"compile", "search", "match", "fullmatch", "sub", "subn", "finditer", "findall", "split"}
# Words that may stand in a pattern in Python because they are not Danish: XML and Word field names,
# template-language keywords.
NOT_DANISH = {"xml", "word", "header", "footer", "MERGEFIELD", "tr", "tc", "if", "elif", "else", "endif",
              "pattern", "unless", "before", "macros"}  # English key names and group names, not Danish


def _module(path: Path) -> str:
    parts = list(path.relative_to(PKG.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """Every rewriter module ``path`` imports, at the top or inside a function."""
    me = _module(path)
    pkg = me if path.name == "__init__.py" else me.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = pkg.split(".")[: len(pkg.split(".")) - node.level + 1] if node.level else []
            mod = ".".join(base + [node.module]) if node.module else ".".join(base)
            for alias in node.names:
                full = f"{mod}.{alias.name}"
                out.add(full if full in modules else mod)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return {m for m in out if m in modules and m != me}


def test_no_import_cycle_inside_the_package_counting_imports_inside_functions():
    files = {_module(p): p for p in PKG.rglob("*.py")}
    graph = {m: _imports(p, set(files)) for m, p in files.items()}
    state: dict[str, int] = {}  # 1 on the path, 2 done
    cycles = []

    def visit(m: str, path: list[str]) -> None:
        state[m] = 1
        for d in sorted(graph[m]):
            if state.get(d) == 1:
                cycles.append(path[path.index(d):] + [d] if d in path else [m, d])
            elif d not in state:
                visit(d, path + [d])
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [m])
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def _letters(pattern: str) -> list[str]:
    """The runs of letters of a regex source that are words, not syntax (groups, classes, escapes)."""
    s = re.sub(r"\(\?P<\w+>|\(\?P=\w+\)|\(\?[aiLmsux-]+[:)]|\(\?<?[=!]", "(", pattern)
    s = re.sub(r"\\.", "", s)
    s = re.sub(r"\[(?:\\.|[^\]])*\]", "", s)
    return re.findall(r"[^\W\d_]{2,}", s)


def danish_patterns() -> list[str]:
    """Calls of ``re`` with a pattern that holds a word, outside the web UI (f-string fields do not count:
    they insert words from rules/language/da.yml)."""
    found = []
    for path in sorted(PKG.rglob("*.py")):
        if "web" in path.relative_to(PKG).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in RE_FUNCS and isinstance(node.func.value, ast.Name)
                    and node.func.value.id == "re" and node.args):
                continue
            arg = node.args[0]
            parts = arg.values if isinstance(arg, ast.JoinedStr) else [arg]
            strings = [n.value for part in parts if not isinstance(part, ast.FormattedValue)
                       for n in ast.walk(part) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
            words = [w for s in strings for w in _letters(s) if w not in NOT_DANISH]
            if words:
                found.append(f"{path.relative_to(PKG)}:{node.lineno} {words}")
    return found


def test_at_most_five_regular_expressions_with_danish_words_remain_in_python():
    found = danish_patterns()
    assert len(found) <= 5, "\n".join(found)


def test_the_scan_finds_a_danish_pattern_in_python(tmp_path, monkeypatch):
    """The counter above can fail: a module with a Danish pattern is found."""
    module = PKG / "_scan_probe.py"
    module.write_text('import re\nX = re.compile(r"\\bmed venlig hilsen\\b")\n', encoding="utf-8")
    try:
        assert any("_scan_probe.py" in f and "venlig" in f for f in danish_patterns())
    finally:
        module.unlink()
