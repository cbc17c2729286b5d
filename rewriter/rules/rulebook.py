"""Load, validate and compile the rules folder (``rules/``) into a :class:`Rulebook`.

The contract for rule authors is ``rules/README.md``.  Files:

* ``letter_types.yml``  the letter types, their Danish names and detection signals
* ``macros.yml``        named regular-expression pieces, used as ``{NAME}`` in patterns
* ``elements/*.yml``    one element (and its missing-element rule) per file
* ``checks/*.yml``      one other rule per file (consistency, phrase, style checks)
* ``profiles/*.yml``    municipality policy overlays (levels, extra constraints)
* ``roles.yml``         paragraph roles, threat detection, key message, the citizen's questions
* ``lexicon/*.yml``     plain-language lexicons (see :mod:`rewriter.rules.lexicon`)

Before anything is loaded, every file under the folder is validated against the schema of
its kind (:mod:`rewriter.rules.kinds`); the problems found there are raised together
(:class:`~rewriter.rules.schema.RuleFileErrors`).  The loaders below then check what a schema
cannot (codes used twice, file names, references between files).  Every problem is a
:class:`~rewriter.errors.RuleFileError` with a code, the file, the line and column of the
offending key (looked up with ``yaml.compose``), and the allowed values.  Loading is cached per
folder and invalidated when a file changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from rewriter.errors import RuleFileError
from rewriter.analysis.folding import Matcher
from rewriter.rules.kinds import CHECK_TYPES, FINDING_LEVELS, INSERT_AT, LEVELS, ZONES, validate_folder
from rewriter.rules.schema import ExampleSet, RuleFileErrors, rule_matcher
from rewriter.rules.language import FILE as LANGUAGE_FILE
from rewriter.rules.language import Language, language
from rewriter.rules.yamlio import load_yaml

CODE_RE = re.compile(r"^[A-Z]{3}\d{3}$")
NAME_RE = re.compile(r"^[a-zæøå0-9]+(?:-[a-zæøå0-9]+)*$")
MACRO_RE = re.compile(r"\{([A-ZÆØÅ_]{2,})\}")

ELEMENT_KEYS = {"id", "code", "name", "title", "message", "why", "applies_to", "detect", "requires_all",
                "applies_when", "part_of", "snippet", "insert_at", "valid_from", "valid_to", "examples", "status",
                "legal_note", "source", "kinds", "by_kind", "wrong"}
USE_KEYS = {"level", "legal_basis", "confirmed", "note", "when"}
CHECK_KEYS = {"code", "name", "type", "level", "message", "why", "legal_basis", "confirmed", "letter_types",
              "valid_from", "valid_to", "params", "examples", "status", "fix", "source"}
PROFILE_KEYS = {"name", "title", "description", "elements", "rules", "constraints"}


@dataclass(frozen=True)
class Detector:
    pattern: Matcher
    unless: Matcher | None = None
    zone: str = "content"  # content (body and closing), any, head, first, body, closing (see rewriter.analysis.zones)
    source: str = ""


@dataclass(frozen=True)
class ElementUse:
    level: str
    legal_basis: str
    confirmed: bool
    note: str | None = None
    when: Matcher | None = None  # the element applies to the type only in a letter where this is found

    @property
    def finding_level(self) -> str:
        """The level of a finding about this element: required -> error, recommended -> warning, off."""
        return {"required": "error", "recommended": "warning"}.get(self.level, "off")


@dataclass(frozen=True)
class Example:
    text: str
    letter_type: str | None = None
    date: dt.date | None = None
    expect: str | None = None  # optional: a substring the finding's span must cover
    fixed: str | None = None  # optional (fail examples): the text after the finding's fix is applied


@dataclass(frozen=True)
class Source:
    """Where a rule's law comes from: the document and section, the date it was read and what was read
    (``statute``, ``authority``, ``secondary`` or ``practice``)."""

    document: str
    read: dt.date
    status: str
    section: str | None = None
    url: str | None = None
    note: str | None = None

    def __str__(self) -> str:
        where = f"{self.document}{', ' + self.section if self.section else ''}"
        return f"{where} (læst {self.read.isoformat()}, {SOURCE_STATUS_DA.get(self.status, self.status)})"


SOURCE_STATUS_DA = {"statute": "lovteksten", "authority": "myndighedens egen tekst", "secondary": "sekundær kilde",
                    "practice": "god forvaltningsskik / praksis"}


@dataclass(frozen=True)
class Part:
    """A part an element must have (``requires_all``): required only in letters of ``types`` or of the
    sanction ``kinds``, and only ``when`` its condition is found in the letter."""

    label: str
    pattern: Matcher
    when: Matcher | None = None
    types: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    scope: str = "letter"  # paragraph: found in a paragraph where the element itself is found


@dataclass(frozen=True)
class Wrong:
    """A legally wrong way of stating an element (``wrong``): the element is then ``wrong``, not present."""

    pattern: Matcher
    message: str
    types: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    unless: Matcher | None = None
    when: Matcher | None = None  # wrong only in a letter where this is found too
    valid_from: dt.date | None = None  # wrong only for letters dated from (the law changed then)


@dataclass(frozen=True)
class KindUse:
    """What changes for one sanction kind (``by_kind``): the legal basis, the snippet, the message."""

    legal_basis: str | None = None
    snippet: str | None = None
    message: str | None = None
    confirmed: bool | None = None
    level: str | None = None


@dataclass(frozen=True)
class Rule:
    """One rule: a missing element (``kind == "element"``), a check or a profile constraint."""

    code: str
    name: str
    kind: str
    message: str
    why: str
    path: str
    level: str = "warning"  # for checks: error | warning | suggestion
    legal_basis: str | None = None
    confirmed: bool = True
    letter_types: tuple[str, ...] = ()
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    examples_pass: tuple[Example, ...] = ()
    examples_fail: tuple[Example, ...] = ()
    status: str = "active"
    check: str | None = None
    params: dict = field(default_factory=dict)
    profile: str | None = None  # set for profile constraints
    fix: dict | None = None
    key_path: tuple = ()  # where the rule is in its file (a profile constraint: ("constraints", i))
    sources: tuple[Source, ...] = ()  # where its law comes from (``source`` in the rule file)

    def in_force(self, on: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (self.valid_to is None or on <= self.valid_to)


@dataclass(frozen=True)
class Element:
    id: str
    title: str
    rule: Rule
    applies_to: dict[str, ElementUse]
    detectors: tuple[Detector, ...]
    requires_all: tuple[Part, ...] = ()
    applies_when: Matcher | None = None
    part_of: str | None = None
    snippet: str | None = None
    insert_at: str = "before_closing"
    kinds: tuple[str, ...] = ()  # only in letters about these sanction kinds (sanction_kinds.yml); () = any
    by_kind: dict[str, KindUse] = field(default_factory=dict)
    wrong: tuple[Wrong, ...] = ()


@dataclass(frozen=True)
class LetterType:
    id: str
    name: str
    signals: tuple[tuple[Matcher, float], ...]
    core_elements: tuple[str, ...] = ()  # elements whose presence is evidence for the type
    core_weight: float = 0.0
    needs_core: tuple[str, ...] = ()  # the type is only chosen when one of these elements is found (a summons
    # names its meeting: a text that only speaks of summonses in general is not one)
    short_name: str = ""  # the label in tables and menus ("Indkaldelse"); default: name
    decides: bool = False  # the letter decides something: the sanction it announces is no threat
    proposes_sanction: bool = False  # a hearing: its proposed sanction stays a threat even with "no fradrag if"
    first_screen: dict[str, tuple[str, ...]] = field(default_factory=dict)  # question -> elements that answer it
    help_before_consequence: bool = False  # restructure: the "if you cannot come" help goes right before the threat
    box: tuple[str, ...] = ()  # the "Kort fortalt" box's fields, in order (rewriter.rewrite.summary)
    general: bool = False  # a text to everyone (a notice), not to one citizen: notice N002, no box
    warning_never_key: bool = False  # a warning is the key message only when no other paragraph states a key element

    @property
    def label(self) -> str:
        return self.short_name or self.name


BOX_FIELDS = ("hvad", "naar", "hvor", "afbud", "frist", "svar", "beloeb", "forslag", "klagefrist", "telefon")  # rewriter.rewrite.summary
UNKNOWN_TYPE = LetterType("unknown", "Ukendt brevtype", (), short_name="Ukendt brevtype")


@dataclass(frozen=True)
class Profile:
    name: str
    title: str
    description: str
    element_levels: dict[tuple[str, str], str]  # (element id, letter type) -> level
    rule_levels: dict[str, str]  # code -> finding level
    constraints: tuple[Rule, ...]
    path: str


@dataclass(frozen=True)
class QuestionSpec:
    id: str
    text: str
    elements: dict[str, tuple[str, ...]]  # letter type -> elements that answer it, in order
    key_message_answers: bool = False
    key_message_first: bool = False  # the key message answers before the elements do


@dataclass(frozen=True)
class SubjectConfig:
    """When a head line is the subject line (``subject_line`` in roles.yml); matched case-insensitively
    on the line as written."""
    warning: re.Pattern
    labelled: re.Pattern
    not_subject: re.Pattern


@dataclass(frozen=True)
class RolesConfig:
    threat_elements: dict[str, tuple[str, ...]]  # letter type -> elements
    threat_patterns: tuple[Matcher, ...]
    threat_not_if: tuple[Matcher, ...]
    past_elements: dict[str, tuple[str, ...]]
    decided_elements: tuple[str, ...]
    future_cue: Matcher
    reported_warning: Matcher | None  # a sentence retelling an earlier warning: its future cue does not count
    key_elements: dict[str, tuple[str, ...]]
    key_patterns: dict[str, tuple[Matcher, ...]]
    key_pattern_window: int
    roles_from_elements: tuple[tuple[str, tuple[str, ...]], ...]
    practical_patterns: tuple[Matcher, ...]
    legal_basis_patterns: tuple[Matcher, ...]
    questions: tuple[QuestionSpec, ...]
    tone_words: tuple[str, ...] = ()
    subject: SubjectConfig | None = None  # when a head line is the subject line
    placement: PlacementConfig = field(default_factory=lambda: PlacementConfig())


PLACEMENT_PENALTIES = ("key_message_not_first", "no_key_message", "threat_before_key_message",
                       "threat_before_practical", "threat_before_help", "threat_in_preview", "repeated_threat",
                       "threat_emphasised", "threat_harder_to_read", "first_screen_failed")


@dataclass(frozen=True)
class PlacementConfig:
    """The preview and first-screen sizes and the placement score's weights (``placement`` in roles.yml)."""

    preview_chars: int = 150
    first_screen_words: int = 60
    harder_to_read_lix: float = 10.0  # threat paragraphs this many LIX points harder than the rest
    penalties: dict[str, float] = field(default_factory=lambda: {
        "key_message_not_first": 25, "no_key_message": 25, "threat_before_key_message": 20,
        "threat_before_practical": 10, "threat_before_help": 5, "threat_in_preview": 15, "repeated_threat": 10,
        "threat_emphasised": 5, "threat_harder_to_read": 5, "first_screen_failed": 10})
    verdicts: tuple[tuple[float, str], ...] = ((80, "god"), (60, "acceptabel"), (0, "bør omskrives"))


@dataclass(frozen=True)
class KindSpec:
    """One sanction kind (sanction_kinds.yml)."""

    id: str
    name: str
    section: str
    activity: tuple[tuple[Matcher, float], ...]
    stated: tuple[Matcher, ...]
    explicit: bool = False


@dataclass(frozen=True)
class SanctionKindsConfig:
    kinds: dict[str, KindSpec]
    future: Matcher
    letter_types: tuple[str, ...]
    threshold: float
    mismatch: tuple[str, ...]
    conditional: Matcher | None = None  # a conditional sentence states no explicit kind


@dataclass(frozen=True)
class LawConfig:
    """What the rules know of the law as a whole (law.yml)."""

    verified_until: dt.date | None = None  # a finding on a letter dated after it: legal basis not confirmed
    authority: tuple[tuple[dt.date | None, dt.date | None, str], ...] = ()  # (from, to, word)

    def authority_word(self, on: dt.date | None) -> str:
        """The law's word for the authority on ``on`` ("jobcentret" before LOV 1750/2025, then "kommunen")."""
        for start, end, word in self.authority:
            if on is not None and (start is None or start <= on) and (end is None or on <= end):
                return word
        return self.authority[-1][2] if self.authority else "kommunen"  # no date: today's law

    def confirmed_on(self, on: dt.date | None) -> bool:
        return self.verified_until is None or on is None or on <= self.verified_until


@dataclass(frozen=True)
class Rulebook:
    path: Path
    version: str
    letter_types: dict[str, LetterType]
    type_threshold: float
    elements: tuple[Element, ...]
    checks: tuple[Rule, ...]
    profiles: dict[str, Profile]
    macros: dict[str, str]
    roles: RolesConfig | None = None
    language: Language | None = None  # language/da.yml of the folder (the shipped one if it has none)
    sanction_kinds: SanctionKindsConfig | None = None  # sanction_kinds.yml (None: no kinds detected)
    law: LawConfig = field(default_factory=LawConfig)  # law.yml
    example_sets: tuple[ExampleSet, ...] = field(default=(), compare=False, repr=False)  # patterns, swaps, splits ...
    # letter_types.yml's ``worked_example``: the first line of a paragraph that is a made-up example ("Eksempel på en
    # frist"); its words are not this letter's signals for a letter to one citizen
    worked_example: Matcher | None = field(default=None, compare=False, repr=False)

    @property
    def rules(self) -> tuple[Rule, ...]:
        out = [e.rule for e in self.elements] + list(self.checks)
        for p in self.profiles.values():
            out.extend(p.constraints)
        return tuple(out)

    def rule(self, code: str) -> Rule | None:
        for r in self.rules:
            if r.code == code.upper():
                return r
        return None

    def element(self, element_id: str) -> Element | None:
        for e in self.elements:
            if e.id == element_id:
                return e
        return None

    def type_config(self, letter_type: str) -> LetterType:
        """The letter type's settings; for ``unknown`` (or a type not in the rulebook) the neutral ones."""
        return self.letter_types.get(letter_type, UNKNOWN_TYPE)


# --------------------------------------------------------------------------- errors with positions


def _position(path: Path, key_path: tuple) -> tuple[int | None, int | None]:
    """1-based line and column of ``key_path`` in the YAML file (best effort)."""
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
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


def _fail(path: Path, key_path: tuple, message: str, code: str = "R203", hint: str | None = None):
    line, col = _position(path, key_path)
    raise RuleFileError(message, path=str(path), line=line, col=col, code=code, hint=hint)


# --------------------------------------------------------------------------- small validators


class _V:
    """Validation helpers bound to one file.

    Patterns are compiled case-folded (see :mod:`rewriter.analysis.folding`): match them
    against ``fold_text(letter)``, never against ``letter.text``.
    """

    def __init__(self, path: Path, macros: dict[str, str]):
        self.path = path
        self.macros = macros

    def mapping(self, value, key_path, allowed: set[str] | None = None) -> dict:
        if not isinstance(value, dict):
            _fail(self.path, key_path, "Her skal stå en ordbog (nøgle: værdi).", code="R202")
        if allowed is not None:
            for k in value:
                if k not in allowed:
                    _fail(self.path, (*key_path, k), f"Ukendt nøgle '{k}'.", code="R207",
                          hint=f"Tilladte nøgler: {', '.join(sorted(allowed))}.")
        return value

    def required(self, d: dict, key: str, key_path, typ=str):
        if key not in d or d[key] is None:
            _fail(self.path, key_path, f"Nøglen '{key}' mangler.", code="R202", hint=f"Tilføj '{key}:'.")
        value = d[key]
        if typ is str and not isinstance(value, str):
            _fail(self.path, (*key_path, key), f"'{key}' skal være en tekst.", code="R202")
        if typ is not str and not isinstance(value, typ):
            _fail(self.path, (*key_path, key), f"'{key}' har forkert type.", code="R202")
        return value

    def code_and_name(self, d: dict, key_path) -> tuple[str, str]:
        code = self.required(d, "code", key_path)
        if not CODE_RE.match(code):
            _fail(self.path, (*key_path, "code"), f"Koden '{code}' skal være tre store bogstaver og tre cifre "
                  "(fx AFG005).", code="R203")
        name = self.required(d, "name", key_path)
        if not NAME_RE.match(name):
            _fail(self.path, (*key_path, "name"), f"Navnet '{name}' skal være små bogstaver med bindestreger.",
                  code="R203")
        return code, name

    def choice(self, value, allowed, key_path, what: str):
        if value not in allowed:
            _fail(self.path, key_path, f"{what} '{value}' er ikke tilladt.", code="R203",
                  hint=f"Brug en af: {', '.join(map(str, allowed))}.")
        return value

    def date(self, value, key_path) -> dt.date | None:
        if value is None:
            return None
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            _fail(self.path, key_path, f"'{value}' er ikke en dato.", code="R203", hint="Skriv datoer som 2026-07-01.")

    def regex(self, source, key_path) -> Matcher:
        if not isinstance(source, str):
            _fail(self.path, key_path, "Et mønster skal være en tekst.", code="R202")
        expanded = expand_macros(source, self.macros, self.path, key_path)
        try:
            return rule_matcher(expanded)
        except re.error as exc:
            _fail(self.path, key_path, f"Ugyldigt regulært udtryk: {exc.msg} (position {exc.pos}) i '{source}'.",
                  code="R206", hint="Husk at escape punktum og parenteser: \\. \\( \\).")

    def examples(self, d: dict, key_path) -> tuple[tuple[Example, ...], tuple[Example, ...]]:
        ex = d.get("examples")
        if not isinstance(ex, dict) or not ex.get("pass") or not ex.get("fail"):
            _fail(self.path, (*key_path, "examples") if ex is not None else key_path,
                  "Reglen skal have mindst ét 'pass'- og ét 'fail'-eksempel.", code="R211",
                  hint="Tilføj examples: {pass: [...], fail: [...]} - eksemplerne køres som tests.")
        out = []
        for kind in ("pass", "fail"):
            items = ex[kind]
            if not isinstance(items, list):
                _fail(self.path, (*key_path, "examples", kind), f"'{kind}' skal være en liste.", code="R202")
            parsed = []
            for i, item in enumerate(items):
                kp = (*key_path, "examples", kind, i)
                if isinstance(item, str):
                    parsed.append(Example(item))
                elif isinstance(item, dict):
                    self.mapping(item, kp, {"text", "type", "date", "expect"} | ({"fixed"} if kind == "fail" else set()))
                    parsed.append(Example(self.required(item, "text", kp), item.get("type"),
                                          self.date(item.get("date"), (*kp, "date")), item.get("expect"),
                                          item.get("fixed")))
                else:
                    _fail(self.path, kp, "Et eksempel skal være en tekst eller {text: ..., type: ...}.",
                          code="R202")
            out.append(tuple(parsed))
        return out[0], out[1]


def expand_macros(source: str, macros: dict[str, str], path: Path | None = None, key_path=()) -> str:
    for _ in range(10):
        def repl(m):
            name = m.group(1)
            if name not in macros:
                if path is None:
                    raise KeyError(name)
                _fail(path, key_path, f"Ukendt makro '{{{name}}}'.", code="R209",
                      hint=f"Kendte makroer: {', '.join(sorted(macros))}.")
            return macros[name]

        new = MACRO_RE.sub(repl, source)
        if new == source:
            return new
        source = new
    return source


# --------------------------------------------------------------------------- loaders


def _load_macros(rules_dir: Path) -> dict[str, str]:
    path = rules_dir / "macros.yml"
    data = load_yaml(path)
    v = _V(path, {})
    macros = v.mapping(data.get("macros") if isinstance(data, dict) else None, ("macros",))
    out = {}
    for name, pat in macros.items():
        if not re.fullmatch(r"[A-ZÆØÅ_]{2,}", str(name)) or not isinstance(pat, str):
            _fail(path, ("macros", name), f"Makronavnet '{name}' skal være STORE_BOGSTAVER og værdien en tekst.",
                  code="R203")
        out[name] = pat
    for name in out:  # every macro must expand and compile
        try:
            re.compile(expand_macros(out[name], out, path, ("macros", name)))
        except re.error as exc:
            _fail(path, ("macros", name), f"Makroen '{name}' er ikke et gyldigt regulært udtryk: {exc.msg}.",
                  code="R206")
    return out


def _load_letter_types(rules_dir: Path, macros) -> tuple[dict[str, LetterType], float, Matcher | None]:
    path = rules_dir / "letter_types.yml"
    data = load_yaml(path)
    v = _V(path, macros)
    v.mapping(data, (), {"version", "threshold", "types", "worked_example"})
    threshold = float(data.get("threshold", 0.5))
    example = v.regex(data["worked_example"], ("worked_example",)) if data.get("worked_example") else None
    types = {}
    for tid, spec in v.mapping(v.required(data, "types", (), dict), ("types",)).items():
        kp = ("types", tid)
        v.mapping(spec, kp, {"name", "short_name", "signals", "core_elements", "core_weight", "decides",
                             "proposes_sanction", "first_screen", "help_before_consequence", "box", "general",
                             "needs_core", "warning_never_key"})
        signals = []
        for i, sig in enumerate(v.required(spec, "signals", kp, list)):
            skp = (*kp, "signals", i)
            v.mapping(sig, skp, {"pattern", "weight"})
            signals.append((v.regex(v.required(sig, "pattern", skp), (*skp, "pattern")), float(sig.get("weight", 1))))
        box = spec.get("box") or ()
        if box is True:
            _fail(v.path, (*kp, "box"), "'box: true' siger ikke, hvilke linjer boksen har.", code="R203",
                  hint=f"Skriv felterne som en liste (af {', '.join(BOX_FIELDS)}) eller 'box: false' for ingen boks.")
        first_screen = {str(q): tuple(ids) for q, ids in v.mapping(spec.get("first_screen") or {},
                                                                  (*kp, "first_screen")).items()}
        types[tid] = LetterType(tid, v.required(spec, "name", kp), tuple(signals),
                                tuple(spec.get("core_elements") or ()), float(spec.get("core_weight", 0)),
                                short_name=str(spec.get("short_name") or ""), decides=bool(spec.get("decides")),
                                proposes_sanction=bool(spec.get("proposes_sanction")), first_screen=first_screen,
                                help_before_consequence=bool(spec.get("help_before_consequence")),
                                box=tuple(v.choice(b, list(BOX_FIELDS), (*kp, "box", i), "Feltet")
                                          for i, b in enumerate(box)),
                                general=bool(spec.get("general")), needs_core=tuple(spec.get("needs_core") or ()),
                                warning_never_key=bool(spec.get("warning_never_key")))
    return types, threshold, example


def _detectors(v: _V, items, key_path) -> tuple[Detector, ...]:
    if not isinstance(items, list) or not items:
        _fail(v.path, key_path, "'detect' skal være en ikke-tom liste af mønstre.", code="R202")
    out = []
    for i, item in enumerate(items):
        kp = (*key_path, i)
        if isinstance(item, str):
            out.append(Detector(v.regex(item, kp), None, "content", item))
            continue
        v.mapping(item, kp, {"pattern", "unless", "zone"})
        pat = v.required(item, "pattern", kp)
        unless = item.get("unless")
        zone = v.choice(item.get("zone", "content"), ZONES, (*kp, "zone"), "Zonen")
        out.append(Detector(v.regex(pat, (*kp, "pattern")), v.regex(unless, (*kp, "unless")) if unless else None,
                            zone, pat))
    return tuple(out)


def _load_element(path: Path, macros, letter_types, templates_dir: Path | None) -> Element:
    data = load_yaml(path)
    v = _V(path, macros)
    v.mapping(data, (), ELEMENT_KEYS)
    eid = v.required(data, "id", ())
    if path.stem != eid:
        _fail(path, ("id",), f"Filnavnet skal være elementets id ('{eid}.yml').", code="R208")
    code, name = v.code_and_name(data, ())
    uses = {}
    for tid, use in v.mapping(v.required(data, "applies_to", (), dict), ("applies_to",)).items():
        kp = ("applies_to", tid)
        v.choice(tid, [*letter_types, "unknown"], kp, "Brevtypen")
        v.mapping(use, kp, USE_KEYS)
        level = v.choice(v.required(use, "level", kp), LEVELS, (*kp, "level"), "Niveauet")
        if not isinstance(use.get("confirmed"), bool):
            _fail(path, (*kp, "confirmed") if "confirmed" in use else kp,
                  "'confirmed' skal være true eller false (fra legal.md).", code="R202")
        uses[tid] = ElementUse(level, v.required(use, "legal_basis", kp), use["confirmed"], use.get("note"),
                               v.regex(use["when"], (*kp, "when")) if use.get("when") else None)
    requires_all = []
    for label, part in v.mapping(data.get("requires_all") or {}, ("requires_all",)).items():
        kp = ("requires_all", label)
        if isinstance(part, str):
            requires_all.append(Part(str(label), v.regex(part, kp)))
            continue
        requires_all.append(Part(str(label), v.regex(part["pattern"], (*kp, "pattern")),
                                 v.regex(part["when"], (*kp, "when")) if part.get("when") else None,
                                 tuple(part.get("types") or ()), tuple(part.get("kinds") or ()),
                                 part.get("scope", "letter")))
    wrong = tuple(Wrong(v.regex(w["pattern"], ("wrong", i, "pattern")), w["message"], tuple(w.get("types") or ()),
                        tuple(w.get("kinds") or ()),
                        v.regex(w["unless"], ("wrong", i, "unless")) if w.get("unless") else None,
                        v.regex(w["when"], ("wrong", i, "when")) if w.get("when") else None, w.get("valid_from"))
                  for i, w in enumerate(data.get("wrong") or ()))
    by_kind = {k: KindUse(u.get("legal_basis"), u.get("snippet"), u.get("message"), u.get("confirmed"), u.get("level"))
               for k, u in (data.get("by_kind") or {}).items()}
    snippet = data.get("snippet")
    for kp, file in [(("snippet",), snippet)] + [(("by_kind", k, "snippet"), u.snippet) for k, u in by_kind.items()]:
        if file and templates_dir is not None and not (templates_dir / "snippets" / file).is_file():
            _fail(path, kp, f"Tekststykket '{file}' findes ikke i letter_templates/snippets/.", code="R208")
    p, f = v.examples(data, ())
    rule = Rule(
        code=code, name=name, kind="element", message=v.required(data, "message", ()), why=v.required(data, "why", ()),
        path=str(path), letter_types=tuple(uses), valid_from=v.date(data.get("valid_from"), ("valid_from",)),
        valid_to=v.date(data.get("valid_to"), ("valid_to",)), examples_pass=p, examples_fail=f,
        status=v.choice(data.get("status", "active"), ("active", "removed"), ("status",), "Status"),
        legal_basis="; ".join(sorted({u.legal_basis for u in uses.values()})),
        confirmed=all(u.confirmed for u in uses.values()), sources=_sources(data.get("source")),
    )
    return Element(
        id=eid, title=v.required(data, "title", ()), rule=rule, applies_to=uses,
        detectors=_detectors(v, data.get("detect"), ("detect",)), requires_all=tuple(requires_all),
        applies_when=v.regex(data["applies_when"], ("applies_when",)) if data.get("applies_when") else None,
        part_of=data.get("part_of"), snippet=snippet,
        insert_at=v.choice(data.get("insert_at", "before_closing"), INSERT_AT, ("insert_at",), "Placeringen"),
        kinds=tuple(data.get("kinds") or ()), by_kind=by_kind, wrong=wrong,
    )


def _sources(data) -> tuple[Source, ...]:
    """``source`` of a rule file: one mapping or a list of them (validated by the schema in kinds.py)."""
    if not data:
        return ()
    items = data if isinstance(data, list) else [data]
    return tuple(Source(d["document"], d["read"], d["status"], d.get("section"), d.get("url"), d.get("note"))
                 for d in items)


def _load_check(path: Path, macros, letter_types, key_path=(), data=None, profile: str | None = None) -> Rule:
    if data is None:
        data = load_yaml(path)
    v = _V(path, macros)
    v.mapping(data, key_path, CHECK_KEYS | ({"element", "after", "before"} if profile else set()))
    code, name = v.code_and_name(data, key_path)
    if profile is None and path.stem != name:
        _fail(path, (*key_path, "name"), f"Filnavnet skal være reglens navn ('{name}.yml').", code="R208")
    ctype = v.choice(v.required(data, "type", key_path), CHECK_TYPES, (*key_path, "type"), "Regeltypen")
    level = v.choice(data.get("level", "warning"), FINDING_LEVELS[:3], (*key_path, "level"), "Niveauet")
    lts = data.get("letter_types") or []
    for i, t in enumerate(lts):
        v.choice(t, [*letter_types, "unknown"], (*key_path, "letter_types", i), "Brevtypen")
    params = dict(data.get("params") or {})
    for k in ("element", "after", "before"):
        if k in data:
            params[k] = data[k]
    if ctype == "order" and ("element" not in params or not {"after", "before"} & set(params)):
        _fail(path, key_path, "En 'order'-regel skal have 'element' og 'after' eller 'before'.", code="R202",
              hint="Fx element: sanction_warning og after: contact.")
    if ctype == "phrase":
        pats = params.get("patterns")
        if not isinstance(pats, list) or not pats:
            _fail(path, (*key_path, "params"), "En 'phrase'-regel skal have params: {patterns: [...]}.", code="R202")
        params["compiled"] = tuple(v.regex(p, (*key_path, "params", "patterns", i)) for i, p in enumerate(pats))
        if params.get("unless"):
            params["compiled_unless"] = v.regex(params["unless"], (*key_path, "params", "unless"))
    p, f = v.examples(data, key_path)
    return Rule(
        code=code, name=name, kind="constraint" if profile else "check", message=v.required(data, "message", key_path),
        why=v.required(data, "why", key_path), path=str(path), level=level, legal_basis=data.get("legal_basis"),
        confirmed=bool(data.get("confirmed", True)), letter_types=tuple(lts),
        valid_from=v.date(data.get("valid_from"), (*key_path, "valid_from")),
        valid_to=v.date(data.get("valid_to"), (*key_path, "valid_to")), examples_pass=p, examples_fail=f,
        status=v.choice(data.get("status", "active"), ("active", "removed"), (*key_path, "status"), "Status"),
        check=ctype, params=params, profile=profile, fix=data.get("fix"), key_path=tuple(key_path),
        sources=_sources(data.get("source")),
    )


def _load_profile(path: Path, macros, letter_types, elements: dict[str, Element], codes: set[str]) -> Profile:
    data = load_yaml(path)
    v = _V(path, macros)
    v.mapping(data, (), PROFILE_KEYS)
    name = v.required(data, "name", ())
    if path.stem != name:
        _fail(path, ("name",), f"Filnavnet skal være profilens navn ('{name}.yml').", code="R208")
    element_levels = {}
    for eid, per_type in v.mapping(data.get("elements") or {}, ("elements",)).items():
        v.choice(eid, sorted(elements), ("elements", eid), "Elementet")
        for tid, spec in v.mapping(per_type, ("elements", eid)).items():
            kp = ("elements", eid, tid)
            v.choice(tid, list(elements[eid].applies_to), kp, "Brevtypen")
            v.mapping(spec, kp, {"level"})
            element_levels[(eid, tid)] = v.choice(spec.get("level"), LEVELS, (*kp, "level"), "Niveauet")
    rule_levels = {}
    for code, spec in v.mapping(data.get("rules") or {}, ("rules",)).items():
        v.choice(code, sorted(codes), ("rules", code), "Regelkoden")
        v.mapping(spec, ("rules", code), {"level"})
        rule_levels[code] = v.choice(spec.get("level"), FINDING_LEVELS, ("rules", code, "level"), "Niveauet")
    constraints = []
    for i, c in enumerate(data.get("constraints") or []):
        rule = _load_check(path, macros, letter_types, ("constraints", i), c, profile=name)
        for k in ("element", "after", "before"):
            if k in rule.params:
                v.choice(rule.params[k], sorted(elements), ("constraints", i, k), "Elementet")
        constraints.append(rule)
    return Profile(name, v.required(data, "title", ()), data.get("description", ""), element_levels, rule_levels,
                   tuple(constraints), str(path))


def _load_roles(rules_dir: Path, macros, letter_types, elements: dict[str, Element]) -> RolesConfig:
    path = rules_dir / "roles.yml"
    data = load_yaml(path)
    v = _V(path, macros)
    v.mapping(data, (), {"version", "threat", "key_message", "roles_from_elements", "practical_patterns",
                         "legal_basis_patterns", "questions", "tone_words", "subject_line", "placement", "restructure"})

    def raw_regex(source, key_path) -> re.Pattern:  # matched on the line as written, not the folded text
        if isinstance(source, dict):  # {pattern: ..., examples: ...}
            source, key_path = source.get("pattern"), (*key_path, "pattern")
        if not isinstance(source, str):
            _fail(path, key_path, "Et mønster skal være en tekst.", code="R202")
        try:
            return re.compile(source, re.IGNORECASE)
        except re.error as exc:
            _fail(path, key_path, f"Ugyldigt regulært udtryk: {exc.msg} (position {exc.pos}) i '{source}'.",
                  code="R206", hint="Husk at escape punktum og parenteser: \\. \\( \\).")

    subject = None
    if data.get("subject_line") is not None:
        sl = v.mapping(data["subject_line"], ("subject_line",), {"warning", "labelled", "not_subject"})
        subject = SubjectConfig(*(raw_regex(v.required(sl, key, ("subject_line",), (str, dict)), ("subject_line", key))
                                  for key in ("warning", "labelled", "not_subject")))

    def element_ids(items, key_path) -> tuple[str, ...]:
        for i, eid in enumerate(items or []):
            v.choice(eid, sorted(elements), (*key_path, i), "Elementet")
        return tuple(items or [])

    def pattern(item, key_path) -> Matcher:
        if isinstance(item, dict):  # {pattern: ..., examples: ...}
            return v.regex(item.get("pattern"), (*key_path, "pattern"))
        return v.regex(item, key_path)

    def patterns(items, key_path) -> tuple[Matcher, ...]:
        return tuple(pattern(p, (*key_path, i)) for i, p in enumerate(items or []))

    threat = v.mapping(v.required(data, "threat", (), dict), ("threat",),
                       {"elements", "patterns", "not_if", "past_elements", "decided_elements", "future_cue",
                        "reported_warning"})
    key = v.mapping(v.required(data, "key_message", (), dict), ("key_message",))
    key_elements, key_patterns = {}, {}
    window = key.pop("pattern_window", 3)
    for tid, spec in key.items():
        v.choice(tid, [*letter_types, "unknown"], ("key_message", tid), "Brevtypen")
        v.mapping(spec, ("key_message", tid), {"elements", "patterns"})
        key_elements[tid] = element_ids(spec.get("elements"), ("key_message", tid, "elements"))
        key_patterns[tid] = patterns(spec.get("patterns"), ("key_message", tid, "patterns"))
    roles = []
    for role, ids in v.mapping(v.required(data, "roles_from_elements", (), dict), ("roles_from_elements",)).items():
        v.choice(role, ["practical", "help", "rights", "contact", "legal_basis"], ("roles_from_elements", role), "Rollen")
        roles.append((role, element_ids(ids, ("roles_from_elements", role))))
    questions = []
    for i, q in enumerate(v.required(data, "questions", (), list)):
        kp = ("questions", i)
        v.mapping(q, kp, {"id", "text", "elements", "key_message_answers", "key_message_first"})
        per_type = {}
        for tid, ids in v.mapping(v.required(q, "elements", kp, dict), (*kp, "elements")).items():
            v.choice(tid, list(letter_types), (*kp, "elements", tid), "Brevtypen")
            per_type[tid] = element_ids(ids, (*kp, "elements", tid))
        questions.append(QuestionSpec(v.required(q, "id", kp), v.required(q, "text", kp), per_type,
                                      bool(q.get("key_message_answers")), bool(q.get("key_message_first"))))
    return RolesConfig(
        threat_elements={tid: element_ids(ids, ("threat", "elements", tid))
                         for tid, ids in v.mapping(threat.get("elements") or {}, ("threat", "elements")).items()},
        threat_patterns=patterns(threat.get("patterns"), ("threat", "patterns")),
        threat_not_if=patterns(threat.get("not_if"), ("threat", "not_if")),
        past_elements={tid: element_ids(ids, ("threat", "past_elements", tid))
                       for tid, ids in v.mapping(threat.get("past_elements") or {}, ("threat", "past_elements")).items()},
        decided_elements=element_ids(threat.get("decided_elements"), ("threat", "decided_elements")),
        future_cue=pattern(threat["future_cue"] if isinstance(threat.get("future_cue"), dict)
                           else v.required(threat, "future_cue", ("threat",)), ("threat", "future_cue")),
        reported_warning=(pattern(threat["reported_warning"], ("threat", "reported_warning"))
                          if threat.get("reported_warning") else None),
        key_elements=key_elements, key_patterns=key_patterns, key_pattern_window=int(window),
        roles_from_elements=tuple(roles),
        practical_patterns=patterns(data.get("practical_patterns"), ("practical_patterns",)),
        legal_basis_patterns=patterns(data.get("legal_basis_patterns"), ("legal_basis_patterns",)),
        questions=tuple(questions),
        tone_words=tuple(str(w).lower() for w in data.get("tone_words") or ()),
        subject=subject,
        placement=_placement_config(v, data.get("placement")),
    )


def _placement_config(v: _V, data) -> PlacementConfig:
    if data is None:
        return PlacementConfig()
    kp = ("placement",)
    v.mapping(data, kp, {"preview_chars", "first_screen_words", "harder_to_read_lix", "penalties", "verdicts"})
    default = PlacementConfig()
    penalties = dict(default.penalties)
    for name, points in v.mapping(data.get("penalties") or {}, (*kp, "penalties")).items():
        v.choice(name, list(PLACEMENT_PENALTIES), (*kp, "penalties", name), "Fradraget")
        penalties[name] = float(points)
    verdicts = default.verdicts
    if data.get("verdicts") is not None:
        pairs = v.mapping(data["verdicts"], (*kp, "verdicts"))
        verdicts = tuple(sorted(((float(lo), str(name)) for name, lo in pairs.items()), reverse=True))
    return PlacementConfig(int(data.get("preview_chars", default.preview_chars)),
                           int(data.get("first_screen_words", default.first_screen_words)),
                           float(data.get("harder_to_read_lix", default.harder_to_read_lix)), penalties, verdicts)


def _fingerprint(rules_dir: Path) -> tuple:
    files = sorted(p for p in rules_dir.rglob("*.y*ml"))
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)


_LAST_SEEN: dict[Path, tuple[float, tuple]] = {}
RECHECK_SECONDS = 2.0  # how often a long-running process looks for edited rule files


def load_rulebook(rules_dir: str | Path | None = None) -> Rulebook:
    """The compiled rulebook of ``rules_dir`` (default: the shipped rules), cached.

    Edited rule files are picked up (the folder is re-scanned at most every
    ``RECHECK_SECONDS``), so a server need not be restarted after a rules change.
    """
    import time

    from rewriter.rules.resources import rules_dir as default_dir

    path = Path(rules_dir) if rules_dir else default_dir()
    now = time.monotonic()
    seen = _LAST_SEEN.get(path)
    if seen is None or now - seen[0] > RECHECK_SECONDS:
        if not path.is_dir():
            raise RuleFileError("Regelmappen findes ikke.", path=str(path), code="R204",
                                hint="Angiv en mappe med letter_types.yml, macros.yml og elements/.")
        seen = (now, _fingerprint(path))
        _LAST_SEEN[path] = seen
    return _load_cached(path.resolve(), seen[1])


@lru_cache(maxsize=4)
def _load_cached(path: Path, fingerprint: tuple) -> Rulebook:
    from rewriter.rules.resources import templates_dir

    validation = validate_folder(path)  # every file against the schema of its kind, all problems at once
    if validation.errors:
        raise RuleFileErrors(validation.errors)
    macros = _load_macros(path)
    letter_types, threshold, worked_example = _load_letter_types(path, macros)
    elements = [_load_element(p, macros, letter_types, templates_dir()) for p in sorted((path / "elements").glob("*.yml"))]
    checks = [_load_check(p, macros, letter_types) for p in sorted((path / "checks").glob("*.yml"))]
    by_id = {e.id: e for e in elements}
    for lt in letter_types.values():
        for key, ids in (("core_elements", lt.core_elements), ("needs_core", lt.needs_core)):
            for i, eid in enumerate(ids):
                if eid not in by_id or lt.id not in by_id[eid].applies_to:
                    _fail(path / "letter_types.yml", ("types", lt.id, key, i),
                          f"'{eid}' er ikke et element for brevtypen {lt.id}.", code="R209")
    for e in elements:
        if e.part_of and e.part_of not in by_id:
            _fail(Path(e.rule.path), ("part_of",), f"'part_of' peger på et ukendt element '{e.part_of}'.", code="R209",
                  hint=f"Kendte elementer: {', '.join(sorted(by_id))}.")
    codes: dict[str, str] = {}
    for r in [e.rule for e in elements] + checks:
        if r.code in codes:
            _fail(Path(r.path), ("code",), f"Koden {r.code} bruges også i {codes[r.code]}.", code="R205",
                  hint="Koder er unikke og genbruges aldrig; vælg en ny.")
        codes[r.code] = r.path
    profiles = {}
    for p in sorted((path / "profiles").glob("*.yml")):
        prof = _load_profile(p, macros, letter_types, by_id, set(codes))
        for c in prof.constraints:
            if c.code in codes:
                _fail(p, ("constraints",), f"Koden {c.code} bruges også i {codes[c.code]}.", code="R205")
            codes[c.code] = str(p)
        profiles[prof.name] = prof
    digest = hashlib.sha256()
    for f in sorted(path.rglob("*.yml")):
        digest.update(f.relative_to(path).as_posix().encode())
        digest.update(f.read_bytes())
    roles = _load_roles(path, macros, letter_types, by_id)
    lang = language(path if (path / LANGUAGE_FILE).is_file() else None)
    return Rulebook(path, digest.hexdigest()[:12], letter_types, threshold, tuple(elements), tuple(checks), profiles,
                    macros, roles, lang, sanction_kinds=_load_sanction_kinds(path, macros), law=_load_law(path),
                    example_sets=tuple(validation.examples), worked_example=worked_example)


def _load_sanction_kinds(rules_dir: Path, macros) -> SanctionKindsConfig | None:
    path = rules_dir / "sanction_kinds.yml"
    if not path.is_file():
        return None
    data = load_yaml(path)
    v = _V(path, macros)
    kinds = {}
    for kid, k in data["kinds"].items():
        kp = ("kinds", kid)
        kinds[kid] = KindSpec(
            kid, k["name"], k["section"],
            tuple((v.regex(a["pattern"], (*kp, "activity", i, "pattern")), float(a.get("weight", 1)))
                  for i, a in enumerate(k.get("activity") or ())),
            tuple(v.regex(pat, (*kp, "stated", i)) for i, pat in enumerate(k["stated"])), bool(k.get("explicit")))
    return SanctionKindsConfig(kinds, v.regex(data["future"], ("future",)),
                               tuple(data.get("letter_types") or ("indkaldelse", "partshoering", "afgoerelse_sanktion")),
                               float(data.get("threshold", 3)), tuple(data.get("mismatch") or ()),
                               v.regex(data["conditional"], ("conditional",)) if data.get("conditional") else None)


def _load_law(rules_dir: Path) -> LawConfig:
    path = rules_dir / "law.yml"
    if not path.is_file():
        return LawConfig()
    data = load_yaml(path)
    return LawConfig(data.get("verified_until"),
                     tuple((a.get("valid_from"), a.get("valid_to"), a["word"]) for a in data.get("authority") or ()))
