"""Template branch coverage: does every ``{% if %}`` variant keep the required elements?

Requires: the text of a Jinja2/docxtpl template (as :func:`rewriter.read_letter`
reads it, so .docx templates work too), a letter type and ``check`` options.
Produces: a :class:`Coverage` with the number of variants checked and the gaps,
the variants that lose a required element that some other variant has.

How variants are made:

1. ``{% if %}``, ``{% elif %}``, ``{% else %}`` and ``{% endif %}`` tags (also with
   ``-`` whitespace control and docxtpl's ``p``/``tr``/``tc``/``r`` prefixes) are
   parsed into nested blocks.  A block without ``{% else %}`` gets an empty
   "no branch" alternative.
2. A variant picks one branch per block (nested blocks only inside the chosen
   branch).  The text of the chosen branch is kept, the other branches and the
   tags are dropped; expressions are **not** evaluated and ``{{ var }}``
   placeholders stay as they are.
3. When there are more than ``bound`` variants, a covering set that uses every
   branch of every block at least once comes first, then the full product in
   order up to the bound (and an ``A407`` warning says so).  With a
   ``deadline`` (the audit's time budget) variants are checked while there is
   time left, in the same order, and ``A407`` says how many were reached.
4. Each variant is checked with the template's letter type; an element that is
   required (``level == "error"``) and present (any status but ``missing``) in
   one variant and ``missing`` in another is a gap of that other variant.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice

TAG = re.compile(r"\{%-?\s*(?:(?:p|tr|tc|r)\s+)?(if|elif|else|endif)\b(.*?)-?%\}", re.DOTALL)
DEFAULT_BOUND = 64
NO_BRANCH = "ingen gren"


class Unbalanced(ValueError):
    """The if/endif tags do not nest."""


@dataclass
class Block:
    label: str  # "if <condition>", names the block
    branches: list[tuple[str, list]] = field(default_factory=list)  # (branch label, nodes)


@dataclass
class Coverage:
    variants: int = 0  # variants checked
    total: int = 0  # variants that exist
    gaps: list[dict] = field(default_factory=list)  # {"variant", "choices", "missing"}
    warnings: list[dict] = field(default_factory=list)
    stopped: bool = False  # the deadline came before every chosen variant was checked


def has_branches(text: str) -> bool:
    return "{%" in text and TAG.search(text) is not None


def parse(text: str) -> list:
    """Nodes: ``str`` pieces and :class:`Block` objects."""
    root: list = []
    stack: list[tuple[Block | None, list]] = [(None, root)]
    pos = 0
    for m in TAG.finditer(text):
        stack[-1][1].append(text[pos:m.start()])
        pos = m.end()
        kind, cond = m.group(1), " ".join(m.group(2).split())
        if kind == "if":
            block = Block(f"if {cond}")
            nodes: list = []
            block.branches.append((f"if {cond}", nodes))
            stack[-1][1].append(block)
            stack.append((block, nodes))
            continue
        block = stack[-1][0]
        if block is None:
            raise Unbalanced(f"{{% {kind} %}} uden {{% if %}}")
        if kind == "endif":
            if block.branches[-1][0] != "else":
                block.branches.append((NO_BRANCH, []))
            stack.pop()
            continue
        nodes = []
        block.branches.append(("else" if kind == "else" else f"elif {cond}", nodes))
        stack[-1] = (block, nodes)
    if len(stack) != 1:
        raise Unbalanced("{% if %} uden {% endif %}")
    root.append(text[pos:])
    return root


def count(nodes: list) -> int:
    n = 1
    for node in nodes:
        if isinstance(node, Block):
            n *= sum(count(b) for _, b in node.branches)
    return n


def _product(nodes: list, i: int = 0) -> Iterator[tuple[tuple, str]]:
    """Every variant of ``nodes[i:]``, lazily: (choices, text)."""
    if i == len(nodes):
        yield (), ""
        return
    node = nodes[i]
    if isinstance(node, str):
        for choices, tail in _product(nodes, i + 1):
            yield choices, node + tail
        return
    for label, branch in node.branches:
        for c1, t1 in _product(branch):
            for c2, t2 in _product(nodes, i + 1):
                yield ((node.label, label),) + c1 + c2, t1 + t2


def _pick(nodes: list, k: int) -> tuple[tuple, str]:
    """The variant that takes branch ``min(k, last)`` of every block."""
    choices: list = []
    parts: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            parts.append(node)
            continue
        label, branch = node.branches[min(k, len(node.branches) - 1)]
        c, t = _pick(branch, k)
        choices.append((node.label, label))
        choices.extend(c)
        parts.append(t)
    return tuple(choices), "".join(parts)


def variants(nodes: list, bound: int = DEFAULT_BOUND) -> list[tuple[tuple, str]]:
    """At most ``bound`` variants: all of them, or a covering set first (module docstring)."""
    if count(nodes) <= bound:
        return list(_product(nodes))
    widest = _widest(nodes)
    out: dict[tuple, str] = {}
    for k in range(widest):
        c, t = _pick(nodes, k)
        out.setdefault(c, t)
    for c, t in islice(_product(nodes), bound * 4):
        if len(out) >= bound:
            break
        out.setdefault(c, t)
    return list(islice(out.items(), bound))


def _widest(nodes: list) -> int:
    w = 1
    for node in nodes:
        if isinstance(node, Block):
            w = max(w, len(node.branches), *(_widest(b) for _, b in node.branches))
    return w


def clean(text: str) -> str:
    """Collapse the blank lines left where tags and branches were removed."""
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def coverage(text: str, check_variant: Callable[[str], dict[str, tuple[str, str]]],
             bound: int = DEFAULT_BOUND, deadline: float | None = None, estimate: float = 0.0) -> Coverage:
    """Check each variant; ``check_variant(text)`` returns ``{element id: (status, level)}``.

    ``deadline`` (a ``time.monotonic()`` value): no variant is started that would end after it, taking
    ``estimate`` seconds (the check of the whole template) as the cost of one variant."""
    cov = Coverage()
    try:
        nodes = parse(text)
    except Unbalanced as exc:
        cov.warnings.append({"code": "A409", "message": f"Skabelonens if-blokke er ikke balancerede ({exc}); "
                             "grenene er ikke tjekket.", "hint": "Ret {% if %}/{% endif %} i skabelonen."})
        return cov
    cov.total = count(nodes)
    chosen = variants(nodes, bound)
    results = []
    for choices, variant_text in chosen:
        if deadline is not None and time.monotonic() + estimate > deadline:
            cov.stopped = True
            break
        body = clean(variant_text)
        results.append((choices, check_variant(body) if body else {}))
    cov.variants = len(results)
    if cov.stopped:
        cov.warnings.append({"code": "A407", "message": f"Skabelonen har {cov.total} grenvarianter; kun "
                             f"{cov.variants} nåede at blive tjekket inden for tidsgrænsen.",
                             "hint": "Del skabelonen op, eller hæv grænsen med --time-limit."})
    elif cov.total > cov.variants:
        cov.warnings.append({"code": "A407", "message": f"Skabelonen har {cov.total} grenvarianter; "
                             f"kun {cov.variants} er tjekket.", "hint": None})
    present = {e for _, els in results for e, (status, level) in els.items()
               if status != "missing" and level == "error"}
    for i, (choices, els) in enumerate(results):
        missing = sorted(e for e in present if els.get(e, ("missing", "error"))[0] == "missing")
        if missing:
            cov.gaps.append({"variant": i + 1, "choices": [f"{b}: {c}" for b, c in choices], "missing": missing})
    return cov
