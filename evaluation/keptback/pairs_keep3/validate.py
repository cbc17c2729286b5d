#!/usr/bin/env python3
"""Validate the pairs_keep3 set: YAML parses, indices in range, facts and merge fields verbatim,
weekdays match dates, letter dates in Nov 2026 - Mar 2027, pair keys consistent."""
import datetime, glob, os, re, sys
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ELEMENTS = {
 "indkaldelse": {"meeting_purpose","meeting_datetime","meeting_place","cancellation_procedure","sanction_warning","reasonable_excuse","legal_basis","bisidder","contact","sender","letter_date"},
 "partshoering": {"proposed_decision","facts_basis","response_deadline","how_to_respond","reasonable_excuse","legal_basis","bisidder","contact","sender","letter_date"},
 "afgoerelse_sanktion": {"decision","amount_period","facts_basis","legal_basis","discretion_considerations","hearing_reference","complaint_guidance","complaint_deadline","complaint_body","access_to_records","contact","sender","letter_date"},
 "vejledning_raadighed": {"duties","consequences","reasonable_excuse","how_to_report","legal_basis","rights","contact","sender","letter_date"},
 "general_notice": {"sender","letter_date","contact"},
}
KINDS = {"s36","s37","s39","s40","s40a","none"}
CONCEPTS = ["skaerpet_warning_incomplete","complaint_direct_to_ankestyrelsen","legal_basis_without_section",
 "amount_without_period","generic_consequences","abolished_rules_as_current","sickness_reporting_missing",
 "conclusory_assessment","sanction_kind_mismatch","aktivitetsparat_safeguards_missing","help_back_wrong_for_kind",
 "proxy_representation_in_summons"]
MONTHS = {m:i+1 for i,m in enumerate(["januar","februar","marts","april","maj","juni","juli","august","september","oktober","november","december"])}
WEEKDAYS = ["mandag","tirsdag","onsdag","torsdag","fredag","lørdag","søndag"]
WD_RE = re.compile(r"\b(mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag)(?: den| d\.)? (\d{1,2})\. (" + "|".join(MONTHS) + r")(?: (\d{4}))?", re.I)
DATE_RE = re.compile(r"\b(\d{1,2})\. (" + "|".join(MONTHS) + r") (\d{4})")

def infer_year(month):
    return 2026 if month >= 8 else 2027

errors = []
def err(f, m): errors.append(f"{f}: {m}")

files = sorted(glob.glob(os.path.join(HERE, "*.yaml")))
seen_pairs = {}
for yf in files:
    base = os.path.basename(yf)[:-5]
    tf = os.path.join(HERE, base + ".txt")
    if not os.path.exists(tf):
        err(base, "no .txt"); continue
    text = open(tf, encoding="utf-8").read()
    try:
        y = yaml.safe_load(open(yf, encoding="utf-8"))
    except Exception as e:
        err(base, f"YAML does not parse: {e}"); continue
    if "\n\n\n" in text: err(base, "more than one blank line between paragraphs")
    if any(l != l.rstrip() for l in text.split("\n")): err(base, "trailing whitespace")
    paras = text.rstrip("\n").split("\n\n")
    n = len(paras)
    lt = y.get("letter_type")
    if lt not in ELEMENTS: err(base, f"bad letter_type {lt}"); continue
    if y.get("sanction_kind") not in KINDS: err(base, "bad sanction_kind")
    if y.get("aktivitetsparat") not in (True, False, "unknown"): err(base, "bad aktivitetsparat")
    els = y.get("elements") or {}
    if set(els) != ELEMENTS[lt]: err(base, f"element keys differ: {set(els) ^ ELEMENTS[lt]}")
    for e, idx in els.items():
        for i in idx:
            if not (isinstance(i, int) and 0 <= i < n): err(base, f"{e} index {i} out of range (n={n})")
        if not idx and not any(str(d).startswith(f"missing {e}") for d in y.get("defects") or []):
            err(base, f"{e} empty but no 'missing {e}' defect")
    for i in y.get("threat_paragraphs") or []:
        if not (isinstance(i, int) and 0 <= i < n): err(base, f"threat index {i} out of range")
    k = y.get("key_message_paragraph")
    if not (isinstance(k, int) and 0 <= k < n): err(base, f"key_message_paragraph {k} out of range")
    thr = set(y.get("threat_paragraphs") or [])
    if lt == "indkaldelse" and not set(els.get("sanction_warning", [])) <= thr: err(base, "sanction_warning not in threat_paragraphs")
    if lt == "vejledning_raadighed" and not set(els.get("consequences", [])) <= thr: err(base, "consequences not in threat_paragraphs")
    facts = y.get("facts") or []
    if len(facts) != len(set(facts)): err(base, "duplicate facts")
    for f in facts:
        if f not in text: err(base, f"fact not verbatim: {f!r}")
    for m in y.get("merge_fields") or []:
        if m not in text: err(base, f"merge field not verbatim: {m!r}")
    # weekdays
    for mo in WD_RE.finditer(text):
        wd, d, mon, yr = mo.group(1).lower(), int(mo.group(2)), MONTHS[mo.group(3).lower()], mo.group(4)
        yr = int(yr) if yr else infer_year(mon)
        try:
            real = WEEKDAYS[datetime.date(yr, mon, d).weekday()]
        except ValueError:
            err(base, f"invalid date {mo.group(0)}"); continue
        if real != wd: err(base, f"weekday mismatch: {mo.group(0)!r} is a {real}")
    for mo in DATE_RE.finditer(text):
        try: datetime.date(int(mo.group(3)), MONTHS[mo.group(2)], int(mo.group(1)))
        except ValueError: err(base, f"invalid date {mo.group(0)}")
    # letter date range
    ld = els.get("letter_date") or []
    if ld and "[" not in paras[ld[0]]:
        m = DATE_RE.search(paras[ld[0]])
        if not m: err(base, "no date found in letter_date paragraph")
        else:
            dt = datetime.date(int(m.group(3)), MONTHS[m.group(2)], int(m.group(1)))
            if not (datetime.date(2026, 11, 1) <= dt <= datetime.date(2027, 3, 31)): err(base, f"letter date {dt} outside Nov 2026 - Mar 2027")
    # pair keys
    for key in ("pair","concept","defective","expected"):
        if key not in y: err(base, f"missing key {key}")
    pair, concept, defective = y.get("pair"), y.get("concept"), y.get("defective")
    if concept not in CONCEPTS: err(base, f"unknown concept {concept}")
    elif pair != 91 + CONCEPTS.index(concept): err(base, f"pair {pair} does not match concept number")
    exp_name = f"{pair}{'a' if defective else 'b'}_{concept}-{'fejl' if defective else 'ok'}"
    if base != exp_name: err(base, f"file name should be {exp_name}")
    if defective and not y.get("defects"): err(base, "defective letter without defects")
    if not defective and y.get("defects"): err(base, "twin has defects")
    if "missing_part" in y:
        if concept != "skaerpet_warning_incomplete" or not defective: err(base, "missing_part only for a defective skaerpet_warning_incomplete letter")
        elif y["missing_part"] not in ("nr1","nr2","nr3","nr4"): err(base, "bad missing_part")
    elif concept == "skaerpet_warning_incomplete" and defective: err(base, "missing_part absent")
    seen_pairs.setdefault(pair, []).append((defective, lt, y.get("sanction_kind")))

for p, v in sorted(seen_pairs.items()):
    if sorted(d for d, _, _ in v) != [False, True]: err(str(p), "pair does not have exactly one fejl and one ok letter")
    if len({(lt, sk) for _, lt, sk in v}) != 1: err(str(p), "letter_type/sanction_kind differ within the pair")

print(f"{len(files)} annotation files checked, {len(seen_pairs)} pairs")
if errors:
    print("\n".join(errors)); sys.exit(1)
print("OK: no problems found")
