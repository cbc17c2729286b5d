"""The kinds of file in ``rules/`` and the schema of each: every file there is validated.

:func:`validate_folder` checks every ``*.yml`` file under the rules folder against the schema of
its kind (:mod:`rewriter.rules.schema`) before anything is loaded, so a syntax error, an unknown
key, a value of the wrong type or a broken regular expression in ANY rules file is a located
``R2xx`` error (exit 2) for ``rewriter rules lint``, ``check``, ``rewrite`` and ``audit`` alike.
A ``.yml`` file that belongs to no kind is an error too (R210): nothing under ``rules/`` is read
unchecked.

A new kind of rules file is a few lines here (see ``rules/README.md``)::

    register(FileKind("language/helligdage.yml", "helligdage", Record(
        required={"holidays": ListOf(Text(), 1)},
        optional={"version": Integer(), "holiday_line": Pattern("line", "search")})))

A :class:`~rewriter.rules.schema.Pattern` in the schema makes the pattern's ``examples`` part of
``rewriter rules lint`` and of the generic example test, with no further code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any, Callable

import yaml

from rewriter.errors import RuleFileError
from rewriter.rules.schema import (INVALID, Boolean, Choice, Context, Date, Either, ExampleSet, Integer, ListOf,
                                   MapOf, Nullable, Number, Pattern, Record, Regex, Result, Spec, Text,
                                   compile_flavour, expand_macros, validate_file)

LEVELS = ("required", "recommended", "off")
FINDING_LEVELS = ("error", "warning", "suggestion", "off")
ZONES = ("content", "any", "head", "first", "body", "closing")
INSERT_AT = ("top", "after_greeting", "before_closing", "end")
CHECK_TYPES = ("weekday_matches_date", "deadline_after_letter_date", "complaint_deadline_weeks", "phrase",
               "formal_address", "order", "key_message_not_first", "threat_before_key_message",
               "threat_in_preview", "threat_repeated", "threat_harder_to_read", "sanction_kind_mismatch")
SAFETIES = ("safe", "review", "display_only")
STATUSES = ("active", "removed")


def child(node: yaml.MappingNode, key: str) -> yaml.Node | None:
    """The value node of ``key`` in a mapping node (None when absent)."""
    return next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)


def key_node(node: yaml.MappingNode, key: str) -> yaml.Node | None:
    return next((k for k, _ in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)


# --------------------------------------------------------------------------- rules: elements, checks, profiles


def _rule_example(fail: bool) -> Spec:
    keys = {"type": Text(), "date": Date(), "expect": Text()}
    if fail:
        keys["fixed"] = Text()  # the letter after the finding's fix is applied
    return Either(Text(), Record(required={"text": Text()}, optional=keys))


RULE_EXAMPLES = Record(optional={"pass": ListOf(_rule_example(False)), "fail": ListOf(_rule_example(True))})

# Where a rule's law comes from: the document, the section, the date it was read and what was read
# (statute: the text of the act or bekendtgørelse; authority: the authority's own page; secondary: a summary;
# practice: good administrative practice or plain-language guidance, no statute).
SOURCE = Record(required={"document": Text(), "read": Date(), "status": Choice(("statute", "authority", "secondary",
                                                                              "practice"), "Kildens art")},
                optional={"section": Text(), "url": Text(), "note": Text()})
SOURCES = Either(SOURCE, ListOf(SOURCE, 1))
SANCTION_KINDS = ("s36", "s37", "s39", "ophoer", "s40a")
_KIND_LIST = ListOf(Choice(SANCTION_KINDS, "Sanktionsarten"), 1)
# a part an element must have: a pattern, or a pattern with the condition under which it is required
_PART = Either(Regex("rule"), Record(required={"pattern": Regex("rule")},
                                     optional={"when": Regex("rule"), "types": ListOf(Text(), 1),
                                               "kinds": _KIND_LIST,
                                               "scope": Choice(("letter", "paragraph"), "Omfanget")}))

ELEMENT = Record(
    required={"id": Text(), "code": Text(), "name": Text(), "title": Text(), "message": Text(), "why": Text(),
              "applies_to": MapOf(Record(required={"level": Choice(LEVELS, "Niveauet"), "legal_basis": Text(),
                                                   "confirmed": Boolean()},
                                         optional={"note": Text(), "when": Regex("rule")})),
              "detect": ListOf(Either(Regex("rule"), Record(required={"pattern": Regex("rule")},
                                                            optional={"unless": Regex("rule"),
                                                                      "zone": Choice(ZONES, "Zonen")})), 1),
              # where the rule's law comes from and since when it applies (issue 14: every rule has them)
              "source": SOURCES, "valid_from": Date()},
    optional={"requires_all": MapOf(_PART), "applies_when": Regex("rule"), "part_of": Text(),
              "snippet": Text(), "insert_at": Choice(INSERT_AT, "Placeringen"),
              "valid_to": Nullable(Date()), "examples": RULE_EXAMPLES, "status": Choice(STATUSES, "Status"),
              "legal_note": Text(), "kinds": _KIND_LIST,
              "by_kind": MapOf(Record(optional={"legal_basis": Text(), "snippet": Text(), "message": Text(),
                                                "confirmed": Boolean(), "level": Choice(LEVELS, "Niveauet")})),
              "wrong": ListOf(Record(required={"pattern": Regex("rule"), "message": Text()},
                                     optional={"types": ListOf(Text(), 1), "kinds": _KIND_LIST,
                                               "unless": Regex("rule"), "when": Regex("rule"),
                                               "valid_from": Date()}), 1)})

_CHECK_REQUIRED = {"code": Text(), "name": Text(), "type": Choice(CHECK_TYPES, "Regeltypen"), "message": Text(),
                   "why": Text(), "legal_basis": Nullable(Text()), "confirmed": Boolean(), "valid_from": Date()}
_CHECK_OPTIONAL = {
    "level": Choice(FINDING_LEVELS[:3], "Niveauet"),
    "letter_types": ListOf(Text()), "valid_to": Nullable(Date()),
    "params": Record(optional={"patterns": ListOf(Regex("rule"), 1), "element": Text(), "elements": ListOf(Text()),
                               "weeks": Integer(1), "message_missing": Text(), "message_many": Text(), "fix_many": Text(),
                               "min_difference": Number(),
                               "once_per_term": Boolean(), "unless": Regex("rule")}),
    "examples": RULE_EXAMPLES, "status": Choice(STATUSES, "Status"),
    "fix": Record(required={"replace": Text(nonempty=False)},
                  optional={"applicability": Choice(SAFETIES, "Sikkerheden"), "title": Text()}),
}
CHECK = Record(required={**_CHECK_REQUIRED, "source": SOURCES}, optional=_CHECK_OPTIONAL)
CONSTRAINT = Record(required={**_CHECK_REQUIRED, "source": SOURCES},
                    optional={**_CHECK_OPTIONAL, "element": Text(), "after": Text(), "before": Text()})
PROFILE = Record(
    required={"name": Text(), "title": Text()},
    optional={"description": Text(),
              "elements": MapOf(MapOf(Record(required={"level": Choice(LEVELS, "Niveauet")}))),
              "rules": MapOf(Record(required={"level": Choice(FINDING_LEVELS, "Niveauet")})),
              "constraints": ListOf(CONSTRAINT)})

LETTER_TYPES = Record(
    required={"types": MapOf(Record(
        required={"name": Text(), "signals": ListOf(Record(required={"pattern": Regex("rule")},
                                                           optional={"weight": Number()}), 1)},
        optional={"core_elements": ListOf(Text()), "core_weight": Number(), "short_name": Text(),
                  "decides": Boolean(), "proposes_sanction": Boolean(), "first_screen": MapOf(ListOf(Text())),
                  "help_before_consequence": Boolean(), "box": Either(Boolean(), ListOf(Text())), "general": Boolean(),
                  "warning_never_key": Boolean(),
                  "needs_core": ListOf(Text())}))},
    optional={"version": Integer(), "threshold": Number(), "worked_example": Regex("rule")})


def _check_macros(ctx: Context, node: yaml.MappingNode, value: dict) -> None:
    macros = value["macros"]
    mnode = child(node, "macros")
    for knode, vnode in mnode.value:
        name = knode.value
        if not re.fullmatch(r"[A-ZÆØÅ_]{2,}", name):
            ctx.error(knode, f"Makronavnet '{name}' skal være STORE_BOGSTAVER (mindst to).", "R203",
                      "Skriv navnet med store bogstaver og _, fx DATO eller SAETNING.")
            continue
        try:
            re.compile(expand_macros(macros[name], macros))
        except KeyError as exc:
            ctx.error(vnode, f"Makroen '{name}' bruger den ukendte makro '{{{exc.args[0]}}}'.", "R209",
                      f"Kendte makroer: {', '.join(sorted(macros))}.")
        except re.error as exc:
            ctx.error(vnode, f"Makroen '{name}' er ikke et gyldigt regulært udtryk: {exc.msg}.", "R206",
                      "Husk at escape punktum og parenteser: \\. \\( \\).")


MACROS = Record(required={"macros": MapOf(Text())}, optional={"version": Integer()}, hook=_check_macros)

# --------------------------------------------------------------------------- sanction_kinds.yml, law.yml

_KIND = Record(required={"name": Text(), "section": Text(), "stated": ListOf(Regex("rule"), 1)},
               optional={"activity": ListOf(Record(required={"pattern": Regex("rule")}, optional={"weight": Number()})),
                         "explicit": Boolean(), "source": SOURCES})
SANCTION_KINDS_FILE = Record(
    required={"kinds": MapOf(_KIND), "future": Regex("rule")},
    optional={"version": Integer(), "letter_types": ListOf(Text(), 1), "threshold": Number(),
              "mismatch": ListOf(Choice(SANCTION_KINDS, "Sanktionsarten")), "conditional": Regex("rule")})

LAW = Record(
    required={"verified_until": Date()},
    optional={"version": Integer(), "source": SOURCES,
              "authority": ListOf(Record(required={"word": Text()}, optional={"valid_from": Date(), "valid_to": Date()}),
                                  1)})

# --------------------------------------------------------------------------- roles.yml

_P = Pattern("rule", "paragraph")  # matched in each paragraph of the folded letter
_IDS = ListOf(Text())
ROLES = Record(
    required={
        "threat": Record(required={"future_cue": _P},
                         optional={"elements": MapOf(_IDS), "patterns": ListOf(_P), "not_if": ListOf(_P),
                                   "past_elements": MapOf(_IDS), "decided_elements": _IDS, "reported_warning": _P}),
        "key_message": Record(optional={"pattern_window": Integer(1)},
                              rest=Record(optional={"elements": _IDS, "patterns": ListOf(_P)})),
        "roles_from_elements": MapOf(_IDS),
        "questions": ListOf(Record(required={"id": Text(), "text": Text(), "elements": MapOf(_IDS)},
                                   optional={"key_message_answers": Boolean(), "key_message_first": Boolean()})),
    },
    optional={
        "version": Integer(),
        "subject_line": Record(required={"warning": Pattern("line", "search"), "labelled": Pattern("line", "match"),
                                         "not_subject": Pattern("line", "search")}),
        "practical_patterns": ListOf(_P), "legal_basis_patterns": ListOf(_P), "tone_words": ListOf(Text()),
        "restructure": Record(optional={"pinned": ListOf(Text()), "dropped_when_moved": ListOf(Text()), "dropped_when_moved_first": ListOf(Text()), "described": ListOf(Text()),
                                        "pointing_forward": ListOf(Text()), "exception": _P,
                                        "keep_order": _IDS,
                                        "inverted_when_moved": Record(required={"words": ListOf(Text()),
                                                                                "verbs": ListOf(Text()),
                                                                                "subject": Text()}),
                                        "turned_when_moved_down": MapOf(Text()),
                                        "referents": ListOf(Either(Text(), MapOf(ListOf(Text()))))}),
        "placement": Record(optional={"preview_chars": Integer(1), "first_screen_words": Integer(1),
                                      "harder_to_read_lix": Number(), "penalties": MapOf(Number()),
                                      "verdicts": MapOf(Number())}),
    })

# --------------------------------------------------------------------------- lexicon/


FIX_EXAMPLE = Record(required={"text": Text(), "fixed": Text()},
                     optional={"safety": Choice(SAFETIES, "Sikkerheden")})
FIX_EXAMPLES = ListOf(FIX_EXAMPLE, 1)


def _collect(kind: str, label: Callable[[dict], str] | None = None):
    """A hook that collects the record's ``examples`` as an :class:`ExampleSet` of ``kind``."""

    def hook(ctx: Context, node: yaml.MappingNode, value: dict) -> None:
        ex = child(node, "examples")
        samples = ctx.samples(ex, value["examples"]) if ex is not None else None
        name = ctx.label + (f" ({label(value)})" if label else "")
        ctx.examples.append(ExampleSet(kind, str(ctx.path), node.start_mark.line + 1, node.start_mark.column + 1,
                                       name, value, samples))
    return hook


SWAPS = Record(
    required={"entries": ListOf(Record(
        required={"lemma": Text(), "swaps": MapOf(Text(nonempty=False)), "safety": Choice(SAFETIES, "Sikkerheden")},
        optional={"note": Text(), "unless_before": Regex("before"), "unless_after": Regex("plain"),
                  "examples": FIX_EXAMPLES},
        hook=_collect("swap", lambda v: v["lemma"])))},
    optional={"version": Integer()})

_WORDS = Either(ListOf(Text()), MapOf(Either(FIX_EXAMPLE, FIX_EXAMPLES)))
ADDRESS_LISTS = ("neuter", "common", "plural", "initial_de_verbs")


def _collect_words(ctx: Context, node: yaml.MappingNode, value: dict) -> None:
    """One example set per word of the du-form lists (``word: {text: ..., fixed: ...}``)."""
    for name in ADDRESS_LISTS:
        lnode = child(node, name)
        if lnode is None:
            continue
        if isinstance(lnode, yaml.SequenceNode):  # a plain list: words without examples
            pairs = [(w, None, n) for w, n in zip(value[name], lnode.value)]
        else:
            pairs = [(k.value, v, k) for k, v in lnode.value]
        for word, vnode, at in pairs:
            samples = None
            if vnode is not None:
                data = value[name][word]
                samples = ctx.samples(vnode, data)
            ctx.examples.append(ExampleSet("address", str(ctx.path), at.start_mark.line + 1, at.start_mark.column + 1,
                                           f"{name}.{word}", {"list": name, "word": word}, samples))


_VOICE = Record({"nouns": ListOf(Text()), "possessives": ListOf(Text()), "sender": Regex("plain")},
                optional={"not_sender": Regex("plain"), "subject_after": ListOf(Text()), "object_after": ListOf(Text()),
                          "place_after": ListOf(Text()), "aux": ListOf(Text()), "pronoun_subjects": ListOf(Text()),
                          "fronted": ListOf(Text()), "first_person": Regex("plain"),
                          "reflexives": ListOf(Text()), "object_idioms": ListOf(Text()), "paired": ListOf(Text())})
ADDRESS = Record(optional={"version": Integer(), "several_readers": Regex("plain"), "reflexive": Regex("plain"),
                           "reflexive_not_in": Regex("plain"), "reader_and_partner": Regex("plain"),
                           "coordinated_nouns": Record(required={"pattern": Regex("plain")},
                                                      optional={"not_nouns": ListOf(Text())}),
                           "sender_voice": _VOICE, **{name: _WORDS for name in ADDRESS_LISTS}}, hook=_collect_words)


def _check_split(ctx: Context, node: yaml.MappingNode, value: dict) -> None:
    groups = set(value["pattern"].groupindex)
    for name in re.findall(r"\{(\w+)\}", value["replace"]):
        if name not in groups:
            ctx.error(child(node, "replace"), f"'replace' bruger {{{name}}}, men mønstret har ingen gruppe (?P<{name}>...).",
                      "R209", f"Navngiv gruppen i 'pattern' som (?P<{name}>...), eller ret 'replace'.")
    _collect("split", lambda v: v["id"])(ctx, node, value)


def _unique_split_ids(ctx: Context, node: yaml.MappingNode, value: dict) -> None:
    seen: set[str] = set()
    snode = child(node, "splits")
    for item, inode in zip(value.get("splits") or (), snode.value if snode is not None else ()):
        if item["id"] in seen:
            ctx.error(child(inode, "id"), f"Id'et '{item['id']}' bruges to gange.", "R205", "Giv hver deling sit eget id.")
        seen.add(item["id"])


_ACTIVE = Record(  # saetninger.yml, active: passive and nominal style to active (rewriter/rewrite/split.py)
    required={"id": Text(), "pattern": Regex("plain"), "replace": Text(), "safety": Choice(SAFETIES, "Sikkerheden")},
    optional={"examples": FIX_EXAMPLES, "unless_later": Regex("plain")}, hook=_check_split)

SPLITS = Record(
    optional={"version": Integer(), "min_sentence_words": Integer(1), "min_words_each_side": Integer(0),
              "active": ListOf(_ACTIVE),
              "active_unless_letter": Regex("plain"),
              "at_chain": Record(optional={"open": Regex("plain"), "more": Regex("plain")}),
              "no_split_after": ListOf(Text()),
              "conditional_start": Regex("plain"),
              "no_split_after_clause": Record(optional={"words": ListOf(Text()), "subjects": ListOf(Text())}),
              "no_split_after_head": Record(optional={"pattern": Regex("plain"), "nouns": ListOf(Text())}),
              "references": Record(optional={"back": ListOf(Text()), "numbered": Regex("plain"),
                                             "forward": ListOf(Text())}),
              "splits": ListOf(Record(
                  required={"id": Text(), "pattern": Regex("plain"), "replace": Text(nonempty=False),
                            "safety": Choice(SAFETIES, "Sikkerheden")},
                  optional={"min_sentence_words": Integer(1), "min_words_right": Integer(0),
                            "ignore_conditions": Boolean(), "tail": Integer(20), "not_before": Regex("plain"),
                            "not_after": Regex("plain"), "main_clause_first": Boolean(), "after_condition_unless": Regex("plain"),
                            "examples": FIX_EXAMPLES},
                  hook=_check_split)),
              "lists": Record(optional={"min_items": Integer(0), "safety": Choice(SAFETIES, "Sikkerheden"),
                                        "examples": FIX_EXAMPLES}, hook=_collect("split", lambda v: "lister"))},
    hook=_unique_split_ids)

_AGREES = Record(optional={"gender": Choice(("common", "neuter"), "Kønnet"), "number": Choice(("sg", "pl"), "Tallet")})
GRAMMAR = Record(  # lexicon/grammatik.yml: what the rewrite's grammar guard checks (rewriter/rewrite/grammar.py)
    optional={"version": Integer(),
              "hunspell": Record(optional={"classes": MapOf(ListOf(Text(), 1)), "genders": MapOf(Text()),
                                           "plural_only": ListOf(Text()), "zero_plural": ListOf(Text()),
                                           "compound_joint": ListOf(Text()), "compound_begin_flag": Integer(0),
                                           "need_affix_flag": Integer(0), "only_in_compound_flag": Integer(0),
                                           "tags": MapOf(Text())}),
              "determiners": MapOf(_AGREES), "own": MapOf(_AGREES), "formal": MapOf(Text()),
              **{name: ListOf(Text()) for name in ("np_fillers", "du_forms", "finite_verbs", "subject_pronouns",
                                                   "sentence_adverbs", "initial_adverbials", "prepositions",
                                                   "clause_objects", "at_complement_verbs", "at_complement_words",
                                                   "coordinators", "modal_verbs")},
              "same_meaning": ListOf(ListOf(Text(), 2)),
              "never_introduce": MapOf(Pattern("plain", "search"))})

_WORDLIST = ListOf(Text(), 1)
FEATURES = Record(
    required={"s_passive": Record(required={"verbs": _WORDLIST, "modals": _WORDLIST, "not_passive": ListOf(Text())}),
              "blive_passive": Record(required={"auxiliaries": _WORDLIST, "participle_endings": _WORDLIST,
                                                "not_participles": ListOf(Text())}),
              "nominalisation": Record(required={"endings": _WORDLIST, "keep": ListOf(Text())})},
    optional={"version": Integer()})

# --------------------------------------------------------------------------- language/da.yml


class Word(Spec):
    """A word in a list: a text (a number is read as its digits)."""

    what = "et ord"
    node_kind = yaml.ScalarNode

    def validate(self, node, ctx, name):
        if not isinstance(node, yaml.ScalarNode) or node.tag not in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:int"):
            return self.wrong_type(node, ctx, name)
        return node.value


_LANGUAGE_FLAGS = {"i": re.IGNORECASE, "s": re.DOTALL, "m": re.MULTILINE}
_LIST_REF = re.compile(r"\{([a-z_]+)\}")


def _language_patterns(ctx: Context, node: yaml.MappingNode, value: dict) -> None:
    """Compile every pattern as rewriter.rules.language does ({list} names a word list, flags i/s/m)
    and collect its examples (searched in the text as written)."""
    lists = {name: [str(w) for w in words] for name, words in (value.get("words") or {}).items()}
    pnode = child(node, "patterns")
    for knode, vnode in (pnode.value if pnode is not None else ()):
        name, spec = knode.value, value["patterns"][knode.value]
        src_node = child(vnode, "pattern")
        unknown = [m for m in _LIST_REF.findall(spec["pattern"]) if m not in lists]
        if unknown:
            ctx.error(src_node, f"Ordlisten '{unknown[0]}' findes ikke (i mønstret '{name}').", "R209",
                      f"Kendte lister: {', '.join(sorted(lists))}.")
            continue
        flags = 0
        for f in spec.get("flags") or "":
            if f not in _LANGUAGE_FLAGS:
                ctx.error(child(vnode, "flags"), f"Ukendt flag '{f}' i mønstret '{name}'.", "R203",
                          "Brug i (store og små bogstaver ens), s (. også linjeskift) eller m (^ og $ pr. linje).")
                break
            flags |= _LANGUAGE_FLAGS[f]
        else:
            source = _LIST_REF.sub(lambda m: "|".join(re.escape(w) for w in sorted(lists[m.group(1)], key=len,
                                                                                  reverse=True)), spec["pattern"])
            try:
                compiled = re.compile(source, flags)
            except re.error as exc:
                ctx.error(src_node, f"Ugyldigt regulært udtryk i mønstret '{name}': {exc.msg} (position {exc.pos}).",
                          "R206", "Husk at escape punktum og parenteser: \\. \\( \\).",
                          col_offset=Regex._column(src_node, ctx, exc.pos if source == spec["pattern"] else None))
                continue
            examples = None
            ex_node = child(vnode, "examples")
            if ex_node is not None:
                examples = {kind: ctx.samples(child(ex_node, kind), spec["examples"][kind])
                            if child(ex_node, kind) is not None else () for kind in ("match", "no_match")}
            ctx.examples.append(ExampleSet("pattern", str(ctx.path), knode.start_mark.line + 1,
                                           knode.start_mark.column + 1, f"patterns.{name}", spec["pattern"],
                                           examples, compiled, "search"))


LANGUAGE = Record(
    optional={"version": Integer(),
              "words": MapOf(Either(ListOf(Word()), MapOf(Integer()))),
              "patterns": MapOf(Record(required={"pattern": Text()},
                                       optional={"flags": Text(), "examples": Record(optional={
                                           "match": ListOf(Text(nonempty=False), 1),  # "" can be an example
                                           "no_match": ListOf(Text(nonempty=False), 1)})})),
              "labels": MapOf(MapOf(Word()))},
    hook=_language_patterns)

# --------------------------------------------------------------------------- the registry


@dataclass(frozen=True)
class FileKind:
    """One kind of rules file.

    ``pattern``: its path under ``rules/``; ``*`` matches within one folder (``elements/*.yml``).
    ``title``: Danish, what such a file is (for messages).  ``schema``: what it must contain.
    ``required``: the file must be there.  ``after(value, state)``: runs on a valid file before the
    kinds after it (``macros.yml`` gives the macros every rule pattern may use).
    """

    pattern: str
    title: str
    schema: Spec
    required: bool = False
    after: Callable[[Any, dict], None] | None = field(default=None, compare=False)

    def matches(self, relative: str) -> bool:
        parts, want = relative.split("/"), self.pattern.split("/")
        return len(parts) == len(want) and all(fnmatchcase(p, w) for p, w in zip(parts, want))


FILE_KINDS: list[FileKind] = []


def register(kind: FileKind) -> FileKind:
    """Add a kind of rules file (validated in the order registered; after the built-in kinds)."""
    FILE_KINDS.append(kind)
    return kind


def _set_macros(value: dict, state: dict) -> None:
    state["macros"] = value["macros"]


register(FileKind("macros.yml", "makrofilen", MACROS, required=True, after=_set_macros))
register(FileKind("letter_types.yml", "brevtypefilen", LETTER_TYPES, required=True))
register(FileKind("elements/*.yml", "et element", ELEMENT))
register(FileKind("checks/*.yml", "en kontrol", CHECK))
register(FileKind("profiles/*.yml", "en kommuneprofil", PROFILE))
register(FileKind("roles.yml", "rollefilen", ROLES, required=True))
register(FileKind("lexicon/kancellisprog.yml", "ordlisten over kancellisprog", SWAPS, required=True))
register(FileKind("lexicon/sprogtraek.yml", "ordlisten over sprogtræk", FEATURES, required=True))
register(FileKind("lexicon/tiltale.yml", "du-formens ordlister", ADDRESS, required=True))
register(FileKind("lexicon/saetninger.yml", "sætningsdelingerne", SPLITS))
register(FileKind("lexicon/grammatik.yml", "den danske grammatik i omskrivningens sikkerhedstjek", GRAMMAR,
                  required=True))
register(FileKind("language/da.yml", "sprogdata for dansk", LANGUAGE))  # optional: the shipped one is used
register(FileKind("sanction_kinds.yml", "sanktionsarterne", SANCTION_KINDS_FILE))
register(FileKind("law.yml", "lovgrundlaget som helhed", LAW))


@dataclass
class Validation:
    """Every problem found in the folder, every example set collected, and each valid file's value."""

    errors: list[RuleFileError] = field(default_factory=list)
    examples: list[ExampleSet] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)  # relative path -> validated data


def kind_of(rules_dir: Path, path: Path) -> FileKind | None:
    relative = path.relative_to(rules_dir).as_posix()
    return next((k for k in FILE_KINDS if k.matches(relative)), None)


def validate_folder(rules_dir: str | Path) -> Validation:
    """Validate every file under ``rules_dir`` against the schema of its kind; never raises."""
    rules_dir = Path(rules_dir)
    out = Validation()
    if not rules_dir.is_dir():
        out.errors.append(RuleFileError("Regelmappen findes ikke.", path=str(rules_dir), code="R204",
                                        hint="Angiv en mappe med letter_types.yml, macros.yml og elements/."))
        return out
    state: dict[str, Any] = {"macros": None}
    for kind in FILE_KINDS:
        files = sorted(p for p in rules_dir.glob(kind.pattern) if p.is_file())
        if not files and kind.required:
            out.errors.append(RuleFileError(f"Regelfilen mangler ({kind.title}).", path=str(rules_dir / kind.pattern),
                                            code="R204", hint="Kopiér filen fra de medfølgende regler."))
        for path in files:
            result: Result = validate_file(path, kind.schema, state["macros"], rules_dir)
            out.errors.extend(result.errors)
            out.examples.extend(result.examples)
            if result.value is not INVALID:
                out.values[path.relative_to(rules_dir).as_posix()] = result.value
                if kind.after is not None:
                    kind.after(result.value, state)
    for path in sorted(rules_dir.rglob("*")):
        if path.suffix in (".yml", ".yaml") and path.is_file() and kind_of(rules_dir, path) is None:
            hint = ("Regelfiler ender på .yml." if path.suffix == ".yaml" else
                    "Læg filen i den rigtige mappe (se rules/README.md), eller registrér en ny filtype i "
                    "rewriter/rules/kinds.py.")
            out.errors.append(RuleFileError("Filen hører ikke til nogen kendt slags regelfil og ville ikke blive læst.",
                                            path=str(path), code="R210", hint=hint))
    return out


__all__ = ["FILE_KINDS", "FileKind", "Validation", "register", "validate_folder", "compile_flavour", "child"]
