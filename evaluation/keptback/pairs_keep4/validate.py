"""Checks every letter/annotation pair in this folder: YAML parses, required keys, indices in range,
facts and merge fields verbatim, weekdays match dates, letter dates Nov 2026-Mar 2027, pair structure."""
import glob, os, re, sys, datetime, yaml

MONTHS = {m: i + 1 for i, m in enumerate("januar februar marts april maj juni juli august september oktober november december".split())}
WD = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]
ELEMENTS = {
    "indkaldelse": {"meeting_purpose", "meeting_datetime", "meeting_place", "cancellation_procedure", "sanction_warning",
                    "reasonable_excuse", "legal_basis", "bisidder", "contact", "sender", "letter_date"},
    "partshoering": {"proposed_decision", "facts_basis", "response_deadline", "how_to_respond", "reasonable_excuse",
                     "legal_basis", "bisidder", "contact", "sender", "letter_date"},
    "afgoerelse_sanktion": {"decision", "amount_period", "facts_basis", "legal_basis", "discretion_considerations",
                            "hearing_reference", "complaint_guidance", "complaint_deadline", "complaint_body",
                            "access_to_records", "contact", "sender", "letter_date"},
    "vejledning_raadighed": {"duties", "consequences", "reasonable_excuse", "how_to_report", "legal_basis", "rights",
                             "contact", "sender", "letter_date"},
    "general_notice": {"sender", "letter_date", "contact"},
}
CONCEPTS = {"skaerpet_warning_incomplete", "complaint_direct_to_ankestyrelsen", "legal_basis_without_section",
            "amount_without_period", "generic_consequences", "abolished_rules_as_current", "sickness_reporting_missing",
            "conclusory_assessment", "sanction_kind_mismatch", "aktivitetsparat_safeguards_missing",
            "help_back_wrong_for_kind", "proxy_representation_in_summons"}
FORBIDDEN_MUNI = "Skovlund Fjordby Bækkelund Ravnsbjerg Lindeså Kildevang Dådyrhøj Bukkehede Flodkrat Klittjørn Mårhøj Nøddelyng Rimhede Sivbakke Tågeeng Harekløver".split()
MARKERS = ["fejl", "defekt", "bemærk: mangler", "TODO", "XXX"]

def check_weekdays(text, errs):
    # "tirsdag den 12. januar 2027", also lists like "mandag den 2. og tirsdag den 3. november 2026"
    for m in re.finditer(r"((?:(?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag)\s+(?:den\s+)?\d{1,2}\.(?:,\s*|\s+og\s+)?)+)\s*(januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december)?\s*(\d{4})?", text):
        for wd, d in re.findall(r"(mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag)\s+(?:den\s+)?(\d{1,2})\.", m.group(1)):
            if not m.group(2):
                errs.append(f"weekday without month: {m.group(0)!r}"); continue
            mon = MONTHS[m.group(2)]
            yr = int(m.group(3)) if m.group(3) else (2026 if mon >= 10 else 2027)
            real = WD[datetime.date(yr, mon, int(d)).weekday()]
            if real != wd:
                errs.append(f"weekday mismatch: {wd} {d}. {m.group(2)} {yr} is a {real}")

def letter_date_ok(text, idx, errs):
    for i in idx:
        for d, mon, yr in re.findall(r"(\d{1,2})\.\s*(januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december)\s+(\d{4})", text[i]):
            dt = datetime.date(int(yr), MONTHS[mon], int(d))
            if not (datetime.date(2026, 11, 1) <= dt <= datetime.date(2027, 3, 31)):
                errs.append(f"letter date {dt} outside Nov 2026-Mar 2027")

def main():
    os.chdir(os.path.dirname(os.path.abspath(__file__)))
    total, bad, pairs = 0, 0, {}
    for yf in sorted(glob.glob("*.yaml")):
        total += 1
        errs = []
        tf = yf[:-5] + ".txt"
        if not os.path.exists(tf):
            print(yf, "no .txt"); bad += 1; continue
        text = open(tf, encoding="utf-8").read()
        paras = text.rstrip("\n").split("\n\n")
        if "\n\n\n" in text: errs.append("triple newline")
        try:
            y = yaml.safe_load(open(yf, encoding="utf-8"))
        except Exception as e:
            print(yf, "YAML error", e); bad += 1; continue
        for k in ["letter_type", "sanction_kind", "aktivitetsparat", "elements", "threat_paragraphs", "key_message_paragraph",
                  "facts", "merge_fields", "defects", "pair", "concept", "defective", "expected"]:
            if k not in y: errs.append(f"missing key {k}")
        lt = y.get("letter_type")
        if lt not in ELEMENTS: errs.append(f"bad letter_type {lt}")
        elif set(y["elements"]) != ELEMENTS[lt]: errs.append(f"element ids differ: {set(y['elements']) ^ ELEMENTS[lt]}")
        if y.get("sanction_kind") not in {"s36", "s37", "s39", "s40", "s40a", "none"}: errs.append("bad sanction_kind")
        if y.get("aktivitetsparat") not in {True, False, "unknown"}: errs.append("bad aktivitetsparat")
        n = len(paras)
        for e, idx in (y.get("elements") or {}).items():
            for i in idx:
                if not (0 <= i < n): errs.append(f"{e} index {i} out of range ({n})")
            if not idx and not any(d.startswith(f"missing {e}") for d in y["defects"]):
                errs.append(f"empty {e} without 'missing {e}' defect")
        for i in y.get("threat_paragraphs", []):
            if not (0 <= i < n): errs.append(f"threat index {i} out of range")
        k = y.get("key_message_paragraph")
        if not isinstance(k, int) or not (0 <= k < n): errs.append(f"key_message_paragraph {k} out of range")
        if lt == "indkaldelse" and not set(y["elements"]["sanction_warning"]) <= set(y["threat_paragraphs"]):
            errs.append("sanction_warning not subset of threat_paragraphs")
        if lt == "vejledning_raadighed" and not set(y["elements"]["consequences"]) <= set(y["threat_paragraphs"]):
            errs.append("consequences not subset of threat_paragraphs")
        for f in y.get("facts", []):
            if f not in text: errs.append(f"fact not verbatim: {f!r}")
        if len(set(y.get("facts", []))) != len(y.get("facts", [])): errs.append("duplicate fact")
        mf_text = set(re.findall(r"«[^»]+»", text))
        if set(y.get("merge_fields", [])) != mf_text: errs.append(f"merge_fields differ from text: {mf_text ^ set(y.get('merge_fields', []))}")
        check_weekdays(text, errs)
        if lt in ELEMENTS: letter_date_ok(paras, y["elements"].get("letter_date", []), errs)
        for m in FORBIDDEN_MUNI:
            if m in text: errs.append(f"forbidden municipality {m}")
        for m in MARKERS:
            if m.lower() in text.lower(): errs.append(f"marker word {m!r} in letter")
        if y.get("concept") not in CONCEPTS: errs.append("unknown concept")
        side = "a" if y.get("defective") else "b"
        if not yf.startswith(f"{y.get('pair')}{side}_{y.get('concept')}-{'fejl' if side == 'a' else 'ok'}"):
            errs.append("file name does not match pair/concept/defective")
        if y.get("defective") and not y.get("defects"): errs.append("defective letter without defects")
        if y.get("concept") == "skaerpet_warning_incomplete" and y.get("defective") and y.get("missing_part") not in {"nr1", "nr2", "nr3", "nr4"}:
            errs.append("missing_part required")
        pairs.setdefault(y.get("pair"), []).append((side, paras))
        if errs:
            bad += 1
            print(yf); [print("   ", e) for e in errs]
    for p, sides in sorted(pairs.items()):
        if sorted(s for s, _ in sides) != ["a", "b"]:
            print(f"pair {p}: sides {sorted(s for s, _ in sides)}"); bad += 1; continue
        a = dict(sides)["a"]; b = dict(sides)["b"]
        diff = len(set(a) ^ set(b))
        if diff == 0 or diff > 4:
            print(f"pair {p}: {diff} differing paragraphs (expected 1-4)"); bad += 1
    print(f"{total} annotation files, {len(pairs)} pairs, {bad} with problems")
    return 1 if bad else 0

if __name__ == "__main__":
    sys.exit(main())
