"""Checks every NN_*.txt/yaml pair: YAML parses, element set per type, indices in range,
facts/merge fields verbatim, threat/key rules, defects vs empty elements, weekday/date checks."""
import glob, os, re, sys, datetime, yaml
HERE = os.path.dirname(os.path.abspath(__file__))
ELEMS = {
 "indkaldelse": {"meeting_purpose","meeting_datetime","meeting_place","cancellation_procedure","sanction_warning","reasonable_excuse","legal_basis","bisidder","contact","sender","letter_date"},
 "partshoering": {"proposed_decision","facts_basis","response_deadline","how_to_respond","reasonable_excuse","legal_basis","bisidder","contact","sender","letter_date"},
 "afgoerelse_sanktion": {"decision","amount_period","facts_basis","legal_basis","discretion_considerations","hearing_reference","complaint_guidance","complaint_deadline","complaint_body","access_to_records","contact","sender","letter_date"},
 "vejledning_raadighed": {"duties","consequences","reasonable_excuse","how_to_report","legal_basis","rights","contact","sender","letter_date"},
 "general_notice": {"sender","letter_date","contact"},
}
MONTHS = {m: i+1 for i, m in enumerate("januar februar marts april maj juni juli august september oktober november december".split())}
DAYS = "mandag tirsdag onsdag torsdag fredag lørdag søndag".split()
DATE_RE = re.compile(r"\b(mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag)\s+(?:den\s+)?(\d{1,2})\.\s+(" + "|".join(MONTHS) + r")(?:\s+(\d{4}))?", re.I)
ANY_DATE = re.compile(r"\b(\d{1,2})\.\s+(" + "|".join(MONTHS) + r")\s+(\d{4})", re.I)
errors = []
def err(f, m): errors.append(f"{f}: {m}")
txts = sorted(glob.glob(os.path.join(HERE, "[0-9]*_*.txt")))
for t in txts:
    base = os.path.basename(t)[:-4]; yf = t[:-4] + ".yaml"
    text = open(t, encoding="utf-8").read()
    if "\n\n\n" in text: err(base, "triple newline")
    if re.search(r"[ \t]+\n", text): err(base, "trailing whitespace")
    paras = text.rstrip("\n").split("\n\n")
    n = len(paras)
    try: y = yaml.safe_load(open(yf, encoding="utf-8"))
    except Exception as e: err(base, f"yaml: {e}"); continue
    typ = y.get("letter_type")
    if typ not in ELEMS: err(base, f"bad letter_type {typ}"); continue
    if y.get("sanction_kind") not in {"s36","s37","s39","s40","s40a","none"}: err(base, "bad sanction_kind")
    if y.get("aktivitetsparat") not in (True, False, "unknown"): err(base, "bad aktivitetsparat")
    el = y.get("elements", {})
    if set(el) != ELEMS[typ]: err(base, f"element set mismatch: {set(el) ^ ELEMS[typ]}")
    for k, v in el.items():
        for i in v:
            if not (isinstance(i, int) and 0 <= i < n): err(base, f"{k} index {i} out of range ({n})")
    thr = y.get("threat_paragraphs", [])
    for i in thr:
        if not (0 <= i < n): err(base, f"threat index {i} out of range")
    k = y.get("key_message_paragraph")
    if not (isinstance(k, int) and 0 <= k < n): err(base, "key_message_paragraph out of range")
    for sub in ("sanction_warning", "consequences"):
        if sub in el and not set(el[sub]) <= set(thr): err(base, f"{sub} not subset of threat_paragraphs")
    facts = y.get("facts", [])
    if len(facts) != len(set(facts)): err(base, "duplicate facts")
    for f in facts:
        if f not in text: err(base, f"fact not verbatim: {f!r}")
    for m in y.get("merge_fields", []):
        if m not in text: err(base, f"merge field not in text: {m!r}")
    found = set(re.findall(r"«[^»]+»", text))
    if found != set(y.get("merge_fields", [])): err(base, f"merge_fields mismatch: {found ^ set(y.get('merge_fields', []))}")
    defects = y.get("defects", [])
    missing = {e for e, v in el.items() if v == []}
    noted = {d.split(":")[0].split()[1] for d in defects if d.startswith("missing ")}
    if missing != noted: err(base, f"missing elements {missing} vs defects {noted}")
    # weekdays
    years = [int(m.group(3)) for m in ANY_DATE.finditer(text)]
    for m in DATE_RE.finditer(text):
        wd, d, mo, yr = m.group(1).lower(), int(m.group(2)), MONTHS[m.group(3).lower()], m.group(4)
        yr = int(yr) if yr else (2027 if mo <= 3 else 2026)
        try: dt = datetime.date(yr, mo, d)
        except ValueError: err(base, f"invalid date {m.group(0)}"); continue
        if DAYS[dt.weekday()] != wd: err(base, f"weekday mismatch: {m.group(0)} is {DAYS[dt.weekday()]}")
    # letter date in range
    if el.get("letter_date"):
        p = paras[el["letter_date"][0]]
        ds = [datetime.date(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1))) for m in ANY_DATE.finditer(p)]
        if ds and not (datetime.date(2026, 11, 1) <= ds[0] <= datetime.date(2027, 3, 31)): err(base, f"letter date out of range {ds[0]}")
    if typ == "general_notice" and not set(el) == {"sender","letter_date","contact"}: err(base, "general_notice elements")
    if "source" in y and not str(y["source"]).startswith("http"): err(base, "source must start with URL")
print(f"checked {len(txts)} letters")
if errors:
    print("\n".join(errors)); sys.exit(1)
print("OK")
