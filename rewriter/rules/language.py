"""Danish language data (``rules/language/da.yml``): word lists, named patterns and labels.

Every Danish word, phrase and pattern the analysis, rewrite, audit and model code needs outside the rules
proper lives in that file, not in Python, so legal and language staff can read and change it and
``rewriter rules lint`` checks it.  :func:`language` loads it (cached) from a rules folder: the one given,
else the shipped one (or ``REWRITER_RULES``).

* ``words``: lists (and ``{word: number}`` tables).  A pattern may name a list in braces, ``{months}``: it
  becomes the list's words as alternatives, escaped, longest first.
* ``patterns``: regular expressions with ``flags`` (``i`` ignore case, ``s`` dot matches newline) and
  ``examples`` (``match`` / ``no_match``), which :func:`check_examples` runs.
* ``labels``: Danish names for codes and ids (levels, roles, fact kinds ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rewriter.errors import RuleFileError
from rewriter.rules.yamlio import fail_at, load_yaml

FILE = Path("language") / "da.yml"
# what the code reads from the file: a missing entry is a located lint error, not a KeyError at run time
WORD_LISTS = ("never_final", "may_be_final", "continuing_words", "month_abbreviations", "weekdays",
              "greeting_words", "recipient_words", "greeting_addressees", "street_suffixes", "not_street_words", "case_number_keys", "not_names", "role_titles", "function_words", "label_nouns")
WORD_TABLES = ("months", "number_words", "unit_days")
PATTERNS = ("date", "sent_line", "after_date", "date_line_prefix", "sign_off", "name_sign_off", "box_label",
            "formal_address", "formal_address_caps", "time", "amount", "deadline", "deadline_before_date", "section", "section_topic",
            "phone", "email", "address", "case_number", "cpr", "name_line", "titled_name", "period",
            "municipality", "jobcenter", "date_field", "time_field", "place_field", "email_field", "deadline_field", "phone_field", "date_lead",
            "deadline_lead", "box_row_label", "box_deadline_anchor", "box_deduction", "box_notify_both", "box_meeting_called", "box_digital_post", "box_remote_meeting", "box_meeting", "box_amount_rate_after",
            "box_amount_rate_before", "box_amount_total", "box_plural_address", "plural_address_subject", "box_afbud_elsewhere", "box_meeting_host", "box_afbud_more", "box_first_day", "box_place_row", "box_place_stop", "box_place_detail", "box_amount_monthly", "box_amount_before_tax", "box_amount_duration", "box_amount_reduction", "box_amount_stop", "box_proposal_row", "box_deadline_hour", "box_cancel_deadline_start", "box_same_day", "at_clause", "model_answer_label")
LABELS = ("levels", "rule_levels", "applicability", "decisions", "roles", "roles_in_prompt", "fact_kinds",
          "element_statuses", "file_statuses")
_FLAGS = {"i": re.IGNORECASE, "s": re.DOTALL, "m": re.MULTILINE}
_LIST_REF = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True, eq=False)  # hashed by identity: one object per loaded file
class Language:
    path: Path
    words: dict[str, tuple[str, ...]]
    tables: dict[str, dict[str, int]]
    patterns: dict[str, re.Pattern]
    examples: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]  # pattern -> (match, no_match)
    labels: dict[str, dict[str, str]]

    def __getitem__(self, name: str) -> re.Pattern:
        """The compiled pattern ``name``."""
        return self.patterns[name]

    def alternation(self, list_name: str) -> str:
        """The words of a list as regex alternatives (escaped, longest first)."""
        return _alternation(self.words[list_name])

    def word_pattern(self, list_name: str) -> str:
        """The words of a list as whole-word alternatives; a final ``*`` in a word stands for any ending."""
        return "|".join(re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w)
                        for w in sorted(self.words[list_name], key=len, reverse=True))

    def weekday_number(self, name: str) -> int:
        """0 for Monday ... 6 for Sunday."""
        return self.words["weekdays"].index(name.lower())

    def weekday_name(self, number: int) -> str:
        return self.words["weekdays"][number]

    def label(self, table: str, key: str) -> str:
        """A Danish label (``labels``), or the key itself when there is none."""
        return self.labels.get(table, {}).get(str(key), str(key))


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def load_language(rules_dir: Path) -> Language:
    """Load and validate ``language/da.yml`` of ``rules_dir`` (uncached; see :func:`language`)."""
    path = Path(rules_dir) / FILE
    data = load_yaml(path)
    if not isinstance(data, dict):
        fail_at(path, (), "Sprogfilen skal være en YAML-ordbog med words, patterns og labels.", "R202")
    for key in data:
        if key not in ("version", "words", "patterns", "labels"):
            fail_at(path, (key,), f"Ukendt nøgle '{key}'.", "R203", hint="Tilladt: version, words, patterns, labels.")
    words_in = data.get("words") or {}
    words: dict[str, tuple[str, ...]] = {}
    tables: dict[str, dict[str, int]] = {}
    for name in (*WORD_LISTS, *WORD_TABLES):
        if name not in words_in:
            fail_at(path, ("words",), f"Ordlisten '{name}' mangler.", "R209", hint="Koden bruger den; tilføj den.")
    for name, value in words_in.items():
        kp = ("words", name)
        if name in WORD_TABLES:
            if not isinstance(value, dict) or not all(isinstance(n, int) for n in value.values()):
                fail_at(path, kp, f"'{name}' skal være en tabel af ord og tal.", "R202")
            tables[name] = {str(k): int(n) for k, n in value.items()}
            words[name] = tuple(str(k) for k in value)
        else:
            if not isinstance(value, list) or not all(isinstance(w, (str, int)) for w in value):
                fail_at(path, kp, f"'{name}' skal være en liste af ord.", "R202")
            words[name] = tuple(str(w) for w in value)
    patterns: dict[str, re.Pattern] = {}
    examples: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    pats_in = data.get("patterns") or {}
    for name in PATTERNS:
        if name not in pats_in:
            fail_at(path, ("patterns",), f"Mønstret '{name}' mangler.", "R209", hint="Koden bruger det; tilføj det.")
    for name, spec in pats_in.items():
        kp = ("patterns", name)
        if not isinstance(spec, dict) or not isinstance(spec.get("pattern"), str):
            fail_at(path, kp, f"Mønstret '{name}' skal have en 'pattern' (tekst).", "R202")
        for key in spec:
            if key not in ("pattern", "flags", "examples"):
                fail_at(path, (*kp, key), f"Ukendt nøgle '{key}'.", "R203", hint="Tilladt: pattern, flags, examples.")
        flags = 0
        for f in str(spec.get("flags") or ""):
            if f not in _FLAGS:
                fail_at(path, (*kp, "flags"), f"Ukendt flag '{f}'.", "R203", hint="Brug i (store/små bogstaver ens), s, m.")
            flags |= _FLAGS[f]

        def expand(m: re.Match) -> str:
            if m.group(1) not in words:
                fail_at(path, (*kp, "pattern"), f"Ordlisten '{m.group(1)}' findes ikke.", "R209",
                        hint=f"Kendte lister: {', '.join(sorted(words))}.")
            return _alternation(words[m.group(1)])

        source = _LIST_REF.sub(expand, spec["pattern"])
        try:
            patterns[name] = re.compile(source, flags)
        except re.error as exc:
            fail_at(path, (*kp, "pattern"), f"Ugyldigt regulært udtryk: {exc.msg} (position {exc.pos}).", "R206",
                    hint="Husk at escape punktum og parenteser: \\. \\( \\).")
        ex = spec.get("examples")
        if not isinstance(ex, dict) or not ex.get("match"):
            fail_at(path, kp, f"Mønstret '{name}' skal have eksempler: mindst ét under examples.match.", "R211")
        examples[name] = (tuple(str(t) for t in ex.get("match") or ()), tuple(str(t) for t in ex.get("no_match") or ()))
    labels: dict[str, dict[str, str]] = {}
    for name, table in (data.get("labels") or {}).items():
        if not isinstance(table, dict):
            fail_at(path, ("labels", name), f"'{name}' skal være en tabel af koder og danske ord.", "R202")
        labels[name] = {str(k): str(v) for k, v in table.items()}
    for name in LABELS:
        if name not in labels:
            fail_at(path, ("labels",), f"Tabellen '{name}' mangler.", "R209", hint="Koden bruger den; tilføj den.")
    return Language(path, words, tables, patterns, examples, labels)


def check_examples(lang: Language) -> None:
    """Every pattern finds a match in each of its ``match`` examples and none in its ``no_match`` ones."""
    for name, (should, should_not) in lang.examples.items():
        pat = lang.patterns[name]
        for i, text in enumerate(should):
            if pat.search(text) is None:
                fail_at(lang.path, ("patterns", name, "examples", "match", i),
                        f"Mønstret '{name}' finder intet i sit eksempel '{text}'.", "R212",
                        hint="Ret mønstret eller eksemplet.")
        for i, text in enumerate(should_not):
            if pat.search(text) is not None:
                fail_at(lang.path, ("patterns", name, "examples", "no_match", i),
                        f"Mønstret '{name}' finder noget i sit modeksempel '{text}'.", "R212",
                        hint="Ret mønstret eller eksemplet.")


RECHECK_SECONDS = 2.0  # how often an edited file is looked for (a server picks up a change without a restart)
_SEEN: dict[Path, tuple[float, Language]] = {}


def language(rules_dir: str | Path | None = None) -> Language:
    """The language data of ``rules_dir`` (default: the shipped rules folder), cached; an edited file is
    reloaded (looked for at most every ``RECHECK_SECONDS``)."""
    import time

    from rewriter.rules.resources import rules_dir as default_dir

    folder = Path(rules_dir) if rules_dir else default_dir()
    now = time.monotonic()
    seen = _SEEN.get(folder)
    if seen is not None and now - seen[0] <= RECHECK_SECONDS:
        return seen[1]
    file = folder / FILE
    try:
        mtime = file.stat().st_mtime_ns
    except OSError:
        raise RuleFileError("Sprogfilen findes ikke.", path=str(file), code="R204",
                            hint="Regelmappen skal have language/da.yml (kopiér den fra de leverede regler).") from None
    lang = _cached(folder.resolve(), mtime)
    _SEEN[folder] = (now, lang)
    return lang


@lru_cache(maxsize=8)
def _cached(path: Path, mtime: int) -> Language:
    return load_language(path)
