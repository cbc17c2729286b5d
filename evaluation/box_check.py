"""A mechanical check of the "Kort fortalt" box over the annotated corpora (issue 16, item 5).

Run:  python -m evaluation.box_check [--rows]

For every letter (``evaluation/corpus/*/*.txt``; the letter type as the checker detects it, as the CLI
does) this builds the box the restructure proposes (:func:`rewriter.rewrite.summary.summary_block`) and
counts, independently of how the box finds its facts:

* boxes with a table or form label or row layout in a value ("Sted: Hvor       Rådhuspladsen 1");
* boxes with fewer than three lines (the heading not counted);
* boxes on a general notice or a letter of unknown type;
* boxes whose line for cancelling gives a phone number that neither the paragraphs the annotation marks as
  the cancellation procedure (``cancellation_procedure`` in the letter's ``.yaml``) nor a cancellation
  (afbud) sentence of the letter gives (with the sentences after it in its paragraph: "Er du forhindret,
  skal du give besked. Du kan ringe på ..."), where the letter has either.

Standalone (no import from ``evaluation``), so that it can also measure another checkout:
``PYTHONPATH=/path/to/other python evaluation/box_check.py`` gives that checkout's figures.
Exit 0 when all four counts are 0, else 1.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

CORPORA = Path(__file__).resolve().parent / "corpus"

# a label of a table or form row, at the start of a value or inside it, or a row's layout
_LABEL_WORDS = r"(?:hvor|hvornår|hvem|tid|tidspunkt|klokkeslæt|sted|mødested|adresse|dato|mødedato|telefon|tlf|svarfrist)"
TABLE_LABEL = re.compile(rf"^{_LABEL_WORDS}(?:\s*:|\t|\s{{2}}|\s(?=[A-ZÆØÅ0-9«]))|\b{_LABEL_WORDS}\s*:|\t|\S\s{{2,}}\S",
                         re.IGNORECASE)
# the sentences that say how to cancel a meeting (independent of the element patterns in rules/)
AFBUD = re.compile(r"\bafbud\w*|\bkan du ikke (?:komme|deltage|møde)|\bikke kan (?:komme|deltage|møde)|"
                   r"\bforhindret\b|\bmelde fra\b|\bmelder fra\b|\bpasser (?:tiden|dagen|tidspunktet) (?:dig )?ikke\b",
                   re.IGNORECASE)
PHONE = re.compile(r"(?<!\d)(?:\+45\s?)?\d{2}(?:\s?\d{2}){3}(?!\d)")
BOX_LINE = re.compile(r"^\s*[-•]\s*([^:]+):\s*(.*)$")


def _digits(s: str) -> str:
    d = re.sub(r"\D", "", s)
    return d[-8:]


def box_of(path: Path, du_form: bool = False):
    from rewriter.analysis.pipeline import check
    from rewriter.rewrite.summary import summary_block

    report = check(path)
    if report.placement is None or report.placement.key_message_paragraph is None:
        return report, None
    block = summary_block(report, du_form=du_form)
    return report, (block.text if block is not None else None)


def annotated_afbud(path: Path) -> list[int]:
    """The paragraphs the corpus annotation marks as the cancellation procedure (``.yaml`` beside the letter)."""
    import yaml

    ann = path.with_suffix(".yaml")
    if not ann.exists():
        return []
    elements = (yaml.safe_load(ann.read_text(encoding="utf-8")) or {}).get("elements") or {}
    return list(elements.get("cancellation_procedure") or [])


def findings(report, box: str, afbud_paragraphs=()) -> dict[str, object]:
    lines = [BOX_LINE.match(x) for x in box.splitlines()[1:]]
    lines = [m for m in lines if m]
    text = report.letter.text
    labels = [f"{m.group(1)}: {m.group(2)}" for m in lines if TABLE_LABEL.search(m.group(2))]
    afbud_phones: set[str] = set()
    afbud = False
    for i in afbud_paragraphs:  # annotated
        if 0 <= i < len(report.letter.paragraphs):
            afbud = True
            afbud_phones |= {_digits(p) for p in PHONE.findall(report.letter.paragraphs[i].span.slice(text))}
    for para in report.letter.paragraphs:  # an afbud sentence and the rest of its paragraph ("... Ring på ...")
        for k, s in enumerate(para.sentences):
            if AFBUD.search(s.span.slice(text)):
                afbud = True
                rest = text[s.span.start:para.span.end]
                afbud_phones |= {_digits(p) for p in PHONE.findall(rest)}
                break
    cancel = [m.group(2) for m in lines if m.group(1).strip().lower().startswith("kan du ikke")]
    wrong_cancel = []
    if afbud:
        for value in cancel:
            wrong_cancel += [p for p in PHONE.findall(value) if _digits(p) not in afbud_phones]
    return {"labels": labels, "lines": len(lines), "general": report.letter_type in ("unknown", "generel_meddelelse"),
            "wrong_cancel": wrong_cancel}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", action="store_true", help="print every box with a finding")
    ap.add_argument("--du-form", action="store_true",
                    help="also the boxes of De-form letters, as default builds them when it turns a letter to du")
    args = ap.parse_args(argv)
    letters = sorted(CORPORA.glob("*/*.txt"))
    counts = {"letters": len(letters), "boxes": 0, "table_label": 0, "under_3_lines": 0, "general_or_unknown": 0,
              "wrong_cancel_number": 0}
    for path in letters:
        report, box = box_of(path, args.du_form)
        if box is None:
            continue
        counts["boxes"] += 1
        f = findings(report, box, annotated_afbud(path))
        bad = []
        if f["labels"]:
            counts["table_label"] += 1
            bad.append(f"table label {f['labels']}")
        if f["lines"] < 3:
            counts["under_3_lines"] += 1
            bad.append(f"{f['lines']} lines")
        if f["general"]:
            counts["general_or_unknown"] += 1
            bad.append(f"box on {report.letter_type}")
        if f["wrong_cancel"]:
            counts["wrong_cancel_number"] += 1
            bad.append(f"cancel number {f['wrong_cancel']} not in an afbud sentence")
        if args.rows and bad:
            print(f"{path.parent.name}/{path.name} ({report.letter_type}): {'; '.join(bad)}")
            print("    " + box.replace("\n", "\n    "))
    print(" ".join(f"{k}={v}" for k, v in counts.items()))
    return 1 if any(counts[k] for k in ("table_label", "under_3_lines", "general_or_unknown",
                                        "wrong_cancel_number")) else 0


if __name__ == "__main__":
    raise SystemExit(main())
