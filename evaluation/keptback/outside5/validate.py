#!/usr/bin/env python3
"""Validate the outside5 evaluation set: YAML parses, element ids per type, indices in range,
facts and merge fields are verbatim substrings, weekdays match dates, letter dates fall in
Nov 2026 - Mar 2027, defects agree with empty elements, threat-paragraph subset rules."""
import datetime, glob, os, re, sys
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ELEMENTS = {
 "indkaldelse": ["meeting_purpose","meeting_datetime","meeting_place","cancellation_procedure","sanction_warning","reasonable_excuse","legal_basis","bisidder","contact","sender","letter_date"],
 "partshoering": ["proposed_decision","facts_basis","response_deadline","how_to_respond","reasonable_excuse","legal_basis","bisidder","contact","sender","letter_date"],
 "afgoerelse_sanktion": ["decision","amount_period","facts_basis","legal_basis","discretion_considerations","hearing_reference","complaint_guidance","complaint_deadline","complaint_body","access_to_records","contact","sender","letter_date"],
 "vejledning_raadighed": ["duties","consequences","reasonable_excuse","how_to_report","legal_basis","rights","contact","sender","letter_date"],
 "general_notice": ["sender","letter_date","contact"],
}
SANCTIONS = {"s36","s37","s39","s40","s40a","none"}
MONTHS = ["januar","februar","marts","april","maj","juni","juli","august","september","oktober","november","december"]
WEEKDAYS = ["mandag","tirsdag","onsdag","torsdag","fredag","lørdag","søndag"]
FORBIDDEN_TOWNS = ["Skovlund","Fjordby","Bækkelund","Ravnsbjerg","Lindeså","Kildevang","Dådyrhøj","Bukkehede","Flodkrat",
  "Klittjørn","Mårhøj","Nøddelyng","Rimhede","Sivbakke","Tågeeng","Harekløver","Vindeholm","Mågestrand","Grønnesø",
  "Havrevang","Snerlevang","Tidselmark","Lærkemose","Hvidkløv","Gøgeskov","Uglebjerg","Brombærdal","Sølvhøj","Mosekrog"]
LO, HI = datetime.date(2026, 11, 1), datetime.date(2027, 3, 31)
WD_RE = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b[\s|,]*(?:den\s+)?(\d{1,2})\.\s+(" + "|".join(MONTHS) + r")(?:\s+(\d{4}))?", re.I)
DATE_RE = re.compile(r"\b(\d{1,2})\.\s+(" + "|".join(MONTHS) + r")\s+(\d{4})")
NUM_RE = re.compile(r"\b(\d{2})[.-](\d{2})[.-](\d{4})\b")

def main():
    errors, n, counts, sources, defective = [], 0, {}, 0, 0
    txts = sorted(glob.glob(os.path.join(HERE, "*.txt")))
    for txt in txts:
        base = txt[:-4]; name = os.path.basename(base)
        def err(msg): errors.append(f"{name}: {msg}")
        if not re.match(r"^\d{3}_[a-z0-9_-]+$", name): err("bad file name")
        if not os.path.exists(base + ".yaml"): err("no yaml"); continue
        text = open(txt, encoding="utf-8").read()
        try:
            meta = yaml.safe_load(open(base + ".yaml", encoding="utf-8"))
        except Exception as e:
            err(f"yaml does not parse: {e}"); continue
        n += 1
        paras = text.rstrip("\n").split("\n\n")
        for i, p in enumerate(paras):
            if not p.strip() or p != p.strip("\n") or "\n\n" in p: err(f"paragraph {i} malformed")
        if "\n\n\n" in text: err("triple newline")
        lt = meta.get("letter_type")
        if lt not in ELEMENTS: err(f"bad letter_type {lt}"); continue
        counts[lt] = counts.get(lt, 0) + 1
        if meta.get("sanction_kind") not in SANCTIONS: err("bad sanction_kind")
        if meta.get("aktivitetsparat") not in (True, False, "unknown"): err("bad aktivitetsparat")
        els = meta.get("elements") or {}
        if set(els) != set(ELEMENTS[lt]): err(f"element ids differ: {set(els) ^ set(ELEMENTS[lt])}")
        def chk(idx, what):
            if not isinstance(idx, int) or not 0 <= idx < len(paras): err(f"{what}: index {idx} out of range (0..{len(paras)-1})")
        for e, idxs in els.items():
            for i in idxs or []: chk(i, e)
        for i in meta.get("threat_paragraphs") or []: chk(i, "threat_paragraphs")
        chk(meta.get("key_message_paragraph"), "key_message_paragraph")
        facts = meta.get("facts") or []
        if len(facts) != len(set(facts)): err("duplicate facts")
        for f in facts:
            if f not in text: err(f"fact not verbatim: {f!r}")
        for m in meta.get("merge_fields") or []:
            if m not in text: err(f"merge field not verbatim: {m!r}")
        defects = meta.get("defects") or []
        empty = {e for e, v in els.items() if not v}
        missing = {d.split(":")[0].split()[1] for d in defects if d.startswith("missing ")}
        if empty != missing: err(f"defects/missing mismatch: empty={empty} missing={missing}")
        for d in defects:
            if d.startswith("wrong "):
                e = d.split(":")[0].split()[1]
                if e not in els or not els[e]: err(f"wrong-defect element {e} not annotated as present")
        if defects: defective += 1
        threat = set(meta.get("threat_paragraphs") or [])
        if lt == "indkaldelse" and not set(els.get("sanction_warning") or []) <= threat: err("sanction_warning not subset of threat_paragraphs")
        if lt == "vejledning_raadighed" and not set(els.get("consequences") or []) <= threat: err("consequences not subset of threat_paragraphs")
        if lt == "partshoering" and not set(els.get("proposed_decision") or []) <= threat: err("proposed_decision not subset of threat_paragraphs")
        if meta.get("source"): sources += 1
        # weekday checks
        for m in WD_RE.finditer(text):
            wd, d, mo, y = m.group(1).lower(), int(m.group(2)), MONTHS.index(m.group(3).lower()) + 1, m.group(4)
            year = int(y) if y else (2026 if mo >= 11 else 2027)
            try:
                real = datetime.date(year, mo, d)
            except ValueError:
                err(f"impossible date {m.group(0)!r}"); continue
            if WEEKDAYS[real.weekday()] != wd: err(f"weekday mismatch {m.group(0)!r}: is {WEEKDAYS[real.weekday()]}")
        for m in DATE_RE.finditer(text):
            try: datetime.date(int(m.group(3)), MONTHS.index(m.group(2).lower()) + 1, int(m.group(1)))
            except ValueError: err(f"impossible date {m.group(0)!r}")
        for m in NUM_RE.finditer(text):
            try: datetime.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            except ValueError: err(f"impossible numeric date {m.group(0)!r}")
        # letter date range
        for i in els.get("letter_date") or []:
            p = paras[i]
            ds = [datetime.date(int(y), MONTHS.index(mo.lower()) + 1, int(d)) for d, mo, y in DATE_RE.findall(p)]
            ds += [datetime.date(int(y), int(mo), int(d)) for d, mo, y in NUM_RE.findall(p)]
            if not ds and not re.search(r"«[^»]+»|\[[A-ZÆØÅ ]+\]", p): err(f"letter_date paragraph {i} has no date")
            if ds and not LO <= ds[0] <= HI: err(f"letter date {ds[0]} outside Nov 2026 - Mar 2027")
        for town in FORBIDDEN_TOWNS:
            if town.lower() in text.lower(): err(f"forbidden municipality name {town}")
    for y in glob.glob(os.path.join(HERE, "*.yaml")):
        if not os.path.exists(y[:-5] + ".txt"): errors.append(f"{os.path.basename(y)}: no txt")
    print(f"letters: {n}; per type: {counts}; with source: {sources}; with defects: {defective}")
    for e in errors: print("ERROR", e)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0

if __name__ == "__main__":
    sys.exit(main())
