"""Case-folded matching text: the text every rule pattern is matched against.

Python's ``re`` is several times slower with ``IGNORECASE`` on word
alternations, so rule patterns are lower-cased once at load time
(:func:`fold_pattern`) and matched case-sensitively against a lower-cased copy
of the letter (:func:`fold_text`).  The copy has exactly the same length as
``Letter.text``, so every match span is a valid span of the letter.

One more change makes sentence boundaries visible without case: the full stop
that ends a sentence (as decided by :mod:`rewriter.analysis.segment`) becomes
``SENTENCE_END`` (U+001F).  Full stops inside a sentence ("jf.", "kl. 10.00",
"7. december") stay.  The ``{SAETNING}`` macro ("within one sentence") is
therefore simply "no sentence end".
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_right

from rewriter.model import Letter

SENTENCE_END = "\x1f"
_OTHER_DIGIT = re.compile(r"[^\D0-9]")  # a decimal digit other than 0-9 (one class: a lookahead per place is 3x slower)
_CLOSERS = "\"'”’»)]"


def fold_text(letter: Letter) -> str:
    text = letter.text
    low = text.lower()
    if len(low) != len(text):  # a character whose lower case is longer (rare): fold one by one
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    if _OTHER_DIGIT.search(low):  # "٣" matches \d like "3": the required literals take \d as 0-9
        low = "".join(str(unicodedata.digit(c)) if _OTHER_DIGIT.match(c) else c for c in low)
    parts, last = [], 0
    for s in letter.sentences:
        end = s.span.end
        while end > s.span.start and text[end - 1] in _CLOSERS:
            end -= 1
        if end > s.span.start and text[end - 1] == ".":
            parts += (low[last:end - 1], SENTENCE_END)
            last = end
    if not parts:
        return low
    parts.append(low[last:])
    return "".join(parts)


def spans_holding(text: str, spans, starts: list[int], literal: str) -> set[int]:
    """The positions in ``spans`` (in text order, not overlapping; ``starts``: their starts) of the spans whose own text
    holds ``literal``: what ``literal in span.slice(text)`` says for each, found with one ``str.find`` per span that
    has it (the element detectors' paragraphs, the sanction kind's sentences)."""
    out: set[int] = set()
    if not spans:
        return out
    n = len(literal)
    pos = text.find(literal)
    while pos != -1:
        j = bisect_right(starts, pos) - 1
        if j < 0:  # before the first span
            pos = text.find(literal, starts[0])
            continue
        if pos + n <= spans[j].end:
            out.add(j)
            if j + 1 >= len(spans):
                break
            pos = text.find(literal, starts[j + 1])
        else:  # runs past the span's end: look again from the next position
            pos = text.find(literal, pos + 1)
    return out


def fold_pattern(source: str) -> str:
    """Lower-case the literal characters of a regex, leaving escapes (``\\S``, ``\\B``) alone (kept in the
    compiled-pattern cache)."""
    return _memo("fold:", source, _fold_pattern)


def _fold_pattern(source: str) -> str:
    out = []
    i = 0
    n = len(source)
    while i < n:
        c = source[i]
        if c == "\\" and i + 1 < n:
            out.append(source[i : i + 2])
            i += 2
            continue
        if c == "(" and source.startswith("(?P<", i):  # group names keep their case
            j = source.index(">", i)
            out.append(source[i : j + 1])
            i = j + 1
            continue
        low = c.lower()
        out.append(low if len(low) == 1 else c)
        i += 1
    return "".join(out)


def _top_level_branches(pattern: str) -> list[str] | None:
    """Split ``pattern`` at its top-level ``|`` (outside groups, classes and escapes)."""
    branches, depth, in_class, start, i = [], 0, False, 0, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
        elif c == "[":
            in_class = True
            if pattern.startswith("[]", i) or pattern.startswith("[^]", i):
                i += 2 if pattern[i + 1] == "]" else 3
                continue
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            branches.append(pattern[start:i])
            start = i + 1
        i += 1
    if depth != 0 or in_class:
        return None
    branches.append(pattern[start:])
    return branches


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"


_MAX_ALTERNATIVES = 24
_MAX_CLASS = 16  # a character class of at most this many characters counts as its characters ("[+«]", "\\d")


def required_literals(source: str, flags: int = 0) -> tuple[str, ...] | None:
    """Strings of which every match of ``source`` contains at least one, or None if unknown.

    Read from the parsed pattern: a run of literal characters that every match
    must pass through, or the union of such runs over the branches of an
    alternation; a small character class counts as its characters, ``\\d`` as
    the ASCII digits (the folded text has no others: :func:`fold_text`).
    Optional parts, repeats that may be empty, larger classes and lookarounds
    contribute nothing (so the answer is always safe, only sometimes None).
    Used as a cheap ``in`` test before running the regex.
    """
    import re
    from re import _constants as c
    from re import _parser as parser

    if flags & re.IGNORECASE:
        return None
    try:
        tree = parser.parse(source, flags)
    except re.error:
        return None
    return literals_of_tree(tree)


def _class_chars(items) -> set[str] | None:
    """The characters a parsed character class matches, when it is a small set of literals, ranges and ``\\d``
    (the ASCII digits: :func:`fold_text` turns other decimal digits into them); else None."""
    from re import _constants as c

    out: set[str] = set()
    for op, av in items:
        if op is c.LITERAL:
            out.add(chr(av))
        elif op is c.RANGE and av[1] - av[0] < _MAX_CLASS:
            out.update(chr(x) for x in range(av[0], av[1] + 1))
        elif op is c.CATEGORY and av is c.CATEGORY_DIGIT:
            out.update("0123456789")
        else:
            return None
        if len(out) > _MAX_CLASS:
            return None
    return out or None


def literals_of_tree(tree) -> tuple[str, ...] | None:
    """:func:`required_literals` of a pattern already parsed by ``re._parser.parse``."""
    import re
    from re import _constants as c

    repeats = (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT))

    def best(candidates: list[set[str]]) -> set[str] | None:
        good = [s for s in candidates if s and len(s) <= _MAX_ALTERNATIVES]
        if not good:
            return None
        # a space is in every text: any other candidate tests more (" " in "^[^\n/]{2,60} / " is no test)
        good = [s for s in good if not any(x.isspace() for x in s)] or good
        return max(good, key=lambda s: (min(len(x) for x in s), -len(s)))

    def req(seq) -> set[str] | None:
        candidates: list[set[str]] = []
        run: list[str] = []
        for op, av in seq:
            if op is c.LITERAL:
                run.append(chr(av))
                continue
            if run:
                candidates.append({"".join(run)})
                run = []
            if op is c.SUBPATTERN:
                if not av[1] & re.IGNORECASE:
                    candidates.append(req(av[3]))
            elif op is c.BRANCH:
                alts = [req(b) for b in av[1]]
                if all(alts):
                    candidates.append(set().union(*alts))
            elif op in repeats:
                if av[0] >= 1:
                    candidates.append(req(av[2]))
            elif op is getattr(c, "ATOMIC_GROUP", None):
                candidates.append(req(av))
            elif op is c.IN:
                candidates.append(_class_chars(av))
        if run:
            candidates.append({"".join(run)})
        return best([x for x in candidates if x])

    found = req(tree)
    return tuple(sorted(found)) if found else None


_MAX_PREFIXES = 96
_MIN_PREFIX = 2  # shorter prefixes of letters or digits ("i", "d") occur too often to save anything ("§" does not)
_MAX_STARTS = 64  # more places than this: the regex scans the text as usual
_GOOD_PREFIX = 4  # prefixes are followed through fixed parts until this long (see _first_strings)


def _exact_strings(item) -> set[str] | None:
    """The strings a parsed item matches, when they are a small finite set of literal strings (a literal, a small
    class, a group or alternation of such, one of them made optional; a zero-width item matches ""); else None."""
    import re
    from re import _constants as c

    op, av = item
    if op is c.LITERAL:
        return {chr(av)}
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return {""}
    if op is c.IN:
        return _class_chars(av)
    if op is c.SUBPATTERN:
        return None if av[1] & re.IGNORECASE else _exact_seq(av[3])
    if op is c.BRANCH:
        out: set[str] = set()
        for b in av[1]:
            sub = _exact_seq(b)
            if sub is None:
                return None
            out |= sub
        return out if len(out) <= _MAX_PREFIXES else None
    if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] in (0, 1) and av[1] == 1:
        sub = _exact_seq(av[2])
        return None if sub is None else (sub | {""} if av[0] == 0 else sub)
    return None


def _exact_seq(seq) -> set[str] | None:
    """:func:`_exact_strings` of a sequence of parsed items: every concatenation, or None."""
    acc = {""}
    for item in seq:
        ex = _exact_strings(item)
        if ex is None:
            return None
        acc = {a + b for a in acc for b in ex}
        if len(acc) > _MAX_PREFIXES:
            return None
    return acc


def _first_strings(seq, extend: bool = False) -> set[str] | None:
    """Strings one of which every match of the parsed ``seq`` starts with (zero-width items first are passed
    over), or None if unknown.  ``extend``: a fixed part ("(?:du|i) ") is followed into the fixed parts after it
    ("(?:mødte|kom)", a run of literals whole) until every string has ``_GOOD_PREFIX`` characters ("du mødte",
    "i mødte"): rarer in a text than "du" and "i"."""
    import re
    from re import _constants as c

    repeats = (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT))
    items = list(seq)
    if extend:
        acc = {""}
        k = 0
        while k < len(items) and ("" in acc or min(map(len, acc)) < _GOOD_PREFIX):
            if items[k][0] is c.LITERAL:  # a run of literals is one part
                run = []
                while k < len(items) and items[k][0] is c.LITERAL:
                    run.append(chr(items[k][1]))
                    k += 1
                ex = {"".join(run)}
            else:
                ex = _exact_strings(items[k])
                k += 1
            if ex is None:
                return None
            acc = {x + y for x in acc for y in ex}
            if len(acc) > _MAX_PREFIXES:
                return None
        return None if "" in acc else acc
    zero_width = (c.AT, c.ASSERT, c.ASSERT_NOT)
    k = 0
    while k < len(items) and items[k][0] in zero_width:
        k += 1
    if k == len(items):
        return None
    op, av = items[k]
    if op is c.LITERAL:
        run = []
        while k < len(items) and items[k][0] is c.LITERAL:
            run.append(chr(items[k][1]))
            k += 1
        return {"".join(run)}
    if op is c.SUBPATTERN:
        return None if av[1] & re.IGNORECASE else _first_strings(av[3], extend)
    if op is c.BRANCH:
        out: set[str] = set()
        for b in av[1]:
            sub = _extended(b, _first_strings(b))
            if sub is None:
                return None
            out |= sub
        return out
    if op in repeats:
        return _first_strings(av[2], extend) if av[0] >= 1 else None
    if op is getattr(c, "ATOMIC_GROUP", None):
        return _first_strings(av, extend)
    return None


def _extended(seq, found: set[str] | None) -> set[str] | None:
    """``found`` (the first strings of ``seq``), followed through the fixed parts after them where one is a short
    word ("du", "in"): those are in almost every letter.  None where a single letter stays."""
    if found is not None and any(len(x) < _GOOD_PREFIX and x.replace(" ", "").isalnum() for x in found):
        longer = _first_strings(seq, extend=True)
        if longer is not None:
            return longer
        if any(len(x) < _MIN_PREFIX and x.isalnum() for x in found):
            return None
    return found


def prefixes_of_tree(tree) -> tuple[str, ...] | None:
    """Strings one of which every match of the parsed pattern starts with (its first consumed characters), or
    None if unknown.  Zero-width items before them (``\\b``, ``^``, lookarounds) are passed over: they do not
    move the match's start.  Only sets of at most ``_MAX_PREFIXES`` strings, none a single letter or digit, are
    given (measured on the corpus: more or shorter ones make the search slower, not faster)."""
    found = _extended(tree, _first_strings(tree))
    if not found or len(found) > _MAX_PREFIXES or any(len(x) < _MIN_PREFIX and x.isalnum() for x in found):
        return None
    # a prefix that starts with another is covered by it: the shorter one finds the same positions
    kept = sorted(found, key=len)
    out = []
    for x in kept:
        if not any(x.startswith(y) for y in out):
            out.append(x)
    return tuple(sorted(out))


def _parse_and_compile(source: str, flags: int):
    """``(parse tree, compiled pattern)`` from one parse of ``source``: what ``re.compile`` does, without parsing
    the pattern a second time for :func:`literals_of_tree` (the rulebook's ~300 patterns are most of a cold
    start).  The compiled code, literals and prefixes are kept in the compiled-pattern cache
    (:func:`pattern_cache_path`), so a later process compiles nothing.  On another Python than the one whose
    ``re`` internals this follows: ``(None, re.compile(...))``."""
    import re
    import sys

    if sys.version_info[:2] != (3, 11):
        return None, re.compile(source, flags)
    import _sre

    entry = _memo(f"{int(flags)}:", source, lambda src: _compile_entry(src, flags))
    all_flags, code, groups, groupindex, indexgroup, literals, prefixes = entry
    words = array("I")
    words.frombytes(code)
    regex = _sre.compile(source, all_flags, words.tolist(), groups, dict(groupindex), tuple(indexgroup))
    return _Parsed(tuple(literals) if literals is not None else None,
                   tuple(prefixes) if prefixes is not None else None), regex


def _compile_entry(source: str, flags: int) -> tuple:
    import re
    from re import _compiler, _parser

    tree = _parser.parse(source, flags)
    literals_first = literals_of_tree(tree)  # before the compiler reads the tree
    prefixes = prefixes_of_tree(tree) if not flags & re.IGNORECASE else None
    code = _compiler._code(tree, flags)
    groupindex = dict(tree.state.groupdict)
    indexgroup = [None] * tree.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return (int(flags | tree.state.flags), array("I", code).tobytes(), tree.state.groups - 1, groupindex,
            tuple(indexgroup), literals_first, prefixes)


# ----------------------------------------------------------------------------- the compiled-pattern cache
#
# A cold start (one ``rewriter check``) spent most of its time parsing and compiling the rule patterns.  What
# ``_compile_entry`` computes for a pattern depends only on the pattern, its flags and the Python's ``re``
# internals, so it is kept in one file per Python (``marshal``, keyed by flags and pattern text) and read at
# the next start.  The file holds rule patterns only, never letter text.  It lives in ``$REWRITER_CACHE_DIR``,
# else ``$XDG_CACHE_HOME/rewriter`` (``~/.cache/rewriter``); ``REWRITER_CACHE_DIR=off`` switches it off.  An
# unreadable, foreign or damaged file is ignored, and a folder that cannot be written to only means no cache.

_PATTERN_CACHE_STATE: dict = {"entries": None, "dirty": False, "used": set(), "registered": False}
_MAX_CACHED = 4000  # patterns kept in the file: those of this process first, then the others up to this many
_CACHE_LAYOUT = 3  # what an entry holds (_compile_entry's tuple): a new layout is a new file, an old one is ignored


def pattern_cache_path():
    """The compiled-pattern cache file of this Python, or None when switched off."""
    import _sre
    import os
    import sys
    from pathlib import Path

    where = os.environ.get("REWRITER_CACHE_DIR")
    if where == "off":
        return None
    if where:
        base = Path(where)
    else:
        try:  # a user without a home folder (a service account): no cache
            base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "rewriter"
        except (RuntimeError, KeyError):
            return None
    tag = f"{sys.implementation.cache_tag}-{_sre.MAGIC}-{sys.version_info.micro}-v{_CACHE_LAYOUT}"
    return base / f"patterns-{tag}.marshal"


def _pattern_cache() -> dict:
    state = _PATTERN_CACHE_STATE
    if state["entries"] is None:
        import atexit
        import marshal

        entries: dict = {}
        path = pattern_cache_path()
        if path is not None:
            try:
                with open(path, "rb") as f:
                    data = marshal.load(f)
                if isinstance(data, dict):
                    entries = data
            except (OSError, EOFError, ValueError, TypeError):
                entries = {}
        state["entries"] = entries
        if not state["registered"]:
            atexit.register(save_pattern_cache)
            state["registered"] = True
    return state["entries"]


def _memo(tag: str, source: str, fn):
    """``fn(source)`` (a string or a tuple of strings), kept in the compiled-pattern cache under ``tag``."""
    state = _PATTERN_CACHE_STATE
    cache = _pattern_cache()
    key = tag + source
    value = cache.get(key)
    if value is None:
        value = cache[key] = fn(source)
        state["dirty"] = True
    state["used"].add(key)
    return value


def save_pattern_cache() -> None:
    """Write the compiled-pattern cache when this process compiled a pattern it did not find there."""
    import marshal
    import os

    state = _PATTERN_CACHE_STATE
    if not state["dirty"] or state["entries"] is None:
        return
    path = pattern_cache_path()
    if path is None:
        return
    entries, used = state["entries"], state["used"]
    keep = {k: v for k, v in entries.items() if k in used}
    for k, v in entries.items():
        if len(keep) >= _MAX_CACHED:
            break
        keep.setdefault(k, v)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as f:
            marshal.dump(keep, f)
        os.replace(tmp, path)
        state["dirty"] = False
    except (OSError, ValueError):
        try:
            tmp.unlink()
        except OSError:
            pass


class _Parsed:
    """The required literals and the prefixes of a tree read before compiling it (the tree itself is not kept)."""

    __slots__ = ("literals", "prefixes")

    def __init__(self, literals, prefixes):
        self.literals = literals
        self.prefixes = prefixes


def _boundary_form(source: str) -> tuple[bool, str]:
    """``(True, the pattern without the leading \\b of each branch)`` when every top-level branch starts with
    ``\\b`` (see :class:`Matcher`), else ``(False, source)``."""
    branches = _top_level_branches(source)
    if branches and all(b.startswith("\\b") for b in branches):
        return True, "|".join(b[2:] for b in branches)
    return False, source


class Matcher:
    """A compiled rule pattern with Python's ``re`` interface (``search``, ``finditer``).

    A pattern whose every top-level branch starts with ``\\b`` is compiled without
    that leading ``\\b`` and the word boundary is checked in Python instead: ``re``
    can then use its fast literal scan, which a leading ``\\b`` switches off (about
    4-30 times faster on letter-sized texts).  Matches are exactly those of the
    original pattern.  Before any search, :func:`required_literals` gives strings
    one of which must be in the text; without them the regex is not run at all.

    Where every match starts with one of a few literal strings (:func:`prefixes_of_tree`: "kommer du ikke|ikke
    logger ind|forsøm..."), the regex is not scanned over the text at all: ``str.find`` gives the places where a
    match can start, and the regex is only tried there (``match`` at each place, in order: the leftmost match
    is the one ``search`` gives).  ``re`` tries every branch at every position of a text otherwise.
    """

    __slots__ = ("boundary", "flags", "pattern", "prefixes", "regex", "required", "_parts", "_test")

    def __init__(self, source: str, flags: int = 0):
        import re

        self.pattern = source
        self.flags = int(flags)
        self._parts = None  # found(): the branches as Matchers of their own (False: not split), made when first asked
        self.boundary, compiled = _memo("bnd:", source, _boundary_form)
        # the required literals are those of the compiled form too (a \b is zero-width): one parse gives both
        tree, self.regex = _parse_and_compile(compiled, int(flags))
        if tree is not None and not flags & re.IGNORECASE:
            self.required = tree.literals  # a cheap test before the regex
            self.prefixes = tree.prefixes
        else:
            self.required = required_literals(source, flags)
            self.prefixes = None
        # the literal test before a search, unless the literals a match needs are its prefixes (finding those is the
        # test then)
        self._test = self.required if self.required is not None and (
            self.prefixes is None or set(self.prefixes) != set(self.required)) else None

    def _ok(self, text: str, i: int) -> bool:
        before = i > 0 and _is_word(text[i - 1])
        after = i < len(text) and _is_word(text[i])
        return before != after

    def _absent(self, text: str) -> bool:
        return self._test is not None and not any(lit in text for lit in self._test)

    def _starts(self, text: str) -> list[int]:
        """The positions of ``text`` where a match can start (one of the prefixes begins there), in order."""
        find = text.find
        starts = []
        for lit in self.prefixes:
            i = find(lit)
            while i != -1:
                starts.append(i)
                i = find(lit, i + 1)
        if len(starts) > 1:
            starts.sort()
        return starts

    def _anchored(self, text: str):
        """Every match in ``text``, tried only where a prefix starts (see the class's note): those of ``finditer``."""
        match, boundary, ok = self.regex.match, self.boundary, self._ok
        starts = self._starts(text)
        if len(starts) > _MAX_STARTS:  # a common prefix: one scan of the regex is cheaper
            yield from self._scan(text, starts[0])
            return
        after = 0
        for i in starts:
            if i < after or (boundary and not ok(text, i)):
                continue
            m = match(text, i)
            if m is not None:
                yield m
                after = m.end()  # a match holds its prefix: never empty

    def _scan(self, text: str, pos: int = 0):
        """Every match of the regex from ``pos`` on, with the word boundary checked where the pattern had one."""
        if not self.boundary:
            yield from self.regex.finditer(text, pos)
            return
        m = self.regex.search(text, pos)
        if m is not None:
            yield from self._finditer(text, m)

    def finditer(self, text: str):
        if self._absent(text):
            return ()
        if self.prefixes is not None:
            return self._anchored(text)
        if not self.boundary:
            return self.regex.finditer(text)
        m = self.regex.search(text)
        if m is None:  # the common case: no match in this paragraph, no generator needed
            return ()
        return self._finditer(text, m)

    def _finditer(self, text: str, m):
        n = len(text)
        while m is not None:
            if self._ok(text, m.start()):
                yield m
                pos = m.end() if m.end() > m.start() else m.end() + 1
            else:
                pos = m.start() + 1
            m = self.regex.search(text, pos) if pos <= n else None

    def search(self, text: str):
        if self._absent(text):
            return None
        return self.search_present(text)

    def found(self, text: str) -> bool:
        """``search(text) is not None``, for a caller that needs no match: an alternation without prefixes is
        looked for branch by branch (a text matches "a|b" where it matches "a" or "b"), each branch with its own
        literal test and prefixes; the regex of the whole tries every branch at every place where one could start
        ("\\d...kr|\\bsats\\w*|\\bdagssats\\w*": every digit, "s" and "d" of the letter)."""
        if self._absent(text):
            return False
        parts = self._parts
        if parts is None:
            parts = self._parts = self._split()
        if parts is False:
            return self.search_present(text) is not None
        return any(p.found(text) for p in parts)

    def _split(self):
        if self.pattern.startswith("(?"):  # a global inline flag
            return False
        branches = _top_level_branches(self.pattern)
        if not branches or len(branches) < 2:
            return False
        return tuple(Matcher(b, self.flags) for b in branches)

    def search_present(self, text: str):
        """:meth:`search` for a text known to hold one of the required literals (no literal test first)."""
        if self.prefixes is not None:
            return next(self._anchored(text), None)
        m = self.regex.search(text)
        if not self.boundary:
            return m
        n = len(text)
        while m is not None and not self._ok(text, m.start()):
            pos = m.start() + 1
            m = self.regex.search(text, pos) if pos <= n else None
        return m
