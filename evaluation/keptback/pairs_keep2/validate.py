#!/usr/bin/env python3
"""Validate the pairs_keep2 letters and annotations.

Checks per file pair NN?_name.txt / .yaml:
- the YAML parses and has the required keys (format + pair keys);
- letter_type / sanction_kind / aktivitetsparat values are allowed;
- the element set matches the letter type, every index is in range;
- threat_paragraphs and key_message_paragraph are in range;
  sanction_warning ⊆ threat_paragraphs (indkaldelse), consequences ⊆ threat_paragraphs (vejledning);
- every fact and merge field is a verbatim substring of the letter, no duplicates;
- every "<weekday> [den] D. <month> YYYY" in the letter names the right weekday;
- dates near the top of the letter (the letter date) fall in Nov 2026 - Mar 2027;
- paragraphs are separated by exactly one blank line (no triple newlines, no trailing spaces);
- each pair has an a (defective: true) and b (defective: false) letter with the same concept, and they differ;
- missing_part is given (nr1-nr4) only for skaerpet_warning_incomplete;
- no municipality names from the forbidden list appear.
Exit code 1 if anything fails.
"""
import datetime
import glob
import os
import re
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))

REQ = {
    "indkaldelse": "meeting_purpose meeting_datetime meeting_place cancellation_procedure sanction_warning reasonable_excuse legal_basis bisidder contact sender letter_date",
    "partshoering": "proposed_decision facts_basis response_deadline how_to_respond reasonable_excuse legal_basis bisidder contact sender letter_date",
    "afgoerelse_sanktion": "decision amount_period facts_basis legal_basis discretion_considerations hearing_reference complaint_guidance complaint_deadline complaint_body access_to_records contact sender letter_date",
    "vejledning_raadighed": "duties consequences reasonable_excuse how_to_report legal_basis rights contact sender letter_date",
    "general_notice": "sender letter_date contact",
}
CONCEPTS = """skaerpet_warning_incomplete complaint_direct_to_ankestyrelsen legal_basis_without_section
amount_without_period generic_consequences abolished_rules_as_current sickness_reporting_missing
conclusory_assessment sanction_kind_mismatch aktivitetsparat_safeguards_missing help_back_wrong_for_kind
proxy_representation_in_summons""".split()
KINDS = {"s36", "s37", "s39", "s40", "s40a", "none"}
MONTHS = {m: i + 1 for i, m in enumerate(
    "januar februar marts april maj juni juli august september oktober november december".split())}
WEEKDAYS = "mandag tirsdag onsdag torsdag fredag lørdag søndag".split()
FORBIDDEN = ("Skovlund Fjordby Bækkelund Ravnsbjerg Lindeså Kildevang Dådyrhøj Bukkehede Flodkrat "
             "Klittjørn Mårhøj Nøddelyng Rimhede Sivbakke Tågeeng Harekløver").split()

WD_RE = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")(?:\s+den)?\s+(\d{1,2})\.\s+(" + "|".join(MONTHS) + r")\s+(\d{4})",
                   re.IGNORECASE)
DATE_RE = re.compile(r"\b(\d{1,2})\.\s+(" + "|".join(MONTHS) + r")\s+(\d{4})", re.IGNORECASE)

errors = []


def err(f, msg):
    errors.append(f"{f}: {msg}")


def check(txt_path):
    base = os.path.basename(txt_path)[:-4]
    yml_path = txt_path[:-4] + ".yaml"
    text = open(txt_path, encoding="utf-8").read()
    if not os.path.exists(yml_path):
        err(base, "no yaml")
        return None
    try:
        y = yaml.safe_load(open(yml_path, encoding="utf-8"))
    except yaml.YAMLError as e:
        err(base, f"yaml does not parse: {e}")
        return None
    if "\n\n\n" in text:
        err(base, "triple newline (more than one blank line)")
    if any(l != l.rstrip() for l in text.split("\n")):
        err(base, "trailing whitespace")
    paras = text.rstrip("\n").split("\n\n")
    n = len(paras)
    for k in ["letter_type", "sanction_kind", "aktivitetsparat", "elements", "threat_paragraphs",
              "key_message_paragraph", "facts", "merge_fields", "defects", "pair", "concept", "defective", "expected"]:
        if k not in y:
            err(base, f"missing key {k}")
    lt = y.get("letter_type")
    if lt not in REQ:
        err(base, f"bad letter_type {lt}")
        return None
    if y.get("sanction_kind") not in KINDS:
        err(base, f"bad sanction_kind {y.get('sanction_kind')}")
    if y.get("aktivitetsparat") not in (True, False, "unknown"):
        err(base, f"bad aktivitetsparat {y.get('aktivitetsparat')}")
    el = y.get("elements") or {}
    if set(el) != set(REQ[lt].split()):
        err(base, f"element set mismatch: extra {set(el) - set(REQ[lt].split())}, missing {set(REQ[lt].split()) - set(el)}")
    for e, idx in el.items():
        if not isinstance(idx, list):
            err(base, f"element {e} not a list")
            continue
        for i in idx:
            if not isinstance(i, int) or not 0 <= i < n:
                err(base, f"element {e} index {i} out of range (0..{n - 1})")
        if not idx and not any(str(d).startswith(f"missing {e}") for d in y.get("defects") or []):
            err(base, f"element {e} empty but no 'missing {e}' defect")
    for i in y.get("threat_paragraphs") or []:
        if not isinstance(i, int) or not 0 <= i < n:
            err(base, f"threat index {i} out of range")
    k = y.get("key_message_paragraph")
    if not isinstance(k, int) or not 0 <= k < n:
        err(base, f"key_message_paragraph {k} out of range")
    thr = set(y.get("threat_paragraphs") or [])
    if lt == "indkaldelse" and not set(el.get("sanction_warning", [])) <= thr:
        err(base, "sanction_warning not a subset of threat_paragraphs")
    if lt == "vejledning_raadighed" and not set(el.get("consequences", [])) <= thr:
        err(base, "consequences not a subset of threat_paragraphs")
    facts = y.get("facts") or []
    if len(facts) != len(set(facts)):
        err(base, "duplicate facts")
    for f in facts:
        if not isinstance(f, str) or f not in text:
            err(base, f"fact not verbatim in letter: {f!r}")
    mfs = y.get("merge_fields") or []
    for m in mfs:
        if m not in text:
            err(base, f"merge field not in letter: {m!r}")
    for m in set(re.findall(r"«[^»]+»", text)):
        if m not in mfs:
            err(base, f"merge field in letter but not annotated: {m!r}")
    for m in WD_RE.finditer(text):
        wd, d, mo, yr = m.group(1).lower(), int(m.group(2)), MONTHS[m.group(3).lower()], int(m.group(4))
        try:
            real = WEEKDAYS[datetime.date(yr, mo, d).weekday()]
        except ValueError:
            err(base, f"invalid date {m.group(0)!r}")
            continue
        if real != wd:
            err(base, f"weekday mismatch: {m.group(0)!r} is a {real}")
    for m in DATE_RE.finditer(text):
        try:
            datetime.date(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
        except ValueError:
            err(base, f"invalid date {m.group(0)!r}")
    # letter date: first date in the letter_date paragraph(s)
    for i in el.get("letter_date", []):
        if 0 <= i < n:
            m = DATE_RE.search(paras[i])
            if m:
                dt = datetime.date(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
                if not datetime.date(2026, 11, 1) <= dt <= datetime.date(2027, 3, 31):
                    err(base, f"letter date {dt} outside Nov 2026 - Mar 2027")
            elif "«" not in paras[i]:
                err(base, f"letter_date paragraph {i} has no date")
    for name in FORBIDDEN:
        if name.lower() in text.lower():
            err(base, f"forbidden municipality name {name}")
    if y.get("concept") not in CONCEPTS:
        err(base, f"unknown concept {y.get('concept')}")
    if y.get("concept") == "skaerpet_warning_incomplete":
        if y.get("defective") and y.get("missing_part") not in ("nr1", "nr2", "nr3", "nr4"):
            err(base, "skaerpet_warning_incomplete defective letter needs missing_part nr1-nr4")
    elif "missing_part" in y:
        err(base, "missing_part only allowed for skaerpet_warning_incomplete")
    m = re.match(r"(\d+)([ab])_(.+)-(fejl|ok)$", base)
    if not m:
        err(base, "bad file name")
    else:
        if int(m.group(1)) != y.get("pair"):
            err(base, "pair number does not match file name")
        if m.group(3) != y.get("concept"):
            err(base, "concept does not match file name")
        if (m.group(2) == "a") != (y.get("defective") is True) or (m.group(4) == "fejl") != (y.get("defective") is True):
            err(base, "defective flag does not match a/b and fejl/ok")
        if y.get("defective") and not y.get("defects"):
            err(base, "defective letter without defects")
    return base, y, text


def main():
    txts = sorted(glob.glob(os.path.join(HERE, "*.txt")))
    results = {}
    for t in txts:
        r = check(t)
        if r:
            results[r[0]] = r
    for y in glob.glob(os.path.join(HERE, "*.yaml")):
        if not os.path.exists(y[:-5] + ".txt"):
            err(os.path.basename(y), "yaml without txt")
    pairs = {}
    for base, y, text in results.values():
        pairs.setdefault(y.get("pair"), []).append((base, y, text))
    for num, items in sorted(pairs.items()):
        if len(items) != 2:
            err(f"pair {num}", f"has {len(items)} letters, expected 2")
            continue
        (b1, y1, t1), (b2, y2, t2) = sorted(items)
        if y1.get("concept") != y2.get("concept"):
            err(f"pair {num}", "concepts differ")
        if t1 == t2:
            err(f"pair {num}", "letters are identical")
        if y1.get("letter_type") != y2.get("letter_type"):
            err(f"pair {num}", "letter types differ")
    print(f"{len(txts)} letters, {len(pairs)} pairs checked")
    if errors:
        print("\n".join(errors))
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
