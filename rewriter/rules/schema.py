"""A small schema language for the YAML files in ``rules/``, checked on the YAML nodes.

Every rules file has a *kind* (:mod:`rewriter.rules.kinds`) and every kind a schema built from
the specs below.  Validation walks the composed YAML nodes, so every problem is reported where it
is, as a :class:`~rewriter.errors.RuleFileError` with ``file:line:col``, a code and a Danish hint:

====  ==============================================================
R201  YAML syntax error
R202  a required key is missing, or a value has the wrong type
R203  a value is not one of the allowed values
R205  a key is written twice in the same mapping
R206  a pattern is not a valid regular expression
R207  an unknown key
R209  an unknown macro or named group is referred to
====  ==============================================================

Specs: :class:`Text`, :class:`Integer`, :class:`Number`, :class:`Boolean`, :class:`Date`,
:class:`Choice`, :class:`Nullable`, :class:`ListOf`, :class:`MapOf`, :class:`Record`,
:class:`Either`, :class:`Anything`, :class:`Regex` and :class:`Pattern` (a regular expression
that may carry ``examples: {match: [...], no_match: [...]}``; every one is collected as an
:class:`ExampleSet`, and ``rewriter rules lint`` and the generic rule test run them).

A validated value is built from the nodes (plain Python data); a node with a problem gives
:data:`INVALID`, and a record or list with an invalid part is invalid as well, so hooks only
ever see valid data.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import yaml

from rewriter.errors import RuleFileError

INVALID: Any = type("Invalid", (), {"__repr__": lambda self: "INVALID", "__bool__": lambda self: False})()

_TAG = "tag:yaml.org,2002:"
_constructor = yaml.constructor.SafeConstructor()


def _scalar(node: yaml.Node) -> Any:
    return _constructor.construct_document(node)


def _show(value: Any) -> str:
    """A value as the rule author wrote it (YAML's true/false, not Python's)."""
    if isinstance(value, bool):
        return str(value).lower()
    return "(tom)" if value is None else str(value)


# --------------------------------------------------------------------------- collected examples


@dataclass(frozen=True)
class Sample:
    """One example as written in a rules file: its data (a text or a mapping) and where it is."""

    data: Any
    line: int
    col: int


@dataclass(frozen=True)
class ExampleSet:
    """The examples of one pattern, swap entry, du-form word or split, with where they are.

    ``kind`` says how to run them (:mod:`rewriter.rules.examples`): ``pattern`` (``subject`` is the
    compiled pattern, ``mode`` how it is used), ``swap``, ``address``, ``split``.  ``owner`` is the
    validated entry the examples belong to; ``examples`` is None when the entry has none.
    """

    kind: str
    path: str
    line: int
    col: int
    label: str
    owner: Any
    examples: Any = None  # for patterns: {"match": (Sample, ...), "no_match": (...)}; else (Sample, ...)
    subject: Any = None
    mode: str = "search"


# --------------------------------------------------------------------------- context


class Context:
    """The state of validating one file: where we are, the problems found, the examples collected."""

    def __init__(self, path: Path, text: str, macros: dict[str, str] | None, rules_dir: Path | None = None):
        self.path = path
        self.lines = text.split("\n")
        self.macros = macros  # None: macros.yml is broken, so macro patterns cannot be checked
        self.rules_dir = rules_dir
        self.errors: list[RuleFileError] = []
        self.examples: list[ExampleSet] = []
        self.keys: list[Any] = []

    @property
    def label(self) -> str:
        return ".".join(str(k) for k in self.keys) or "(filen)"

    def error(self, node: yaml.Node, message: str, code: str, hint: str | None = None, col_offset: int = 0):
        mark = node.start_mark
        self.errors.append(RuleFileError(message, path=str(self.path), line=mark.line + 1,
                                         col=mark.column + 1 + col_offset, code=code, hint=hint))
        return INVALID

    def samples(self, node: yaml.Node, value: Any) -> tuple[Sample, ...]:
        """The items of a validated list ``value`` with the position of each item's node."""
        if not isinstance(node, yaml.SequenceNode):
            return (Sample(value, node.start_mark.line + 1, node.start_mark.column + 1),)
        return tuple(Sample(v, n.start_mark.line + 1, n.start_mark.column + 1) for n, v in zip(node.value, value))


# --------------------------------------------------------------------------- specs


class Spec:
    what = "en værdi"  # Danish, for messages: "'safety' skal være <what>"
    node_kind: type = yaml.Node

    def validate(self, node: yaml.Node, ctx: Context, name: str) -> Any:
        raise NotImplementedError

    def wrong_type(self, node, ctx: Context, name: str):
        found = {yaml.MappingNode: "en ordbog (nøgle: værdi)", yaml.SequenceNode: "en liste"}.get(type(node))
        if found is None:
            found = "tom" if node.tag == _TAG + "null" else f"'{node.value}'"
        hint = "Sæt teksten i anførselstegn." if isinstance(self, Text) and isinstance(node, yaml.ScalarNode) \
            else f"Skriv {self.what} her."
        return ctx.error(node, f"{name} skal være {self.what}, ikke {found}.", "R202", hint)


class Anything(Spec):
    what = "en værdi"

    def validate(self, node, ctx, name):
        return _scalar(node)


class Text(Spec):
    what = "en tekst"
    node_kind = yaml.ScalarNode

    def __init__(self, nonempty: bool = True):
        self.nonempty = nonempty

    def validate(self, node, ctx, name):
        if not isinstance(node, yaml.ScalarNode) or node.tag != _TAG + "str":
            return self.wrong_type(node, ctx, name)
        if self.nonempty and not node.value.strip():
            return ctx.error(node, f"{name} må ikke være tom.", "R202", "Skriv en tekst, eller slet nøglen.")
        return node.value


class Integer(Spec):
    what = "et helt tal"
    node_kind = yaml.ScalarNode

    def __init__(self, minimum: int | None = None):
        self.minimum = minimum

    def validate(self, node, ctx, name):
        if not isinstance(node, yaml.ScalarNode) or node.tag != _TAG + "int":
            return self.wrong_type(node, ctx, name)
        value = _scalar(node)
        if self.minimum is not None and value < self.minimum:
            return ctx.error(node, f"{name} skal være mindst {self.minimum}.", "R203", f"Skriv et tal fra {self.minimum}.")
        return value


class Number(Spec):
    what = "et tal"
    node_kind = yaml.ScalarNode

    def validate(self, node, ctx, name):
        if not isinstance(node, yaml.ScalarNode) or node.tag not in (_TAG + "int", _TAG + "float"):
            return self.wrong_type(node, ctx, name)
        return _scalar(node)


class Boolean(Spec):
    what = "true eller false"
    node_kind = yaml.ScalarNode

    def validate(self, node, ctx, name):
        if not isinstance(node, yaml.ScalarNode) or node.tag != _TAG + "bool":
            return self.wrong_type(node, ctx, name)
        return _scalar(node)


class Date(Spec):
    what = "en dato (ÅÅÅÅ-MM-DD)"
    node_kind = yaml.ScalarNode

    def validate(self, node, ctx, name):
        if isinstance(node, yaml.ScalarNode) and node.tag in (_TAG + "timestamp", _TAG + "str"):
            try:
                value = _scalar(node)
                return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
            except ValueError:
                pass
        return ctx.error(node, f"'{node.value if isinstance(node, yaml.ScalarNode) else '...'}' er ikke en dato.",
                         "R203", "Skriv datoer som 2026-07-01.")


class Choice(Spec):
    node_kind = yaml.ScalarNode

    def __init__(self, values, what: str = "Værdien"):
        self.values = tuple(values)
        self.label = what
        self.what = "en af " + ", ".join(map(str, self.values))

    def validate(self, node, ctx, name):
        if not isinstance(node, yaml.ScalarNode):
            return self.wrong_type(node, ctx, name)
        value = _scalar(node)
        if any(type(value) is type(v) and value == v for v in self.values):
            return value
        hint = f"Brug en af: {', '.join(map(str, self.values))}."
        if value is False and "off" in self.values:
            hint = 'Skriv "off" i anførselstegn: uden dem læser YAML det som false.'
        return ctx.error(node, f"{self.label} '{_show(value)}' er ikke tilladt.", "R203", hint)


class Nullable(Spec):
    def __init__(self, spec: Spec):
        self.spec = spec
        self.what = spec.what + " eller tom (null)"
        self.node_kind = spec.node_kind

    def validate(self, node, ctx, name):
        if isinstance(node, yaml.ScalarNode) and node.tag == _TAG + "null":
            return None
        return self.spec.validate(node, ctx, name)


class ListOf(Spec):
    node_kind = yaml.SequenceNode

    def __init__(self, item: Spec, min_items: int = 0):
        self.item = item
        self.min_items = min_items
        self.what = f"en liste ([...]) af {item.what}" if min_items == 0 else f"en ikke-tom liste ([...]) af {item.what}"

    def validate(self, node, ctx, name):
        if not isinstance(node, yaml.SequenceNode):
            return self.wrong_type(node, ctx, name)
        if len(node.value) < self.min_items:
            return ctx.error(node, f"{name} skal have mindst {self.min_items} punkt{'er' if self.min_items > 1 else ''}.",
                             "R202", "Tilføj et punkt til listen, eller slet nøglen.")
        out = []
        for i, item in enumerate(node.value):
            ctx.keys.append(i)
            out.append(self.item.validate(item, ctx, f"Punkt {i + 1} i {name}"))
            ctx.keys.pop()
        return INVALID if any(v is INVALID for v in out) else out


def _mapping_items(node: yaml.MappingNode, ctx: Context, key_spec: Spec | None):
    """(key, key node, value node) of a mapping; duplicate and malformed keys are reported."""
    seen: dict[Any, yaml.Node] = {}
    out = []
    for knode, vnode in node.value:
        if not isinstance(knode, yaml.ScalarNode):
            ctx.error(knode, "En nøgle skal være et enkelt ord eller en tekst.", "R202", "Skriv nøglen som tekst.")
            continue
        key = _scalar(knode)
        if key in seen:
            first = seen[key].start_mark.line + 1
            ctx.error(knode, f"Nøglen '{_show(key)}' står to gange (første gang på linje {first}).", "R205",
                      "Slet den ene, eller slå dem sammen.")
            continue
        seen[key] = knode
        if key_spec is not None and key_spec.validate(knode, ctx, "Nøglen") is INVALID:
            continue
        out.append((key, knode, vnode))
    return out


class MapOf(Spec):
    """A mapping whose keys are free (letter types, element ids, words) and values share one spec."""

    node_kind = yaml.MappingNode

    def __init__(self, value: Spec, key: Spec | None = None):
        self.value = value
        self.key = key or Text()
        self.what = f"en ordbog (nøgle: værdi) med {value.what} som værdier"

    def validate(self, node, ctx, name):
        if not isinstance(node, yaml.MappingNode):
            return self.wrong_type(node, ctx, name)
        out, ok = {}, True
        for key, knode, vnode in _mapping_items(node, ctx, self.key):
            ctx.keys.append(key)
            out[key] = self.value.validate(vnode, ctx, f"'{key}'")
            ctx.keys.pop()
            ok = ok and out[key] is not INVALID
        return out if ok and len(out) == len(node.value) else INVALID


Hook = Callable[[Context, yaml.MappingNode, dict], None]


class Record(Spec):
    """A mapping with known keys: ``required`` and ``optional`` name their specs; other keys are
    an error (R207) unless ``rest`` gives a spec for them.  ``hook(ctx, node, value)`` runs on a
    valid record: for checks that need several keys, and to collect examples."""

    node_kind = yaml.MappingNode

    def __init__(self, required: dict[str, Spec] | None = None, optional: dict[str, Spec] | None = None,
                 rest: Spec | None = None, hook: Hook | None = None, what: str = "en ordbog (nøgle: værdi)"):
        self.required = dict(required or {})
        self.optional = dict(optional or {})
        self.rest = rest
        self.hook = hook
        self.what = what

    @property
    def keys(self) -> set[str]:
        return set(self.required) | set(self.optional)

    def validate(self, node, ctx, name):
        if not isinstance(node, yaml.MappingNode):
            return self.wrong_type(node, ctx, name)
        out, ok = {}, True
        fields = {**self.required, **self.optional}
        for key, knode, vnode in _mapping_items(node, ctx, None):
            spec = fields.get(key) if isinstance(key, str) else None
            if spec is None and self.rest is None:
                ctx.error(knode, f"Ukendt nøgle '{_show(key)}'.", "R207",
                          f"Tilladte nøgler: {', '.join(sorted(fields))}.")
                ok = False
                continue
            ctx.keys.append(key)
            out[key] = (spec or self.rest).validate(vnode, ctx, f"'{key}'")
            ctx.keys.pop()
            ok = ok and out[key] is not INVALID
        for key in self.required:
            if key not in out:
                ctx.error(node, f"Nøglen '{key}' mangler.", "R202", f"Tilføj '{key}:' ({self.required[key].what}).")
                ok = False
        ok = ok and len(out) == len(node.value)
        if not ok:
            return INVALID
        if self.hook is not None:
            n = len(ctx.errors)
            self.hook(ctx, node, out)
            if len(ctx.errors) > n:
                return INVALID
        return out


class Either(Spec):
    """One of several specs, chosen by the kind of node (a text, a list or a mapping)."""

    def __init__(self, *specs: Spec):
        self.specs = specs
        self.what = " eller ".join(s.what for s in specs)

    def validate(self, node, ctx, name):
        for spec in self.specs:
            if isinstance(node, spec.node_kind):
                return spec.validate(node, ctx, name)
        return self.wrong_type(node, ctx, name)


# --------------------------------------------------------------------------- regular expressions

MACRO_RE = re.compile(r"\{([A-ZÆØÅ_]{2,})\}")


def expand_macros(source: str, macros: dict[str, str]) -> str:
    """``{NAME}`` replaced by the macro's pattern (macros may use macros); KeyError for an unknown one."""
    for _ in range(10):
        new = MACRO_RE.sub(lambda m: macros[m.group(1)], source)
        if new == source:
            return new
        source = new
    return source


@lru_cache(maxsize=4096)
def rule_matcher(expanded: str):
    """The compiled rule pattern (case-folded, MULTILINE) of a macro-expanded source; shared by
    validation and the rulebook, so each pattern is compiled once."""
    from rewriter.analysis.folding import Matcher, fold_pattern

    return Matcher(fold_pattern(expanded), re.MULTILINE)


FLAVOURS = {
    # name: (how it is compiled, Danish description for messages)
    "rule": "mønster (makroer, små og store bogstaver ens)",
    "plain": "regulært udtryk",
    "line": "regulært udtryk (små og store bogstaver ens)",
    "before": "regulært udtryk (teksten lige før ordet)",
}


def compile_flavour(source: str, flavour: str, macros: dict[str, str] | None):
    """Compile ``source`` as the loader of its file does; raises re.error or KeyError (unknown macro)."""
    if flavour == "rule":
        return rule_matcher(expand_macros(source, macros or {}))
    if flavour == "line":
        return re.compile(source, re.IGNORECASE)
    if flavour == "before":
        return re.compile(source + r"\Z")
    return re.compile(source)


class Regex(Spec):
    """A regular expression, compiled the way its loader compiles it (``flavour``, see FLAVOURS)."""

    what = "et regulært udtryk (en tekst)"
    node_kind = yaml.ScalarNode

    def __init__(self, flavour: str = "plain"):
        assert flavour in FLAVOURS, flavour
        self.flavour = flavour

    def validate(self, node, ctx, name):
        if not isinstance(node, yaml.ScalarNode) or node.tag != _TAG + "str":
            return self.wrong_type(node, ctx, name)
        source = node.value
        if self.flavour == "rule":
            if ctx.macros is None:
                return source  # macros.yml is broken (reported there): the pattern cannot be checked
            unknown = [m for m in MACRO_RE.findall(source) if m not in ctx.macros]
            if unknown:
                return ctx.error(node, f"Ukendt makro '{{{unknown[0]}}}' i {name}.", "R209",
                                 f"Kendte makroer: {', '.join(sorted(ctx.macros))}.")
        try:
            return compile_flavour(source, self.flavour, ctx.macros)
        except re.error as exc:
            pos = self._position(source, exc, ctx)
            return ctx.error(node, f"Ugyldigt regulært udtryk: {exc.msg} (position {exc.pos}) i '{source}'.", "R206",
                             "Husk at escape punktum og parenteser: \\. \\( \\).",
                             col_offset=self._column(node, ctx, pos))
        except KeyError as exc:  # a macro that refers to an unknown macro
            return ctx.error(node, f"Ukendt makro '{{{exc.args[0]}}}' i {name}.", "R209", "Ret makroen i macros.yml.")

    def _position(self, source: str, exc: re.error, ctx: Context) -> int | None:
        """The position of the error in ``source`` itself (None when macros were expanded before it)."""
        if self.flavour == "rule":
            if MACRO_RE.search(source):
                return None
            from rewriter.analysis.folding import fold_pattern

            try:
                re.compile(fold_pattern(source), re.MULTILINE)
            except re.error as plain:
                return plain.pos
            return None
        return exc.pos

    @staticmethod
    def _column(node: yaml.ScalarNode, ctx: Context, pos: int | None) -> int:
        """Columns from the start of the value to the error, where the value is written as is."""
        start, end = node.start_mark, node.end_mark
        if pos is None or start.line != end.line or start.line >= len(ctx.lines):
            return 0
        raw = ctx.lines[start.line][start.column:end.column]
        if node.style in (None, "") and raw == node.value:
            return pos
        if node.style == "'" and raw[1:-1] == node.value:
            return pos + 1
        if node.style == '"' and raw[1:-1] == node.value:
            return pos + 1
        return 0


class Pattern(Spec):
    """A regular expression that carries examples: ``'...'`` or, with examples,

    .. code-block:: yaml

        - pattern: '\\bellers\\b{SAETNING}{0,60}?\\b{SANKTION}'
          examples:
            match: ["Mød op, ellers kan vi trække i din kontanthjælp."]
            no_match: ["Mød op, ellers må du ringe og aftale en ny tid."]

    ``mode`` says how the pattern is used, and so how its examples are run: ``paragraph`` (searched
    in each paragraph of the folded letter), ``search`` (searched in the line as written), ``match``
    (matched at the start of the line).  Every pattern is collected as an :class:`ExampleSet`, also
    one without examples, so that lint can ask for them.
    """

    what = "et mønster (en tekst, eller {pattern: ..., examples: {match: [...], no_match: [...]}})"

    def __init__(self, flavour: str = "rule", mode: str = "paragraph"):
        self.regex = Regex(flavour)
        self.mode = mode
        examples = Record(optional={"match": ListOf(Text(), 1), "no_match": ListOf(Text(), 1)})
        self.record = Record(required={"pattern": self.regex}, optional={"examples": examples, "note": Text()})

    def validate(self, node, ctx, name):
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        if isinstance(node, yaml.ScalarNode):
            compiled = self.regex.validate(node, ctx, name)
            if compiled is not INVALID:
                ctx.examples.append(ExampleSet("pattern", str(ctx.path), line, col, ctx.label, node.value,
                                               None, compiled, self.mode))
            return compiled
        if not isinstance(node, yaml.MappingNode):
            return self.wrong_type(node, ctx, name)
        value = self.record.validate(node, ctx, name)
        if value is INVALID:
            return INVALID
        examples = None
        ex_node = next((v for k, v in node.value if k.value == "examples"), None)
        if ex_node is not None:
            nodes = {k.value: v for k, v in ex_node.value}
            examples = {kind: ctx.samples(nodes[kind], value["examples"][kind]) if kind in nodes else ()
                        for kind in ("match", "no_match")}
        source = next(v for k, v in node.value if k.value == "pattern").value
        ctx.examples.append(ExampleSet("pattern", str(ctx.path), line, col, ctx.label, source, examples,
                                       value["pattern"], self.mode))
        return value["pattern"]


# --------------------------------------------------------------------------- files


def compose(path: Path) -> tuple[yaml.Node | None, str]:
    """The YAML node tree of ``path`` and its text; R204 when it cannot be read, R201 on a syntax error."""
    from rewriter.rules.yamlio import read_text, syntax_error

    text = read_text(path)
    try:
        return yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)), text
    except yaml.YAMLError as exc:
        raise syntax_error(path, exc) from None


@dataclass
class Result:
    """What validating one file gave: its value (INVALID if it has problems), problems, examples."""

    path: Path
    value: Any
    errors: list[RuleFileError] = field(default_factory=list)
    examples: list[ExampleSet] = field(default_factory=list)


def validate_file(path: Path, spec: Spec, macros: dict[str, str] | None, rules_dir: Path | None = None) -> Result:
    try:
        node, text = compose(path)
    except RuleFileError as exc:
        return Result(path, INVALID, [exc])
    ctx = Context(path, text, macros, rules_dir)
    if node is None:
        ctx.errors.append(RuleFileError("Regelfilen er tom.", path=str(path), code="R202",
                                        hint="Skriv filens indhold, eller slet filen."))
        return Result(path, INVALID, ctx.errors)
    value = spec.validate(node, ctx, "Filen")
    return Result(path, value if not ctx.errors else INVALID, ctx.errors, ctx.examples)


class RuleFileErrors(RuleFileError):
    """Several problems found at once.  The code, place and message are the first problem's;
    ``str`` lists every problem on its own line, so the CLI shows them all."""

    def __init__(self, errors: list[RuleFileError]):
        first = errors[0]
        super().__init__(first.message, path=first.path, line=first.line, col=first.col, hint=first.hint,
                         code=first.code)
        self.errors = list(errors)

    def __str__(self) -> str:
        lines = [RuleFileError.__str__(e) for e in self.errors]
        if len(lines) > 1:
            lines.append(f"{len(lines)} fejl i regelfilerne.")
        return "\n".join(lines)
