"""Case folding for rule matching, and the boundary-stripping Matcher (same matches as re)."""

from __future__ import annotations

import random
import re

import pytest

from rewriter.analysis.folding import SENTENCE_END, Matcher, fold_pattern, fold_text
from rewriter.io.reader import letter_from_text


def test_fold_text_keeps_length_and_marks_only_sentence_ends():
    text = "Du skal møde kl. 10.00, jf. § 37. Tag MitID med. Hvorfor? Fordi."
    letter = letter_from_text(text)
    folded = fold_text(letter)
    assert len(folded) == len(text)
    assert folded.startswith("du skal møde kl. 10.00, jf. § 37" + SENTENCE_END)
    assert folded.count(SENTENCE_END) == 3 and "hvorfor?" in folded


def test_fold_pattern_leaves_escapes_and_group_names():
    assert fold_pattern(r"\bKlage\S+(?P<Navn>Ankestyrelsen)\D") == r"\bklage\S+(?P<Navn>ankestyrelsen)\D"


PATTERNS = [r"\bde\b|\bdem\b", r"\bklag\w*|\baf", r"\b(?:kl\.|klokken)\s*\d+|\bden", r"\bx?y|\bz", r"\b\d+|\b",
            r"\bab|\bb"]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_matcher_finds_exactly_what_re_finds(pattern):
    rnd = random.Random(pattern)
    alphabet = "abdeklmxyz 0123.,\n-"
    for _ in range(300):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 40)))
        ours = [(m.start(), m.end()) for m in Matcher(pattern).finditer(text) if m.end() > m.start()]
        theirs = [(m.start(), m.end()) for m in re.finditer(pattern, text) if m.end() > m.start()]
        assert ours == theirs, (pattern, text)
        ours_first, theirs_first = Matcher(pattern).search(text), re.search(pattern, text)
        assert (ours_first.span() if ours_first else None) == (theirs_first.span() if theirs_first else None)
    assert Matcher(pattern).boundary


def test_required_literals_are_safe_and_useful():
    from rewriter.analysis.folding import required_literals

    assert required_literals(r"\bbisidder\w*|\bpartsrepræsentant\w*") == ("bisidder", "partsrepræsentant")
    assert required_literals(r"x?yz") == ("yz",)  # the optional x is not required
    assert required_literals(r"[abc]+def|ghi") == ("def", "ghi")
    assert required_literals(r"(?:a|b)*c?") is None  # nothing is certain
    assert required_literals(r"(?i:abc)") is None  # case-insensitive parts are not literal
    # a small class counts as its characters, \d as the ASCII digits; a large or negated class as nothing
    assert required_literals(r"[+«]") == ("+", "«")
    assert required_literals(r"\+45|\d\d") == ("+45", *"0123456789")
    assert required_literals(r"[a-z]+") is None and required_literals(r"[^0-9]x") == ("x",)


def test_other_decimal_digits_are_folded_to_ascii():
    """\d is taken as 0-9 for the required literals: the folded text has no other digits ("٣" matches \d), and it
    keeps its length (every span stays a span of the letter)."""
    from rewriter.analysis.folding import Matcher, fold_text
    from rewriter.io.reader import letter_from_text

    letter = letter_from_text("Ring på ٣٣ ٤٤ ٥٥ ٦٦ eller 70 10 20 30.\n")
    folded = fold_text(letter)
    assert len(folded) == len(letter.text) and "33 44 55 66" in folded
    assert Matcher(r"\d\d \d\d \d\d \d\d").search(folded).group() == "33 44 55 66"


@pytest.mark.slow
def test_every_rule_match_contains_one_of_its_required_literals():
    """On every corpus letter, each match of each element pattern contains a required literal,
    so skipping the regex when none is in the paragraph never loses a match."""
    from pathlib import Path

    from rewriter.analysis.folding import fold_text
    from rewriter.io.reader import read_letter
    from rewriter.rules.rulebook import load_rulebook

    rb = load_rulebook(None)
    detectors = [d.pattern for e in rb.elements for d in e.detectors if d.pattern.required]
    assert len(detectors) > 100
    root = Path(__file__).resolve().parent.parent / "evaluation" / "corpus"
    checked = 0
    for path in sorted(root.glob("*/*.txt"))[::3]:
        letter = read_letter(path)
        folded = fold_text(letter)
        for p in letter.paragraphs:
            text = p.span.slice(folded)
            for m in detectors:
                for hit in m.regex.finditer(text):
                    checked += 1
                    assert any(lit in hit.group() for lit in m.required), (m.pattern, hit.group())
    assert checked > 500


def test_one_parse_compiles_the_same_pattern_and_the_same_literals():
    """Matcher parses each rule pattern once for both its compiled form and its required literals; both are what
    ``re.compile`` and :func:`required_literals` give, for every pattern of the rules."""
    import gc
    import re

    from rewriter.analysis.folding import Matcher, _top_level_branches, required_literals
    from rewriter.rules.rulebook import load_rulebook

    load_rulebook(None)
    matchers = [o for o in gc.get_objects() if isinstance(o, Matcher)]
    assert len(matchers) > 200
    for m in matchers:
        branches = _top_level_branches(m.pattern)
        source = "|".join(b[2:] for b in branches) if m.boundary else m.pattern
        flags = m.regex.flags & re.MULTILINE  # rule patterns are MULTILINE; sentence splits (one sentence) are not
        ref = re.compile(source, flags)
        assert (m.regex.pattern, m.regex.flags, m.regex.groups) == (ref.pattern, ref.flags, ref.groups)
        assert m.required == required_literals(m.pattern, flags)
        sample = "du skal møde op til samtalen den 7. december 2026 kl. 10.00 på jobcentret"
        assert [x.span() for x in m.regex.finditer(sample)] == [x.span() for x in ref.finditer(sample)]


def test_a_space_is_no_required_literal_where_another_part_is():
    from rewriter.analysis.folding import required_literals

    assert required_literals(r"^[^\n>/]{2,60} [>/] [^\n>/]{2,60} [>/] ") == ("/", ">")  # not " "
    assert required_literals(r"[^\n]{2,60} [^\n]+") == (" ",)  # nothing else: the space stays


def test_prefix_anchored_search_finds_what_the_regex_finds():
    """A Matcher with prefixes (every match starts with one of a few strings) tries its regex only where a prefix
    starts; on every paragraph and whole letter of a fifth of the corpus its matches are exactly those of the
    plain regex scan (with the word boundary the pattern had)."""
    import gc

    from pathlib import Path

    from rewriter.analysis.folding import Matcher, fold_text
    from rewriter.io.reader import read_letter
    from rewriter.rules.rulebook import load_rulebook

    load_rulebook(None)
    anchored = [o for o in gc.get_objects() if isinstance(o, Matcher) and o.prefixes]
    assert len(anchored) > 100
    root = Path(__file__).resolve().parent.parent / "evaluation" / "corpus"
    compared = found = 0
    for path in sorted(root.glob("*/*.txt"))[::5]:
        letter = read_letter(path)
        folded = fold_text(letter)
        for text in [folded] + [p.span.slice(folded) for p in letter.paragraphs]:
            for m in anchored:
                if m._absent(text):
                    continue
                got = [x.span() for x in m.finditer(text)]
                want = [x.span() for x in m._scan(text)]
                assert got == want, (m.pattern[:80], text[:80])
                first = m.search_present(text)
                assert (first.span() if first else None) == (want[0] if want else None)
                compared += 1
                found += bool(want)
    assert compared > 3000 and found > 300


def test_prefixes_of_a_pattern():
    import re
    from re import _parser

    from rewriter.analysis.folding import Matcher, prefixes_of_tree

    def prefixes(src):
        return prefixes_of_tree(_parser.parse(src, re.MULTILINE))

    assert prefixes(r"(?:kommer (?:du|i) ikke|forsøm\w*|ikke svarer)") == ("forsøm", "ikke svarer", "kommer ")
    assert prefixes(r"\b(?<!ikke )fradrag\w*") == ("fradrag",)  # zero-width items first do not count
    assert prefixes(r"(?:fradrag|fradraget|træk)") == ("fradrag", "træk")  # "fradraget" starts with "fradrag"
    assert prefixes(r"(?:du )?skal") is None  # a match may start at "skal"
    assert prefixes(r"[a-z]+vej") is None
    assert prefixes(r"\bi\b|\bdu\b") is None  # one letter: too common to save anything
    assert prefixes(r"§\s*37") == ("§",)
    # a short word first is followed through the fixed parts after it ("du " and "i " are in every letter)
    assert prefixes(r"\b(?:du|i) (?:mødte|kom) ikke\b") == ("du kom", "du mødte", "i kom", "i mødte")
    assert prefixes(r"\bdu (?:var|blev) (?:\w+ )?indkaldt\b") == ("du blev", "du var")
    assert prefixes(r"\bin(?:vitere|dkalde) dig") == ("indkalde", "invitere")
    assert prefixes(r"\bdu (?:\w+ )?skal") == ("du ",)  # nothing fixed follows: the short word stays
    m = Matcher(r"\b(?:kommer du ikke|forsøm\w*)", re.MULTILINE)
    assert m.prefixes == ("forsøm", "kommer du ikke")
    text = "hvis du forsømmer mødet, eller kommer du ikke, og uforsømt"
    assert [x.group() for x in m.finditer(text)] == ["forsømmer", "kommer du ikke"]  # not inside "uforsømt"


def test_the_compiled_pattern_cache_is_read_back_and_compiles_nothing(tmp_path, monkeypatch):
    """A pattern compiled once is kept in the cache file; a new process (here: the cache state reset) reads it and
    compiles nothing, and the pattern matches exactly as a freshly compiled one."""
    import re

    from rewriter.analysis import folding

    monkeypatch.setenv("REWRITER_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(folding, "_PATTERN_CACHE_STATE", {"entries": None, "dirty": False, "used": set(),
                                                          "registered": True})
    source = r"\b(?:kommer (?:du|i) ikke|forsøm\w*)(?P<rest>[^.]{0,20})"
    fresh = folding.Matcher(source, re.MULTILINE)
    folding.save_pattern_cache()
    assert folding.pattern_cache_path().is_file()
    monkeypatch.setattr(folding, "_PATTERN_CACHE_STATE", {"entries": None, "dirty": False, "used": set(),
                                                          "registered": True})

    def no_compiling(*_a):
        raise AssertionError("compiled although cached")

    monkeypatch.setattr(folding, "_compile_entry", no_compiling)
    cached = folding.Matcher(source, re.MULTILINE)
    text = "hvis du forsømmer mødet, eller kommer du ikke i tide. uforsømt"
    assert [m.span() for m in cached.finditer(text)] == [m.span() for m in fresh.finditer(text)] != []
    assert (cached.boundary, cached.required, cached.prefixes, cached.regex.groupindex) == \
        (fresh.boundary, fresh.required, fresh.prefixes, fresh.regex.groupindex)


def test_a_damaged_or_unwritable_cache_is_only_no_cache(tmp_path, monkeypatch):
    import re

    from rewriter.analysis import folding

    def reset():
        monkeypatch.setattr(folding, "_PATTERN_CACHE_STATE", {"entries": None, "dirty": False, "used": set(),
                                                              "registered": True})

    monkeypatch.setenv("REWRITER_CACHE_DIR", str(tmp_path))
    reset()
    folding.pattern_cache_path().write_bytes(b"\x00not marshal at all")
    assert folding.Matcher(r"\bfradrag\w*", re.MULTILINE).search("et fradrag på 500 kr.") is not None
    folding.save_pattern_cache()  # replaces the damaged file
    reset()
    assert folding._pattern_cache()  # ... with one that reads
    blocked = tmp_path / "file"
    blocked.write_text("x")
    monkeypatch.setenv("REWRITER_CACHE_DIR", str(blocked / "sub"))  # a folder that cannot be made
    reset()
    folding.Matcher(r"\btræk\w*", re.MULTILINE)
    folding.save_pattern_cache()  # no error
    monkeypatch.setenv("REWRITER_CACHE_DIR", "off")
    assert folding.pattern_cache_path() is None


def test_no_home_folder_means_no_cache(monkeypatch):
    """A service account without a home folder: Path.home() raises, and the rules load without a cache."""
    from pathlib import Path

    from rewriter.analysis import folding

    monkeypatch.delenv("REWRITER_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def no_home():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert folding.pattern_cache_path() is None


def test_found_tells_what_search_tells_branch_by_branch():
    """``Matcher.found`` looks for an alternation without prefixes branch by branch; on every whole letter and
    paragraph of a fifth of the corpus it says what ``search`` says, for every rule pattern."""
    import gc
    from pathlib import Path

    from rewriter.analysis.folding import Matcher, fold_text
    from rewriter.io.reader import read_letter
    from rewriter.rules.rulebook import load_rulebook

    load_rulebook(None)
    matchers = [o for o in gc.get_objects() if isinstance(o, Matcher)]
    root = Path(__file__).resolve().parent.parent / "evaluation" / "corpus"
    split = hits = 0
    for path in sorted(root.glob("*/*.txt"))[::5]:
        letter = read_letter(path)
        folded = fold_text(letter)
        for text in [folded] + [p.span.slice(folded) for p in letter.paragraphs[:6]]:
            for m in matchers:
                want = m.search(text) is not None
                assert m.found(text) == want, (m.pattern[:80], text[:80])
                hits += want
                split += bool(m._parts)
    assert split > 1000 and hits > 1000
    amount = Matcher(r"\d[\d.]*(?:,\d{1,2})?\s*kr\b|\bsats\w*|\bdagssats\w*")
    assert amount.found("du får 1.200 kr. om måneden") and not amount.found("du får hjælp fra os")
    assert len(amount._parts) == 3
