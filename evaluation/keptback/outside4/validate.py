#!/usr/bin/env python3
"""Validate the annotated letters in this folder (see /work/briefs/corpus-format.md)."""
import datetime, glob, os, re, sys
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ELEMS = {
 "indkaldelse": ["meeting_purpose","meeting_datetime","meeting_place","cancellation_procedure","sanction_warning","reasonable_excuse","legal_basis","bisidder","contact","sender","letter_date"],
 "partshoering": ["proposed_decision","facts_basis","response_deadline","how_to_respond","reasonable_excuse","legal_basis","bisidder","contact","sender","letter_date"],
 "afgoerelse_sanktion": ["decision","amount_period","facts_basis","legal_basis","discretion_considerations","hearing_reference","complaint_guidance","complaint_deadline","complaint_body","access_to_records","contact","sender","letter_date"],
 "vejledning_raadighed": ["duties","consequences","reasonable_excuse","how_to_report","legal_basis","rights","contact","sender","letter_date"],
 "general_notice": ["sender","letter_date","contact"],
}
SK = {"s36","s37","s39","s40","s40a","none"}
MONTHS = ["januar","februar","marts","april","maj","juni","juli","august","september","oktober","november","december"]
WD = ["mandag","tirsdag","onsdag","torsdag","fredag","lørdag","søndag"]
RX_WD = re.compile(r"\b(%s)(?:\s+den)?\s+(\d{1,2})\.\s+(%s)\s+(\d{4})" % ("|".join(WD), "|".join(MONTHS)), re.I)
RX_WD_NUM = re.compile(r"\b(%s)(?:\s+den)?\s+(\d{1,2})\.(\d{1,2})\.(\d{4})" % "|".join(WD), re.I)
RX_DATE = re.compile(r"\b(\d{1,2})\.\s+(%s)\s+(\d{4})" % "|".join(MONTHS), re.I)

def check(txt_path):
    errs = []
    base = txt_path[:-4]
    text = open(txt_path, encoding="utf-8").read()
    if "\n\n\n" in text: errs.append("three or more newlines in a row")
    if any(l != l.rstrip() for l in text.split("\n")): errs.append("trailing whitespace")
    paras = text.rstrip("\n").split("\n\n")
    n = len(paras)
    try:
        y = yaml.safe_load(open(base + ".yaml", encoding="utf-8"))
    except Exception as e:
        return [f"YAML error: {e}"]
    lt = y.get("letter_type")
    if lt not in ELEMS: return [f"bad letter_type {lt}"]
    if y.get("sanction_kind") not in SK: errs.append(f"bad sanction_kind {y.get('sanction_kind')}")
    if y.get("aktivitetsparat") not in (True, False, "unknown"): errs.append("bad aktivitetsparat")
    el = y.get("elements") or {}
    if set(el) != set(ELEMS[lt]): errs.append(f"element ids differ: {set(el) ^ set(ELEMS[lt])}")
    for k, v in el.items():
        for i in v or []:
            if not (isinstance(i, int) and 0 <= i < n): errs.append(f"{k}: index {i} out of range (n={n})")
    for i in y.get("threat_paragraphs") or []:
        if not (0 <= i < n): errs.append(f"threat index {i} out of range")
    k = y.get("key_message_paragraph")
    if not (isinstance(k, int) and 0 <= k < n): errs.append(f"key_message_paragraph {k} out of range")
    thr = set(y.get("threat_paragraphs") or [])
    if lt == "indkaldelse" and not set(el.get("sanction_warning") or []) <= thr: errs.append("sanction_warning not subset of threat_paragraphs")
    if lt == "vejledning_raadighed" and not set(el.get("consequences") or []) <= thr: errs.append("consequences not subset of threat_paragraphs")
    facts = y.get("facts") or []
    if len(facts) != len(set(facts)): errs.append("duplicate facts")
    for f in facts:
        if str(f) not in text: errs.append(f"fact not verbatim: {f!r}")
    for m in y.get("merge_fields") or []:
        if m not in text: errs.append(f"merge field not in text: {m!r}")
    defects = y.get("defects") or []
    for kk, v in el.items():
        if not v and not any(d.startswith(f"missing {kk}:") for d in defects): errs.append(f"empty {kk} without 'missing' defect")
    for d in defects:
        m = re.match(r"(missing|wrong) (\w+):", d)
        if m and m.group(1) == "missing" and el.get(m.group(2)): errs.append(f"defect says missing {m.group(2)} but it is annotated")
    # weekdays
    for m in RX_WD.finditer(text):
        d = datetime.date(int(m.group(4)), MONTHS.index(m.group(3).lower()) + 1, int(m.group(2)))
        if WD[d.weekday()] != m.group(1).lower(): errs.append(f"weekday mismatch: {m.group(0)!r} is a {WD[d.weekday()]}")
    for m in RX_WD_NUM.finditer(text):
        d = datetime.date(int(m.group(4)), int(m.group(3)), int(m.group(2)))
        if WD[d.weekday()] != m.group(1).lower(): errs.append(f"weekday mismatch: {m.group(0)!r}")
    # letter date within Nov 2026 - Mar 2027
    for i in el.get("letter_date") or []:
        for m in RX_DATE.finditer(paras[i]):
            d = datetime.date(int(m.group(3)), MONTHS.index(m.group(2).lower()) + 1, int(m.group(1)))
            if not (datetime.date(2026, 11, 1) <= d <= datetime.date(2027, 3, 31)): errs.append(f"letter date out of range: {m.group(0)}")
    return errs

def main():
    files = sorted(glob.glob(os.path.join(HERE, "[0-9]*_*.txt")))
    bad = 0
    for f in files:
        if not os.path.exists(f[:-4] + ".yaml"):
            print(os.path.basename(f), "no yaml"); bad += 1; continue
        e = check(f)
        if e:
            bad += 1
            for x in e: print(os.path.basename(f), "-", x)
    print(f"{len(files)} letters checked, {bad} with problems")
    return 1 if bad else 0

if __name__ == "__main__":
    sys.exit(main())
