import glob, re, datetime, yaml, os, sys
MON = {m: i+1 for i, m in enumerate("januar februar marts april maj juni juli august september oktober november december".split())}
WD = "mandag tirsdag onsdag torsdag fredag lørdag søndag".split()
errs = 0
def err(f, m):
    global errs; errs += 1; print(f"{f}: {m}")
def lix(t):
    words = re.findall(r"[A-Za-zÆØÅæøåéü]+", t)
    sents = [s for s in re.split(r"[.!?:]\s+(?=[A-ZÆØÅ0-9§])|\n", t) if re.search(r"[A-Za-zÆØÅæøå]", s)]
    long_ = [w for w in words if len(w) > 6]
    return len(words)/max(1,len(sents)) + 100*len(long_)/max(1,len(words))
for y in sorted(glob.glob("*.yaml")):
    t = open(y[:-5] + ".txt", encoding="utf-8").read()
    paras = t.rstrip("\n").split("\n\n")
    n = len(paras)
    if any(p.strip() == "" or p != p.strip("\n") for p in paras): err(y, "empty paragraph or stray newline")
    try: d = yaml.safe_load(open(y, encoding="utf-8"))
    except Exception as e: err(y, f"yaml: {e}"); continue
    for k in ["letter_type","sanction_kind","aktivitetsparat","elements","threat_paragraphs","key_message_paragraph","facts","merge_fields","defects"]:
        if k not in d: err(y, f"missing key {k}")
    for e, idx in d["elements"].items():
        for i in idx:
            if not (0 <= i < n): err(y, f"{e} index {i} out of range {n}")
        if not idx and not any(x.startswith(f"missing {e}") for x in d["defects"]): err(y, f"empty {e} without defect")
    for i in d["threat_paragraphs"] + [d["key_message_paragraph"]]:
        if not (0 <= i < n): err(y, f"index {i} out of range")
    for sub in ["sanction_warning", "consequences"]:
        if sub in d["elements"] and not set(d["elements"][sub]) <= set(d["threat_paragraphs"]): err(y, f"{sub} not subset of threat")
    if len(set(d["facts"])) != len(d["facts"]): err(y, "duplicate facts")
    for f in d["facts"]:
        if f not in t: err(y, f"fact not verbatim: {f!r}")
    for m in d["merge_fields"]:
        if m not in t: err(y, f"merge field not in text: {m!r}")
    for wd, dd, mm, yy in re.findall(r"(mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag) den (\d{1,2})\. (\w+) (\d{4})", t):
        real = WD[datetime.date(int(yy), MON[mm], int(dd)).weekday()]
        if real != wd: err(y, f"weekday {wd} {dd}. {mm} {yy} is really {real}")
    # letter date (the first date in the date paragraph) in Nov 2026 - Mar 2027
    ld = d["elements"].get("letter_date") or []
    if ld:
        m = re.search(r"(\d{1,2})\. (\w+) (\d{4})", paras[ld[0]])
        dt = datetime.date(int(m.group(3)), MON[m.group(2)], int(m.group(1)))
        if not (datetime.date(2026,11,1) <= dt <= datetime.date(2027,3,31)): err(y, f"letter date {dt} out of range")
    body = "\n\n".join(paras)
    sl = [len(re.findall(r"\w+", s)) for p in paras for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])", p) if len(p.split()) > 15]
    print(f"{y[:-5]}: {n} paragraphs, LIX {lix(body):.1f}, longest sentence {max(sl)} words, mean body sentence {sum(sl)/len(sl):.1f}")
print("errors:", errs); sys.exit(1 if errs else 0)
