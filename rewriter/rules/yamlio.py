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


def read_text(path: Path) -> str:
    """The text of a rules file; R204 when it is missing or not UTF-8."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RuleFileError("Regelfilen findes ikke.", path=str(path), code="R204",
                            hint="Tjek --rules-mappen; den skal indeholde de leverede regelfiler.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleFileError(f"Regelfilen kan ikke læses ({exc}).", path=str(path), code="R204",
                            hint="Gem filen som UTF-8.") from None


# The parser's most common problems in Danish, with how to fix them (else its English text is shown).
_PROBLEMS = {
    "did not find expected ',' or ']'": ("en liste i [...] er ikke lukket", "Sæt ] efter listens sidste punkt, "
                                         "og komma mellem punkterne."),
    "did not find expected ',' or '}'": ("en ordbog i {...} er ikke lukket", "Sæt } efter det sidste par, "
                                         "og komma mellem parrene."),
    "found unexpected end of stream": ("filen slutter midt i en tekst", "Luk anførselstegnet, der åbnes på "
                                       "linjen, eller fordobl et ' inde i en tekst i '...' ('')."),
    "mapping values are not allowed in this context": ("et kolon står et sted, hvor YAML ikke venter et",
                                                       "Sæt teksten i anførselstegn, eller ret indrykningen."),
    "mapping values are not allowed here": ("et kolon står et sted, hvor YAML ikke venter et",
                                            "Sæt teksten i anførselstegn, eller ret indrykningen."),
    "did not find expected key": ("indrykningen passer ikke", "Ryk linjen ind med lige så mange mellemrum som "
                                  "linjerne over den."),
    "found character that cannot start any token": ("et tegn, der ikke må stå her (fx en tabulator, @ eller `)",
                                                    "Brug mellemrum til indrykning, og sæt teksten i anførselstegn."),
    "did not find expected '-' indicator": ("indrykningen passer ikke i en liste", "Start hvert punkt med - "
                                            "og samme indrykning."),
    "found undefined alias": ("en henvisning (*navn) til noget, der ikke er defineret",
                              "Sæt teksten i anførselstegn, hvis * skal stå i den."),
    "could not find expected ':'": ("der mangler et kolon efter en nøgle", "Skriv nøgle: værdi."),
}


def syntax_error(path: Path, exc: yaml.YAMLError) -> RuleFileError:
    """R201 at the line and column where the YAML parser gave up, in Danish where we know the problem."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    danish, hint = _PROBLEMS.get(problem, (problem, "Ret indrykning, kolon eller anførselstegn på den angivne linje."))
    return RuleFileError(f"YAML-syntaksfejl: {danish}.", path=str(path),
                         line=mark.line + 1 if mark else None, col=mark.column + 1 if mark else None,
                         code="R201", hint=hint)


def load_yaml(path: Path) -> Any:
    text = read_text(path)
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise syntax_error(path, exc) from None


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
