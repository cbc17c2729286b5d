"""YAML loading with coded errors that point at file, line and column."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from rewriter.errors import RuleFileError

try:  # the C loader is several times faster where libyaml is available
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader


def load_yaml(path: Path) -> Any:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RuleFileError("Regelfilen findes ikke.", path=str(path), code="R204",
                            hint="Tjek --rules-mappen; den skal indeholde de leverede regelfiler.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleFileError(f"Regelfilen kan ikke læses ({exc}).", path=str(path), code="R204",
                            hint="Gem filen som UTF-8.") from None
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise RuleFileError(f"YAML-syntaksfejl: {problem}.", path=str(path),
                            line=mark.line + 1 if mark else None, col=mark.column + 1 if mark else None,
                            code="R201", hint="Ret indrykning, kolon eller anførselstegn på den angivne linje.") from None


def position(path: Path, key_path: tuple) -> tuple[int | None, int | None]:
    """1-based line and column of ``key_path`` (keys and list indices) in the YAML file (best effort)."""
    try:
        node = yaml.compose(Path(path).read_text(encoding="utf-8"), Loader=_Loader)
    except Exception:
        return None, None
    mark = node.start_mark if node is not None else None
    for key in key_path:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value == str(key):
                    mark, node = k.start_mark, v
                    break
            else:
                break
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            mark = node.start_mark
        else:
            break
    return (mark.line + 1, mark.column + 1) if mark else (None, None)


def fail_at(path: Path, key_path: tuple, message: str, code: str, hint: str | None = None):
    """Raise a :class:`RuleFileError` located at ``key_path`` in ``path``."""
    line, col = position(path, key_path)
    raise RuleFileError(message, path=str(path), line=line, col=col, code=code, hint=hint)
